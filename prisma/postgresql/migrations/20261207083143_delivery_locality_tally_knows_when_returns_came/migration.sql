-- DeliveryLocalityTally knows when each delivery's returns in a locality were recorded (decision 0204).
-- DropIndex
DROP INDEX "DeliveryLocalityTally_startsAt_topicId_locality_deliveryId_idx";

-- AlterTable
ALTER TABLE "DeliveryLocalityTally" ADD COLUMN     "firstRecordedAt" TIMESTAMP(3),
ADD COLUMN     "lastRecordedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "DeliveryLocalityTally_startsAt_topicId_locality_deliveryId__idx" ON "DeliveryLocalityTally"("startsAt", "topicId", "locality", "deliveryId", "firstRecordedAt", "lastRecordedAt");

-- Fill the new columns from each row's delivered bookings in its locality (the same statement on both engines,
-- and the same figures as recountDeliveryLocalities in app/models/tallies.server.ts writes; decision 0204).
UPDATE "DeliveryLocalityTally" SET
  "firstRecordedAt" = (
    SELECT CASE WHEN COUNT(r."id") < COUNT(*) THEN NULL ELSE MIN(r."recordedAt") END
    FROM "Booking" b JOIN "School" s ON s."id" = b."schoolId" LEFT JOIN "AttendanceReturn" r ON r."bookingId" = b."id"
    WHERE b."deliveryId" = "DeliveryLocalityTally"."deliveryId" AND b."status" = 'DELIVERED' AND COALESCE(s."localityId", '') = "DeliveryLocalityTally"."locality"),
  "lastRecordedAt" = (
    SELECT MAX(r."recordedAt")
    FROM "Booking" b JOIN "School" s ON s."id" = b."schoolId" JOIN "AttendanceReturn" r ON r."bookingId" = b."id"
    WHERE b."deliveryId" = "DeliveryLocalityTally"."deliveryId" AND b."status" = 'DELIVERED' AND COALESCE(s."localityId", '') = "DeliveryLocalityTally"."locality");

-- CreateTable
CREATE TABLE "DeliveryLocalityTally" (
    "deliveryId" TEXT NOT NULL,
    "locality" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "topicId" TEXT NOT NULL,

    PRIMARY KEY ("deliveryId", "locality"),
    CONSTRAINT "DeliveryLocalityTally_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "DeliveryLocalityTally_startsAt_topicId_locality_idx" ON "DeliveryLocalityTally"("startsAt", "topicId", "locality");


-- Fill the tally from the rows, as app/models/tallies.server.ts (recountDeliveryLocalities) keeps it after.
INSERT INTO "DeliveryLocalityTally" ("deliveryId", "locality", "startsAt", "topicId")
SELECT DISTINCT d."id", COALESCE(s."localityId", ''), d."startsAt", d."topicId"
FROM "Delivery" d JOIN "Booking" b ON b."deliveryId" = d."id" JOIN "School" s ON s."id" = b."schoolId"
WHERE d."status" = 'SCHEDULED' AND b."status" = 'DELIVERED';

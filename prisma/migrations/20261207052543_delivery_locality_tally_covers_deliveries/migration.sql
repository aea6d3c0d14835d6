-- DropIndex
DROP INDEX "DeliveryLocalityTally_startsAt_topicId_locality_idx";

-- CreateIndex
CREATE INDEX "DeliveryLocalityTally_startsAt_topicId_locality_deliveryId_idx" ON "DeliveryLocalityTally"("startsAt", "topicId", "locality", "deliveryId");


-- Data only: a survey still open on a booking cancelled, declined or recorded as not taking place, or of a
-- school now closed, is closed as of that change (the booking's or the school's last update), as those
-- changes close surveys from now on (docs/decisions/0144-surveys-close-with-their-booking.md). Its answers are kept.
UPDATE "SurveyRun" SET "closedAt" = (SELECT b."updatedAt" FROM "Booking" b WHERE b."id" = "SurveyRun"."bookingId")
  WHERE "closedAt" IS NULL AND "bookingId" IN (SELECT b."id" FROM "Booking" b WHERE b."status" IN ('CANCELLED', 'DECLINED', 'NOT_DELIVERED'));
UPDATE "SurveyRun" SET "closedAt" = (SELECT s."updatedAt" FROM "School" s WHERE s."id" = "SurveyRun"."schoolId")
  WHERE "closedAt" IS NULL AND "schoolId" IN (SELECT s."id" FROM "School" s WHERE s."status" = 'CLOSED');

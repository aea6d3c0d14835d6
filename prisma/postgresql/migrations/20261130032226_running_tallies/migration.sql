-- AlterTable
ALTER TABLE "SurveyRun" ADD COLUMN     "countedResponses" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "SurveyAnswerTally" (
    "runId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "answers" INTEGER NOT NULL,

    CONSTRAINT "SurveyAnswerTally_pkey" PRIMARY KEY ("runId","questionId","value")
);

-- CreateTable
CREATE TABLE "SessionTally" (
    "schoolId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "topicId" TEXT NOT NULL,
    "academicYear" INTEGER NOT NULL,
    "sessions" INTEGER NOT NULL,
    "pupils" INTEGER NOT NULL,
    "lastStartsAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SessionTally_pkey" PRIMARY KEY ("schoolId","month","topicId")
);

-- CreateTable
CREATE TABLE "SessionYearGroupTally" (
    "schoolId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "topicId" TEXT NOT NULL,
    "yearGroup" INTEGER NOT NULL,
    "pupils" INTEGER NOT NULL,

    CONSTRAINT "SessionYearGroupTally_pkey" PRIMARY KEY ("schoolId","month","topicId","yearGroup")
);

-- CreateIndex
CREATE INDEX "SurveyAnswerTally_questionId_runId_value_answers_idx" ON "SurveyAnswerTally"("questionId", "runId", "value", "answers");

-- CreateIndex
CREATE INDEX "SessionTally_month_topicId_schoolId_sessions_pupils_lastSta_idx" ON "SessionTally"("month", "topicId", "schoolId", "sessions", "pupils", "lastStartsAt");

-- CreateIndex
CREATE INDEX "SessionTally_schoolId_month_topicId_sessions_pupils_lastSta_idx" ON "SessionTally"("schoolId", "month", "topicId", "sessions", "pupils", "lastStartsAt");

-- CreateIndex
CREATE INDEX "SessionYearGroupTally_month_topicId_schoolId_yearGroup_pupi_idx" ON "SessionYearGroupTally"("month", "topicId", "schoolId", "yearGroup", "pupils");

-- AddForeignKey
ALTER TABLE "SurveyAnswerTally" ADD CONSTRAINT "SurveyAnswerTally_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyAnswerTally" ADD CONSTRAINT "SurveyAnswerTally_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "SurveyQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionTally" ADD CONSTRAINT "SessionTally_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionTally" ADD CONSTRAINT "SessionTally_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionYearGroupTally" ADD CONSTRAINT "SessionYearGroupTally_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionYearGroupTally" ADD CONSTRAINT "SessionYearGroupTally_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Fill the tallies from the rows they count (app/models/tallies.server.ts keeps them in step from now on),
-- as the SQLite migration of the same name does. Answers of counted responses, per run, question and
-- option; free-text answers (no value) are not tallied.
INSERT INTO "SurveyAnswerTally" ("runId", "questionId", "value", "answers")
SELECT a."runId", a."questionId", a."value", COUNT(*)
FROM "SurveyAnswer" a JOIN "SurveyResponse" r ON r."id" = a."responseId"
WHERE r."inResults" AND a."value" IS NOT NULL
GROUP BY a."runId", a."questionId", a."value";

UPDATE "SurveyRun" SET "countedResponses" = (SELECT COUNT(*) FROM "SurveyResponse" r WHERE r."runId" = "SurveyRun"."id" AND r."inResults");

-- Sessions that reached pupils, by the London month they started in (instants are stored as UTC).
CREATE TEMP TABLE "reached" AS
SELECT b."schoolId" AS "schoolId", d."topicId" AS "topicId", d."startsAt" AS "startsAt", b."id" AS "bookingId",
  to_char((d."startsAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/London', 'YYYY-MM-01') AS "month"
FROM "Booking" b JOIN "Delivery" d ON d."id" = b."deliveryId"
WHERE b."status" = 'DELIVERED' AND d."status" = 'SCHEDULED';

INSERT INTO "SessionTally" ("schoolId", "month", "topicId", "academicYear", "sessions", "pupils", "lastStartsAt")
SELECT x."schoolId", x."month", x."topicId",
  CAST(substr(x."month", 1, 4) AS INTEGER) - (CASE WHEN CAST(substr(x."month", 6, 2) AS INTEGER) >= 9 THEN 0 ELSE 1 END),
  COUNT(*),
  COALESCE(SUM((SELECT SUM(c."pupils") FROM "AttendanceReturn" ar JOIN "AttendanceCount" c ON c."returnId" = ar."id" WHERE ar."bookingId" = x."bookingId")), 0),
  MAX(x."startsAt")
FROM "reached" x
GROUP BY x."schoolId", x."month", x."topicId";

INSERT INTO "SessionYearGroupTally" ("schoolId", "month", "topicId", "yearGroup", "pupils")
SELECT x."schoolId", x."month", x."topicId", c."yearGroup", SUM(c."pupils")
FROM "reached" x JOIN "AttendanceReturn" ar ON ar."bookingId" = x."bookingId" JOIN "AttendanceCount" c ON c."returnId" = ar."id"
GROUP BY x."schoolId", x."month", x."topicId", c."yearGroup";

DROP TABLE "reached";

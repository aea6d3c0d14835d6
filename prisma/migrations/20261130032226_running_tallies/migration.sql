-- CreateTable
CREATE TABLE "SurveyAnswerTally" (
    "runId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "answers" INTEGER NOT NULL,

    PRIMARY KEY ("runId", "questionId", "value"),
    CONSTRAINT "SurveyAnswerTally_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SurveyAnswerTally_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "SurveyQuestion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SessionTally" (
    "schoolId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "topicId" TEXT NOT NULL,
    "academicYear" INTEGER NOT NULL,
    "sessions" INTEGER NOT NULL,
    "pupils" INTEGER NOT NULL,
    "lastStartsAt" DATETIME NOT NULL,

    PRIMARY KEY ("schoolId", "month", "topicId"),
    CONSTRAINT "SessionTally_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SessionTally_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SessionYearGroupTally" (
    "schoolId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "topicId" TEXT NOT NULL,
    "yearGroup" INTEGER NOT NULL,
    "pupils" INTEGER NOT NULL,

    PRIMARY KEY ("schoolId", "month", "topicId", "yearGroup"),
    CONSTRAINT "SessionYearGroupTally_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SessionYearGroupTally_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SurveyRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "bookingId" TEXT,
    "phase" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "academicYear" INTEGER NOT NULL,
    "closesOn" DATETIME,
    "maxResponses" INTEGER,
    "closedAt" DATETIME,
    "sharedDevices" BOOLEAN NOT NULL DEFAULT false,
    "responseCount" INTEGER NOT NULL DEFAULT 0,
    "countedResponses" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SurveyRun_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "SurveyTemplate" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SurveyRun_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SurveyRun_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_SurveyRun" ("academicYear", "bookingId", "closedAt", "closesOn", "code", "context", "createdAt", "createdById", "id", "maxResponses", "phase", "responseCount", "schoolId", "sharedDevices", "templateId") SELECT "academicYear", "bookingId", "closedAt", "closesOn", "code", "context", "createdAt", "createdById", "id", "maxResponses", "phase", "responseCount", "schoolId", "sharedDevices", "templateId" FROM "SurveyRun";
DROP TABLE "SurveyRun";
ALTER TABLE "new_SurveyRun" RENAME TO "SurveyRun";
CREATE UNIQUE INDEX "SurveyRun_code_key" ON "SurveyRun"("code");
CREATE INDEX "SurveyRun_schoolId_academicYear_idx" ON "SurveyRun"("schoolId", "academicYear");
CREATE INDEX "SurveyRun_academicYear_context_phase_idx" ON "SurveyRun"("academicYear", "context", "phase");
CREATE INDEX "SurveyRun_bookingId_idx" ON "SurveyRun"("bookingId");
CREATE INDEX "SurveyRun_templateId_idx" ON "SurveyRun"("templateId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SurveyAnswerTally_questionId_runId_value_answers_idx" ON "SurveyAnswerTally"("questionId", "runId", "value", "answers");

-- CreateIndex
CREATE INDEX "SessionTally_month_topicId_schoolId_sessions_pupils_lastStartsAt_idx" ON "SessionTally"("month", "topicId", "schoolId", "sessions", "pupils", "lastStartsAt");

-- CreateIndex
CREATE INDEX "SessionTally_schoolId_month_topicId_sessions_pupils_lastStartsAt_idx" ON "SessionTally"("schoolId", "month", "topicId", "sessions", "pupils", "lastStartsAt");

-- CreateIndex
CREATE INDEX "SessionYearGroupTally_month_topicId_schoolId_yearGroup_pupils_idx" ON "SessionYearGroupTally"("month", "topicId", "schoolId", "yearGroup", "pupils");


-- Fill the tallies from the rows they count (app/models/tallies.server.ts keeps them in step from now on).
-- Answers of counted responses, per run, question and option; free-text answers (no value) are not tallied.
INSERT INTO "SurveyAnswerTally" ("runId", "questionId", "value", "answers")
SELECT a."runId", a."questionId", a."value", COUNT(*)
FROM "SurveyAnswer" a JOIN "SurveyResponse" r ON r."id" = a."responseId"
WHERE r."inResults" AND a."value" IS NOT NULL
GROUP BY a."runId", a."questionId", a."value";

UPDATE "SurveyRun" SET "countedResponses" = (SELECT COUNT(*) FROM "SurveyResponse" r WHERE r."runId" = "SurveyRun"."id" AND r."inResults");

-- Sessions that reached pupils, by the London month they started in. London is an hour ahead of UTC
-- from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
CREATE TEMP TABLE "reached" AS
SELECT b."schoolId" AS "schoolId", d."topicId" AS "topicId", d."startsAt" AS "startsAt", b."id" AS "bookingId",
  CASE WHEN datetime(d."startsAt") >= date(substr(datetime(d."startsAt"), 1, 4) || '-03-31', '-6 days', 'weekday 0') || ' 01:00:00'
        AND datetime(d."startsAt") < date(substr(datetime(d."startsAt"), 1, 4) || '-10-31', '-6 days', 'weekday 0') || ' 01:00:00'
       THEN strftime('%Y-%m-01', datetime(d."startsAt"), '+1 hour') ELSE strftime('%Y-%m-01', datetime(d."startsAt")) END AS "month"
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

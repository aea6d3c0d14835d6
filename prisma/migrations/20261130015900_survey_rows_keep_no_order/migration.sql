-- Survey responses and answers are kept WITHOUT ROWID, in the order of their random ids: an ordinary
-- SQLite table numbers its rows as they arrive (the hidden rowid), and that number gives the order in
-- which pupils answered to anyone holding the database or a backup (decision 0046). Prisma's schema
-- cannot say WITHOUT ROWID: a later migration that rebuilds either table must keep it (a test checks).
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;

CREATE TABLE "new_SurveyResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "submittedOn" DATETIME NOT NULL,
    "browserTokenHash" TEXT NOT NULL,
    "inResults" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "SurveyResponse_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_SurveyResponse" ("id", "runId", "submittedOn", "browserTokenHash", "inResults")
SELECT "id", "runId", "submittedOn", "browserTokenHash", "inResults" FROM "SurveyResponse";
DROP TABLE "SurveyResponse";
ALTER TABLE "new_SurveyResponse" RENAME TO "SurveyResponse";
CREATE INDEX "SurveyResponse_runId_inResults_idx" ON "SurveyResponse"("runId", "inResults");
CREATE UNIQUE INDEX "SurveyResponse_runId_browserTokenHash_key" ON "SurveyResponse"("runId", "browserTokenHash");

CREATE TABLE "new_SurveyAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "responseId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "value" INTEGER,
    "text" TEXT,
    CONSTRAINT "SurveyAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "SurveyResponse" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SurveyAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "SurveyQuestion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_SurveyAnswer" ("id", "responseId", "questionId", "runId", "value", "text")
SELECT "id", "responseId", "questionId", "runId", "value", "text" FROM "SurveyAnswer";
DROP TABLE "SurveyAnswer";
ALTER TABLE "new_SurveyAnswer" RENAME TO "SurveyAnswer";
CREATE INDEX "SurveyAnswer_runId_questionId_value_idx" ON "SurveyAnswer"("runId", "questionId", "value");
CREATE INDEX "SurveyAnswer_questionId_value_idx" ON "SurveyAnswer"("questionId", "value");
CREATE INDEX "SurveyAnswer_responseId_idx" ON "SurveyAnswer"("responseId");

PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

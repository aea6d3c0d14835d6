-- Survey responses and answers get random UUIDs in place of cuids (which hold the time of the answer)
-- and auto-increment numbers (which hold the order). Rows are copied in a random order too, so the
-- table's own row order says nothing either. Existing results keep counting the responses of whole
-- steps of five, the earliest first, as new ones will (decision 0044).
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;

CREATE TABLE "_SurveyResponseIds" (
    "oldId" TEXT NOT NULL PRIMARY KEY,
    "newId" TEXT NOT NULL,
    "inResults" BOOLEAN NOT NULL
);
INSERT INTO "_SurveyResponseIds" ("oldId", "newId", "inResults")
SELECT "id",
    lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
        substr('89AB', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
    "place" <= ("total" / 5) * 5
FROM (
    SELECT "id",
        ROW_NUMBER() OVER (PARTITION BY "runId" ORDER BY "rowid") AS "place",
        COUNT(*) OVER (PARTITION BY "runId") AS "total"
    FROM "SurveyResponse"
);

CREATE TABLE "new_SurveyResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "submittedOn" DATETIME NOT NULL,
    "browserTokenHash" TEXT NOT NULL,
    "inResults" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "SurveyResponse_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SurveyResponse" ("id", "runId", "submittedOn", "browserTokenHash", "inResults")
SELECT m."newId", r."runId", r."submittedOn", r."browserTokenHash", m."inResults"
FROM "SurveyResponse" r JOIN "_SurveyResponseIds" m ON m."oldId" = r."id"
ORDER BY random();
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
);
INSERT INTO "new_SurveyAnswer" ("id", "responseId", "questionId", "runId", "value", "text")
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
        substr('89AB', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
    m."newId", a."questionId", a."runId", a."value", a."text"
FROM "SurveyAnswer" a JOIN "_SurveyResponseIds" m ON m."oldId" = a."responseId"
ORDER BY random();
DROP TABLE "SurveyAnswer";
ALTER TABLE "new_SurveyAnswer" RENAME TO "SurveyAnswer";
CREATE INDEX "SurveyAnswer_runId_questionId_value_idx" ON "SurveyAnswer"("runId", "questionId", "value");
CREATE INDEX "SurveyAnswer_questionId_value_idx" ON "SurveyAnswer"("questionId", "value");
CREATE INDEX "SurveyAnswer_responseId_idx" ON "SurveyAnswer"("responseId");

DROP TABLE "_SurveyResponseIds";

PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- AlterTable: a column added in place, so the table stays WITHOUT ROWID (decision 0046: no order of answers).
ALTER TABLE "SurveyAnswer" ADD COLUMN "inResults" BOOLEAN NOT NULL DEFAULT false;

-- Answers already counted stay counted (decision 0123): a question's results keep what they showed,
-- and its steps of ten of its own answerers go on from there, so no view from before this change and
-- one after it differ by fewer than ten of the question's answerers. A question counted for fewer than
-- ten is no longer shown until ten more of its answerers are counted.
UPDATE "SurveyAnswer" SET "inResults" = TRUE WHERE "responseId" IN (SELECT "id" FROM "SurveyResponse" WHERE "inResults");

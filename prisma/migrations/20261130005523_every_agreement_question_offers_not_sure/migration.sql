-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SurveyQuestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "templateId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "helpText" TEXT NOT NULL DEFAULT '',
    "required" BOOLEAN NOT NULL DEFAULT true,
    "reverseScored" BOOLEAN NOT NULL DEFAULT false,
    "options" TEXT NOT NULL DEFAULT '[]',
    "coreKey" TEXT,
    "freeTextEnabled" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "SurveyQuestion_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "SurveyTemplate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SurveyQuestion" ("coreKey", "freeTextEnabled", "helpText", "id", "options", "position", "prompt", "required", "reverseScored", "templateId", "type") SELECT "coreKey", "freeTextEnabled", "helpText", "id", "options", "position", "prompt", "required", "reverseScored", "templateId", "type" FROM "SurveyQuestion";
DROP TABLE "SurveyQuestion";
ALTER TABLE "new_SurveyQuestion" RENAME TO "SurveyQuestion";
CREATE INDEX "SurveyQuestion_templateId_position_idx" ON "SurveyQuestion"("templateId", "position");
CREATE INDEX "SurveyQuestion_coreKey_idx" ON "SurveyQuestion"("coreKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SurveyTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "family" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "intro" TEXT NOT NULL DEFAULT '',
    "context" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "topicId" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SurveyTemplate_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_SurveyTemplate" ("context", "createdAt", "createdById", "family", "id", "intro", "phase", "status", "title", "version") SELECT "context", "createdAt", "createdById", "family", "id", "intro", "phase", "status", "title", "version" FROM "SurveyTemplate";
DROP TABLE "SurveyTemplate";
ALTER TABLE "new_SurveyTemplate" RENAME TO "SurveyTemplate";
CREATE INDEX "SurveyTemplate_status_context_idx" ON "SurveyTemplate"("status", "context");
CREATE UNIQUE INDEX "SurveyTemplate_family_version_key" ON "SurveyTemplate"("family", "version");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- The knife-crime templates were written for the knife-crime awareness sessions: say so, where that topic exists.
UPDATE "SurveyTemplate"
SET "topicId" = (SELECT "id" FROM "Topic" WHERE "title" = 'Knife-crime awareness')
WHERE "context" = 'BOOKING' AND "family" LIKE 'knife-crime-%';

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PageFeedback" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pageId" TEXT NOT NULL,
    "revisionNumber" INTEGER,
    "helpful" BOOLEAN NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "givenBy" TEXT NOT NULL DEFAULT 'STAFF',
    "userId" TEXT,
    "role" TEXT,
    "schoolName" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PageFeedback_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "GuidePage" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PageFeedback" ("comment", "createdAt", "helpful", "id", "pageId", "revisionNumber", "role", "schoolName", "userId") SELECT "comment", "createdAt", "helpful", "id", "pageId", "revisionNumber", "role", "schoolName", "userId" FROM "PageFeedback";
DROP TABLE "PageFeedback";
ALTER TABLE "new_PageFeedback" RENAME TO "PageFeedback";
CREATE INDEX "PageFeedback_pageId_createdAt_idx" ON "PageFeedback"("pageId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


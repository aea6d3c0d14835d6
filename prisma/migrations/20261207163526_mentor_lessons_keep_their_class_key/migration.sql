-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MentorLesson" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL,
    "academicYear" INTEGER NOT NULL,
    "deliveredOn" DATETIME NOT NULL,
    "className" TEXT NOT NULL,
    "classKey" TEXT NOT NULL,
    "yearGroup" INTEGER NOT NULL,
    "pupilsPresent" INTEGER NOT NULL,
    "topic" TEXT NOT NULL,
    "reflection" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MentorLesson_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MentorLesson" ("academicYear", "className", "classKey", "createdAt", "deliveredOn", "id", "pupilsPresent", "reflection", "schoolId", "topic", "yearGroup") SELECT "academicYear", "className", '', "createdAt", "deliveredOn", "id", "pupilsPresent", "reflection", "schoolId", "topic", "yearGroup" FROM "MentorLesson";
DROP TABLE "MentorLesson";
ALTER TABLE "new_MentorLesson" RENAME TO "MentorLesson";
CREATE INDEX "MentorLesson_schoolId_academicYear_idx" ON "MentorLesson"("schoolId", "academicYear");
CREATE INDEX "MentorLesson_academicYear_schoolId_yearGroup_classKey_deliveredOn_pupilsPresent_createdAt_idx" ON "MentorLesson"("academicYear", "schoolId", "yearGroup", "classKey", "deliveredOn", "pupilsPresent", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Fill the class keys: the name without spaces, in capitals, where it is all ASCII. SQLite's UPPER leaves
-- other letters as they are, so those lessons keep '' here, and the server works their keys out when it
-- starts (fillClassKeysLeftEmpty in app/models/class-keys.server.ts).
UPDATE "MentorLesson" SET "classKey" = CASE WHEN "className" GLOB '*[^ -~]*' THEN '' ELSE UPPER(REPLACE("className", ' ', '')) END;

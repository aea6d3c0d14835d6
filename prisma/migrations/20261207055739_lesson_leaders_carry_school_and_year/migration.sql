-- A lesson's leaders carry its school and academic year (decision 0203).
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MentorLessonLeader" (
    "lessonId" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "academicYear" INTEGER NOT NULL,

    PRIMARY KEY ("lessonId", "mentorId"),
    CONSTRAINT "MentorLessonLeader_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "MentorLesson" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MentorLessonLeader_mentorId_fkey" FOREIGN KEY ("mentorId") REFERENCES "Mentor" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MentorLessonLeader" ("lessonId", "mentorId", "schoolId", "academicYear") SELECT "lessonId", "mentorId", '', 0 FROM "MentorLessonLeader";
DROP TABLE "MentorLessonLeader";
ALTER TABLE "new_MentorLessonLeader" RENAME TO "MentorLessonLeader";
CREATE INDEX "MentorLessonLeader_mentorId_idx" ON "MentorLessonLeader"("mentorId");
CREATE INDEX "MentorLessonLeader_academicYear_schoolId_mentorId_idx" ON "MentorLessonLeader"("academicYear", "schoolId", "mentorId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Fill the copies from each leader's lesson (the same statement on both engines).
UPDATE "MentorLessonLeader" SET
  "schoolId" = (SELECT l."schoolId" FROM "MentorLesson" l WHERE l."id" = "MentorLessonLeader"."lessonId"),
  "academicYear" = (SELECT l."academicYear" FROM "MentorLesson" l WHERE l."id" = "MentorLessonLeader"."lessonId");

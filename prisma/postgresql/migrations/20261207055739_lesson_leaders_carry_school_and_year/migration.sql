-- A lesson's leaders carry its school and academic year (decision 0203).
-- AlterTable
ALTER TABLE "MentorLessonLeader" ADD COLUMN     "academicYear" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "schoolId" TEXT NOT NULL DEFAULT '';
ALTER TABLE "MentorLessonLeader" ALTER COLUMN "academicYear" DROP DEFAULT, ALTER COLUMN "schoolId" DROP DEFAULT;

-- CreateIndex
CREATE INDEX "MentorLessonLeader_academicYear_schoolId_mentorId_idx" ON "MentorLessonLeader"("academicYear", "schoolId", "mentorId");

-- Fill the copies from each leader's lesson (the same statement on both engines).
UPDATE "MentorLessonLeader" SET
  "schoolId" = (SELECT l."schoolId" FROM "MentorLesson" l WHERE l."id" = "MentorLessonLeader"."lessonId"),
  "academicYear" = (SELECT l."academicYear" FROM "MentorLesson" l WHERE l."id" = "MentorLessonLeader"."lessonId");

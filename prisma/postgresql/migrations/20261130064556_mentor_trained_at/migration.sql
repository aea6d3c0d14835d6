-- DropIndex
DROP INDEX "Mentor_cohortId_idx";

-- AlterTable
ALTER TABLE "Mentor" ADD COLUMN     "trainedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "MentorCohort_academicYear_schoolId_idx" ON "MentorCohort"("academicYear", "schoolId");

-- CreateIndex
CREATE INDEX "Mentor_cohortId_trainedAt_idx" ON "Mentor"("cohortId", "trainedAt");


-- Fill the tally (app/models/tallies.server.ts keeps it in step from now on): when each mentor became
-- trained, the latest completion of the live required modules once every one is completed, else NULL.
-- The same statement on both engines (app/models/mvp-training-rules.ts, MENTOR_TRAINED_AT_SQL).
UPDATE "Mentor" SET "trainedAt" = (SELECT CASE WHEN COUNT(*) > 0 AND COUNT(*) = (SELECT COUNT(*) FROM "TrainingModule" WHERE "required" AND "active") THEN MAX(mc."completedAt") END FROM "ModuleCompletion" mc JOIN "TrainingModule" tm ON tm."id" = mc."moduleId" WHERE mc."mentorId" = "Mentor"."id" AND tm."required" AND tm."active");

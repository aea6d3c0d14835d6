-- DropIndex
DROP INDEX "StaffTraining_schoolId_academicYear_idx";

-- DropIndex
DROP INDEX "MentorLesson_academicYear_schoolId_className_yearGroup_deli_idx";

-- CreateIndex
CREATE INDEX "StaffTraining_schoolId_academicYear_trainedOn_createdAt_idx" ON "StaffTraining"("schoolId", "academicYear", "trainedOn", "createdAt");

-- CreateIndex
CREATE INDEX "MentorLesson_academicYear_schoolId_className_yearGroup_deli_idx" ON "MentorLesson"("academicYear", "schoolId", "className", "yearGroup", "deliveredOn", "pupilsPresent", "createdAt");


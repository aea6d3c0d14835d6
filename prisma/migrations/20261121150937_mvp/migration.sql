-- CreateTable
CREATE TABLE "StaffTraining" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL,
    "academicYear" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "trainedOn" DATETIME NOT NULL,
    "trainer" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StaffTraining_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentorCohort" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL,
    "academicYear" INTEGER NOT NULL,
    "yearGroups" TEXT NOT NULL,
    "trainingDates" TEXT NOT NULL,
    "trainers" TEXT NOT NULL,
    "namesRemovedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MentorCohort_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Mentor" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cohortId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "yearGroup" INTEGER NOT NULL,
    "gender" TEXT,
    "withdrawnOn" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Mentor_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "MentorCohort" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TrainingModule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "required" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true
);

-- CreateTable
CREATE TABLE "ModuleCompletion" (
    "mentorId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "completedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("mentorId", "moduleId"),
    CONSTRAINT "ModuleCompletion_mentorId_fkey" FOREIGN KEY ("mentorId") REFERENCES "Mentor" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ModuleCompletion_moduleId_fkey" FOREIGN KEY ("moduleId") REFERENCES "TrainingModule" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentorLesson" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL,
    "academicYear" INTEGER NOT NULL,
    "deliveredOn" DATETIME NOT NULL,
    "className" TEXT NOT NULL,
    "yearGroup" INTEGER NOT NULL,
    "pupilsPresent" INTEGER NOT NULL,
    "topic" TEXT NOT NULL,
    "reflection" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MentorLesson_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentorLessonLeader" (
    "lessonId" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,

    PRIMARY KEY ("lessonId", "mentorId"),
    CONSTRAINT "MentorLessonLeader_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "MentorLesson" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MentorLessonLeader_mentorId_fkey" FOREIGN KEY ("mentorId") REFERENCES "Mentor" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "StaffTraining_schoolId_academicYear_idx" ON "StaffTraining"("schoolId", "academicYear");

-- CreateIndex
CREATE INDEX "MentorCohort_schoolId_academicYear_idx" ON "MentorCohort"("schoolId", "academicYear");

-- CreateIndex
CREATE INDEX "Mentor_cohortId_idx" ON "Mentor"("cohortId");

-- CreateIndex
CREATE INDEX "MentorLesson_schoolId_academicYear_idx" ON "MentorLesson"("schoolId", "academicYear");

-- CreateIndex
CREATE INDEX "MentorLessonLeader_mentorId_idx" ON "MentorLessonLeader"("mentorId");


-- CreateTable
CREATE TABLE "MentorTrainingSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cohortId" TEXT NOT NULL,
    "heldOn" DATETIME NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MentorTrainingSession_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "MentorCohort" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "MentorTrainingSession_cohortId_heldOn_key" ON "MentorTrainingSession"("cohortId", "heldOn");


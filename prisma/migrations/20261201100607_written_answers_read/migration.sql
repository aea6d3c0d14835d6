-- CreateTable
CREATE TABLE "WrittenAnswersRead" (
    "userId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "readAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "runId"),
    CONSTRAINT "WrittenAnswersRead_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WrittenAnswersRead_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "WrittenAnswersRead_runId_idx" ON "WrittenAnswersRead"("runId");


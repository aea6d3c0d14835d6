-- CreateTable
CREATE TABLE "WrittenAnswersRead" (
    "userId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WrittenAnswersRead_pkey" PRIMARY KEY ("userId","runId")
);

-- CreateIndex
CREATE INDEX "WrittenAnswersRead_runId_idx" ON "WrittenAnswersRead"("runId");

-- AddForeignKey
ALTER TABLE "WrittenAnswersRead" ADD CONSTRAINT "WrittenAnswersRead_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WrittenAnswersRead" ADD CONSTRAINT "WrittenAnswersRead_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;


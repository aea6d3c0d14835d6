-- CreateIndex
CREATE INDEX "SurveyResponse_runId_submittedOn_idx" ON "SurveyResponse"("runId", "submittedOn");


-- CreateTable
CREATE TABLE "SurveyTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "family" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "intro" TEXT NOT NULL DEFAULT '',
    "context" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SurveyQuestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "templateId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "helpText" TEXT NOT NULL DEFAULT '',
    "required" BOOLEAN NOT NULL DEFAULT true,
    "reverseScored" BOOLEAN NOT NULL DEFAULT false,
    "allowNotSure" BOOLEAN NOT NULL DEFAULT false,
    "options" TEXT NOT NULL DEFAULT '[]',
    "coreKey" TEXT,
    CONSTRAINT "SurveyQuestion_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "SurveyTemplate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SurveyRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "bookingId" TEXT,
    "phase" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "academicYear" INTEGER NOT NULL,
    "closesOn" DATETIME,
    "maxResponses" INTEGER,
    "closedAt" DATETIME,
    "responseCount" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SurveyRun_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "SurveyTemplate" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SurveyRun_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SurveyRun_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "submittedOn" DATETIME NOT NULL,
    "browserTokenHash" TEXT NOT NULL,
    CONSTRAINT "SurveyResponse_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "responseId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "value" INTEGER,
    "text" TEXT,
    CONSTRAINT "SurveyAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "SurveyResponse" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SurveyAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "SurveyQuestion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SurveyTemplate_status_context_idx" ON "SurveyTemplate"("status", "context");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyTemplate_family_version_key" ON "SurveyTemplate"("family", "version");

-- CreateIndex
CREATE INDEX "SurveyQuestion_templateId_position_idx" ON "SurveyQuestion"("templateId", "position");

-- CreateIndex
CREATE INDEX "SurveyQuestion_coreKey_idx" ON "SurveyQuestion"("coreKey");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyRun_code_key" ON "SurveyRun"("code");

-- CreateIndex
CREATE INDEX "SurveyRun_schoolId_academicYear_idx" ON "SurveyRun"("schoolId", "academicYear");

-- CreateIndex
CREATE INDEX "SurveyRun_academicYear_context_phase_idx" ON "SurveyRun"("academicYear", "context", "phase");

-- CreateIndex
CREATE INDEX "SurveyRun_bookingId_idx" ON "SurveyRun"("bookingId");

-- CreateIndex
CREATE INDEX "SurveyRun_templateId_idx" ON "SurveyRun"("templateId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyResponse_runId_browserTokenHash_key" ON "SurveyResponse"("runId", "browserTokenHash");

-- CreateIndex
CREATE INDEX "SurveyAnswer_runId_questionId_value_idx" ON "SurveyAnswer"("runId", "questionId", "value");

-- CreateIndex
CREATE INDEX "SurveyAnswer_questionId_value_idx" ON "SurveyAnswer"("questionId", "value");

-- CreateIndex
CREATE INDEX "SurveyAnswer_responseId_idx" ON "SurveyAnswer"("responseId");


-- CreateTable
CREATE TABLE "SentForm" (
    "token" TEXT NOT NULL PRIMARY KEY,
    "entity" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "savedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "SentForm_savedAt_idx" ON "SentForm"("savedAt");


-- CreateTable
CREATE TABLE "SentForm" (
    "token" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "savedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SentForm_pkey" PRIMARY KEY ("token")
);

-- CreateIndex
CREATE INDEX "SentForm_savedAt_idx" ON "SentForm"("savedAt");


-- CreateTable
CREATE TABLE "PublicSentForm" (
    "token" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PublicSentForm_pkey" PRIMARY KEY ("token")
);

-- CreateIndex
CREATE INDEX "PublicSentForm_day_idx" ON "PublicSentForm"("day");

-- Public answers' notes, written beside staff forms' until now, are dropped: a keyed hash (43 characters),
-- where a staff form's token is 24, under a key no later start has (decision 0179).
DELETE FROM "SentForm" WHERE "entity" = 'PageFeedback' AND length("token") <> 24;

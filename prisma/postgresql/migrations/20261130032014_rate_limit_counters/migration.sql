-- CreateTable
CREATE TABLE "RateLimitCounter" (
    "limiter" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "windowEndsAt" BIGINT NOT NULL,
    "hits" INTEGER NOT NULL,

    CONSTRAINT "RateLimitCounter_pkey" PRIMARY KEY ("limiter","key")
);

-- CreateIndex
CREATE INDEX "RateLimitCounter_windowEndsAt_idx" ON "RateLimitCounter"("windowEndsAt");


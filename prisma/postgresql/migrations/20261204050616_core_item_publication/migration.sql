-- CreateTable
CREATE TABLE "CoreItemPublication" (
    "year" INTEGER NOT NULL,
    "figures" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CoreItemPublication_pkey" PRIMARY KEY ("year")
);


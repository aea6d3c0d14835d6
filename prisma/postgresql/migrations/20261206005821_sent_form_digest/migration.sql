-- AlterTable
ALTER TABLE "SentForm" ADD COLUMN     "digest" TEXT;


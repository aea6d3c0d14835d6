-- AlterTable
ALTER TABLE "PasswordReset" ADD COLUMN "replacedAt" DATETIME;


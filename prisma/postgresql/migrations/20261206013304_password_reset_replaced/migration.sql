-- AlterTable
ALTER TABLE "PasswordReset" ADD COLUMN     "replacedAt" TIMESTAMP(3);


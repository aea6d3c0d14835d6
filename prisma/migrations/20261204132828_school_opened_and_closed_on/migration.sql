-- AlterTable
ALTER TABLE "School" ADD COLUMN "closedOn" DATETIME;
ALTER TABLE "School" ADD COLUMN "openedOn" DATETIME;


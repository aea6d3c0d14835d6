-- AlterTable
ALTER TABLE "School" ADD COLUMN     "closedOn" TIMESTAMP(3),
ADD COLUMN     "openedOn" TIMESTAMP(3);


-- AlterTable
ALTER TABLE "SurveyQuestion" ADD COLUMN     "lastChoiceExclusive" BOOLEAN NOT NULL DEFAULT false;


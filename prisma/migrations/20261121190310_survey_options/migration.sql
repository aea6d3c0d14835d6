-- Free-text questions are off unless the lead turns them on; runs may be marked as answered on shared computers.
ALTER TABLE "SurveyQuestion" ADD COLUMN "freeTextEnabled" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "SurveyRun" ADD COLUMN "sharedDevices" BOOLEAN NOT NULL DEFAULT false;

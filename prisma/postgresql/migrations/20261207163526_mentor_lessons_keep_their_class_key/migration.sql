-- DropIndex
DROP INDEX "MentorLesson_academicYear_schoolId_className_yearGroup_deli_idx";

-- AlterTable
ALTER TABLE "MentorLesson" ADD COLUMN     "classKey" TEXT NOT NULL DEFAULT '';
ALTER TABLE "MentorLesson" ALTER COLUMN "classKey" DROP DEFAULT;

-- CreateIndex
CREATE INDEX "MentorLesson_academicYear_schoolId_yearGroup_classKey_deliv_idx" ON "MentorLesson"("academicYear", "schoolId", "yearGroup", "classKey", "deliveredOn", "pupilsPresent", "createdAt");

-- Fill the class keys: the name without spaces, in capitals, where it is all ASCII. UPPER follows the
-- database's locale (in Turkish, "i" becomes "İ"), so it is asked under "C", which capitalises ASCII
-- letters alone, as JavaScript does them. Other names keep '' here, and the server works their keys out
-- when it starts (fillClassKeysLeftEmpty in app/models/class-keys.server.ts).
UPDATE "MentorLesson" SET "classKey" = CASE WHEN "className" ~ '[^ -~]' THEN '' ELSE UPPER(REPLACE("className", ' ', '') COLLATE "C") END;

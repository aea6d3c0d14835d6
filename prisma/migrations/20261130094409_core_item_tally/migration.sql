-- CreateTable
CREATE TABLE "CoreItemTally" (
    "runId" TEXT NOT NULL,
    "coreKey" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "counted" INTEGER NOT NULL,
    "agreeing" INTEGER NOT NULL,
    "scoreSum" INTEGER NOT NULL,

    PRIMARY KEY ("runId", "coreKey"),
    CONSTRAINT "CoreItemTally_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CoreItemTally_runId_coreKey_answers_counted_agreeing_scoreSum_idx" ON "CoreItemTally"("runId", "coreKey", "answers", "counted", "agreeing", "scoreSum");


-- Fill the tally (app/models/tallies.server.ts keeps it in step from now on): each run's counted answers
-- to each core item, summed from its answer tally. The same statement on both engines
-- (app/models/tallies.server.ts, coreItemTallyFill).
INSERT INTO "CoreItemTally" ("runId", "coreKey", "answers", "counted", "agreeing", "scoreSum") SELECT t."runId", q."coreKey", SUM(t."answers"), SUM(CASE WHEN t."value" BETWEEN 1 AND 5 THEN t."answers" ELSE 0 END), SUM(CASE WHEN t."value" IN (4, 5) THEN t."answers" ELSE 0 END), SUM(CASE WHEN t."value" BETWEEN 1 AND 5 THEN t."answers" * (CASE WHEN q."reverseScored" THEN 6 - t."value" ELSE t."value" END) ELSE 0 END) FROM "SurveyAnswerTally" t JOIN "SurveyQuestion" q ON q."id" = t."questionId" WHERE q."coreKey" IS NOT NULL AND q."type" = 'AGREEMENT' GROUP BY t."runId", q."coreKey";

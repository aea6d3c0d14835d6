-- Data only: every run's core item tally is written again, adding up only the questions its run shows on
-- their own (ten or more of their answerers counted), as the run's own page does (decision 0130). Answers
-- counted before decision 0123 could leave one question of a core item with 1 to 9 answerers counted,
-- which the tally added to another question of the same item.
DELETE FROM "CoreItemTally";
INSERT INTO "CoreItemTally" ("runId", "coreKey", "answers", "counted", "agreeing", "scoreSum") SELECT t."runId", q."coreKey", SUM(t."answers"), SUM(CASE WHEN t."value" BETWEEN 1 AND 5 THEN t."answers" ELSE 0 END), SUM(CASE WHEN t."value" IN (4, 5) THEN t."answers" ELSE 0 END), SUM(CASE WHEN t."value" BETWEEN 1 AND 5 THEN t."answers" * (CASE WHEN q."reverseScored" THEN 6 - t."value" ELSE t."value" END) ELSE 0 END) FROM "SurveyAnswerTally" t JOIN "SurveyQuestion" q ON q."id" = t."questionId" WHERE q."coreKey" IS NOT NULL AND q."type" = 'AGREEMENT' AND (SELECT SUM(shown."answers") FROM "SurveyAnswerTally" shown WHERE shown."runId" = t."runId" AND shown."questionId" = t."questionId") >= 10 GROUP BY t."runId", q."coreKey";

import { expect, test } from "./support/fixtures";
import { answerOverHttp, createTestRun, runCounts, validAnswers } from "./support/surveys";

test("60 pupils sending answers at the same moment are all recorded", async ({ baseURL }) => {
  const run = createTestRun();
  const answers = validAnswers(run.id);
  const responses = await Promise.all(Array.from({ length: 60 }, () => answerOverHttp(baseURL!, run.code, answers)));
  const statuses = responses.map((r) => r.status);
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  expect(statuses.every((s) => s === 302)).toBe(true);
  expect(runCounts(run.id)).toEqual({ rows: 60, counted: 60 });
});

import Database from "better-sqlite3";
process.env.DATABASE_URL = "file:tests/.data/national.db";
const { reachedBookings, coreItemAnswers } = await import("~/models/reach-queries.server");
const { sessionFigures } = await import("~/models/reach-sessions.server");
const { filterPeriod } = await import("~/models/reach-rules");
const { comparisonWindow } = await import("~/models/reach-comparison");
const { CORE_ITEM_SQL } = await import("~/lib/survey-scoring");
const { DISCLOSURE_SQL } = await import("~/models/disclosure");
const writer = new Database("tests/.data/national.db");
writer.pragma("busy_timeout = 5000");
const touch = () => writer.prepare("INSERT INTO Setting (key, value) VALUES ('bench.tick', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(Math.random()));
const ro = new Database("tests/.data/national.db", { readonly: true });
const NO = { localAuthority: null, localityId: null, schoolType: null, topicId: null, schoolId: null };
async function time(name: string, fn: () => Promise<unknown> | unknown) {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) { touch(); const s = performance.now(); await fn(); times.push(performance.now() - s); }
  times.sort((a, b) => a - b);
  console.log(name.padEnd(40), "median", times[3]!.toFixed(1), "ms");
  return times[3]!;
}
const year = filterPeriod({ year: 2025, term: null });
const todate = comparisonWindow({ year: 2026, term: null }, new Date("2026-11-21T12:00:00Z"));
const oldCore = `SELECT q.coreKey, r.phase, COUNT(*), ${CORE_ITEM_SQL.counted("a")}, ${CORE_ITEM_SQL.agreeing("a")}, ${CORE_ITEM_SQL.scoreSum("a","q")}
 FROM SurveyRun r JOIN School s ON s.id = r.schoolId JOIN SurveyAnswer a ON a.runId = r.id JOIN SurveyQuestion q ON q.id = a.questionId
 WHERE r.phase IN ('BEFORE','AFTER') AND q.coreKey IS NOT NULL AND q.type = 'AGREEMENT' AND ${DISCLOSURE_SQL.answerCounted("a","r")} AND r.academicYear = ? AND r.createdAt < ? GROUP BY 1, 2`;
const a = await time("old: reachedBookings 2025/26", () => reachedBookings(NO, year));
const b = await time("new: sessionFigures 2025/26", () => sessionFigures(NO, year));
const c = await time("old: reachedBookings 2026 to date", () => reachedBookings(NO, todate.current));
const d = await time("new: sessionFigures 2026 to date", () => sessionFigures(NO, todate.current));
const e = await time("old: core items 2025/26", () => ro.prepare(oldCore).all(2025, "9999-12-31T00:00:00.000+00:00"));
const f = await time("new: core items 2025/26", () => coreItemAnswers(NO, 2025));
console.log("ratios new/old:", (b/a).toFixed(2), (d/c).toFixed(2), (f/e).toFixed(2));

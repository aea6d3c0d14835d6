import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import type { Actor } from "~/auth/actor";
import { schoolsCsvRows } from "~/models/reach-export.server";
import { resultsCsv, runResults } from "~/models/survey-results.server";
import { getRun } from "~/models/survey-runs.server";
import { createUser } from "./factories";
import { booking, deliveryAt, locality, repeat, school, surveyRun, surveyTemplate, topic, wholeArea } from "./reach-factories";

/*
 * A pupil referral unit surveyed after five knife-crime sessions in 2025/26: 1 pupil answered each of four
 * surveys, and 10 the fifth. Its survey responses are one part of the year (one topic), 14 in all, which the
 * schools file for publication shows as 10 (10 to 14).
 */
const YEAR = 2025;
const SCHOOL = "Birch Learning Centre";

let lead: Actor;
let runIds: string[];

beforeAll(async () => {
  const birch = await school((await locality("Alpha")).id, 40, { name: SCHOOL, type: "PRU_AP" });
  const knife = await topic("Knife crime");
  const after = await surveyTemplate("AFTER");
  runIds = [];
  for (const [i, pupils] of [1, 1, 1, 1, 10].entries()) {
    const session = await booking((await deliveryAt(knife.id, `2025-10-0${i + 1}`, "10:00")).id, birch.id, "DELIVERED", { 10: 3 });
    runIds.push((await surveyRun(after, birch.id, YEAR, repeat(pupils, { law: 4 }), session.id)).id);
  }
  lead = await createUser({ role: "VRN_LEAD" });
});

/** A run's results file as a published row: the number of responses it gives, as written. */
async function responsesInFile(runId: string) {
  const run = await getRun(lead, runId);
  const rows = parse(resultsCsv(run, await runResults(lead, run, { withWritten: false })), { relax_column_count: true, bom: true }) as string[][];
  return rows.find((row) => row[0]!.startsWith("Responses ("))![1]!;
}

/** Every number of responses (1 to 4 for "<5", the band for a multiple of 5) a published cell allows. */
const allowed = (cell: string) => (cell === "<5" ? [1, 2, 3, 4] : cell === "withheld" ? [...Array(10).keys()] : [0, 1, 2, 3, 4].map((d) => Number(cell) + d));

describe("a survey's number of responses in its results file", () => {
  it("is not given while its results are not shown, so the school's total cannot pin a run's 1 to 4", async () => {
    let total = "";
    for await (const row of schoolsCsvRows(lead, wholeArea(YEAR), true)) if (row[0] === SCHOOL) total = String(row[16]);
    expect(total).toBe("10");

    // The reader tries every number of responses each run's file allows against the school's total.
    const cells = await Promise.all(runIds.map(responsesInFile));
    const totals = allowed(total);
    const firstRun = new Set<number>();
    const search = (i: number, sum: number, first: number) => {
      if (i === cells.length) {
        if (totals.includes(sum)) firstRun.add(first);
        return;
      }
      for (const n of allowed(cells[i]!)) search(i + 1, sum + n, i === 0 ? n : first);
    };
    search(0, 0, 0);
    // With "<5" for each small run, 1 + 1 + 1 + 1 + 10 is the least they allow and the top of "10": each is 1.
    expect(firstRun.size).toBeGreaterThan(1);
    expect(cells.slice(0, 4)).toEqual(repeat(4, "withheld"));
    expect(cells[4]).toBe("10");
  });
});

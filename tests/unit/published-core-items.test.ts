/**
 * The core survey items as the board report gives them (decision 0124): a share is printed only where no
 * number agreeing, or not agreeing, of 1 to 4 fits it and its base as printed, and then it agrees with that
 * base; changes are only between shares shown. Which reports give them at all (the whole area, a finished
 * year) is tests/unit/core-item-publication.test.ts's.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/auth/actor";
import { CoreItemsTable } from "~/components/reach";
import { phaseFigures } from "~/lib/survey-scoring";
import { parse } from "csv-parse/sync";
import { CORE_ITEM_ANSWER, publishedChange, publishedPhase, publishedShare } from "~/models/disclosure";
import { localitiesCsvRows } from "~/models/reach-export.server";
import { getBoardReport, publishedCoreItem } from "~/models/reach-report.server";
import { describePublishedShare, describeShareAgreeing, type ReachFilters } from "~/models/reach-rules";
import { getReachDashboard } from "~/models/reach.server";
import { resultsCsv, runResults } from "~/models/survey-results.server";
import { getRun } from "~/models/survey-runs.server";
import { createUser } from "./factories";
import { booking, deliveryAt, locality, repeat, school, surveyRun, surveyTemplate, topic } from "./reach-factories";

const YEAR = 2025;
let lead: Actor;

beforeAll(async () => {
  lead = await createUser({ role: "VRN_LEAD" });
});

/** The cells of each body row, as text. */
const rows = (html: string) =>
  [...html.matchAll(/<tr>(.*?)<\/tr>/g)]
    .slice(1)
    .map(([, row]) => [...row!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map(([, cell]) => cell!.replace(/<[^>]+>/g, "").replace(/&quot;/g, '"')));

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

describe("the board report's core survey items", () => {
  it("do not print 44% of 5 for 4 of 9 giving a view: a share of fewer than 10 is withheld, and so is any change from it", async () => {
    // The reviewer's case: 10 responses before a session, 1 "not sure", so 9 giving a view; 4 of them agree
    // that carrying a knife is against the law and 3 that it makes you safer. The dashboard gives 44% and
    // 33% of 9; the report gave "44% of 5 giving a view": not a whole number of pupils, and only 4 of 9 gives 44%.
    const localAuthority = `Core ${Math.random().toString(36).slice(2, 8)}`;
    const place = await locality("Core", localAuthority);
    const delivery = await deliveryAt((await topic("Knife crime")).id, "2025-10-15", "10:00");
    const taught = await school(place.id, 300, { localAuthority });
    const b = await booking(delivery.id, taught.id, "DELIVERED", { 8: 30 });
    await surveyRun(
      await surveyTemplate("BEFORE"),
      taught.id,
      YEAR,
      [...repeat(3, { law: 4, "knife-safer": 4 }), { law: 4, "knife-safer": 2 }, ...repeat(5, { law: 2, "knife-safer": 2 }), { law: 0, "knife-safer": 0 }],
      b.id,
    );
    // After: 20 responses, 15 agreeing with the law: 75% of 20, safe to print as "75% of 20 to 24".
    await surveyRun(
      await surveyTemplate("AFTER"),
      taught.id,
      YEAR,
      [...repeat(15, { law: 5, "knife-safer": 1 }), ...repeat(5, { law: 1, "knife-safer": 1 })],
      b.id,
    );
    const filters: ReachFilters = { year: YEAR, term: null, localAuthority, localityId: null, schoolType: null, topicId: null };
    const now = new Date("2026-11-30T12:00:00Z");

    // Inside the VRN the dashboard keeps the exact figures: 10 pupils responded (decision 0124).
    const dashboard = await getReachDashboard(lead, filters, now);
    const exact = rows(
      renderToStaticMarkup(createElement(CoreItemsTable, { items: dashboard.coreItems, previous: [], year: YEAR, comparison: dashboard.comparison })),
    );
    expect(exact.map((r) => r.slice(1, 4))).toEqual([
      ["44% of 9 giving a view (10 responses)", "75% of 20", "+31 points"],
      ["33% of 9 giving a view (10 responses)", "0% of 20", "−33 points"],
    ]);
    expect(describeShareAgreeing(dashboard.coreItems[0]!.before)).toBe("44% of 9 giving a view (10 responses)");

    // A report of one area gives no core items at all (decision 0155); the rule below is the one the report
    // of the whole area for a finished year applies to its pool.
    const report = await getBoardReport(lead, filters, now);
    expect(report.coreItems).toMatchObject({ shown: false, why: "narrowed" });
    const published = dashboard.coreItems.map(publishedCoreItem);
    const html = renderToStaticMarkup(
      createElement(CoreItemsTable, { items: published, previous: [], year: YEAR, comparison: dashboard.comparison, published: true }),
    );
    expect(html).not.toMatch(/44%|33%|of 5 /);
    expect(rows(html).map((r) => r.slice(1, 4))).toEqual([
      ["Withheld: fewer than 10 giving a view (10 to 14 responses)", "75% of 20 to 24 giving a view (20 to 24 responses)", "–"],
      ["Withheld: fewer than 10 giving a view (10 to 14 responses)", "0% of 20 to 24 giving a view (20 to 24 responses)", "–"],
    ]);
    // A published item carries no exact figure: no share, mean or count of those giving a view.
    expect(JSON.stringify(published)).not.toMatch(/0\.44|0\.33|shareAgreeing|meanScore|"counted"/);

    // The published localities file gives no core item at all (decision 0155); the exact one gives the change.
    const changeOf = async (publication: boolean) => {
      const [header, ...body] = await collect(localitiesCsvRows(lead, filters, publication));
      const column = (header as string[]).findIndex((h) => String(h).endsWith("Carrying a knife is against the law"));
      return column === -1 ? "no such column" : body.find((r) => r[0] === place.name)?.[column];
    };
    expect(await changeOf(false)).toBe(31);
    expect(await changeOf(true)).toBe("no such column");
  });
});

/**
 * The pairs (agreeing, giving a view) a reader can fit to a printed "P% of L to H giving a view", knowing only
 * the rule as the report states it: shares to the nearest 5 points (halves up), 0% and 100% meaning none and all.
 */
function candidates(percent: number, low: number, high: number): [number, number][] {
  const fits: [number, number][] = [];
  for (let counted = low; counted <= high; counted++) {
    for (let agreeing = 0; agreeing <= counted; agreeing++) {
      // In whole numbers: (percent - 2.5)% <= agreeing / counted < (percent + 2.5)%.
      const inStep = 200 * agreeing >= (2 * percent - 5) * counted && 200 * agreeing < (2 * percent + 5) * counted;
      const fit =
        percent === 0
          ? agreeing === 0
          : percent === 100
            ? agreeing === counted
            : agreeing > 0 &&
              agreeing < counted &&
              (inStep || (percent === 5 && 200 * agreeing < 15 * counted) || (percent === 95 && 200 * agreeing >= 185 * counted));
      if (fit) fits.push([agreeing, counted]);
    }
  }
  return fits;
}

const small = (n: number) => n >= 1 && n <= 4;

describe("a published share agreeing", () => {
  it("for every base of 1 to 60 and every number agreeing, is withheld or fits no 1 to 4 on either side, and agrees with its printed base", () => {
    let shownCount = 0;
    for (let counted = 1; counted <= 60; counted++) {
      for (let agreeing = 0; agreeing <= counted; agreeing++) {
        for (const notSure of [0, 3, 12]) {
          const responses = counted + notSure;
          const text = describePublishedShare(publishedPhase(phaseFigures(responses, counted, agreeing, 3 * counted)));
          const label = `${agreeing} of ${counted} (${responses} responses): ${text}`;
          const shown = /^(\d+)% of (\d+) to (\d+) giving a view \((\d+) to (\d+) responses\)$/.exec(text);
          if (!shown) {
            expect(text, label).toMatch(/^(Withheld: |Fewer than 10 responses$)/);
            continue;
          }
          shownCount += 1;
          const [percent, low, high, responsesLow, responsesHigh] = shown.slice(1).map(Number) as [number, number, number, number, number];
          expect([high - low, responsesHigh - responsesLow, low >= 10, percent % 5], label).toEqual([4, 4, true, 0]);
          expect(counted >= low && counted <= high && responses >= responsesLow && responses <= responsesHigh, label).toBe(true);
          const fits = candidates(percent, low, high);
          expect(fits, label).toContainEqual([agreeing, counted]);
          expect(
            fits.filter(([a, n]) => small(a) || small(n - a)),
            label,
          ).toEqual([]);
        }
      }
    }
    // Not everything is withheld: most shares of 10 or more with 5 or more on each side are printed.
    expect(shownCount).toBeGreaterThan(1000);
  });

  it("is withheld under 10 giving a view, and gives a change only between two shares shown", () => {
    expect(publishedShare(4, 9)).toEqual({ withheld: "fewer than 10 giving a view" });
    expect(publishedShare(5, 10)).toEqual({ percent: 50, base: 10 });
    expect(publishedShare(0, 12)).toEqual({ percent: 0, base: 10 });
    // 5 of 14 is 36%, printed as 35% of 10 to 14, which 4 of 11 fits too.
    expect(publishedShare(5, 14)).toEqual({ withheld: "1 to 4 on one side", base: 10 });
    const shown = publishedPhase(phaseFigures(40, 37, 20, 100));
    const other = publishedPhase(phaseFigures(40, 37, 30, 100));
    const withheld = publishedPhase(phaseFigures(40, 9, 4, 30));
    expect(shown.share).toEqual({ percent: 55, base: 35 });
    expect(publishedChange(shown, other)).toBe(25);
    expect(publishedChange(shown, withheld)).toBeNull();
    expect(publishedChange(withheld, shown)).toBeNull();
    expect(describePublishedShare(publishedPhase(phaseFigures(12, 0, 0, 0)))).toBe('No view given: all 10 to 14 responses were "not sure"');
    expect(describePublishedShare(publishedPhase(phaseFigures(7, 7, 3, 20)))).toBe("Fewer than 10 responses");
  });
});

/** A results file's rows, parsed (the files hold no quoted commas in these cells but the prompts'). */
const csvRows = (csv: string) => parse(csv, { relax_column_count: true, bom: true }) as string[][];

type RunCounts = { answering: number; givingView: number; agreeing: number };
const lineOf = ({ answering, givingView, agreeing }: RunCounts) => JSON.stringify(publishedPhase(phaseFigures(answering, givingView, agreeing, 0)));

/**
 * The reader's exact attack on a core item's share over several runs: they know each run's number answering
 * (every results file gives it) and, with `ownLines`, each run's own published line as well; they try every
 * count of each run that these allow, keep those whose total prints as `pool` does, and name each count of 1
 * to 4 (agreeing, not agreeing, "not sure") left one value.
 */
function pinnedCounts(runs: readonly RunCounts[], pool: string, { ownLines }: { ownLines: boolean }): string[] {
  const allowed = runs.map((run) => {
    const options: RunCounts[] = [];
    for (let givingView = 0; givingView <= run.answering; givingView++) {
      for (let agreeing = 0; agreeing <= givingView; agreeing++) {
        const option = { answering: run.answering, givingView, agreeing };
        if (!ownLines || lineOf(option) === lineOf(run)) options.push(option);
      }
    }
    return options;
  });
  const answering = runs.reduce((sum, run) => sum + run.answering, 0);
  const cells = (c: RunCounts) => [c.agreeing, c.givingView - c.agreeing, c.answering - c.givingView];
  const names = ["agreeing", "not agreeing", "not sure"];
  const pinned: string[] = [];
  runs.forEach((run, i) => {
    let others = new Map<string, readonly [number, number]>([["0/0", [0, 0]]]);
    allowed.forEach((options, j) => {
      if (j === i) return;
      const next = new Map<string, readonly [number, number]>();
      for (const [v, a] of others.values()) for (const o of options) next.set(`${v + o.givingView}/${a + o.agreeing}`, [v + o.givingView, a + o.agreeing]);
      others = next;
    });
    const possible = allowed[i]!.filter((mine) =>
      [...others.values()].some(([v, a]) => lineOf({ answering, givingView: mine.givingView + v, agreeing: mine.agreeing + a }) === pool),
    );
    cells(run).forEach((value, c) => {
      if (value >= 1 && value <= 4 && new Set(possible.map((p) => cells(p)[c])).size === 1) pinned.push(`run ${i + 1}: ${names[c]} is ${value}`);
    });
  });
  return pinned;
}

describe("a run's results file beside the board report", () => {
  it("gives no figure of a core item, only the number answering it: with the report of that run alone it pinned a '<5' (decision 0153)", async () => {
    // 0143's limit: 20 pupils, 9 neither agreeing nor disagreeing, 10 agreeing and 1 strongly agreeing that
    // carrying a knife is against the law. The file gave 5, 10 and "<5" over an exact 20; a report of this
    // school alone gives 55% of 20 to 24 giving a view, so 11 agree, the 5 is 9, and the "<5" can only be 1.
    const localAuthority = `File ${Math.random().toString(36).slice(2, 8)}`;
    const place = await locality("File", localAuthority);
    const delivery = await deliveryAt((await topic("Knife crime")).id, "2025-11-12", "10:00");
    const taught = await school(place.id, 300, { localAuthority });
    const b = await booking(delivery.id, taught.id, "DELIVERED", { 9: 30 });
    const before = await surveyRun(
      await surveyTemplate("BEFORE"),
      taught.id,
      YEAR,
      [...repeat(9, { law: 3, "knife-safer": 2 }), ...repeat(10, { law: 4, "knife-safer": 2 }), { law: 5, "knife-safer": 1 }],
      b.id,
    );
    await surveyRun(await surveyTemplate("AFTER"), taught.id, YEAR, repeat(20, { law: 5, "knife-safer": 1 }), b.id);
    const filters: ReachFilters = { year: YEAR, term: null, localAuthority, localityId: null, schoolType: null, topicId: null };
    const dashboard = await getReachDashboard(lead, filters, new Date("2026-11-30T12:00:00Z"));
    const law = publishedCoreItem(dashboard.coreItems.find((item) => item.coreKey === "law")!);
    expect(describePublishedShare(law.before)).toBe("55% of 20 to 24 giving a view (20 to 24 responses)");

    const run = await getRun(lead, before.id);
    const file = csvRows(resultsCsv(run, await runResults(lead, run, { withWritten: false })));
    expect(file.filter((row) => row[0] === "1")).toEqual([["1", "Carrying a knife is against the law", CORE_ITEM_ANSWER, "", "20"]]);
    expect(file.filter((row) => row[0] === "2").map((row) => row.slice(2))).toEqual([[CORE_ITEM_ANSWER, "", "20"]]);
    // With only the number answering, the report of this run alone pins nothing.
    expect(
      pinnedCounts([{ answering: 20, givingView: 20, agreeing: 11 }], lineOf({ answering: 20, givingView: 20, agreeing: 11 }), { ownLines: false }),
    ).toEqual([]);
  });

  it("gives no survey's share that, set against a locality's share over it and another, pins a count of 1 to 4 (decision 0154)", async () => {
    // 0153's open case, in one locality: a survey of 10 where 4 agree that carrying a knife is against the
    // law, and one of 20 where all 17 giving a view agree and 3 are not sure. The board report gives
    // "80% of 25 to 29" over both. With each survey's own share in its file ("withheld: could be 1 to 4" and
    // "100% of 15 to 19"), the report less the second survey left the first's number agreeing one value: 4.
    const localAuthority = `Pool ${Math.random().toString(36).slice(2, 8)}`;
    const place = await locality("Pool", localAuthority);
    const knifeCrime = (await topic("Knife crime")).id;
    const [small, large] = [await school(place.id, 300, { localAuthority }), await school(place.id, 300, { localAuthority })];
    const smallBooking = await booking((await deliveryAt(knifeCrime, "2025-11-19", "10:00")).id, small.id, "DELIVERED", { 9: 30 });
    const largeBooking = await booking((await deliveryAt(knifeCrime, "2025-11-20", "10:00")).id, large.id, "DELIVERED", { 9: 30 });
    const runIds = [
      (await surveyRun(await surveyTemplate("BEFORE"), small.id, YEAR, [...repeat(4, { law: 4 }), ...repeat(6, { law: 2 })], smallBooking.id)).id,
      (await surveyRun(await surveyTemplate("BEFORE"), large.id, YEAR, [...repeat(17, { law: 4 }), ...repeat(3, { law: 0 })], largeBooking.id)).id,
    ];
    await surveyRun(await surveyTemplate("AFTER"), small.id, YEAR, repeat(10, { law: 5 }), smallBooking.id);
    await surveyRun(await surveyTemplate("AFTER"), large.id, YEAR, repeat(20, { law: 5 }), largeBooking.id);
    const filters: ReachFilters = { year: YEAR, term: null, localAuthority, localityId: null, schoolType: null, topicId: null };
    const dashboard = await getReachDashboard(lead, filters, new Date("2026-11-30T12:00:00Z"));
    const law = publishedCoreItem(dashboard.coreItems.find((item) => item.coreKey === "law")!);
    expect(describePublishedShare(law.before)).toBe("80% of 25 to 29 giving a view (30 to 34 responses)");
    const pool = JSON.stringify(law.before);

    // Each file gives the number answering the item, and nothing else of it.
    for (const runId of runIds) {
      const run = await getRun(lead, runId);
      const lawRows = csvRows(resultsCsv(run, await runResults(lead, run, { withWritten: false }))).filter((row) => row[0] === "1");
      expect(lawRows.map((row) => row.slice(2, 4))).toEqual([[CORE_ITEM_ANSWER, ""]]);
    }
    const runs = [
      { answering: 10, givingView: 10, agreeing: 4 },
      { answering: 20, givingView: 17, agreeing: 17 },
    ];
    expect(pool).toBe(lineOf({ answering: 30, givingView: 27, agreeing: 21 }));
    // With the files as they were, the reader pinned the 4; with the files as they are, nothing.
    expect(pinnedCounts(runs, pool, { ownLines: true })).toEqual(["run 1: agreeing is 4"]);
    expect(pinnedCounts(runs, pool, { ownLines: false })).toEqual([]);
  });
});

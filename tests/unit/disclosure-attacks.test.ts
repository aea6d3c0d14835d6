import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/auth/actor";
import { engine, prisma } from "~/db.server";
import { RESULTS_STEP } from "~/models/disclosure";
import { newBrowserToken, submitResponse } from "~/models/survey-responses.server";
import { bookingComparison, resultsCsv, runResults } from "~/models/survey-results.server";
import { getRun, openRun } from "~/models/survey-runs.server";
import { publishedRange, setFootprint, smallGroupsRecovered, suppressedCountsPinned, suppressedCountsRecovered, type Shown } from "./disclosure-attacker";
import { surveyViews, type Answer, type KnownRun } from "./disclosure-views";
import { createUser } from "./factories";
import { localitiesCsvRows, schoolsCsvRows } from "~/models/reach-export.server";
import type { Term } from "~/lib/academic-year";
import type { ReachFilters } from "~/models/reach-rules";
import { booking, deliveryAt, locality, repeat, school, surveyRun, surveyTemplate, topic } from "./reach-factories";
import { schoolsWithSmallParts } from "~/models/reach-small-cells.server";
import { getBoardReport, publishedCoreItem } from "~/models/reach-report.server";
import { describePublishedShare } from "~/models/reach-rules";
import { getReachDashboard } from "~/models/reach.server";
import { londonDayStart } from "~/lib/dates";
import { classNameKey } from "~/models/mvp-reach-rules";
import { SCHOOL_YEAR_GROUPS } from "~/lib/year-groups";
import { createSurveyTemplate } from "./survey-factories";

type Template = Awaited<ReturnType<typeof createSurveyTemplate>>;
let templates: Record<"BEFORE" | "AFTER", Template>;
let lead: Actor;
const YEAR = 2025;

beforeAll(async () => {
  templates = { BEFORE: await createSurveyTemplate("BEFORE", { freeTextEnabled: true }), AFTER: await createSurveyTemplate("AFTER") };
  lead = await createUser({ role: "VRN_LEAD" });
});

function answersFor(template: Template, answer: Answer, text?: string) {
  const [law, knife, yesNo, freeText] = template.questions;
  return [
    { questionId: law!.id, value: answer.law, text: null },
    { questionId: knife!.id, value: answer.knife, text: null },
    { questionId: yesNo!.id, value: 1, text: null },
    ...(text ? [{ questionId: freeText!.id, value: null, text }] : []),
  ];
}

/** A locality with schools, each with a teacher, and one booking per school on one delivery of one topic. */
async function area(schools: number) {
  const place = await locality("Attack");
  const subject = await topic("Knife crime");
  const delivery = await deliveryAt(subject.id, "2025-10-15", "10:00");
  const people = [];
  for (let i = 0; i < schools; i++) {
    const s = await school(place.id, 300);
    const teacher = await createUser({ role: "TEACHER", schoolId: s.id });
    const b = await booking(delivery.id, s.id, "CONFIRMED");
    people.push({ school: s, teacher, booking: b });
  }
  return { place, subject, people };
}

/**
 * When pupils answer a run: a survey for before the session of `area` (15 October 2025) the day before it,
 * since one takes no answers once its session is under way (decision 0131); any other, now.
 */
const answeredAt = (phase: "BEFORE" | "AFTER") => (phase === "BEFORE" ? new Date("2025-10-14T12:00:00Z") : new Date());

async function openKnownRun(teacher: Actor, bookingId: string, schoolId: string, phase: "BEFORE" | "AFTER"): Promise<KnownRun> {
  const opened = await openRun(teacher, { bookingId }, { templateId: templates[phase].id, sharedDevices: false }, answeredAt(phase));
  if (!opened.ok) throw new Error(opened.message);
  return { id: opened.id, bookingId, schoolId, phase, responses: [], counted: new Set() };
}

/** One pupil answers through the real path; the test keeps which response is theirs, in order, and which the results should count. */
async function answer(run: KnownRun, given: Answer, text?: string) {
  const result = await submitResponse(run.id, newBrowserToken(), answersFor(templates[run.phase], given, text), answeredAt(run.phase));
  if (!result.ok) throw new Error("not accepted");
  const known = new Set(run.responses.map((r) => r.id));
  const rows = await prisma.surveyResponse.findMany({ where: { runId: run.id }, select: { id: true } });
  run.responses.push({ id: rows.find((r) => !known.has(r.id))!.id, answer: given });
  // Whole steps of five, earliest first: worked out here from the order pupils answered, not read back.
  run.counted = new Set(run.responses.slice(0, Math.floor(run.responses.length / RESULTS_STEP) * RESULTS_STEP).map((r) => r.id));
}

const describeFindings = (findings: { what: string; from: string[] }[]) => findings.map((f) => `${f.what} from ${f.from.join(" ")}`);

describe("the attacker", () => {
  // The three leaks of the old design, as the figures it showed: the attacker must find each.
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const figure = (where: string, parts: string[]): Shown => ({ where, footprint: setFootprint(parts), low: 0, high: 0 });

  it("finds four pupils' answers taken from a booking's comparison", () => {
    const run1 = figure("run 1", ids("a", 10));
    const comparison = figure("before, both runs", [...ids("a", 10), ...ids("b", 4)]);
    expect(smallGroupsRecovered([run1, comparison], 10)).toHaveLength(1);
  });

  it("finds one pupil's answers from the results before and after they answered", () => {
    expect(smallGroupsRecovered([figure("10 answers", ids("a", 10)), figure("11 answers", ids("a", 11))], RESULTS_STEP)).toHaveLength(1);
  });

  it('finds a "<5" given back by a total, and not one that rounding to fives keeps hidden', () => {
    const cell = (where: string, parts: string[], low: number, high: number, suppressed = false): Shown => ({
      where,
      footprint: setFootprint(parts),
      low,
      high,
      suppressed,
    });
    const exact = [cell("locality", ["s1", "s2"], 12, 12), cell("school 1", ["s1"], 9, 9), cell("school 2", ["s2"], 1, 4, true)];
    expect(suppressedCountsRecovered(exact)).not.toHaveLength(0);
    // Rounded to the nearest five instead: a locality of 8 shown as 10 and two schools of 4 shown as "<5".
    const nearest = [cell("locality", ["s1", "s2"], 8, 12), cell("school 1", ["s1"], 1, 4, true), cell("school 2", ["s2"], 1, 4, true)];
    expect(suppressedCountsRecovered(nearest)).not.toHaveLength(0);
    // Rounded down, as published: the locality's 8 is shown as 5, meaning 5 to 9.
    const down = [cell("locality", ["s1", "s2"], 5, 9), cell("school 1", ["s1"], 1, 4, true), cell("school 2", ["s2"], 1, 4, true)];
    expect(suppressedCountsRecovered(down)).toHaveLength(0);
  });
});

describe("the fixed examples", () => {
  it("a booking's comparison leaves out a run of 4 that would be recoverable beside a run of 10", async () => {
    const { people } = await area(1);
    const { teacher, booking: b, school: s } = people[0]!;
    const run1 = await openKnownRun(teacher, b.id, s.id, "BEFORE");
    const run2 = await openKnownRun(teacher, b.id, s.id, "BEFORE");
    const after = await openKnownRun(teacher, b.id, s.id, "AFTER");
    for (let i = 0; i < 10; i++) await answer(run1, { law: 4, knife: 2 });
    for (let i = 0; i < 4; i++) await answer(run2, { law: 1, knife: 1 });
    for (let i = 0; i < 10; i++) await answer(after, { law: 5, knife: 1 });
    const { comparison } = await bookingComparison(teacher, b.id);
    expect(comparison).toMatchObject({ beforeResponses: 10, runsLeftOut: 1 });
    expect(comparison.rows.find((r) => r.coreKey === "law")?.before).toMatchObject({ shareAgreeing: 1, meanScore: 4 });
    const views = await surveyViews(teacher, [run1, run2, after], "now", null);
    expect(describeFindings(smallGroupsRecovered(views, 10))).toEqual([]);
  });

  it("a results CSV downloaded before and after one more pupil answers is the same", async () => {
    const { people } = await area(1);
    const { teacher, booking: b, school: s } = people[0]!;
    const run = await openKnownRun(teacher, b.id, s.id, "BEFORE");
    for (let i = 0; i < 10; i++) await answer(run, { law: 4, knife: 2 });
    const csv = async () => {
      const detail = await getRun(teacher, run.id);
      return resultsCsv(detail, await runResults(teacher, detail)).replace(/^Responses \(as published.*$/m, "");
    };
    const before = await csv();
    await answer(run, { law: 2, knife: 5 });
    expect(await csv()).toBe(before);
    expect(before).toContain(`Results update after every ${RESULTS_STEP} responses`);
    for (let i = 0; i < RESULTS_STEP - 2; i++) await answer(run, { law: 2, knife: 5 });
    expect(await csv()).toBe(before);
    await answer(run, { law: 2, knife: 5 });
    expect(await csv()).not.toBe(before);
  });

  it("a run's results seen after each pupil answers never give back fewer than 10 pupils between two views", async () => {
    // A teacher watching live while a class answers table by table: with steps of 5, the results at 10 and
    // at 15 gave the answers of the five pupils between them, a group under the threshold of 10.
    const { people } = await area(1);
    const { teacher, booking: b, school: s } = people[0]!;
    const run = await openKnownRun(teacher, b.id, s.id, "BEFORE");
    const views: Shown[] = [];
    for (let i = 0; i < 25; i++) {
      await answer(run, { law: 1 + (i % 5), knife: 1 + ((i * 3) % 5) });
      views.push(...(await surveyViews(teacher, [run], `after ${i + 1} answers`, null)));
    }
    expect(describeFindings(smallGroupsRecovered(views, 10))).toEqual([]);
  });

  it("responses carry random ids, answers their response's, and written answers are not listed in the order pupils sent them", async () => {
    const { people } = await area(1);
    const { teacher, booking: b, school: s } = people[0]!;
    const run = await openKnownRun(teacher, b.id, s.id, "BEFORE");
    const texts = Array.from({ length: 12 }, (_, i) => `Written answer ${i}`);
    for (const text of texts) await answer(run, { law: 3, knife: 3 }, text);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const answers = await prisma.surveyAnswer.findMany({ where: { runId: run.id }, select: { id: true, responseId: true } });
    // An answer's id is its response's and its place among that response's answer rows: nothing of when.
    for (const a of answers) {
      expect(a.responseId).toMatch(uuid);
      expect(a.id).toMatch(new RegExp(`^${a.responseId}:\\d+$`));
    }
    const places = new Map<string, number[]>();
    for (const a of answers) places.set(a.responseId, [...(places.get(a.responseId) ?? []), Number(a.id.split(":")[1])]);
    expect(places.size).toBe(texts.length);
    for (const numbers of places.values()) expect(numbers.sort((x, y) => x - y)).toEqual(numbers.map((_, i) => i));
    // Nor do SQLite's tables keep the order: no hidden row number; rows are kept in the order of their random
    // ids. (PostgreSQL has no such table option; there the app never reads in storage order: see below.)
    if (engine === "sqlite") {
      for (const table of ["SurveyResponse", "SurveyAnswer"]) {
        await expect(prisma.$queryRawUnsafe(`SELECT rowid FROM "${table}" LIMIT 1`)).rejects.toThrow(/rowid/);
      }
      const tables = await prisma.$queryRawUnsafe<{ sql: string }[]>(`SELECT sql FROM sqlite_master WHERE name IN ('SurveyResponse', 'SurveyAnswer')`);
      expect(tables.map((t) => t.sql.trim().endsWith("WITHOUT ROWID"))).toEqual([true, true]);
    }
    const listed = async () => (await runResults(lead, await getRun(lead, run.id))).written?.[0]?.answers;
    const first = await listed();
    expect([...first!].sort()).toEqual([...texts].sort());
    expect(first).not.toEqual(texts);
    expect(await listed()).toEqual(first);
  });
});

const answerArbitrary = fc.record({ law: fc.integer({ min: 1, max: 5 }), knife: fc.integer({ min: 0, max: 5 }) });
const runArbitrary = fc.record({ phase: fc.constantFrom("BEFORE" as const, "AFTER" as const), answers: fc.array(answerArbitrary, { maxLength: 14 }) });
const scenarioArbitrary = fc.record({
  schools: fc.integer({ min: 1, max: 2 }),
  runs: fc.array(runArbitrary, { minLength: 1, maxLength: 4 }),
  latePupil: fc.record({ run: fc.nat(), answer: answerArbitrary }),
});

describe("an attacker with every survey figure one person sees", () => {
  it("never gets back a group of fewer than 10 pupils at one time, nor from one moment to the next", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        const { place, subject, people } = await area(scenario.schools);
        const runs: KnownRun[] = [];
        for (const [i, planned] of scenario.runs.entries()) {
          const { teacher, booking: b, school: s } = people[i % people.length]!;
          const run = await openKnownRun(teacher, b.id, s.id, planned.phase);
          for (const given of planned.answers) await answer(run, given);
          runs.push(run);
        }
        const lateRun = runs[scenario.latePupil.run % runs.length]!;
        const leadScope = { topicId: subject.id, year: YEAR, localityId: place.id };
        const viewers = [
          ...people.map((p) => ({ actor: p.teacher as Actor, runs: runs.filter((r) => r.schoolId === p.school.id), lead: null })),
          { actor: lead, runs, lead: leadScope },
        ];
        const earlier = await Promise.all(viewers.map((v) => surveyViews(v.actor, v.runs, "before one more pupil", v.lead)));
        await answer(lateRun, scenario.latePupil.answer);
        const later = await Promise.all(viewers.map((v) => surveyViews(v.actor, v.runs, "after", v.lead)));
        for (const [i] of viewers.entries()) {
          expect(describeFindings(smallGroupsRecovered(earlier[i]!, 10))).toEqual([]);
          expect(describeFindings(smallGroupsRecovered(later[i]!, 10))).toEqual([]);
          expect(describeFindings(smallGroupsRecovered([...earlier[i]!, ...later[i]!], 10))).toEqual([]);
        }
      }),
      { numRuns: 5 },
    );
  }, 60_000);
});

const TERMS: { term: Term; date: string }[] = [
  { term: "autumn", date: "2025-10-15" },
  { term: "spring", date: "2026-02-10" },
  { term: "summer", date: "2026-06-10" },
];

async function collect<T>(rows: AsyncGenerator<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

describe("the localities file for publication", () => {
  const filtersFor = (localAuthority: string, overrides: Partial<ReachFilters> = {}): ReachFilters => ({
    year: YEAR,
    term: null,
    localAuthority,
    localityId: null,
    schoolType: null,
    topicId: null,
    ...overrides,
  });
  const pupilsIn = async (filters: ReachFilters, row: string) => {
    const rows = await collect(localitiesCsvRows(lead, filters, true));
    return rows.find((r) => r[0] === row)?.[(rows[0] as string[]).indexOf("Pupils reached by sessions")];
  };

  it('withholds the "No locality" row as it does any locality\'s', async () => {
    // Two schools the GIAS import left without a locality: 6 and 4 pupils. "<5" in the schools file, and
    // the row's 10 less a teacher's own 6 would give the 4 back.
    const localAuthority = `Unmapped ${Math.random().toString(36).slice(2, 8)}`;
    const subject = await topic("Knife crime");
    const delivery = await deliveryAt(subject.id, "2025-10-15", "10:00");
    for (const pupils of [6, 4]) await booking(delivery.id, (await school(null, 300, { localAuthority })).id, "DELIVERED", { 8: pupils });
    expect(await pupilsIn(filtersFor(localAuthority), "No locality")).toBe("withheld");
  });

  it("withholds a locality's count in every file when a school has 1 to 4 in one topic, though not in the file at hand", async () => {
    // Topic Y's file less the all-topics file would leave the school's 3 in topic X.
    const localAuthority = `Split ${Math.random().toString(36).slice(2, 8)}`;
    const place = await locality("Topics", localAuthority);
    const [x, y] = [await topic("Knife crime"), await topic("County lines")];
    const [onX, onY] = [await deliveryAt(x.id, "2025-10-15", "10:00"), await deliveryAt(y.id, "2025-10-16", "10:00")];
    const [first, second] = [await school(place.id, 300, { localAuthority }), await school(place.id, 300, { localAuthority })];
    await booking(onX.id, first.id, "DELIVERED", { 8: 10 });
    await booking(onY.id, first.id, "DELIVERED", { 8: 10 });
    await booking(onX.id, second.id, "DELIVERED", { 8: 3 });
    await booking(onY.id, second.id, "DELIVERED", { 8: 12 });
    for (const topicId of [null, x.id, y.id]) expect(await pupilsIn(filtersFor(localAuthority, { topicId }), place.name)).toBe("withheld");
    // Exact inside the VRN, as before.
    const exact = await collect(localitiesCsvRows(lead, filtersFor(localAuthority), false));
    expect(exact.find((r) => r[0] === place.name)?.[(exact[0] as string[]).indexOf("Pupils reached by sessions")]).toBe(35);
  });
});

describe("the board report", () => {
  it("shows counts as published files do: '<5', rounded down to fives, a locality withheld, no share of the roll", async () => {
    // One locality: a school of 6 pupils and one of 3 (with 2 mentors trained). Exact, the report gave
    // "9" for the locality and "2" mentors: with a teacher's own 6, the neighbour's 3 in full.
    const localAuthority = `Board ${Math.random().toString(36).slice(2, 8)}`;
    const place = await locality("Board", localAuthority);
    const subject = await topic("Knife crime");
    const delivery = await deliveryAt(subject.id, "2025-10-15", "10:00");
    const [big, small] = [await school(place.id, 300, { localAuthority }), await school(place.id, 200, { localAuthority })];
    await booking(delivery.id, big.id, "DELIVERED", { 8: 6 });
    await booking(delivery.id, small.id, "DELIVERED", { 9: 3 });
    const filters: ReachFilters = { year: YEAR, term: null, localAuthority, localityId: null, schoolType: null, topicId: null };

    const now = new Date("2026-11-30T12:00:00Z");
    const report = await getBoardReport(lead, filters, now);
    expect(report.localities.find((l) => l.name === place.name)).toMatchObject({ pupils: "withheld", rollShare: null });
    // Narrowed to this one locality, the report's totals are the locality's: withheld there too, and in
    // every breakdown of them; its sessions with them, each having recorded a pupil (decision 0165).
    expect(report.headline).toMatchObject({ pupils: "withheld", deliveries: "withheld", schoolsReached: 2, rollShare: null });
    // A withheld year-group table lists every year group, so which had pupils says nothing (decision 0117).
    expect(report.yearGroups.map((y) => y.pupils)).toEqual(SCHOOL_YEAR_GROUPS.map(() => "withheld"));
    expect(report.months.find((m) => m.label.startsWith("October"))?.pupils).toBe("withheld");
    // Over the whole area, totals are published forms: "<5", rounded down to fives, or withheld where only a
    // few schools reached pupils and one of them a few (decision 0165); never the exact 9 or its neighbours.
    const area = await getBoardReport(lead, { ...filters, localAuthority: null }, now);
    const { pupils } = area.headline;
    expect(pupils === "<5" || pupils === "withheld" || (typeof pupils === "number" && pupils % 5 === 0)).toBe(true);
    // The dashboard, inside the VRN, keeps the exact figures.
    expect((await getReachDashboard(lead, filters, now)).headline.pupils).toBe(9);
  });
});

describe("the board report's core survey items", () => {
  it("give the published forms of their counts of responses, never exact ones, and no share that could show 1 to 4 pupils", async () => {
    // 20 pupils before a session, 3 of them "not sure": exact, "82% of 17 giving a view (20 responses)", with 3 not agreeing.
    const localAuthority = `Core ${Math.random().toString(36).slice(2, 8)}`;
    const place = await locality("Core", localAuthority);
    const subject = await topic("Knife crime");
    const delivery = await deliveryAt(subject.id, "2025-10-15", "10:00");
    const taught = await school(place.id, 300, { localAuthority });
    const b = await booking(delivery.id, taught.id, "DELIVERED", { 8: 30 });
    const template = await surveyTemplate("BEFORE");
    await surveyRun(template, taught.id, YEAR, [...repeat(6, { law: 4 }), ...repeat(3, { law: 2 }), ...repeat(3, { law: 0 }), ...repeat(8, { law: 5 })], b.id);
    // And 10 after it, so the booking's "before" is set beside its own "after" (decision 0136).
    await surveyRun(await surveyTemplate("AFTER"), taught.id, YEAR, repeat(10, { law: 5 }), b.id);
    const filters: ReachFilters = { year: YEAR, term: null, localAuthority, localityId: null, schoolType: null, topicId: null };
    const now = new Date("2026-11-30T12:00:00Z");
    const exact = (await getReachDashboard(lead, filters, now)).coreItems.find((i) => i.coreKey === "law")!;
    expect(exact.before).toMatchObject({ responses: 20, counted: 17 });
    const law = publishedCoreItem(exact);
    // A report of one area gives no core items (decision 0155); the rule is the one a whole year's report follows.
    expect((await getBoardReport(lead, filters, now)).coreItems).toMatchObject({ shown: false, why: "narrowed" });
    // Printed as it was ("82% of 15"), only 14 of 17 fits it (decision 0124); rounded, 80% of 15 to 19 fits 3 not agreeing.
    expect(law.before).toEqual({ responses: 20, share: { withheld: "1 to 4 on one side", base: 15 } });
    expect(describePublishedShare(law.before)).toBe(
      "Withheld: the share could show 1 to 4 pupils agreeing or not agreeing (15 to 19 giving a view, 20 to 24 responses)",
    );
    expect(describePublishedShare({ responses: 5, share: null })).toBe("Fewer than 10 responses");
  });
});

describe("the parts a year's files can be combined into", () => {
  it("find a school's small count in one topic's survey responses and in one term's mentor-led lessons", async () => {
    const localAuthority = `Parts ${Math.random().toString(36).slice(2, 8)}`;
    const place = await locality("Parts", localAuthority);
    const [x, y] = [await topic("Knife crime"), await topic("County lines")];
    const [onX, onY] = [await deliveryAt(x.id, "2025-10-15", "10:00"), await deliveryAt(y.id, "2025-10-16", "10:00")];
    const [surveyed, mentoring, neither] = [
      await school(place.id, 300, { localAuthority }),
      await school(place.id, 300, { localAuthority }),
      await school(place.id, 300, { localAuthority }),
    ];
    // 3 responses after topic X and 12 after topic Y: 15 in the year, 3 in topic X's file.
    const template = await surveyTemplate("AFTER");
    await surveyRun(template, surveyed.id, YEAR, repeat(3, { law: 4 }), (await booking(onX.id, surveyed.id, "DELIVERED", { 8: 30 })).id);
    await surveyRun(template, surveyed.id, YEAR, repeat(12, { law: 4 }), (await booking(onY.id, surveyed.id, "DELIVERED", { 8: 30 })).id);
    // A class of 3 in the autumn and one of 20 in the spring: 23 in the year, 3 in the autumn's file.
    const lesson = (className: string, pupilsPresent: number, date: string) =>
      prisma.mentorLesson.create({
        data: {
          schoolId: mentoring.id,
          academicYear: YEAR,
          deliveredOn: londonDayStart(date),
          className,
          classKey: classNameKey(className),
          yearGroup: 8,
          pupilsPresent,
          topic: "Bystanders",
        },
      });
    await lesson("8A", 3, "2025-10-01");
    await lesson("8B", 20, "2026-02-01");
    await booking(onX.id, neither.id, "DELIVERED", { 8: 30 });

    const parts = await schoolsWithSmallParts({ localAuthority, localityId: null, schoolType: null, topicId: null, schoolId: null }, YEAR);
    expect(parts.surveyResponses).toEqual(new Set([surveyed.id]));
    expect(parts.mvpPupils).toEqual(new Set([mentoring.id]));
    expect(parts.pupils).toEqual(new Set());
    expect(parts.mentorsTrained).toEqual(new Set());
  });

  it("add up a term's months of one topic: 2 and 2 pupils are a part of 4, 3 and 3 one of 6, and 3 in the autumn and 3 in the spring two parts of 3", async () => {
    const localAuthority = `Months ${Math.random().toString(36).slice(2, 8)}`;
    const place = await locality("Months", localAuthority);
    const x = await topic("Knife crime");
    const [october, november, february] = [
      await deliveryAt(x.id, "2025-10-15", "10:00"),
      await deliveryAt(x.id, "2025-11-12", "10:00"),
      await deliveryAt(x.id, "2026-02-11", "10:00"),
    ];
    const [fours, sixes, split] = [
      await school(place.id, 300, { localAuthority }),
      await school(place.id, 300, { localAuthority }),
      await school(place.id, 300, { localAuthority }),
    ];
    const sessions = [
      [fours, october, 2],
      [fours, november, 2],
      [sixes, october, 3],
      [sixes, november, 3],
      [split, october, 3],
      [split, february, 3],
    ] as const;
    for (const [taking, delivery, pupils] of sessions) await booking(delivery.id, taking.id, "DELIVERED", { 8: pupils });

    const parts = await schoolsWithSmallParts({ localAuthority, localityId: null, schoolType: null, topicId: null, schoolId: null }, YEAR);
    expect(parts.pupils).toEqual(new Set([fours.id, split.id]));
  });
});

describe("an attacker with every file published for an area", () => {
  it('never gets a "<5" back from the year and term files, school and locality tables together, even knowing one school\'s exact counts', async () => {
    const pupils = fc.array(fc.array(fc.integer({ min: 0, max: 14 }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(pupils, async (bySchool) => {
        const place = await locality("Published");
        const subject = await topic("Knife crime");
        const deliveries = await Promise.all(TERMS.map((t) => deliveryAt(subject.id, t.date, "10:00")));
        const schools: { id: string; urn: string; counts: number[] }[] = [];
        for (const counts of bySchool) {
          const s = await school(place.id, 1000);
          for (const [i, n] of counts.entries()) if (n > 0) await booking(deliveries[i]!.id, s.id, "DELIVERED", { 8: n });
          schools.push({ id: s.id, urn: s.urn, counts });
        }
        const figures: Shown[] = [];
        for (const period of [null, ...TERMS.map((t) => t.term)]) {
          const filters: ReachFilters = { year: YEAR, term: period, localAuthority: null, localityId: place.id, schoolType: null, topicId: null };
          const terms = TERMS.map((t, i) => ({ ...t, i })).filter((t) => period === null || t.term === period);
          const cells = (s: (typeof schools)[number]) => terms.map((t) => `${s.id}:${t.term}`);
          const truth = (s: (typeof schools)[number]) => terms.reduce((sum, t) => sum + s.counts[t.i]!, 0);
          const schoolRows = await collect(schoolsCsvRows(lead, filters, true));
          const column = (schoolRows[0] as string[]).indexOf("Pupils reached by sessions");
          for (const s of schools) {
            const row = schoolRows.find((r) => r[1] === s.urn)!;
            const shown = publishedRange(row[column]);
            if (!shown) {
              // Withheld only where it adds a term of 1 to 4 to another that is not 0 (decision 0117).
              const parts = terms.map((t) => s.counts[t.i]!);
              expect(parts.some((n) => n >= 1 && n <= 4) && parts.filter((n) => n > 0).length > 1).toBe(true);
              continue;
            }
            expect(truth(s)).toBeGreaterThanOrEqual(shown.low);
            expect(truth(s)).toBeLessThanOrEqual(shown.high);
            figures.push({ where: `school ${s.urn}, ${period ?? "year"}`, footprint: setFootprint(cells(s)), ...shown });
          }
          // The reader is a teacher at the first school, who knows its own counts exactly.
          const own = schools[0]!;
          figures.push({ where: `own school, ${period ?? "year"}`, footprint: setFootprint(cells(own)), low: truth(own), high: truth(own), suppressed: false });
          const localityRows = await collect(localitiesCsvRows(lead, filters, true));
          const localityColumn = (localityRows[0] as string[]).indexOf("Pupils reached by sessions");
          const shown = publishedRange(localityRows.find((r) => r[0] === place.name)![localityColumn]);
          const total = schools.reduce((sum, s) => sum + truth(s), 0);
          if (shown) {
            expect(total).toBeGreaterThanOrEqual(shown.low);
            expect(total).toBeLessThanOrEqual(shown.high);
            figures.push({ where: `locality, ${period ?? "year"}`, footprint: setFootprint(schools.flatMap(cells)), ...shown });
          } else {
            // Withheld only for a reason: a school with 1 to 4 here, or in one of the year's terms, which
            // this file less the others could give back (decision 0109).
            const small = (n: number) => n >= 1 && n <= 4;
            expect(schools.some((s) => small(truth(s)) || s.counts.some(small))).toBe(true);
          }
        }
        // A teacher learning their own school's count is no disclosure.
        const others = [...suppressedCountsRecovered(figures), ...suppressedCountsPinned(figures)].filter(
          (finding) => !finding.what.startsWith(`school ${schools[0]!.urn},`),
        );
        expect(describeFindings(others)).toEqual([]);
      }),
      // First, the cases found by hand: a teacher at a school of 6 (or 7) whose locality total, less their
      // own count, gave a neighbour's "<5" back exactly; and one whose year and spring totals, less their
      // own, narrowed a neighbour's year to 18 or 19 and its spring to 14, leaving its autumn "<5" as 4.
      {
        numRuns: 8,
        examples: [
          [
            [
              [8, 11, 3],
              [4, 14, 0],
            ],
          ],
          [
            [
              [6, 0, 0],
              [4, 0, 0],
            ],
          ],
          [
            [
              [7, 0, 0],
              [4, 0, 0],
              [0, 0, 0],
            ],
          ],
        ],
      },
    );
  }, 60_000);
});

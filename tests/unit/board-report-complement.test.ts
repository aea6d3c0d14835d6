/**
 * The board report of the whole area over many schools, less reports narrowed to the schools around a
 * small part (decision 0193). Each narrowed report is shown where none of its own schools has a small part,
 * so the whole area's figure less those reports is the figure of the schools they leave out: a few schools',
 * with a small part among them, which no single report or file shows.
 * This file has its own database, so "the whole area" is the schools made here.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/auth/actor";
import { FEW_SCHOOLS, WITHHELD } from "~/models/disclosure";
import type { ShownCount } from "~/models/reach.server";
import { localitiesCsvRows, schoolsCsvRows } from "~/models/reach-export.server";
import { getBoardReport } from "~/models/reach-report.server";
import { createUser } from "./factories";
import { booking, deliveryAt, locality, school, topic, wholeArea } from "./reach-factories";

/** Many secondary schools of 30 pupils; the reader's special school (8 pupils); a pupil referral unit's 1 pupil. */
const TYPE_YEAR = 2025;
/** Many secondary schools of 30 pupils in Leicester and Leicestershire; four schools of Rutland with 1 pupil each. */
const AUTHORITY_YEAR = 2023;
/** Many secondary schools, and as many special schools, one with 1 pupil: what the schools left out are many. */
const MANY_LEFT_YEAR = 2021;
/**
 * Many secondary schools of 30 pupils, the reader's special school (8) and a pupil referral unit (1) in October
 * on one topic; ten other units of 12 pupils in November on another, so that the headline's schools left out are many.
 */
const ROW_YEAR = 2019;
/** Ten secondary schools of 30 pupils with no locality; the reader's (8) and a neighbour (1) in a locality. */
const LOCALITY_YEAR = 2017;
/**
 * The year before one under way: eleven secondary schools (30 each), the reader's special school (8) and a
 * pupil referral unit (1) in its first weeks, ten other units (12 each) in January; the year under way has begun.
 */
const WINDOW_YEAR = 2015;

/** The range of values a published count stands for ("<5" is 1 to 4, 35 is 35 to 39). */
function range(shown: ShownCount): [number, number] {
  if (shown === WITHHELD) throw new Error("withheld");
  if (shown === "<5") return [1, 4];
  return shown === 0 ? [0, 0] : [Number(shown), Number(shown) + 4];
}

/** The values the whole area's count less the narrowed ones' allows for what they leave out, less what the reader knows. */
function leftOut(whole: ShownCount, narrowed: ShownCount[], known = 0): [number, number] {
  const [low, high] = range(whole);
  const parts = narrowed.map(range);
  return [low - parts.reduce((sum, [, top]) => sum + top, 0) - known, high - parts.reduce((sum, [bottom]) => sum + bottom, 0) - known];
}

async function schoolsFileCell(year: number, urn: string, column: string) {
  const rows: (readonly unknown[])[] = [];
  for await (const row of schoolsCsvRows(lead, wholeArea(year), true)) rows.push(row);
  const [header, ...rest] = rows;
  return rest.find((row) => row[1] === urn)?.[header!.indexOf(column)];
}

let lead: Actor;
let pru: { id: string; urn: string };
let neighbour: { id: string; urn: string };
let rutland: { id: string; urn: string }[];

beforeAll(async () => {
  lead = await createUser({ role: "VRN_LEAD" });
  const knifeCrime = await topic("Knife crime");
  const secondary = [];
  for (let i = 0; i < FEW_SCHOOLS + 1; i++) secondary.push(await school(null, 900, { localAuthority: i % 2 ? "Leicester" : "Leicestershire" }));
  for (const year of [TYPE_YEAR, AUTHORITY_YEAR, MANY_LEFT_YEAR]) {
    const session = await deliveryAt(knifeCrime.id, `${year}-10-15`, "10:00");
    for (const s of secondary) await booking(session.id, s.id, "DELIVERED", { 9: 30 });
  }
  const own = await school(null, 120, { type: "SPECIAL", localAuthority: "Leicester" });
  pru = await school(null, 40, { type: "PRU_AP", localAuthority: "Leicester" });
  const typeSession = await deliveryAt(knifeCrime.id, `${TYPE_YEAR}-11-12`, "10:00");
  await booking(typeSession.id, own.id, "DELIVERED", { 9: 8 });
  await booking(typeSession.id, pru.id, "DELIVERED", { 9: 1 });
  rutland = [];
  for (let i = 0; i < 4; i++) rutland.push(await school(null, 700, { localAuthority: "Rutland" }));
  const rutlandSession = await deliveryAt(knifeCrime.id, `${AUTHORITY_YEAR}-11-12`, "10:00");
  for (const s of rutland) await booking(rutlandSession.id, s.id, "DELIVERED", { 9: 1 });
  const special = [pru];
  for (let i = 0; i < FEW_SCHOOLS; i++) special.push(await school(null, 120, { type: "PRU_AP", localAuthority: "Leicester" }));
  const manySession = await deliveryAt(knifeCrime.id, `${MANY_LEFT_YEAR}-11-12`, "10:00");
  for (const [i, s] of special.entries()) await booking(manySession.id, s.id, "DELIVERED", { 9: i === 0 ? 1 : 10 });
  const october = await deliveryAt(knifeCrime.id, `${ROW_YEAR}-10-15`, "10:00");
  for (const s of secondary) await booking(october.id, s.id, "DELIVERED", { 9: 30 });
  await booking(october.id, own.id, "DELIVERED", { 9: 8 });
  await booking(october.id, pru.id, "DELIVERED", { 9: 1 });
  const november = await deliveryAt((await topic("County lines")).id, `${ROW_YEAR}-11-12`, "10:00");
  for (const s of special.slice(1)) await booking(november.id, s.id, "DELIVERED", { 9: 12 });
  const place = await locality("Charnwood");
  const reader = await school(place.id, 900);
  neighbour = await school(place.id, 900);
  const localitySession = await deliveryAt(knifeCrime.id, `${LOCALITY_YEAR}-10-15`, "10:00");
  for (let i = 0; i < FEW_SCHOOLS; i++) await booking(localitySession.id, (await school(null, 900)).id, "DELIVERED", { 9: 30 });
  await booking(localitySession.id, reader.id, "DELIVERED", { 9: 8 });
  await booking(localitySession.id, neighbour.id, "DELIVERED", { 9: 1 });
  const early = await deliveryAt(knifeCrime.id, `${WINDOW_YEAR}-09-10`, "10:00");
  for (const s of secondary) await booking(early.id, s.id, "DELIVERED", { 9: 30 });
  await booking(early.id, own.id, "DELIVERED", { 9: 8 });
  await booking(early.id, pru.id, "DELIVERED", { 9: 1 });
  const january = await deliveryAt(knifeCrime.id, `${WINDOW_YEAR + 1}-01-14`, "10:00");
  for (const s of special.slice(1)) await booking(january.id, s.id, "DELIVERED", { 9: 12 });
  const underWay = await deliveryAt(knifeCrime.id, `${WINDOW_YEAR + 1}-09-08`, "10:00");
  for (const s of secondary) await booking(underWay.id, s.id, "DELIVERED", { 9: 30 });
});

describe("the whole area's report less reports narrowed around a small part", () => {
  it("does not give a pupil referral unit's 1 pupil back as the whole area less the secondary schools and the reader's own", async () => {
    const [whole, secondaryOnly] = await Promise.all([
      getBoardReport(lead, wholeArea(TYPE_YEAR)),
      getBoardReport(lead, wholeArea(TYPE_YEAR, { schoolType: "SECONDARY" })),
    ]);
    expect(await schoolsFileCell(TYPE_YEAR, pru.urn, "Pupils reached by sessions")).toBe("<5");
    // Shown, 339 as 335 less the secondary schools' 330 (330 to 334) and the reader's own 8 left 1 at most.
    if (whole.headline.pupils !== WITHHELD && secondaryOnly.headline.pupils !== WITHHELD) {
      const [, most] = leftOut(whole.headline.pupils, [secondaryOnly.headline.pupils], 8);
      expect(most, "the pupil referral unit's pupils, pinned").toBeGreaterThan(1);
    }
    expect(whole.headline.pupils).toBe(WITHHELD);
  });

  it("does not give four schools' 1 pupil each back as the whole area less two of its three local authorities", async () => {
    const [whole, city, county] = await Promise.all([
      getBoardReport(lead, wholeArea(AUTHORITY_YEAR)),
      getBoardReport(lead, wholeArea(AUTHORITY_YEAR, { localAuthority: "Leicester" })),
      getBoardReport(lead, wholeArea(AUTHORITY_YEAR, { localAuthority: "Leicestershire" })),
    ]);
    for (const s of rutland) expect(await schoolsFileCell(AUTHORITY_YEAR, s.urn, "Pupils reached by sessions")).toBe("<5");
    // Shown, 334 as 330 less 150 and 180 (each exact) left 4 for four schools of at least 1: each exactly 1.
    if (whole.headline.pupils !== WITHHELD && city.headline.pupils !== WITHHELD && county.headline.pupils !== WITHHELD) {
      const [, most] = leftOut(whole.headline.pupils, [city.headline.pupils, county.headline.pupils]);
      expect(most, "Rutland's four schools' pupils, each pinned at 1").toBeGreaterThan(4);
    }
    expect(whole.headline.pupils).toBe(WITHHELD);
    // The months and year groups add up to the headline, so they go with it.
    expect(new Set(whole.months.map((m) => m.pupils))).toEqual(new Set([WITHHELD]));
  });

  it("does not give a neighbour's 1 pupil back as the whole area less the localities file's schools with no locality and the reader's own", async () => {
    const whole = await getBoardReport(lead, wholeArea(LOCALITY_YEAR));
    const rows: (readonly unknown[])[] = [];
    for await (const row of localitiesCsvRows(lead, wholeArea(LOCALITY_YEAR), true)) rows.push(row);
    const noLocality = rows.find((row) => row[0] === "No locality")?.[rows[0]!.indexOf("Pupils reached by sessions")] as ShownCount;
    expect(noLocality).toBe(300);
    expect(await schoolsFileCell(LOCALITY_YEAR, neighbour.urn, "Pupils reached by sessions")).toBe("<5");
    // Shown, 309 as 305 less the schools with no locality (300 to 304) and the reader's own 8 left 1 at most.
    if (whole.headline.pupils !== WITHHELD) {
      const [, most] = leftOut(whole.headline.pupils, [noLocality], 8);
      expect(most, "the neighbour's pupils, pinned").toBeGreaterThan(1);
    }
    expect(whole.headline.pupils).toBe(WITHHELD);
  });

  it("keeps the headline where the schools the narrowed reports leave out are many", async () => {
    const whole = await getBoardReport(lead, wholeArea(MANY_LEFT_YEAR));
    // 330 and 1 + 10 × 10 = 431, shown as 430: less the secondary schools' 330 it leaves 11 schools' 101 to 104.
    expect(whole.headline.pupils).toBe(430);
  });
});

describe("a row of the whole area's tables less the same row of reports narrowed around a small part", () => {
  it("does not give the unit's 1 pupil back from the topic or month that only it and the reader's school share outside the secondary schools", async () => {
    const [whole, secondaryOnly] = await Promise.all([
      getBoardReport(lead, wholeArea(ROW_YEAR)),
      getBoardReport(lead, wholeArea(ROW_YEAR, { schoolType: "SECONDARY" })),
    ]);
    // The headline's schools left out are the eleven units: it stays published.
    expect(whole.headline.pupils).toBe(455);
    const rows = [
      [whole.topics.find((t) => t.title.startsWith("Knife crime"))!.pupils, secondaryOnly.topics.find((t) => t.title.startsWith("Knife crime"))!.pupils],
      [whole.months.find((m) => m.label.startsWith("October"))!.pupils, secondaryOnly.months.find((m) => m.label.startsWith("October"))!.pupils],
    ];
    for (const [wholeRow, secondaryRow] of rows) {
      // Shown, October's 339 as 335 less the secondary schools' 330 and the reader's own 8 left 1 at most.
      if (wholeRow !== WITHHELD && secondaryRow !== WITHHELD) {
        const [, most] = leftOut(wholeRow!, [secondaryRow!], 8);
        expect(most, "the pupil referral unit's pupils, pinned").toBeGreaterThan(1);
      }
    }
    expect(whole.topics.map((t) => t.pupils)).toEqual([WITHHELD, WITHHELD]);
    expect(new Set(whole.months.map((m) => m.pupils))).toEqual(new Set([WITHHELD]));
  });
});

describe("the same dates a year earlier, whole area less narrowed reports", () => {
  it("do not give the unit's 1 pupil back from the figures the reports of a year under way are compared with", async () => {
    const now = new Date(`${WINDOW_YEAR + 1}-09-20T12:00:00Z`);
    const [whole, secondaryOnly] = await Promise.all([
      getBoardReport(lead, wholeArea(WINDOW_YEAR + 1), now),
      getBoardReport(lead, wholeArea(WINDOW_YEAR + 1, { schoolType: "SECONDARY" }), now),
    ]);
    expect(whole.comparison.previousFigureLabel).toMatch(/same dates/i);
    // The year before, whole, is the eleven units' beside the secondary schools: published (430 + 1 + 8 = 459).
    expect((await getBoardReport(lead, wholeArea(WINDOW_YEAR), now)).headline.pupils).toBe(455);
    // Shown, the 1st to the 20th of September's 339 as 335, less the secondary schools' 330 and the reader's 8, left 1.
    if (whole.previousHeadline.pupils !== WITHHELD && secondaryOnly.previousHeadline.pupils !== WITHHELD) {
      const [, most] = leftOut(whole.previousHeadline.pupils, [secondaryOnly.previousHeadline.pupils], 8);
      expect(most, "the pupil referral unit's pupils, pinned").toBeGreaterThan(1);
    }
    expect(whole.previousHeadline.pupils).toBe(WITHHELD);
  });
});

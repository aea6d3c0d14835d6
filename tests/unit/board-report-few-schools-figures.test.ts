/**
 * The board report of the whole area over many schools, and the files for publication, against a reader
 * who knows their own school's exact figures (decision 0165):
 * - a headline count, or a row of the topic, month or year-group table, that only a few schools have is
 *   withheld where one of them has a small part, as a narrowed report's would be: "MVP mentors trained 10"
 *   with only the reader's 6 and a neighbour's "<5" gave the neighbour's 4;
 * - a count of sessions is shown as the pupils beside it are: each session recorded at least one pupil, so
 *   "4 sessions" beside "<5" pupils gave 4.
 * This file has its own database, so "the whole area" is the schools made here.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { FEW_SCHOOLS, WITHHELD } from "~/models/disclosure";
import { localitiesCsvRows, schoolsCsvRows } from "~/models/reach-export.server";
import { getBoardReport } from "~/models/reach-report.server";
import { createUser } from "./factories";
import { booking, deliveryAt, locality, school, topic, wholeArea } from "./reach-factories";

/** Many schools, a topic two took (26 and 4 pupils) and mentors trained at two (6 and 4). */
const YEAR = 2025;
/** Many schools and nothing that only a few have. */
const PLAIN_YEAR = 2023;
/** One school's four online workshops of one pupil each, in the spring term, beside many schools' sessions. */
const SINGLE_PUPILS_YEAR = 2021;
/** Two schools' sessions in its first weeks (26 and 4 pupils), and every other school's in January. */
const EARLY_FEW_YEAR = 2019;
/** Many schools' sessions, and mentors trained at two of them only (6 and 7), none a small part. */
const FEW_MENTORS_YEAR = 2017;

async function collect<T>(rows: AsyncGenerator<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

/** A file's cell in `column` of the row whose URN (schools) or name (localities) is `key`. */
async function cell(rows: AsyncGenerator<readonly unknown[]>, key: string, column: string) {
  const [header, ...rest] = await collect(rows);
  return rest.find((row) => row[0] === key || row[1] === key)?.[header!.indexOf(column)];
}

async function mentorsTrained(schoolId: string, year: number, count: number) {
  await prisma.mentorCohort.create({
    data: {
      schoolId,
      academicYear: year,
      yearGroups: "10",
      trainingDates: "",
      trainers: "",
      mentors: {
        create: Array.from({ length: count }, (_, i) => ({ displayName: `Mentor ${i + 1}`, yearGroup: 10, trainedAt: new Date(`${year}-11-01T12:00:00Z`) })),
      },
    },
  });
}

let lead: Actor;
let own: { id: string; urn: string };
let neighbour: { id: string; urn: string };
let single: { id: string; urn: string };
let place: { id: string; name: string };

beforeAll(async () => {
  lead = await createUser({ role: "VRN_LEAD" });
  place = await locality("Charnwood");
  const knifeCrime = await topic("Knife crime");
  const weapons = await topic("Weapons and the law");
  const substances = await topic("Substance misuse");
  const schools = [];
  for (let i = 0; i < FEW_SCHOOLS + 2; i++) schools.push(await school(i < 2 ? place.id : null, 900));
  [own, neighbour] = [schools[0]!, schools[1]!];
  for (const year of [YEAR, PLAIN_YEAR, SINGLE_PUPILS_YEAR]) {
    const session = await deliveryAt(knifeCrime.id, `${year}-10-15`, "10:00");
    for (const s of schools) await booking(session.id, s.id, "DELIVERED", { 9: 30 });
  }
  // Only two schools took this topic, and trained mentors, in YEAR.
  await booking((await deliveryAt(weapons.id, `${YEAR}-11-12`, "10:00")).id, own.id, "DELIVERED", { 10: 26 });
  await booking((await deliveryAt(weapons.id, `${YEAR}-11-19`, "10:00")).id, neighbour.id, "DELIVERED", { 10: 4 });
  await mentorsTrained(own.id, YEAR, 6);
  await mentorsTrained(neighbour.id, YEAR, 4);
  await booking((await deliveryAt(knifeCrime.id, `${EARLY_FEW_YEAR}-09-10`, "10:00")).id, own.id, "DELIVERED", { 9: 26 });
  await booking((await deliveryAt(knifeCrime.id, `${EARLY_FEW_YEAR}-09-12`, "10:00")).id, neighbour.id, "DELIVERED", { 9: 4 });
  const january = await deliveryAt(knifeCrime.id, `${EARLY_FEW_YEAR + 1}-01-14`, "10:00");
  for (const s of schools.slice(2)) await booking(january.id, s.id, "DELIVERED", { 9: 30 });
  for (const year of [FEW_MENTORS_YEAR, FEW_MENTORS_YEAR + 1]) {
    const session = await deliveryAt(knifeCrime.id, `${year}-10-16`, "10:00");
    for (const s of schools) await booking(session.id, s.id, "DELIVERED", { 9: 30 });
  }
  await mentorsTrained(own.id, FEW_MENTORS_YEAR, 6);
  await mentorsTrained(neighbour.id, FEW_MENTORS_YEAR, 7);
  // A pupil referral unit's one pupil at each of four online workshops.
  single = await school(null, 40, { type: "PRU_AP" });
  for (const day of ["02", "05", "10", "24"]) {
    await booking((await deliveryAt(substances.id, `${SINGLE_PUPILS_YEAR + 1}-02-${day}`, "13:00")).id, single.id, "DELIVERED", { 10: 1 });
  }
});

describe("the board report of the whole area over many schools", () => {
  it("withholds a count only a few schools have when one of them has 1 to 4 of it", async () => {
    const report = await getBoardReport(lead, wholeArea(YEAR));
    // Shown, 10 less the reader's own 6 left 4 to 8, and the schools file's "<5" for the neighbour made it 4.
    expect(report.headline.mentorsTrained).toBe(WITHHELD);
    expect(await cell(schoolsCsvRows(lead, wholeArea(YEAR), true), neighbour.urn, "MVP mentors trained")).toBe("<5");
    // Pupils reached by sessions are many schools', but less the localities file's row of the schools with no
    // locality they are the two schools' of the locality, one with a small part: withheld too (decision 0193).
    expect(report.headline.pupils).toBe(WITHHELD);
  });

  it("withholds the topic table whole when a topic is a few schools' with a small part among them", async () => {
    const report = await getBoardReport(lead, wholeArea(YEAR));
    // Shown, the topic's 30 (26 and 4) less the reader's 26 left 4 to 8, and its "Sessions 2" said one other school.
    expect(report.topics.map((t) => [t.pupils, t.deliveries])).toEqual([
      [WITHHELD, WITHHELD],
      [WITHHELD, WITHHELD],
    ]);
    // The report narrowed to that topic withholds it too, so the two agree.
    const weapons = report.topics.find((t) => t.title.startsWith("Weapons"))!;
    expect((await getBoardReport(lead, wholeArea(YEAR, { topicId: weapons.id }))).headline.pupils).toBe(WITHHELD);
  });

  it("withholds the month and year-group tables when a row is a few schools' with a small part among them", async () => {
    const report = await getBoardReport(lead, wholeArea(YEAR));
    // November is the two schools' 26 and 4; Year 10 the same.
    expect(new Set(report.months.map((m) => m.pupils))).toEqual(new Set([WITHHELD]));
    expect(new Set(report.yearGroups.map((y) => y.pupils))).toEqual(new Set([WITHHELD]));
  });

  it("keeps every table and count where no figure is a few schools' with a small part", async () => {
    const report = await getBoardReport(lead, wholeArea(PLAIN_YEAR));
    expect(report.headline.pupils).toBe(360);
    // One session reached them all: shown as the pupils beside it are, not as an exact 1.
    expect(report.headline.deliveries).toBe("<5");
    expect(report.headline.mentorsTrained).toBe(0);
    expect(report.topics.map((t) => [t.pupils, t.deliveries])).toEqual([[360, "<5"]]);
    expect(report.months.find((m) => m.pupils !== 0)?.pupils).toBe(360);
    expect(report.yearGroups.find((y) => y.yearGroup === 9)?.pupils).toBe(360);
  });
});

describe("the figures a report is compared with", () => {
  it("withhold a count that only a few schools make up on the same dates a year earlier, in a year of many", async () => {
    // The 20th of September of the next year: compared with the 1st to the 20th of September of this one,
    // two schools' 26 and 4. Shown as "30", the reader's own 26 left the other's 4 to 8, and the schools
    // file's "<5" for that autumn made it 4.
    const report = await getBoardReport(lead, wholeArea(EARLY_FEW_YEAR + 1), new Date(`${EARLY_FEW_YEAR + 1}-09-20T12:00:00Z`));
    expect(report.comparison.previousFigureLabel).toMatch(/same dates/i);
    expect(report.previousHeadline.pupils).toBe(WITHHELD);
    expect(report.previousHeadline.deliveries).toBe(WITHHELD);
    // The whole year, once it is over, is many schools', but less the schools with no locality (the localities
    // file's row) it is the same two schools': withheld as well (decision 0193).
    expect((await getBoardReport(lead, wholeArea(EARLY_FEW_YEAR), new Date(`${EARLY_FEW_YEAR + 1}-09-20T12:00:00Z`))).headline.pupils).toBe(WITHHELD);
  });

  it("give a whole finished year's count as that year's own report does, though only a few schools make it up", async () => {
    const later = new Date(`${FEW_MENTORS_YEAR + 2}-10-01T12:00:00Z`);
    const itsOwn = await getBoardReport(lead, wholeArea(FEW_MENTORS_YEAR), later);
    // Two schools' 6 and 7, neither a small part: the year's own report publishes them, rounded down.
    expect(itsOwn.headline.mentorsTrained).toBe(10);
    const next = await getBoardReport(lead, wholeArea(FEW_MENTORS_YEAR + 1), later);
    expect(next.comparison.toDate).toBe(false);
    expect(next.previousHeadline.mentorsTrained).toBe(itsOwn.headline.mentorsTrained);
    expect(next.previousHeadline.pupils).toBe(itsOwn.headline.pupils);
  });
});

describe("sessions for publication", () => {
  it("are shown as the pupils beside them: four workshops of one pupil each are not '4' beside '<5'", async () => {
    const spring = wholeArea(SINGLE_PUPILS_YEAR, { term: "spring" });
    expect(await cell(schoolsCsvRows(lead, spring, true), single.urn, "Pupils reached by sessions")).toBe("<5");
    expect(await cell(schoolsCsvRows(lead, spring, true), single.urn, "Sessions the school took part in")).toBe("<5");
    // The VRN's own file keeps the exact figures.
    expect(await cell(schoolsCsvRows(lead, spring, false), single.urn, "Sessions the school took part in")).toBe(4);
    // A total withheld takes its sessions with it; one shown rounds them as it does.
    const year = wholeArea(SINGLE_PUPILS_YEAR);
    expect(await cell(localitiesCsvRows(lead, year, true), place.name, "Pupils reached by sessions")).toBe(60);
    expect(await cell(localitiesCsvRows(lead, year, true), place.name, "Sessions reaching its schools")).toBe("<5");
    // The whole area's 364 less the secondary schools' report is the unit's own figure (decision 0193), so the
    // headline is withheld, and its sessions with it.
    const report = await getBoardReport(lead, year);
    expect([report.headline.pupils, report.headline.deliveries]).toEqual([WITHHELD, WITHHELD]);
    const springReport = await getBoardReport(lead, spring);
    expect([springReport.headline.pupils, springReport.headline.deliveries]).toEqual([WITHHELD, WITHHELD]);
  });
});

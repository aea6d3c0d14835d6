import type { Actor } from "~/auth/actor";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { londonDayStart } from "~/lib/dates";
import { classNameKey } from "~/models/mvp-reach-rules";
import { fromLondonWallTime } from "~/lib/london-time";
import { isTrained } from "~/models/mvp-training-rules";
import { recountMentorsTrained } from "~/models/tallies.server";
import { describeShareAgreeing, type ReachFilters, type SchoolTableOptions } from "~/models/reach-rules";
import { CORE_ITEMS_NOT_IN_FILE, PUBLICATION_NOTE } from "~/models/disclosure";
import { localitiesCsvRows, schoolsCsvRows } from "~/models/reach-export.server";
import { getOwnSchoolReach, getReachGaps, getSchoolReachHistory } from "~/models/reach-schools.server";
import { getReachDashboard, listSchoolReach } from "~/models/reach.server";
import { createUser } from "./factories";
import { booking, deliveryAt, locality, repeat, returnsRecordedAt, school, surveyRun, surveyTemplate, topic } from "./reach-factories";

/*
 * One small area where every answer is known:
 * - locality A: S1 (roll 100), S2 (200), S3 (300), and S5, closed; locality B: S4 (400), S6 (500).
 * - 2024/25: an online workshop at 23:30 on 31 August 2025 (London), S1 30 pupils and S6 10.
 * - 2025/26: a workshop at 00:30 on 1 September 2025 (London; still 31 August in UTC), S1 40 and S2 25;
 *   a visit to S2 at 23:45 on 31 December (autumn), 3 pupils; S3 50 pupils at 00:15 on 1 January (spring).
 * - No reach: a cancelled delivery, a delivery that did not happen (even with a stale return on a booking
 *   marked delivered), a confirmed booking with no return, a cancelled booking with a return.
 */
const now = new Date("2026-11-21T12:00:00Z");
const YEAR = 2025;
const all = (overrides: Partial<ReachFilters> = {}): ReachFilters => ({
  year: YEAR,
  term: null,
  localAuthority: null,
  localityId: null,
  schoolType: null,
  topicId: null,
  ...overrides,
});
const table = (overrides: Partial<SchoolTableOptions> = {}): SchoolTableOptions => ({
  sort: "pupils",
  descending: true,
  search: "",
  reached: "all",
  page: 1,
  columns: [],
  ...overrides,
});

let ids: Record<string, string> = {};
let lead: Actor;
let teacherA: Actor;
let teacherB: Actor;

beforeAll(async () => {
  const [a, b] = [await locality("Alpha"), await locality("Beta", "Leicestershire")];
  const s1 = await school(a.id, 100, { name: "Ash Academy" });
  const s2 = await school(a.id, 200, { name: "Birch School" });
  const s3 = await school(a.id, 300, { name: "Cedar College", type: "SPECIAL" });
  const s4 = await school(b.id, 400, { name: "Damson High", localAuthority: "Leicestershire" });
  const s5 = await school(a.id, 900, { name: "Elm (closed)", status: "CLOSED" });
  const s6 = await school(b.id, 500, { name: "Fir Academy", localAuthority: "Leicestershire" });
  const [knife, county] = [await topic("Knife crime"), await topic("County lines")];
  ids = { a: a.id, b: b.id, s1: s1.id, s2: s2.id, s3: s3.id, s4: s4.id, s5: s5.id, s6: s6.id, knife: knife.id, county: county.id };

  const lastDayOfYear = await deliveryAt(knife.id, "2025-08-31", "23:30");
  await booking(lastDayOfYear.id, s1.id, "DELIVERED", { 7: 10, 8: 20 });
  await booking(lastDayOfYear.id, s6.id, "DELIVERED", { 9: 10 });

  const firstDayOfYear = await deliveryAt(knife.id, "2025-09-01", "00:30");
  expect(firstDayOfYear.startsAt.toISOString()).toBe("2025-08-31T23:30:00.000Z");
  await booking(firstDayOfYear.id, s1.id, "DELIVERED", { 9: 40 });
  await booking(firstDayOfYear.id, s2.id, "DELIVERED", { 7: 25 });
  await booking(firstDayOfYear.id, s3.id, "CANCELLED", { 7: 99 });
  await booking(firstDayOfYear.id, s4.id, "CONFIRMED");

  const newYearsEve = await deliveryAt(county.id, "2025-12-31", "23:45");
  ids.newYearsEve = newYearsEve.id;
  const eveVisit = await booking(newYearsEve.id, s2.id, "DELIVERED", { 8: 3 });
  // Its return was recorded that night, so a year on it counts on the same date (decision 0137).
  await returnsRecordedAt([eveVisit.id], fromLondonWallTime("2025-12-31", "23:55")!);
  const newYearsDay = await deliveryAt(county.id, "2026-01-01", "00:15");
  await booking(newYearsDay.id, s3.id, "DELIVERED", { 10: 50 });

  const cancelled = await deliveryAt(knife.id, "2025-10-01", "10:00", "CANCELLED");
  await booking(cancelled.id, s4.id, "CANCELLED");
  const didNotHappen = await deliveryAt(knife.id, "2025-10-02", "10:00", "NOT_DELIVERED");
  await booking(didNotHappen.id, s4.id, "NOT_DELIVERED");
  await booking(didNotHappen.id, s6.id, "DELIVERED", { 9: 77 });

  // MVP at S1 in 2025/26: two required live modules, one retired required module, one optional.
  await prisma.trainingModule.deleteMany();
  const [m1, m2, retired, optional] = await Promise.all([
    prisma.trainingModule.create({ data: { title: "One", required: true, position: 1 } }),
    prisma.trainingModule.create({ data: { title: "Two", required: true, position: 2 } }),
    prisma.trainingModule.create({ data: { title: "Old", required: true, active: false, position: 3 } }),
    prisma.trainingModule.create({ data: { title: "Extra", required: false, position: 4 } }),
  ]);
  const cohort = await prisma.mentorCohort.create({
    data: {
      schoolId: s1.id,
      academicYear: YEAR,
      yearGroups: "10",
      trainingDates: "October",
      trainers: "R. Hall",
      mentors: {
        create: [
          { displayName: "Aisha K.", yearGroup: 10 },
          { displayName: "Ben T.", yearGroup: 10 },
          { displayName: "Cal M.", yearGroup: 10 },
        ],
      },
    },
    include: { mentors: { orderBy: { displayName: "asc" } } },
  });
  const [trained, partly] = cohort.mentors;
  // Trained in October 2025: by the same date a year on, counted; before it, not yet.
  await prisma.moduleCompletion.createMany({
    data: [m1, m2].map((m) => ({ mentorId: trained!.id, moduleId: m.id, completedAt: londonDayStart(m === m1 ? "2025-10-01" : "2025-10-20") })),
  });
  await prisma.moduleCompletion.createMany({ data: [m1, retired, optional].map((m) => ({ mentorId: partly!.id, moduleId: m.id })) });
  await recountMentorsTrained(prisma, [trained!.id, partly!.id]);
  const lesson = (className: string, pupilsPresent: number, date: string, yearGroup = 8) =>
    prisma.mentorLesson.create({
      data: {
        schoolId: s1.id,
        academicYear: YEAR,
        deliveredOn: londonDayStart(date),
        className,
        classKey: classNameKey(className),
        yearGroup,
        pupilsPresent,
        topic: "Bystanders",
      },
    });
  await lesson("8b", 20, "2025-10-01");
  await lesson("8B", 25, "2025-11-01");
  await lesson(" 8 B", 22, "2026-02-01");
  await lesson("9C", 30, "2026-05-01", 9);
  await prisma.staffTraining.create({
    data: { schoolId: s4.id, academicYear: 2023, name: "Jo Bloggs", role: "PSHE lead", trainedOn: londonDayStart("2023-09-15"), trainer: "VRN" },
  });

  // Surveys at S1: 12 before and 12 after; "knife-safer" answered by only 9 after. And 3 responses at S2.
  const [before, after] = [await surveyTemplate("BEFORE"), await surveyTemplate("AFTER")];
  await surveyRun(before, s1.id, YEAR, [...repeat(6, { law: 4, "knife-safer": 4 }), ...repeat(6, { law: 2, "knife-safer": 2 })]);
  await surveyRun(after, s1.id, YEAR, [...repeat(9, { law: 5, "knife-safer": 1 }), ...repeat(3, { law: 1 })]);
  await surveyRun(after, s2.id, YEAR, repeat(3, { law: 5 }));

  lead = await createUser({ role: "VRN_LEAD" });
  teacherA = await createUser({ role: "TEACHER", schoolId: s1.id });
  teacherB = await createUser({ role: "TEACHER", schoolId: s4.id });
});

describe("the lead's headline figures", () => {
  it("count pupils, deliveries, coverage and share of roll, in London academic years", async () => {
    const dashboard = await getReachDashboard(lead, all());
    expect(dashboard.headline).toMatchObject({ pupils: 118, deliveries: 3, schoolsReached: 3, openSchools: 5, coverage: 0.6 });
    expect(dashboard.headline.rollShare).toBeCloseTo(118 / 1500);
    // 31 August 23:30 in London is the last moment of 2024/25.
    expect(dashboard.previousHeadline).toMatchObject({ pupils: 40, deliveries: 1, schoolsReached: 2, openSchools: 5 });
  });

  it("compare a year under way with the same dates a year earlier, by London days, not with the whole of it", async () => {
    const midDecember = await getReachDashboard(lead, all({ year: YEAR + 1 }), fromLondonWallTime("2026-12-30", "12:00")!);
    expect(midDecember.comparison).toMatchObject({
      toDate: true,
      previousLabel: "1 September to 30 December 2025",
      previousFigureLabel: "the same dates in 2025/26",
    });
    // Only the workshop of 1 September 2025; the visit at 23:45 on 31 December is after the same date.
    expect(midDecember.previousHeadline).toMatchObject({ pupils: 65, deliveries: 1 });
    expect(midDecember.previousHeadline.mentorsTrained).toBe(1);
    const early = await getReachDashboard(lead, all({ year: YEAR + 1 }), fromLondonWallTime("2026-10-19", "12:00")!);
    expect(early.previousHeadline.mentorsTrained).toBe(0);
    const lastDay = await getReachDashboard(lead, all({ year: YEAR + 1 }), fromLondonWallTime("2026-12-31", "00:05")!);
    expect(lastDay.previousHeadline).toMatchObject({ pupils: 68, deliveries: 2 });
    // Had the school recorded the visit's 3 pupils the next morning, a year on they would not count yet:
    // this year's visit of the same evening has had no time for its return either (decision 0137).
    const eveVisits = (await prisma.booking.findMany({ where: { deliveryId: ids.newYearsEve! }, select: { id: true } })).map((b) => b.id);
    await returnsRecordedAt(eveVisits, fromLondonWallTime("2026-01-01", "09:00")!);
    const recordedLate = await getReachDashboard(lead, all({ year: YEAR + 1 }), fromLondonWallTime("2026-12-31", "00:05")!);
    expect(recordedLate.previousHeadline).toMatchObject({ pupils: 65, deliveries: 1 });
    await returnsRecordedAt(eveVisits, fromLondonWallTime("2025-12-31", "23:55")!);
    // A term under way: autumn so far against autumn so far.
    const autumn = await getReachDashboard(lead, all({ year: YEAR + 1, term: "autumn" }), fromLondonWallTime("2026-10-01", "09:00")!);
    expect(autumn.previousHeadline).toMatchObject({ pupils: 65, deliveries: 1 });
    // A term that is over in a year under way: the term whole against the term whole, but the year's own
    // figures (surveys, mentors trained) so far against the same dates a year earlier. The fixture's
    // surveys were made when the test ran, after 15 February 2026, so a year earlier they were not there yet.
    const february = await getReachDashboard(lead, all({ year: YEAR + 1, term: "autumn" }), fromLondonWallTime("2027-02-15", "12:00")!);
    expect(february.comparison).toMatchObject({
      toDate: false,
      previousLabel: "Autumn term 2025/26",
      yearWideToDate: true,
      yearWidePreviousLabel: "1 September 2025 to 15 February 2026",
    });
    expect(february.previousHeadline).toMatchObject({ pupils: 68, surveyResponses: 0, mentorsTrained: 1 });
    const autumnOver = await getReachDashboard(lead, all({ year: YEAR + 1, term: "autumn" }), fromLondonWallTime("2027-10-01", "12:00")!);
    expect(autumnOver.comparison).toMatchObject({ yearWideToDate: false, yearWidePreviousLabel: "2025/26" });
    expect(autumnOver.previousHeadline.surveyResponses).toBe(27);
    // A year that is over: whole against whole.
    const over = await getReachDashboard(lead, all(), fromLondonWallTime("2026-12-30", "12:00")!);
    expect(over.comparison).toMatchObject({ toDate: false, previousLabel: "2024/25" });
    expect(over.headline).toMatchObject({ pupils: 118, deliveries: 3 });
  });

  it("split the year into terms at London midnight", async () => {
    const autumn = await getReachDashboard(lead, all({ term: "autumn" }));
    expect(autumn.headline).toMatchObject({ pupils: 68, deliveries: 2, schoolsReached: 2 });
    expect(autumn.months.map((m) => m.short)).toEqual(["Sep", "Oct", "Nov", "Dec"]);
    const spring = await getReachDashboard(lead, all({ term: "spring" }));
    expect(spring.headline).toMatchObject({ pupils: 50, deliveries: 1, schoolsReached: 1 });
    const summer = await getReachDashboard(lead, all({ term: "summer" }));
    expect(summer.headline).toMatchObject({ pupils: 0, deliveries: 0 });
  });

  it("give the charts' figures by month, topic, locality and year group", async () => {
    const d = await getReachDashboard(lead, all());
    expect(d.months.map((m) => m.pupils)).toEqual([65, 0, 0, 3, 50, 0, 0, 0, 0, 0, 0, 0]);
    expect(d.topics.map((t) => [t.id, t.pupils, t.deliveries])).toEqual([
      [ids.knife, 65, 1],
      [ids.county, 53, 2],
    ]);
    const alpha = d.localities.find((l) => l.id === ids.a)!;
    const beta = d.localities.find((l) => l.id === ids.b)!;
    expect(alpha).toMatchObject({ openSchools: 3, schoolsReached: 3, coverage: 1, pupils: 118, roll: 600 });
    expect(beta).toMatchObject({ openSchools: 2, schoolsReached: 0, coverage: 0, pupils: 0 });
    // The workshop S1 and S2 joined together is one session in Alpha, as in the headline: three in all, not four.
    expect(alpha.deliveries).toBe(3);
    expect(d.headline.deliveries).toBe(3);
    expect(d.yearGroups).toEqual([
      { yearGroup: 7, pupils: 25 },
      { yearGroup: 8, pupils: 3 },
      { yearGroup: 9, pupils: 40 },
      { yearGroup: 10, pupils: 50 },
    ]);
  });

  it("apply locality, local authority, school type and topic filters", async () => {
    expect((await getReachDashboard(lead, all({ localityId: ids.b }))).headline).toMatchObject({ pupils: 0, openSchools: 2, schoolsReached: 0 });
    expect((await getReachDashboard(lead, all({ localAuthority: "Leicestershire" }))).headline).toMatchObject({ openSchools: 2 });
    expect((await getReachDashboard(lead, all({ schoolType: "SPECIAL" }))).headline).toMatchObject({ pupils: 50, openSchools: 1, schoolsReached: 1 });
    expect((await getReachDashboard(lead, all({ topicId: ids.county }))).headline).toMatchObject({ pupils: 53, deliveries: 2, schoolsReached: 2 });
  });

  it("count MVP mentors trained against the live required modules and pupils by class", async () => {
    const d = await getReachDashboard(lead, all());
    // Class 8B's three lessons count once, at 25; 9C at 30.
    expect(d.headline).toMatchObject({ mentorsTrained: 1, mvpPupils: 55 });
    const autumn = await getReachDashboard(lead, all({ term: "autumn" }));
    expect(autumn.headline.mvpPupils).toBe(25);
    // The SQL form of the trained rule agrees with the rule itself.
    const modules = await prisma.trainingModule.findMany();
    const mentors = await prisma.mentor.findMany({ where: { cohort: { academicYear: YEAR } }, include: { completions: true } });
    expect(
      mentors.filter((m) =>
        isTrained(
          m.completions.map((c) => c.moduleId),
          modules,
        ),
      ).length,
    ).toBe(d.headline.mentorsTrained);
  });

  it("join survey responses and the change in core items, leaving out groups under 10", async () => {
    const d = await getReachDashboard(lead, all());
    expect(d.headline.surveyResponses).toBe(27);
    const law = d.coreItems.find((c) => c.coreKey === "law")!;
    expect(law.prompt).toBe("Carrying a knife is against the law");
    // Results count responses in steps of ten: S1's first 10 before (6 agreeing) and after (9 agreeing);
    // S2's 3 after are left out, as that survey's own results are not shown.
    expect(law.before).toMatchObject({ responses: 10, shareAgreeing: 0.6 });
    expect(law.after).toMatchObject({ responses: 10, shareAgreeing: 0.9 });
    expect(law.change.points).toBe(30);
    // Only 9 of S1's 10 counted after answered "knife-safer": fewer than 10 of its answerers, so the item
    // is left out of that survey's figures altogether (decision 0123). With no "after" to set it against,
    // S1's "before" for it is left out too (like with like, decision 0136), and reach has no row for it.
    expect(d.coreItems.map((c) => c.coreKey)).toEqual(["law"]);
    const justS2 = await getReachDashboard(lead, all({ schoolType: "SECONDARY", localityId: ids.a }));
    expect(justS2.headline.surveyResponses).toBe(27);
  });

  it("are the lead's alone", async () => {
    await expect(getReachDashboard(teacherA, all())).rejects.toMatchObject({ status: 403 });
    await expect(listSchoolReach(teacherA, all(), table())).rejects.toMatchObject({ status: 403 });
    await expect(getReachGaps(teacherA, all(), { notReached: 1, twoYears: 1 })).rejects.toMatchObject({ status: 403 });
  });
});

describe("the school table", () => {
  it("lists open schools and closed ones only when reached, sorted and searchable", async () => {
    const list = await listSchoolReach(lead, all(), table());
    expect(list.items.map((r) => r.name)).toEqual(["Cedar College", "Ash Academy", "Birch School", "Damson High", "Fir Academy"]);
    const ash = list.items.find((r) => r.id === ids.s1)!;
    expect(ash).toMatchObject({ pupils: 40, deliveries: 1, share: 0.4, mvpStage: "DELIVERING", mentorsTrained: 1, mvpPupils: 55, surveyResponses: 24 });
    expect(ash.lastDelivery).toBe("2025-08-31T23:30:00.000+00:00");
    const byName = await listSchoolReach(lead, all(), table({ sort: "name", descending: false }));
    expect(byName.items[0]!.name).toBe("Ash Academy");
    expect((await listSchoolReach(lead, all(), table({ search: "birch" }))).items.map((r) => r.id)).toEqual([ids.s2]);
    expect((await listSchoolReach(lead, all(), table({ reached: "no", sort: "roll" }))).items.map((r) => r.id)).toEqual([ids.s6, ids.s4]);
    const damson = list.items.find((r) => r.id === ids.s4)!;
    expect(damson.mvpStage).toBe("STAFF_TRAINED");
  });

  it("shows a school's whole history across years, with sessions that reached nobody", async () => {
    const history = await getSchoolReachHistory(lead, ids.s1!, 1, now);
    expect(history.years.map((y) => [y.year, y.figures.pupils])).toEqual([
      [2026, 0],
      [2025, 40],
      [2024, 30],
      [2023, 0],
      [2022, 0],
    ]);
    const s4 = await getSchoolReachHistory(lead, ids.s4!, 1, now);
    // The confirmed session that has ended is named as the school's own pages name it: its return is due.
    expect(s4.sessions.map((s) => [s.bookingStatus, s.returnDue, s.upcoming, s.pupils])).toEqual([
      ["NOT_DELIVERED", false, false, null],
      ["CANCELLED", false, false, null],
      ["CONFIRMED", true, false, null],
    ]);
    // Before its session ended, the same booking is still to come, not due.
    const beforeIt = await getSchoolReachHistory(lead, ids.s4!, 1, new Date("2025-08-31T12:00:00Z"));
    expect(beforeIt.sessions.find((s) => s.bookingStatus === "CONFIRMED")).toMatchObject({ returnDue: false, upcoming: true, pupils: null });
    await expect(getSchoolReachHistory(teacherA, ids.s2!, 1, now)).rejects.toMatchObject({ status: 403 });
    expect((await getSchoolReachHistory(teacherA, ids.s1!, 1, now)).school.name).toBe("Ash Academy");
  });
});

describe("gaps", () => {
  it("lists open schools not reached this year and in the last two, largest first, and the lowest coverage", async () => {
    const gaps = await getReachGaps(lead, all(), { notReached: 1, twoYears: 1 }, now);
    expect(gaps.notReached.items.map((r) => r.id)).toEqual([ids.s6, ids.s4]);
    expect(gaps.notReached.roll).toBe(900);
    expect(gaps.twoYears.items.map((r) => r.id)).toEqual([ids.s4]);
    // S4's confirmed session of 1 September has no return: not reached as recorded, but it may have been, and the list says so.
    const s4Awaits = { [ids.s4!]: { sessions: 1, lastEndsAt: "2025-09-01T00:30:00.000Z" } };
    expect([gaps.notReached.awaitingReturns, gaps.notReached.returnsAwaited]).toEqual([1, s4Awaits]);
    expect([gaps.twoYears.awaitingReturns, gaps.twoYears.returnsAwaited]).toEqual([1, s4Awaits]);
    // Of another topic, or before the session ended, it is not awaited.
    const county = await getReachGaps(lead, all({ topicId: ids.county }), { notReached: 1, twoYears: 1 }, now);
    expect(county.notReached.items.map((r) => r.id)).toContain(ids.s4);
    expect([county.notReached.awaitingReturns, county.notReached.returnsAwaited]).toEqual([0, {}]);
    const beforeItEnded = await getReachGaps(lead, all(), { notReached: 1, twoYears: 1 }, new Date("2025-09-01T00:00:00Z"));
    expect(beforeItEnded.notReached.awaitingReturns).toBe(0);
    expect(gaps.localities[0]).toMatchObject({ id: ids.b, coverage: 0 });
    // In the autumn term S3 is not reached (its session is on 1 January), but it was in the year.
    const autumn = await getReachGaps(lead, all({ term: "autumn" }), { notReached: 1, twoYears: 1 });
    expect(autumn.notReached.items.map((r) => r.id)).toEqual([ids.s6, ids.s4, ids.s3]);
    expect(autumn.twoYears.items.map((r) => r.id)).toEqual([ids.s4]);
  });
});

describe("school staff's own view", () => {
  it("shows their school beside the averages of the other open schools, withheld where one of them has a small count", async () => {
    const view = await getOwnSchoolReach(teacherA, now);
    const year = view.years.find((y) => y.year === YEAR)!;
    expect(year.own.pupils).toBe(40);
    // Alpha's other open schools are Birch and Cedar: too few for a locality average.
    expect(year.locality).toBeNull();
    // The area's other open schools: Birch's 28 holds a county-lines visit of 3 in the autumn: with the
    // files for that term and topic, an average of pupils could give the 3 back, so there is none (decision 0109).
    expect(year.area).toMatchObject({ schools: 4, pupils: null, share: null });
    // Birch had 3 survey responses: no average of responses is shown where it would give those back.
    expect(year.area).toMatchObject({ surveyResponses: null });
    // Ash's own 55 pupils reached by mentor-led lessons are not in the average it is shown beside.
    expect(year.area).toMatchObject({ mvpPupils: 0 });
    expect(JSON.stringify(view)).not.toMatch(/Birch|Cedar|Damson|Fir|Elm/);
  });

  it("leaves out the locality average when the locality is too small to hide a school", async () => {
    const view = await getOwnSchoolReach(teacherB, now);
    expect(view.years.every((y) => y.locality === null)).toBe(true);
    expect(view.localityTooSmall).toBe(true);
    expect(view.years.find((y) => y.year === YEAR)!.area).toMatchObject({ schools: 4 });
    await expect(getOwnSchoolReach(lead, now)).rejects.toMatchObject({ status: 403 });
  });
});

async function collect(rows: AsyncIterable<readonly unknown[]>) {
  const lines: unknown[][] = [];
  for await (const row of rows) lines.push([...row]);
  return lines;
}

describe("exports", () => {
  it("give exact figures internally and small numbers suppressed for publication", async () => {
    const exact = await collect(schoolsCsvRows(lead, all(), false));
    const header = exact[0] as string[];
    const col = (name: string) => header.indexOf(name);
    const birch = exact.find((r) => r[0] === "Birch School")!;
    expect(birch[col("Pupils reached by sessions")]).toBe(28);
    expect(birch[col("Survey responses")]).toBe(3);
    const ash = exact.find((r) => r[0] === "Ash Academy")!;
    expect(ash[col("MVP mentors trained")]).toBe(1);

    const published = await collect(schoolsCsvRows(lead, all(), true));
    const birchPublished = published.find((r) => r[0] === "Birch School")!;
    // Birch's 28 adds a county-lines visit of 3 in the autumn to its other pupils: shown as 25 it could pin
    // the 3, so it is withheld (decision 0117).
    expect(birchPublished[col("Pupils reached by sessions")]).toBe("withheld");
    expect(birchPublished[col("Survey responses")]).toBe("<5");
    const ashPublished = published.find((r) => r[0] === "Ash Academy")!;
    expect(ashPublished[col("MVP mentors trained")]).toBe("<5");
    expect(ashPublished[col("Survey responses")]).toBe(20);
    expect(published.find((r) => r[0] === "Damson High")![col("Attendances as a share of the roll")]).toBe("");
    // The schools file has no core survey items, so its note does not speak of them.
    expect(published.at(-1)).toEqual(["Note", PUBLICATION_NOTE]);
    expect(PUBLICATION_NOTE).not.toMatch(/core survey items/);
    const localitiesPublished = await collect(localitiesCsvRows(lead, all(), true));
    expect(localitiesPublished.at(-1)).toEqual(["Note", `${PUBLICATION_NOTE} ${CORE_ITEMS_NOT_IN_FILE}`]);
    // A term's file says which columns the term does not narrow.
    const autumn = await collect(schoolsCsvRows(lead, all({ term: "autumn" }), false));
    expect(autumn.find((r) => r[0] === "Term")?.[1]).toMatch(/mentors trained and survey responses are for the whole academic year/);
    expect(exact.find((r) => r[0] === "Term")).toBeUndefined();
  });

  it("export localities with core item changes only from 10 or more responses, and only in the VRN's own file", async () => {
    const exact = await collect(localitiesCsvRows(lead, all(), false));
    const exactHeader = exact[0] as string[];
    const lawColumn = exactHeader.findIndex((h) => h.endsWith("Carrying a knife is against the law"));
    // 6 of 10 agreeing, then 9 of 10: the exact file, inside the VRN, gives the change.
    expect(exact.find((r) => String(r[0]).startsWith("Alpha"))![lawColumn]).toBe(30);
    // "knife-safer" is shown before only, so it has no change to give, and no column (decision 0136).
    expect(exactHeader.findIndex((h) => h.endsWith("Carrying a knife makes you safer"))).toBe(-1);
    // The file for publication gives no core item: a locality's share beside the whole area's could give
    // back a few pupils' answers (decision 0155).
    const rows = await collect(localitiesCsvRows(lead, all(), true));
    const header = rows[0] as string[];
    const alpha = rows.find((r) => String(r[0]).startsWith("Alpha"))!;
    expect(header.filter((h) => h.startsWith("Change in pupils agreeing"))).toEqual([]);
    expect(alpha).toHaveLength(header.length);
    expect(alpha[header.indexOf("Coverage")]).toBe("100%");
    // Its sessions go with its pupils, withheld here: each session recorded a pupil (decision 0165).
    expect([alpha[header.indexOf("Pupils reached by sessions")], alpha[header.indexOf("Sessions reaching its schools")]]).toEqual(["withheld", "withheld"]);
  });

  it("say that a session shared by schools counts once for each school and each locality", async () => {
    const schools = await collect(schoolsCsvRows(lead, all(), false));
    expect(schools[0]).toContain("Sessions the school took part in");
    expect(schools[0]).not.toContain("Sessions delivered");
    expect(schools.find((r) => r[0] === "Sessions the school took part in")?.[1]).toBe(
      "An online workshop joined by several schools counts once for each of them, so this column can add up to more than the sessions delivered.",
    );
    const localities = await collect(localitiesCsvRows(lead, all(), true));
    expect(localities[0]).not.toContain("Sessions delivered");
    expect(localities.find((r) => r[0] === "Sessions reaching its schools")?.[1]).toBe(
      "An online workshop joined by schools in several localities counts once in each of them, so this column can add up to more than the sessions delivered.",
    );
  });
});

describe("a core item's share in words", () => {
  it("names the pupils the share is of: those giving a view, not every response", () => {
    expect(describeShareAgreeing({ responses: 40, counted: 30, shareAgreeing: 0.5 })).toBe("50% of 30 giving a view (40 responses)");
    expect(describeShareAgreeing({ responses: 12, counted: 12, shareAgreeing: 0.75 })).toBe("75% of 12");
    expect(describeShareAgreeing({ responses: 9, counted: 9, shareAgreeing: null })).toBe("Fewer than 10 responses (9)");
    expect(describeShareAgreeing({ responses: 12, counted: 0, shareAgreeing: null })).toBe('No view given: all 12 responses were "not sure"');
  });
});

describe("kept results", () => {
  it("are never stale: a new attendance return shows at once", async () => {
    const before = (await getReachDashboard(lead, all())).headline.pupils;
    const late = await deliveryAt(ids.knife!, "2026-03-10", "10:00");
    await booking(late.id, ids.s4!, "DELIVERED", { 11: 12 });
    const after = await getReachDashboard(lead, all());
    expect(after.headline.pupils).toBe(before + 12);
    expect(after.headline.schoolsReached).toBe(4);
  });
});

/**
 * The area's MVP overview adds its figures up in SQL; each school's own figures come from its records one
 * by one. On schools at every stage (staff only, mentors part-trained, lessons by mentors of this year's
 * and an earlier cohort, classes written "8b" and "8B", " 9 c" and "9C", "7é" and "7É", classes of one name in two year groups,
 * five lessons or more) both must agree for every school.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { getAreaOverview, getSchoolFigures } from "~/models/mvp-reach.server";
import { cohortWithMentors, completeAll, curriculum, lesson, mvpSchool, vrnLead } from "./mvp-factories";
import { booking, deliveryAt, school, topic } from "./reach-factories";

const YEAR = 2025;
let lead: Actor;

beforeAll(async () => {
  lead = await vrnLead();
  const modules = await curriculum();
  const required = modules.filter((m) => m.required).map((m) => m.id);
  // Staff trained only.
  const staffOnly = await mvpSchool();
  await prisma.staffTraining.create({
    data: { schoolId: staffOnly.school.id, academicYear: YEAR - 1, name: "A Teacher", role: "PSHE", trainedOn: new Date("2024-10-01"), trainer: "VRN" },
  });
  // Mentors, some trained, leading lessons in classes written two ways, with a mentor of last year's cohort.
  const running = await mvpSchool();
  await prisma.staffTraining.create({
    data: { schoolId: running.school.id, academicYear: YEAR, name: "B Teacher", role: "PSHE", trainedOn: new Date("2025-10-01"), trainer: "VRN" },
  });
  const earlier = await cohortWithMentors(running.school.id, YEAR - 1, ["Old M."]);
  await completeAll([earlier.mentors[0]!.id], required);
  const cohort = await cohortWithMentors(running.school.id, YEAR, ["Ann B.", "Ben C.", "Cat D.", "Dan E."]);
  const [ann, ben, cat, dan] = cohort.mentors.map((m) => m.id);
  await completeAll([ann!, ben!], required);
  await completeAll([cat!], [required[0]!]);
  for (let i = 0; i < 5; i++) await lesson(running.school.id, YEAR, i % 2 ? "8b" : "8B", 20 + i, [ann!, i ? ben! : earlier.mentors[0]!.id, dan!]);
  await lesson(running.school.id, YEAR, "9C", 28, [cat!, ann!]);
  // Spaces and case, also of letters outside ASCII, which SQL's UPPER leaves alone: one class each.
  await lesson(running.school.id, YEAR, " 9 c", 31, [ann!, ben!]);
  await lesson(running.school.id, YEAR, "7é", 22, [ann!, ben!]);
  await lesson(running.school.id, YEAR, "7É", 26, [ann!, ben!]);
  // Class "A" of Year 7 and class "A" of Year 9: two classes.
  for (const [yearGroup, pupils] of [
    [7, 30],
    [9, 25],
  ] as const) {
    const { id } = await lesson(running.school.id, YEAR, "A", pupils, [ann!, ben!, dan!]);
    await prisma.mentorLesson.update({ where: { id }, data: { yearGroup } });
  }
  // A second school with one untrained cohort and no lessons.
  const starting = await mvpSchool();
  await cohortWithMentors(starting.school.id, YEAR, ["Eve F.", "Fay G."]);
  // Two closed schools: one whose staff were trained a year before (its stage carries forward, but it did
  // nothing this year), and one with a cohort this year, before it closed.
  const closedEarlier = await mvpSchool();
  await prisma.staffTraining.create({
    data: { schoolId: closedEarlier.school.id, academicYear: YEAR - 1, name: "C Teacher", role: "PSHE", trainedOn: new Date("2024-10-02"), trainer: "VRN" },
  });
  const closedThisYear = await mvpSchool();
  await cohortWithMentors(closedThisYear.school.id, YEAR, ["Gus H."]);
  await prisma.school.updateMany({ where: { id: { in: [closedEarlier.school.id, closedThisYear.school.id] } }, data: { status: "CLOSED" } });
  closed = { earlier: closedEarlier.school.id, thisYear: closedThisYear.school.id };
});
let closed: { earlier: string; thisYear: string };

describe("the area's MVP overview", () => {
  it("gives every school the figures its own page gives", async () => {
    const overview = await getAreaOverview(lead, YEAR, { includeNotStarted: true });
    const running = overview.rows.filter((row) => row.figures.stage !== "NOT_STARTED");
    expect(running.length).toBeGreaterThanOrEqual(2);
    expect(running.some((row) => row.figures.pupilsReachedFive > 0 && row.figures.untrainedMentorsWhoLed > 0)).toBe(true);
    for (const row of overview.rows) expect(row.figures, row.name).toEqual((await getSchoolFigures(lead, row.id, YEAR)).figures);
    // 8B's largest class (24, five lessons), 9C's 31, 7É's 26, and the two classes "A": 30 and 25.
    expect(running.map((row) => row.figures.pupilsReachedOnce)).toContain(24 + 31 + 26 + 30 + 25);
  });

  it("counts a closed school in a year only when it did something for MVP in that year", async () => {
    const overview = await getAreaOverview(lead, YEAR, { includeNotStarted: true });
    const ids = overview.rows.map((row) => row.id);
    expect(ids).not.toContain(closed.earlier);
    expect(ids).toContain(closed.thisYear);
    expect(overview.schoolsInForum).toBe(ids.length);
    // The page marks it closed; every other row is of a school open today.
    expect(overview.rows.filter((row) => !row.open).map((row) => row.id)).toEqual([closed.thisYear]);
    // The year its staff were trained, the first closed school counts.
    expect((await getAreaOverview(lead, YEAR - 1, { includeNotStarted: true })).rows.map((row) => row.id)).toContain(closed.earlier);
  });

  it("counts among a year's schools one closed since that a session reached that year, as reach does", async () => {
    const before = (await getAreaOverview(lead, YEAR)).schoolsInForum;
    const taught = await school(null, 600, { status: "CLOSED" });
    await booking((await deliveryAt((await topic("Knife crime")).id, `${YEAR}-11-12`, "10:00")).id, taught.id, "DELIVERED", { 8: 28 });
    const overview = await getAreaOverview(lead, YEAR, { includeNotStarted: true });
    expect(overview.schoolsInForum).toBe(before + 1);
    expect(overview.rows.find((row) => row.id === taught.id)).toMatchObject({ open: false, figures: { stage: "NOT_STARTED" } });
    // The year before, nothing reached it: it is not among that year's schools.
    expect((await getAreaOverview(lead, YEAR - 1, { includeNotStarted: true })).rows.map((row) => row.id)).not.toContain(taught.id);
  });
});

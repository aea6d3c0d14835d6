/**
 * Which board reports with no filter but the year are a few schools' (decision 0121): fewer than
 * FEW_SCHOOLS schools with any figure in the year, counted by one statement (`hasFewSchoolsWithFigures`).
 * Each kind of figure makes a school count, a record with nothing in it does not, and neither does another
 * year's figure or a school outside the scope.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { londonDayStart } from "~/lib/dates";
import { FEW_SCHOOLS } from "~/models/disclosure";
import { hasFewSchoolsWithFigures } from "~/models/reach-small-cells.server";
import { booking, deliveryAt, locality, school, surveyRun, surveyTemplate, topic } from "./reach-factories";

const YEAR = 2025;
const localAuthority = `Few ${Math.random().toString(36).slice(2, 8)}`;
const scope = { localAuthority, localityId: null, schoolType: null, topicId: null };
let tenth: { id: string };
let template: Awaited<ReturnType<typeof surveyTemplate>>;

beforeAll(async () => {
  const place = await locality("Few", localAuthority);
  const subject = await topic("Knife crime");
  const delivery = await deliveryAt(subject.id, "2025-10-15", "10:00");
  for (let i = 0; i < FEW_SCHOOLS - 1; i++) await booking(delivery.id, (await school(place.id, 500, { localAuthority })).id, "DELIVERED", { 8: 20 });
  tenth = await school(place.id, 500, { localAuthority });
  template = await surveyTemplate("AFTER");
  // Elsewhere, and in the year before: neither counts.
  await booking(delivery.id, (await school(null, 500, { localAuthority: `${localAuthority} elsewhere` })).id, "DELIVERED", { 8: 20 });
  await booking((await deliveryAt(subject.id, "2025-06-15", "10:00")).id, tenth.id, "DELIVERED", { 8: 20 });
});

async function cohort(trainedAt: Date | null) {
  return prisma.mentorCohort.create({
    data: {
      schoolId: tenth.id,
      academicYear: YEAR,
      yearGroups: "10",
      trainingDates: "",
      trainers: "",
      mentors: { create: [{ displayName: "A mentor", yearGroup: 10, trainedAt }] },
    },
  });
}

const lesson = (pupilsPresent: number) =>
  prisma.mentorLesson.create({
    data: {
      schoolId: tenth.id,
      academicYear: YEAR,
      deliveredOn: londonDayStart("2026-02-02"),
      className: "8A",
      classKey: "8A",
      yearGroup: 8,
      pupilsPresent,
      topic: "Bystanders",
    },
  });

/** Whether the tenth school is counted when it has only `figure`, undone afterwards. */
async function countedWith(figure: () => Promise<unknown>): Promise<boolean> {
  await figure();
  try {
    return !(await hasFewSchoolsWithFigures(scope, YEAR));
  } finally {
    await prisma.mentorCohort.deleteMany({ where: { schoolId: tenth.id } });
    await prisma.mentorLesson.deleteMany({ where: { schoolId: tenth.id } });
    await prisma.surveyRun.deleteMany({ where: { schoolId: tenth.id } });
  }
}

describe("a report of the whole area with no filter but the year", () => {
  it(`is a few schools' with ${FEW_SCHOOLS - 1} schools reached in the year, whatever other years and places had`, async () => {
    expect(await hasFewSchoolsWithFigures(scope, YEAR)).toBe(true);
    // The year before has only the tenth school.
    expect(await hasFewSchoolsWithFigures(scope, YEAR - 1)).toBe(true);
  });

  it("counts a school with only survey responses, only a mentor trained, or only pupils at a mentor-led lesson", async () => {
    expect(await countedWith(() => surveyRun(template, tenth.id, YEAR, [{ law: 4 }]))).toBe(true);
    expect(await countedWith(() => cohort(new Date("2025-11-01T12:00:00Z")))).toBe(true);
    expect(await countedWith(() => lesson(12))).toBe(true);
  });

  it("does not count a school whose records hold nothing: no responses, no mentor trained, a lesson with no pupils", async () => {
    expect(await countedWith(() => surveyRun(template, tenth.id, YEAR, []))).toBe(false);
    expect(await countedWith(() => cohort(null))).toBe(false);
    expect(await countedWith(() => lesson(0))).toBe(false);
    expect(await countedWith(() => surveyRun(template, tenth.id, YEAR - 1, [{ law: 4 }]))).toBe(false);
  });

  // Last: the session stays.
  it("does not count a school whose only session of the year reached no pupils", async () => {
    const subject = await topic("Reached nobody");
    await booking((await deliveryAt(subject.id, "2025-11-12", "10:00")).id, tenth.id, "DELIVERED", {});
    expect(await prisma.sessionTally.findMany({ where: { schoolId: tenth.id, month: "2025-11-01" }, select: { sessions: true, pupils: true } })).toEqual([
      { sessions: 1, pupils: 0 },
    ]);
    expect(await hasFewSchoolsWithFigures(scope, YEAR)).toBe(true);
  });
});

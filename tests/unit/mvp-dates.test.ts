import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { londonDayStart } from "~/lib/dates";
import { updateCohort } from "~/models/mvp-cohorts.server";
import { createLesson, updateLesson } from "~/models/mvp-lessons.server";
import { withdrawMentor } from "~/models/mvp-mentors.server";
import { cohortWithMentors, completeAll, curriculum, mvpSchool } from "./mvp-factories";

// A fixed "now": the 2026/27 autumn term.
const NOW = new Date("2026-12-01T12:00:00Z");

describe("a mentor's withdrawal date agrees with their record", () => {
  let modules: string[];
  beforeAll(async () => {
    modules = (await curriculum()).filter((m) => m.required).map((m) => m.id);
  });

  /** A 2025/26 mentor, trained on 14 October 2025, who led a lesson on 9 November 2026. */
  async function activeMentor() {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, 2025, ["Aisha K.", "Ben T.", "Cara M."]);
    const ids = cohort.mentors.map((m) => m.id);
    await completeAll(ids, modules, londonDayStart("2025-10-14"));
    const input = { deliveredOn: "2026-11-09", className: "8B", yearGroup: 8, pupilsPresent: 28, mentorIds: ids, topic: "Online abuse", reflection: "" };
    const led = await createLesson(mvpLead, input);
    if (!led.ok) throw new Error(led.message);
    return { school, mvpLead, mentor: cohort.mentors[0]!, lessonId: led.id, input };
  }

  it("refuses a date before the cohort's training could begin, and the lesson can still be re-saved", async () => {
    const { mvpLead, mentor, lessonId, input } = await activeMentor();
    expect(await withdrawMentor(mvpLead, mentor.id, "2015-09-01", NOW)).toEqual({
      ok: false,
      field: "withdrawnOn",
      message: "Aisha K.'s cohort is 2025/26, whose training begins on 1 April 2025: the date they stopped cannot be before that",
    });
    expect((await prisma.mentor.findUniqueOrThrow({ where: { id: mentor.id } })).withdrawnOn).toBeNull();
    expect(await updateLesson(mvpLead, lessonId, input)).toMatchObject({ ok: true });
  });

  it("refuses a date before the last lesson they led, or before training they completed", async () => {
    const { school, mvpLead, mentor } = await activeMentor();
    for (const day of ["2026-11-08", "2026-01-15"]) {
      expect(await withdrawMentor(mvpLead, mentor.id, day, NOW)).toMatchObject({
        ok: false,
        message: "Aisha K. led a lesson on 9 November 2026, so the date they stopped must be that day or later",
      });
    }
    const untaught = (await cohortWithMentors(school.id, 2025, ["Dev P."])).mentors[0]!;
    await completeAll([untaught.id], modules, londonDayStart("2025-10-14"));
    expect(await withdrawMentor(mvpLead, untaught.id, "2025-10-01", NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining("completed training on 14 October 2025"),
    });
  });

  it("refuses a date in the future, and accepts the day of their last lesson, whose record still saves", async () => {
    const { mvpLead, mentor, lessonId, input } = await activeMentor();
    expect(await withdrawMentor(mvpLead, mentor.id, "2026-12-02", NOW)).toMatchObject({
      ok: false,
      message: "The date the mentor stopped must be today or in the past",
    });
    // Stopping on the day of their last lesson (they led it first), as on a last day in school.
    expect(await withdrawMentor(mvpLead, mentor.id, "2026-11-09", NOW)).toMatchObject({ ok: true });
    expect((await prisma.mentor.findUniqueOrThrow({ where: { id: mentor.id } })).withdrawnOn).toEqual(londonDayStart("2026-11-09"));
    expect(await updateLesson(mvpLead, lessonId, input)).toMatchObject({ ok: true });
  });
});

describe("a cohort's academic year agrees with its record", () => {
  const cohortInput = (academicYear: number) => ({ academicYear, yearGroups: [10], trainingDates: "", trainers: "R. Hall" });

  it("refuses a year outside its training sessions' window, by the academic year, and keeps the year", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, 2026, ["Aisha K."]);
    await prisma.mentorTrainingSession.createMany({
      data: ["2026-09-14", "2026-11-02"].map((day) => ({ cohortId: cohort.id, heldOn: londonDayStart(day) })),
    });
    expect(await updateCohort(mvpLead, cohort.id, cohortInput(2022), NOW)).toEqual({
      ok: false,
      field: "academicYear",
      message: "This cohort has a training session on 14 September 2026, outside 2022/23's training dates, 1 April 2022 to 31 August 2023",
    });
    expect((await prisma.mentorCohort.findUniqueOrThrow({ where: { id: cohort.id } })).academicYear).toBe(2026);
  });

  it("refuses a year its mentors' training, stopping or lessons contradict", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, 2025, ["Aisha K.", "Ben T."]);
    const [aisha, ben] = cohort.mentors;
    await prisma.mentorLesson.create({
      data: {
        schoolId: school.id,
        academicYear: 2026,
        deliveredOn: londonDayStart("2026-11-09"),
        className: "8B",
        classKey: "8B",
        yearGroup: 8,
        pupilsPresent: 28,
        topic: "Online abuse",
        leaders: { create: [{ mentorId: aisha!.id, schoolId: school.id, academicYear: 2026 }] },
      },
    });
    expect(await updateCohort(mvpLead, cohort.id, cohortInput(2024), NOW)).toMatchObject({
      ok: false,
      field: "academicYear",
      message: "This cohort's mentors led a lesson on 9 November 2026: a 2024/25 cohort's mentors lead lessons in 2024/25 and 2025/26",
    });
    await prisma.mentor.update({ where: { id: ben!.id }, data: { withdrawnOn: londonDayStart("2025-10-20") } });
    expect(await updateCohort(mvpLead, cohort.id, cohortInput(2026), NOW)).toMatchObject({
      ok: false,
      message: "A mentor in this cohort stopped on 20 October 2025, before 2026/27's training dates, 1 April 2026 to 31 August 2027",
    });
    expect((await prisma.mentorCohort.findUniqueOrThrow({ where: { id: cohort.id } })).academicYear).toBe(2025);
  });

  it("lets a cohort with nothing dated change its year", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, 2026, ["Aisha K."]);
    expect(await updateCohort(mvpLead, cohort.id, cohortInput(2025), NOW)).toMatchObject({ ok: true });
  });
});

describe("a lesson's date agrees with its mentors' cohorts", () => {
  it("refuses a mentor whose cohort's mentors do not lead lessons in the lesson's year", async () => {
    const { school, mvpLead } = await mvpSchool();
    const old = await cohortWithMentors(school.id, 2022, ["Aisha K."]);
    const result = await createLesson(mvpLead, {
      deliveredOn: "2026-11-09",
      className: "8B",
      yearGroup: 8,
      pupilsPresent: 28,
      mentorIds: [old.mentors[0]!.id],
      topic: "Online abuse",
      reflection: "",
    });
    expect(result).toMatchObject({ ok: false, field: "mentorIds", message: expect.stringContaining("is in the 2022/23 cohort") });
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { londonDayStart } from "~/lib/dates";
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
      message: "Aisha K.’s cohort is 2025/26, whose training begins on 1 April 2025: the date they stopped cannot be before that",
    });
    expect((await prisma.mentor.findUniqueOrThrow({ where: { id: mentor.id } })).withdrawnOn).toBeNull();
    expect(await updateLesson(mvpLead, lessonId, input)).toMatchObject({ ok: true });
  });

  it("refuses a date on or before the last lesson they led, or before training they completed", async () => {
    const { school, mvpLead, mentor } = await activeMentor();
    for (const day of ["2026-11-09", "2026-01-15"]) {
      expect(await withdrawMentor(mvpLead, mentor.id, day, NOW)).toMatchObject({
        ok: false,
        message: "Aisha K. led a lesson on 9 November 2026, so the date they stopped must be after that",
      });
    }
    const untaught = (await cohortWithMentors(school.id, 2025, ["Dev P."])).mentors[0]!;
    await completeAll([untaught.id], modules, londonDayStart("2025-10-14"));
    expect(await withdrawMentor(mvpLead, untaught.id, "2025-10-01", NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining("completed training on 14 October 2025"),
    });
  });

  it("refuses a date in the future, and accepts the day after their last lesson", async () => {
    const { mvpLead, mentor } = await activeMentor();
    expect(await withdrawMentor(mvpLead, mentor.id, "2026-12-02", NOW)).toMatchObject({
      ok: false,
      message: "The date the mentor stopped must be today or in the past",
    });
    expect(await withdrawMentor(mvpLead, mentor.id, "2026-11-10", NOW)).toMatchObject({ ok: true });
    expect((await prisma.mentor.findUniqueOrThrow({ where: { id: mentor.id } })).withdrawnOn).toEqual(londonDayStart("2026-11-10"));
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { RETENTION_SETTING_KEY } from "~/lib/mvp-retention";
import { getSchoolFigures } from "~/models/mvp-reach.server";
import { createLesson, mentorOptions } from "~/models/mvp-lessons.server";
import { getRetentionYears, removeCohortNames, removeDueNames, setRetentionYears } from "~/models/mvp-retention.server";
import { cohortWithMentors, completeAll, curriculum, lesson, mvpSchool, vrnLead } from "./mvp-factories";
import { flashOf, routeContext, signedInPost } from "./support/route";

// The demo's today: 2023/24 closed on 31 August 2024, and two more years have passed since.
const now = new Date("2026-11-21T10:00:00Z");
let required: string[];

beforeAll(async () => {
  required = (await curriculum()).filter((m) => m.required).map((m) => m.id);
});

async function schoolWithHistory() {
  const a = await mvpSchool();
  const old = await cohortWithMentors(a.school.id, 2023, ["Aisha K.", "Bilal R.", "Chloe W.", "Dev P."]);
  const recent = await cohortWithMentors(a.school.id, 2024, ["Ella M.", "Farah S.", "George T."]);
  await completeAll(
    old.mentors.slice(0, 3).map((m) => m.id),
    required,
  );
  await completeAll(
    recent.mentors.map((m) => m.id),
    required,
  );
  const leaders = old.mentors.slice(0, 3).map((m) => m.id);
  for (let n = 0; n < 5; n++) await lesson(a.school.id, 2023, "8A", 28 + n, leaders, "Aisha led the role-play");
  await lesson(a.school.id, 2023, "8B", 26, leaders.slice(0, 2), "Good start");
  await lesson(
    a.school.id,
    2024,
    "9A",
    30,
    recent.mentors.map((m) => m.id),
    "Farah was confident",
  );
  return { ...a, old, recent };
}

describe("removing mentors' names when they are due", () => {
  it("replaces the names with neutral labels and keeps every count", async () => {
    const a = await schoolWithHistory();
    const before = await getSchoolFigures(a.mvpLead, a.school.id, 2023);
    const mentorsBefore = await prisma.mentor.count();
    const completionsBefore = await prisma.moduleCompletion.count();
    const leadersBefore = await prisma.mentorLessonLeader.count();

    const removed = await removeDueNames(null, now);

    expect(removed).toEqual([expect.objectContaining({ cohortId: a.old.id, mentors: 4 })]);
    const mentors = await prisma.mentor.findMany({ where: { cohortId: a.old.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(mentors.map((m) => m.displayName)).toEqual(["Mentor 1", "Mentor 2", "Mentor 3", "Mentor 4"]);
    expect((await prisma.mentorCohort.findUniqueOrThrow({ where: { id: a.old.id } })).namesRemovedAt).toEqual(now);

    expect(await getSchoolFigures(a.mvpLead, a.school.id, 2023)).toEqual(before);
    expect(before.figures).toMatchObject({ mentors: 4, mentorsTrained: 3, mentorsWhoLed: 3, lessons: 6, pupilsReachedOnce: 32 + 26, pupilsReachedFive: 32 });
    expect(await prisma.mentor.count()).toBe(mentorsBefore);
    expect(await prisma.moduleCompletion.count()).toBe(completionsBefore);
    expect(await prisma.mentorLessonLeader.count()).toBe(leadersBefore);

    // Reflections on lessons they led may name them, so they go too; other years' stay.
    const reflections = await prisma.mentorLesson.findMany({ where: { schoolId: a.school.id }, select: { academicYear: true, reflection: true } });
    expect(reflections.filter((l) => l.academicYear === 2023).every((l) => l.reflection === "")).toBe(true);
    expect(reflections.find((l) => l.academicYear === 2024)?.reflection).toBe("Farah was confident");

    const recent = await prisma.mentor.findMany({ where: { cohortId: a.recent.id } });
    expect(recent.map((m) => m.displayName).sort()).toEqual(["Ella M.", "Farah S.", "George T."]);

    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "remove-names", entityId: a.old.id } });
    expect(audit.actorId).toBeNull();
    expect(audit.summary).toContain("4 mentors");
    expect(audit.summary).not.toContain("Aisha");
  });

  it("does nothing the second time", async () => {
    await schoolWithHistory();
    await removeDueNames(null, now);
    const audits = await prisma.auditEvent.count({ where: { action: "remove-names" } });
    expect(await removeDueNames(null, now)).toEqual([]);
    expect(await prisma.auditEvent.count({ where: { action: "remove-names" } })).toBe(audits);
  });

  it("follows the retention period the VRN lead sets", async () => {
    const a = await schoolWithHistory();
    await removeDueNames(null, now);
    const lead = await vrnLead();
    await setRetentionYears(lead, 1);
    try {
      expect(await getRetentionYears()).toBe(1);
      expect((await prisma.setting.findUniqueOrThrow({ where: { key: RETENTION_SETTING_KEY } })).value).toBe("1");
      const removed = await removeDueNames(null, now);
      expect(removed.map((r) => r.cohortId)).toContain(a.recent.id);
      await expect(setRetentionYears(a.mvpLead, 5)).rejects.toMatchObject({ status: 403 });
    } finally {
      await setRetentionYears(lead, 2);
    }
  });
});

describe("setting the retention period to what it is", () => {
  it("changes and audits nothing", async () => {
    const lead = await vrnLead();
    const audited = () => prisma.auditEvent.count({ where: { entityType: "Setting", entityId: RETENTION_SETTING_KEY } });
    expect(await setRetentionYears(lead, 3)).toEqual({ changed: true });
    const auditBefore = await audited();
    try {
      expect(await setRetentionYears(lead, 3)).toEqual({ changed: false });
      expect(await audited()).toBe(auditBefore);
    } finally {
      await setRetentionYears(lead, 2);
    }
  });
});

describe("a retention period of no years", () => {
  it("still keeps the names of last year's mentors, who lead lessons this year", async () => {
    const a = await schoolWithHistory();
    const lastYear = await cohortWithMentors(a.school.id, 2025, ["Jo N."]);
    const lead = await vrnLead();
    await setRetentionYears(lead, 0);
    try {
      const removed = (await removeDueNames(null, now)).map((r) => r.cohortId);
      expect(removed).toContain(a.recent.id);
      expect(removed).not.toContain(lastYear.id);
      expect((await prisma.mentor.findFirstOrThrow({ where: { cohortId: lastYear.id } })).displayName).toBe("Jo N.");
    } finally {
      await setRetentionYears(lead, 2);
    }
  });
});

describe("a lesson recorded after its mentors' names have gone", () => {
  it("can still count them under their neutral labels, and keeps no reflection, saying so", async () => {
    const a = await schoolWithHistory();
    await removeCohortNames(a.mvpLead, a.recent.id, now);
    // A 2025/26 lesson led by the 2024/25 cohort, recorded late: their names went on 1 September 2026.
    const options = await mentorOptions(a.mvpLead, 2025);
    const offered = options.filter((m) => a.recent.mentors.some((r) => r.id === m.id));
    expect(offered.map((m) => [m.displayName, m.cohort])).toEqual([
      ["Mentor 1", "Year 10, 2024/25 (names removed)"],
      ["Mentor 2", "Year 10, 2024/25 (names removed)"],
      ["Mentor 3", "Year 10, 2024/25 (names removed)"],
    ]);
    const input = { deliveredOn: "2026-06-10", className: "8C", yearGroup: 8, pupilsPresent: 27, topic: "Bystander choices", reflection: "Farah led it well" };
    const recorded = await createLesson(a.mvpLead, { ...input, mentorIds: offered.map((m) => m.id) });
    expect(recorded).toMatchObject({
      ok: true,
      warnings: expect.arrayContaining([expect.stringMatching(/^The reflection was not kept: some of these mentors' names have been removed/)]),
    });
    if (!recorded.ok) return;
    const saved = await prisma.mentorLesson.findUniqueOrThrow({ where: { id: recorded.id }, include: { leaders: true } });
    expect(saved.reflection).toBe("");
    expect(saved.leaders).toHaveLength(3);
  });
});

describe("removing a cohort's names early", () => {
  it("lets the school's MVP lead do it once the year has closed, and nobody else's lead", async () => {
    const a = await schoolWithHistory();
    const b = await mvpSchool();
    const current = await cohortWithMentors(a.school.id, 2026, ["Hana B."]);

    await expect(removeCohortNames(b.mvpLead, a.recent.id, now)).rejects.toMatchObject({ status: 404 });
    await expect(removeCohortNames(a.teacher, a.recent.id, now)).rejects.toMatchObject({ status: 403 });
    expect(await removeCohortNames(a.mvpLead, current.id, now)).toMatchObject({ ok: false });
    // Last year's mentors lead this year's lessons, under their names: not yet.
    const lastYear = await cohortWithMentors(a.school.id, 2025, ["Ivy L."]);
    expect(await removeCohortNames(a.mvpLead, lastYear.id, now)).toEqual({
      ok: false,
      message: "Names can be removed once the academic year after the cohort's has ended: its mentors may lead lessons until then, under their names.",
    });
    expect((await prisma.mentorCohort.findUniqueOrThrow({ where: { id: lastYear.id } })).namesRemovedAt).toBeNull();

    const result = await removeCohortNames(a.mvpLead, a.recent.id, now);
    expect(result).toMatchObject({ ok: true, removed: { cohortId: a.recent.id, mentors: 3 } });
    // Asked again, from the cohort's page: nothing more to do, and the page says so rather than "removed".
    const { action } = await import("~/routes/mvp.cohorts.$cohortId._index");
    const again = await action({
      request: await signedInPost(`/mvp/cohorts/${a.recent.id}`, a.mvpLead.id, { intent: "remove-names" }),
      context: routeContext(),
      params: { cohortId: a.recent.id },
    });
    expect(await flashOf(again as Response)).toBe("These mentors' names had already been removed: nothing more was changed.");
    expect(await prisma.auditEvent.count({ where: { action: "remove-names", entityId: a.recent.id } })).toBe(1);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "remove-names", entityId: a.recent.id } });
    expect(audit.actorId).toBe(a.mvpLead.id);
  });
});

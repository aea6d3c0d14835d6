/**
 * Removing mentors' names when they have been kept long enough. Each mentor's name becomes a neutral
 * label ("Mentor 7") and the reflections on lessons they led are cleared (they may name pupils); every
 * mentor, completion, lesson and count stays, so the year's figures do not change.
 */
import type { Actor } from "~/auth/actor";
import { can } from "~/auth/roles";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { academicYearOf } from "~/lib/academic-year";
import { cohortLabel } from "~/lib/mvp";
import {
  mentorsMayStillLead,
  namesRemovalDue,
  neutralMentorLabel,
  parseRetentionYears,
  removalYear,
  RETENTION_SETTING_KEY,
  yearsNamesKept,
} from "~/lib/mvp-retention";
import { forbidden, notFound } from "~/lib/responses.server";
import { recordAudit } from "./audit.server";
import { recordingSchoolId } from "./mvp-access.server";
import { counted } from "~/lib/numbers";

type Db = Prisma.TransactionClient | typeof prisma;

export async function getRetentionYears(db: Db = prisma): Promise<number> {
  const setting = await db.setting.findUnique({ where: { key: RETENTION_SETTING_KEY } });
  return parseRetentionYears(setting?.value);
}

/** Sets how long mentors' names are kept; `changed` is false, with nothing written or audited, when it already was `years`. */
export async function setRetentionYears(actor: Actor, years: number): Promise<{ changed: boolean }> {
  if (!can(actor, "mvp:manage-retention")) forbidden();
  return prisma.$transaction(async (tx) => {
    const before = await getRetentionYears(tx);
    if (before === years) return { changed: false };
    await tx.setting.upsert({
      where: { key: RETENTION_SETTING_KEY },
      create: { key: RETENTION_SETTING_KEY, value: String(years) },
      update: { value: String(years) },
    });
    await recordAudit(
      {
        actor: actor,
        action: "update",
        entityType: "Setting",
        entityId: RETENTION_SETTING_KEY,
        summary: `Changed how long MVP mentors' names are kept after their academic year from ${before} to ${counted(years, "year")}`,
      },
      tx,
    );
    return { changed: true };
  });
}

/** Cohorts of closed academic years whose names are still held, for the VRN lead's retention page. */
export async function listCohortsHoldingNames(actor: Actor, now = new Date()) {
  if (!can(actor, "mvp:manage-retention")) forbidden();
  const years = await getRetentionYears();
  const cohorts = await prisma.mentorCohort.findMany({
    where: { namesRemovedAt: null, academicYear: { lt: academicYearOf(now) } },
    orderBy: [{ academicYear: "asc" }, { school: { name: "asc" } }],
    include: { school: { select: { id: true, name: true } }, _count: { select: { mentors: true } } },
  });
  return {
    years,
    cohorts: cohorts.map((c) => ({
      id: c.id,
      label: cohortLabel(c),
      school: c.school,
      mentors: c._count.mentors,
      removalYear: removalYear(c.academicYear, years),
      due: namesRemovalDue(c.academicYear, years, now),
    })),
  };
}

export type RemovedNames = { cohortId: string; label: string; schoolName: string; mentors: number };

/** Does the removal for one cohort inside the caller's transaction; null if it was already done. */
async function removeNamesInCohort(
  tx: Prisma.TransactionClient,
  cohortId: string,
  actor: Actor | null,
  now: Date,
  reason: string,
): Promise<RemovedNames | null> {
  // Claiming the cohort first makes two runs at once harmless: the second finds nothing to do.
  const claimed = await tx.mentorCohort.updateMany({ where: { id: cohortId, namesRemovedAt: null }, data: { namesRemovedAt: now } });
  if (claimed.count === 0) return null;
  const cohort = await tx.mentorCohort.findUniqueOrThrow({ where: { id: cohortId }, include: { school: { select: { name: true } } } });
  const mentors = await tx.mentor.findMany({ where: { cohortId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  for (const [index, mentor] of mentors.entries()) {
    await tx.mentor.update({ where: { id: mentor.id }, data: { displayName: neutralMentorLabel(index + 1) } });
  }
  await tx.mentorLesson.updateMany({
    where: { leaders: { some: { mentorId: { in: mentors.map((m) => m.id) } } } },
    data: { reflection: "" },
  });
  const label = cohortLabel(cohort);
  await recordAudit(
    {
      actor: actor,
      action: "remove-names",
      entityType: "MentorCohort",
      entityId: cohortId,
      summary: `Removed the names of ${counted(mentors.length, "mentor")} in the MVP cohort ${label} at ${cohort.school.name} (${reason}); counts kept`,
    },
    tx,
  );
  return { cohortId, label, schoolName: cohort.school.name, mentors: mentors.length };
}

/**
 * One action to remove a cohort's names early: the school's MVP lead for their own cohorts, the VRN lead
 * for any. Refused while its mentors may still lead lessons (its year and the next), since their names are
 * still in use.
 */
export async function removeCohortNames(
  actor: Actor,
  cohortId: string,
  now = new Date(),
): Promise<{ ok: true; removed: RemovedNames | null } | { ok: false; message: string }> {
  const scope = can(actor, "mvp:manage-retention") ? {} : { schoolId: recordingSchoolId(actor) };
  const cohort = await prisma.mentorCohort.findFirst({ where: { id: cohortId, ...scope } });
  if (!cohort) notFound("mentor cohort");
  if (mentorsMayStillLead(cohort.academicYear, now)) {
    return {
      ok: false,
      message: "Names can be removed once the academic year after the cohort's has ended: its mentors may lead lessons until then, under their names.",
    };
  }
  const removed = await prisma.$transaction((tx) => removeNamesInCohort(tx, cohortId, actor, now, "removed on request"));
  return { ok: true, removed };
}

/**
 * Removes every cohort's names that are due. Run by the scheduled jobs (actor null) and by the VRN lead's
 * "remove now" button. Each cohort is its own transaction, so one failure cannot undo the others.
 */
export async function removeDueNames(actor: Actor | null, now = new Date()): Promise<RemovedNames[]> {
  if (actor && !can(actor, "mvp:manage-retention")) forbidden();
  const years = await getRetentionYears();
  // The cohorts whose removal year has come (removalYear): every cohort year up to this one.
  const lastDueYear = academicYearOf(now) - yearsNamesKept(years);
  const due = await prisma.mentorCohort.findMany({
    where: { namesRemovedAt: null, academicYear: { lte: lastDueYear } },
    orderBy: { academicYear: "asc" },
    select: { id: true },
  });
  const removed: RemovedNames[] = [];
  for (const { id } of due) {
    const done = await prisma.$transaction((tx) => removeNamesInCohort(tx, id, actor, now, `retention period of ${counted(years, "year")} ended`));
    if (done) removed.push(done);
  }
  return removed;
}

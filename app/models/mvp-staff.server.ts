/** Adults who completed MVP staff training, recorded by their school's MVP lead. */
import type { Actor } from "~/auth/actor";
import type { z } from "zod";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { academicYearOf, formatAcademicYear } from "~/lib/academic-year";
import { formatDate, londonDayStart } from "~/lib/dates";
import type { staffTrainingSchema } from "~/lib/mvp-schemas";
import { notFound } from "~/lib/responses.server";
import { sameAsStored } from "~/lib/same-as-stored";
import { nameKey } from "~/lib/text-fields";
import { changedMeanwhile, editVersion } from "./edit-versions.server";
import { alreadyDeleted, deleteLogged, recordAudit, type AlreadyDeleted } from "./audit.server";
import { notFoundIfGone } from "./db-errors.server";
import { recordingSchoolId } from "./mvp-access.server";
import { dayOutsideSchoolDays } from "./school-records.server";
import { answerSentBefore, saveOnce } from "./sent-forms.server";

export type StaffTrainingInput = z.infer<typeof staffTrainingSchema>;

/** A record of the MVP lead's own school, or 404: another school's ids reveal nothing. */
export async function getStaffTraining(actor: Actor, id: string) {
  return (await findStaffTraining(actor, id)) ?? notFound("record of staff training");
}

/** As `getStaffTraining`, with null for a record not there. Throws a 403 response unless the actor records MVP for a school. */
function findStaffTraining(actor: Actor, id: string) {
  return prisma.staffTraining.findFirst({ where: { id, schoolId: recordingSchoolId(actor) } });
}

function values(input: StaffTrainingInput) {
  const trainedOn = londonDayStart(input.trainedOn);
  // The academic year follows from the date, so a record can never sit in the wrong year.
  return { name: input.name, role: input.role, trainer: input.trainer, trainedOn, academicYear: academicYearOf(trainedOn) };
}

type Tx = Prisma.TransactionClient;

/** A record of staff training's fields its form changes, by their labels there, in its order (decision 0148). */
const STAFF_FORM_FIELDS = { name: "Name", role: "Role", trainedOn: "Date of the training", trainer: "Trainer" } as const;

/** The fingerprint of a record of staff training as its page shows it (editVersion). Pure: it was read for an actor already. */
export function staffTrainingVersion(record: Record<keyof typeof STAFF_FORM_FIELDS, unknown>): string {
  return editVersion(record, Object.keys(STAFF_FORM_FIELDS));
}

/** A refusal by the name field, or by the date's when the school was not open on it. */
export type StaffTrainingRefusal = { ok: false; field: "name" | "trainedOn"; message: string };

/**
 * The refusal, by the date's field, when the school was not open on the day of the training
 * (dayOutsideSchoolDays; for a change of `existing`, only when its day changes), or, by the name's, when
 * the school already has a record of this person's training on this day other than `existing` (names
 * compared by `nameKey`: without case, extra spaces or differences of Unicode form): a form sent twice, by
 * a double click without JavaScript or two tabs, would otherwise record one training as two people
 * trained. Read in the transaction that writes, which holds the write lock, so two at once cannot both
 * miss each other.
 */
async function staffTrainingRefusal(
  tx: Tx,
  schoolId: string,
  data: ReturnType<typeof values>,
  existing: { id: string; trainedOn: Date } | null,
): Promise<StaffTrainingRefusal | null> {
  // A day saved before the school's days were known is checked only when it is changed (decision 0116).
  const outside =
    existing?.trainedOn.getTime() === data.trainedOn.getTime()
      ? null
      : await dayOutsideSchoolDays(tx, schoolId, data.trainedOn, "staff training", { called: "Your school" });
  if (outside) return { ok: false, field: "trainedOn", message: outside };
  const exceptId = existing?.id ?? null;
  const sameDay = await tx.staffTraining.findMany({
    where: { schoolId, trainedOn: data.trainedOn, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true },
  });
  if (!sameDay.some((row) => nameKey(row.name) === nameKey(data.name))) return null;
  return { ok: false, field: "name", message: `${data.name}'s training on ${formatDate(data.trainedOn)} is already recorded` };
}

/**
 * Records a member of staff trained at the actor's school. Returns the record with `ok: true`, or the
 * refusal by the name field when the same person's training on that day is already recorded. The same
 * form sent again (`input.formToken`: a double click, a second tab, a retry) records nothing more and
 * returns the record the first sending made, with `repeat` (decision 0147); 404 when that record is not
 * the actor's school's now. Sent again with other details, it is refused whole (SentWithOtherDetails,
 * decision 0178).
 */
export async function createStaffTraining(actor: Actor, input: StaffTrainingInput) {
  const schoolId = recordingSchoolId(actor);
  const data = values(input);
  const once = await saveOnce(input.formToken, "StaffTraining", input, (note) =>
    prisma.$transaction(async (tx) => {
      const refusal = await staffTrainingRefusal(tx, schoolId, data, null);
      if (refusal) return refusal;
      const created = await tx.staffTraining.create({ data: { ...data, schoolId } });
      await recordAudit(
        {
          actor: actor,
          action: "create",
          entityType: "StaffTraining",
          entityId: created.id,
          summary: `Recorded MVP staff training for ${data.name} (${data.role}) on ${formatDate(data.trainedOn)}`,
        },
        tx,
      );
      await note(tx, [created.id]);
      return { ok: true as const, ...created };
    }),
  );
  // The first sending's record, if it is still the actor's school's (else a 404, as for any other record).
  return answerSentBefore(once, {
    find: (ids) => prisma.staffTraining.findFirst({ where: { id: ids[0], schoolId } }),
    what: "record of staff training",
    repeat: (first) => ({ ok: true as const, ...first, repeat: true as const }),
    made: (first) => `${first.name}'s training on ${formatDate(first.trainedOn)} recorded`,
  });
}

/**
 * Changes a record of staff training and returns it with `ok: true`, and `changed` false (nothing written)
 * when the form gave it as it was; or the refusal by the name field when it would repeat another record.
 * With `input.version`, the fingerprint its page showed (staffTrainingVersion), a change after another
 * changed the record is refused with `changedMeanwhile` (decision 0148).
 */
export async function updateStaffTraining(actor: Actor, id: string, input: StaffTrainingInput) {
  const existing = await getStaffTraining(actor, id);
  const data = values(input);
  return prisma.$transaction(async (tx) => {
    const current = (await tx.staffTraining.findUnique({ where: { id: existing.id } })) ?? notFound("record of staff training");
    if (sameAsStored(current, data)) return { ok: true as const, ...current, changed: false };
    const stale = changedMeanwhile(current, data, STAFF_FORM_FIELDS, input.version);
    if (stale) return stale;
    const refusal = await staffTrainingRefusal(tx, existing.schoolId, data, current);
    if (refusal) return refusal;
    const updated = await tx.staffTraining.update({ where: { id: existing.id }, data }).catch(notFoundIfGone("record of staff training"));
    await recordAudit(
      {
        actor: actor,
        action: "update",
        entityType: "StaffTraining",
        entityId: id,
        summary: `Changed MVP staff training for ${data.name} (${formatAcademicYear(data.academicYear)})`,
      },
      tx,
    );
    return { ok: true as const, ...updated, changed: true };
  });
}

/**
 * Deletes a record of staff training of the MVP lead's school, returning whose it was. One deleted before at
 * the school, as by the same press sent again, is answered `AlreadyDeleted`, with nothing written
 * (alreadyDeleted); a 404 for one that never was, or not the school's. Throws a 403 response unless the
 * actor records MVP for a school.
 */
export async function deleteStaffTraining(
  actor: Actor,
  id: string,
): Promise<{ ok: true; unchanged: false; academicYear: number; name: string } | AlreadyDeleted> {
  // Only the actor's own school's (a 403 for anyone who does not record MVP for one).
  const existing = await findStaffTraining(actor, id);
  if (!existing) return alreadyDeleted(actor, "StaffTraining", id, "record of staff training");
  return prisma.$transaction(async (tx) => {
    const gone = await deleteLogged(actor, tx, {
      entityType: "StaffTraining",
      entityId: existing.id,
      what: "record of staff training",
      summary: `Deleted MVP staff training for ${existing.name} on ${formatDate(existing.trainedOn)}`,
      remove: () => tx.staffTraining.deleteMany({ where: { id: existing.id } }),
    });
    return gone ?? { ok: true as const, unchanged: false as const, academicYear: existing.academicYear, name: existing.name };
  });
}

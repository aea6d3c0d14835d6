/**
 * A school's days and its own records must agree: a school with a session held on a day had opened by
 * then and had not yet closed. The school form and the GIAS import check a new opening or closing day
 * against the records (recordedDaysOf), and the models that record a lesson or training check its day
 * against the school's days (dayOutsideSchoolDays): decision 0158, amended 4 December 2026, as decision
 * 0116 checks other dates against the records that hang on them.
 */
import { type prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { formatDate, londonDayStart } from "~/lib/dates";
import { londonDateInputValue } from "~/lib/london-time";

type Db = Prisma.TransactionClient | typeof prisma;

/** What kind of record a day comes from. */
type RecordKind = "held" | "staff" | "lesson" | "training" | "survey";

/** A London day (yyyy-mm-dd) on which a school has something recorded, and what kind of record. */
export type RecordedDay = { day: string; kind: RecordKind };

const IN_WORDS: Record<RecordKind, (date: string) => string> = {
  held: (date) => `a session held on ${date}`,
  staff: (date) => `staff training on ${date}`,
  lesson: (date) => `a lesson led by a mentor on ${date}`,
  training: (date) => `mentor training on ${date}`,
  survey: (date) => `a survey opened on ${date} and answered by pupils`,
};

/** A recorded day in words: "a session held on 26 November 2026". */
export function describeRecordedDay({ day, kind }: RecordedDay): string {
  return IN_WORDS[kind](formatDate(day));
}

/** A school's first and last recorded days. */
export type RecordedDays = { first: RecordedDay; last: RecordedDay };

/**
 * The first and last London days each of `schoolIds` has a record of the school at work on: a session
 * held (its booking has attendance recorded), staff trained, a mentor training session, a lesson a
 * mentor led, or a survey that pupils answered (the day it was opened: answers keep no time). Schools
 * with none are absent from the map. A session that did not take place, a booking still to come and a
 * survey nobody answered say nothing of whether the school was open, so they are not counted.
 * Reads in the caller's transaction when given one; no actor, as only models that checked theirs call it.
 */
export async function recordedDaysOf(db: Db, schoolIds: readonly string[]): Promise<Map<string, RecordedDays>> {
  const ids = [...new Set(schoolIds)];
  const found = new Map<string, RecordedDays>();
  if (ids.length === 0) return found;
  const note = (schoolId: string, instant: Date | null | undefined, kind: RecordKind) => {
    if (!instant) return;
    const day = londonDateInputValue(instant);
    const known = found.get(schoolId);
    if (!known) return void found.set(schoolId, { first: { day, kind }, last: { day, kind } });
    if (day < known.first.day) known.first = { day, kind };
    if (day > known.last.day) known.last = { day, kind };
  };
  const [held, staff, lessons, training, surveys] = await Promise.all([
    db.booking.findMany({ where: { schoolId: { in: ids }, status: "DELIVERED" }, select: { schoolId: true, delivery: { select: { startsAt: true } } } }),
    db.staffTraining.groupBy({ by: ["schoolId"], where: { schoolId: { in: ids } }, _min: { trainedOn: true }, _max: { trainedOn: true } }),
    db.mentorLesson.groupBy({ by: ["schoolId"], where: { schoolId: { in: ids } }, _min: { deliveredOn: true }, _max: { deliveredOn: true } }),
    db.mentorTrainingSession.findMany({ where: { cohort: { schoolId: { in: ids } } }, select: { heldOn: true, cohort: { select: { schoolId: true } } } }),
    db.surveyRun.groupBy({
      by: ["schoolId"],
      where: { schoolId: { in: ids }, responses: { some: {} } },
      _min: { createdAt: true },
      _max: { createdAt: true },
    }),
  ]);
  for (const booking of held) note(booking.schoolId, booking.delivery.startsAt, "held");
  for (const row of staff) for (const day of [row._min.trainedOn, row._max.trainedOn]) note(row.schoolId, day, "staff");
  for (const row of lessons) for (const day of [row._min.deliveredOn, row._max.deliveredOn]) note(row.schoolId, day, "lesson");
  for (const session of training) note(session.cohort.schoolId, session.heldOn, "training");
  for (const row of surveys) for (const day of [row._min.createdAt, row._max.createdAt]) note(row.schoolId, day, "survey");
  return found;
}

/**
 * The recorded day that `openedOn` or `closedOn` (London days, yyyy-mm-dd) would contradict: the first
 * record when the opening is after it, the last when the closing is before it. Each is null when the
 * day agrees with the records or is not given. Pure: reads no data.
 */
export function daysAgainstRecords(
  days: { openedOn?: string | null; closedOn?: string | null },
  recorded: RecordedDays | undefined,
): { openedOn: RecordedDay | null; closedOn: RecordedDay | null } {
  const first = recorded?.first;
  const last = recorded?.last;
  return {
    openedOn: days.openedOn && first && first.day < days.openedOn ? first : null,
    closedOn: days.closedOn && last && last.day > days.closedOn ? last : null,
  };
}

/**
 * Why a record of the school `schoolId` at work on the London day of `day` (any instant in it: a lesson,
 * training, pupils at a session, a survey) cannot be saved, or null when it can: the school had not opened by then,
 * or had closed before it (openedOn, closedOn: decision 0158). `what` names the record in the message ("a
 * lesson") and `done` what would be done with it ("recorded", "opened"); an opening day after `now` is
 * said to come ("opens on"). Null too when there is no such school: the caller reports that in its own
 * words. Read in the caller's transaction.
 */
export async function dayOutsideSchoolDays(
  db: Db,
  schoolId: string,
  day: Date,
  what: string,
  { now = new Date(), done = "recorded" }: { now?: Date; done?: string } = {},
): Promise<string | null> {
  const school = await db.school.findUnique({ where: { id: schoolId }, select: { name: true, openedOn: true, closedOn: true } });
  // Its days are stored as the starts of London days: the day itself, at any hour, is within them.
  const dayStart = londonDayStart(londonDateInputValue(day));
  if (school?.openedOn && dayStart < school.openedOn) {
    return `${school.name} ${school.openedOn > now ? "opens" : "opened"} on ${formatDate(school.openedOn)}, so ${what} before then cannot be ${done} for it`;
  }
  if (school?.closedOn && dayStart > school.closedOn)
    return `${school.name} closed on ${formatDate(school.closedOn)}, so ${what} after then cannot be ${done} for it`;
  return null;
}

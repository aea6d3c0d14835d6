/**
 * A school's days and its own records must agree: a school with a session held on a day had opened by
 * then and had not yet closed. The school form and the GIAS import check a new opening or closing day
 * against the records (recordedDaysOf), and the models that record a lesson or training check its day
 * against the school's days (dayOutsideSchoolDays): decision 0158, amended 4 December 2026, as decision
 * 0116 checks other dates against the records that hang on them.
 */
import { type prisma } from "~/db.server";
import { ACTIVE_BOOKING_STATUSES } from "~/lib/statuses";
import type { Prisma } from "~/generated/prisma/client";
import { formatDate, londonDayStart } from "~/lib/dates";
import { londonDateInputValue } from "~/lib/london-time";
import { beforeSessionStartsAt, runState } from "./survey-run-state";

type Db = Prisma.TransactionClient | typeof prisma;

/** What kind of record a day comes from. */
type RecordKind = "held" | "staff" | "lesson" | "training" | "survey" | "open-survey";

/** A London day (yyyy-mm-dd) on which a school has something recorded, and what kind of record. */
export type RecordedDay = { day: string; kind: RecordKind };

const IN_WORDS: Record<RecordKind, (date: string) => string> = {
  held: (date) => `a session held on ${date}`,
  staff: (date) => `staff training on ${date}`,
  lesson: (date) => `a lesson led by a mentor on ${date}`,
  training: (date) => `mentor training on ${date}`,
  survey: (date) => `a survey opened on ${date} and answered by pupils`,
  "open-survey": (date) => `a survey opened on ${date} that pupils can still answer`,
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
 * mentor led, or a survey that pupils answered (the day it was opened: answers keep no time). A survey
 * nobody has answered yet but that is still open at `now` (runState) counts too: an answer to it later
 * would be a record of that day. Schools with none are absent from the map. A session that did not take
 * place, a booking still to come and a survey closed unanswered say nothing of whether the school was
 * open, so they are not counted. Reads in the caller's transaction when given one; no actor, as only
 * models that checked theirs call it.
 */
export async function recordedDaysOf(db: Db, schoolIds: readonly string[], now = new Date()): Promise<Map<string, RecordedDays>> {
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
  const [held, staff, lessons, training, surveys, unanswered] = await Promise.all([
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
    db.surveyRun.findMany({
      where: { schoolId: { in: ids }, closedAt: null, responses: { none: {} } },
      select: {
        schoolId: true,
        createdAt: true,
        closesOn: true,
        maxResponses: true,
        phase: true,
        booking: { select: { delivery: { select: { startsAt: true } } } },
      },
    }),
  ]);
  for (const booking of held) note(booking.schoolId, booking.delivery.startsAt, "held");
  for (const row of staff) for (const day of [row._min.trainedOn, row._max.trainedOn]) note(row.schoolId, day, "staff");
  for (const row of lessons) for (const day of [row._min.deliveredOn, row._max.deliveredOn]) note(row.schoolId, day, "lesson");
  for (const session of training) note(session.cohort.schoolId, session.heldOn, "training");
  for (const row of surveys) for (const day of [row._min.createdAt, row._max.createdAt]) note(row.schoolId, day, "survey");
  for (const run of unanswered) {
    const state = runState(
      { closedAt: null, closesOn: run.closesOn, maxResponses: run.maxResponses, responseCount: 0, beforeSessionStartsAt: beforeSessionStartsAt(run) },
      now,
    );
    if (state.open) note(run.schoolId, run.createdAt, "open-survey");
  }
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

/** How dayOutsideSchoolDays words its refusal; each part has a default. */
type OutsideWords = {
  /** The moment "opens" (still to come) and "opened" are told apart by. */
  now?: Date;
  /** What to call the school: "Your school" for its own staff, or words made from its name. Its name when not given. */
  called?: string | ((name: string) => string);
  /** What follows "so ", given which side of the school's days the record falls on. */
  so?: (side: "before" | "after") => string;
};

/**
 * Why a record of the school `schoolIds` names (one id, or several: a session several schools attended)
 * at work on the London day of `day` (any instant in it: a lesson, training, pupils at a session, a
 * survey) cannot be saved, or null when it can: a school had not opened by then, or had closed before it
 * (openedOn, closedOn: decision 0158). With several schools, the first by name that refuses, read in one
 * statement. `what` names the record ("a lesson"): "<School> opened on 1 September 2025, so a lesson
 * before then cannot be recorded for it", unless `words.so` says otherwise; an opening day after
 * `words.now` is said to come ("opens on"). No full stop. Null too when there is no such school: the
 * caller reports that in its own words. Read in the caller's transaction.
 */
export async function dayOutsideSchoolDays(
  db: Db,
  schoolIds: string | readonly string[],
  day: Date,
  what: string,
  words: OutsideWords = {},
): Promise<string | null> {
  const { now = new Date(), so = (side) => `${what} ${side} then cannot be recorded for it` } = words;
  // Its days are stored as the starts of London days: the day itself, at any hour, is within them.
  const dayStart = londonDayStart(londonDateInputValue(day));
  const school = await db.school.findFirst({
    where: { id: { in: typeof schoolIds === "string" ? [schoolIds] : [...schoolIds] }, OR: [{ openedOn: { gt: dayStart } }, { closedOn: { lt: dayStart } }] },
    select: { name: true, openedOn: true, closedOn: true },
    orderBy: { name: "asc" },
  });
  if (!school) return null;
  const called = typeof words.called === "function" ? words.called(school.name) : (words.called ?? school.name);
  if (school.openedOn && dayStart < school.openedOn) {
    return `${called} ${school.openedOn > now ? "opens" : "opened"} on ${formatDate(school.openedOn)}, so ${so("before")}`;
  }
  return `${called} closed on ${formatDate(school.closedOn!)}, so ${so("after")}`;
}

/**
 * How many bookings each school has, requested or confirmed on a session not cancelled, that are on a
 * session starting before the opening day `openings` gives it (a map of school id to the start of that
 * London day). Such a booking is kept when the opening day is learned (decision 0158), but no pupils can
 * be recorded at it, so the lead is told. Schools with none are absent. Reads in the caller's transaction.
 */
export async function bookingsBeforeOpening(db: Db, openings: ReadonlyMap<string, Date>): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  if (openings.size === 0) return found;
  const latest = new Date(Math.max(...[...openings.values()].map((day) => day.getTime())));
  const booked = await db.booking.findMany({
    where: { schoolId: { in: [...openings.keys()] }, status: { in: ACTIVE_BOOKING_STATUSES }, delivery: { status: "SCHEDULED", startsAt: { lt: latest } } },
    select: { schoolId: true, delivery: { select: { startsAt: true } } },
  });
  for (const { schoolId, delivery } of booked) {
    if (delivery.startsAt < openings.get(schoolId)!) found.set(schoolId, (found.get(schoolId) ?? 0) + 1);
  }
  return found;
}

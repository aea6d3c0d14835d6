/**
 * Attendance returns: after a session, how many pupils attended per year group. Counts only, never
 * names. Saving one marks the booking DELIVERED; saying the session did not take place marks it
 * NOT_DELIVERED with the reason, and keeps no counts (it reached nobody). The lead can record or correct
 * either for a school.
 */
import { assertCanSeeSchool, type Actor } from "~/auth/actor";
import { can } from "~/auth/roles";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { NOT_TAKEN_PLACE_REASONS, notTakenPlaceWords, type AttendanceInput } from "~/lib/delivery-schemas";
import { counted } from "~/lib/numbers";
import { sameAsStored } from "~/lib/same-as-stored";
import { parseYearGroups, SCHOOL_YEAR_GROUPS } from "~/lib/year-groups";
import { recordAudit } from "./audit.server";
import { getBooking, type BookingDetail } from "./bookings.server";
import { mayHaveAttendanceReturn, RETURNABLE_BOOKING_STATUSES } from "~/lib/statuses";
import { dayOutsideSchoolDays } from "./school-records.server";
import { changedMeanwhile, editVersion, type ChangedMeanwhile } from "./edit-versions.server";
import { closeRunsOf } from "./survey-runs.server";
import { recountSessionTallies } from "./tallies.server";

/** A total this many times the pupils expected is probably a typing mistake, so we ask first. */
const HIGH_TOTAL_FACTOR = 1.5;

/**
 * `message` on success is what to tell the person who saved it ("Attendance saved: 1 pupil"); `changed` is
 * false, with nothing written or audited, when the return given is the one already recorded.
 */
export type AttendanceResult =
  | { ok: true; changed: boolean; total: number; tookPlace: boolean; message: string }
  | { ok: false; field?: keyof AttendanceInput; message: string; askToConfirm?: boolean }
  | ChangedMeanwhile;

/**
 * What saving a return did: recorded it, found it recorded already, found it may no longer be recorded, or
 * refused it because another save changed the return after the form's page was drawn (decision 0148).
 */
type Saved = "recorded" | "unchanged" | "changed-meanwhile" | ChangedMeanwhile;

/**
 * The attendance form's fields, as a refusal of a stale page names them (decision 0148): whether the session
 * took place, the pupils of each year group, staff present, the comment, and why it did not take place.
 */
const ATTENDANCE_FORM_FIELDS: Readonly<Record<string, string>> = {
  tookPlace: "Did the session take place?",
  ...Object.fromEntries(SCHOOL_YEAR_GROUPS.map((n) => [`year${n}`, `Year ${n}`])),
  staffPresent: "Staff present",
  comment: "Comment",
  notTaken: "Why did it not take place?",
};

/** A booking's return as stored: its status and the reason kept with it, and the return of a session that took place. */
type StoredReturn = {
  status: string;
  statusReason: string;
  attendance: { staffPresent: number | null; comment: string; counts: { yearGroup: number; pupils: number }[] } | null;
};

/** How a transaction reads a booking's StoredReturn. */
const STORED_RETURN_SELECT = {
  status: true,
  statusReason: true,
  attendance: { select: { staffPresent: true, comment: true, counts: { select: { yearGroup: true, pupils: true } } } },
} as const;

/** A return as recorded, in the fields of ATTENDANCE_FORM_FIELDS: nothing recorded yet is every field empty. */
function returnAsRecorded({ status, statusReason, attendance }: StoredReturn): Record<string, unknown> {
  const record: Record<string, unknown> = {
    tookPlace: status === "DELIVERED" ? "YES" : status === "NOT_DELIVERED" ? "NO" : null,
    staffPresent: attendance?.staffPresent ?? null,
    comment: attendance?.comment ?? "",
    notTaken: status === "NOT_DELIVERED" ? statusReason : null,
  };
  for (const n of SCHOOL_YEAR_GROUPS) record[`year${n}`] = attendance?.counts.find((count) => count.yearGroup === n)?.pupils ?? null;
  return record;
}

/** The return `input` gives, as returnAsRecorded would read it once saved; `notTaken`, the words kept when it did not take place. */
function returnAsGiven(input: AttendanceInput, notTaken: string | null): Record<string, unknown> {
  if (notTaken !== null) return returnAsRecorded({ status: "NOT_DELIVERED", statusReason: notTaken, attendance: null });
  const counts = SCHOOL_YEAR_GROUPS.filter((n) => input[`year${n}`] !== undefined).map((n) => ({ yearGroup: n, pupils: input[`year${n}`]! }));
  return returnAsRecorded({
    status: "DELIVERED",
    statusReason: "",
    attendance: { staffPresent: input.staffPresent ?? null, comment: input.comment ?? "", counts },
  });
}

/**
 * Null when the return `input` gives (`notTaken`: the words kept when it did not take place) may replace
 * `stored`; else the refusal of a page drawn before another save changed it (changedMeanwhile, decision 0148).
 */
function staleReturn(stored: StoredReturn, input: AttendanceInput, notTaken: string | null): ChangedMeanwhile | null {
  return changedMeanwhile(returnAsRecorded(stored), returnAsGiven(input, notTaken), ATTENDANCE_FORM_FIELDS, input.version);
}

/**
 * The fingerprint of a booking's return as its attendance page shows it (decision 0148), which the page's
 * form sends back, so that a return recorded or corrected meanwhile (another tab, the lead for the school)
 * is not replaced unseen. `booking` as getBooking reads it, or as a transaction reads StoredReturn.
 */
export function attendanceVersion(booking: StoredReturn): string {
  return editVersion(returnAsRecorded(booking), Object.keys(ATTENDANCE_FORM_FIELDS));
}

function attendanceTotal(input: AttendanceInput) {
  return SCHOOL_YEAR_GROUPS.reduce((sum, n) => sum + (input[`year${n}`] ?? 0), 0);
}

/** Whether this booking's return can be recorded now (after the session, for a session that happened). */
export function canRecordReturn(booking: Pick<BookingDetail, "status" | "delivery">, now = new Date()) {
  return mayHaveAttendanceReturn(booking.status) && booking.delivery.status === "SCHEDULED" && booking.delivery.endsAt <= now;
}

export function attendanceFormValues(booking: BookingDetail) {
  if (booking.status === "NOT_DELIVERED") return notTakenPlaceFormValues(booking.statusReason);
  if (!booking.attendance) return undefined;
  const values: Record<string, string> = { comment: booking.attendance.comment };
  if (booking.attendance.staffPresent !== null) values.staffPresent = String(booking.attendance.staffPresent);
  for (const count of booking.attendance.counts) values[`year${count.yearGroup}`] = String(count.pupils);
  return values;
}

/** The form's values for a return that said the session did not take place, read back from the words kept (notTakenPlaceWords). */
function notTakenPlaceFormValues(words: string) {
  const reason = NOT_TAKEN_PLACE_REASONS.find((r) => words === r.label || words.startsWith(`${r.label}: `));
  return { tookPlace: "NO", notTakenReason: reason?.value ?? "OTHER", notTakenDetail: reason ? words.slice(reason.label.length + 2) : words };
}

/**
 * Records a session's return for one booking: the pupils who attended, or that it did not take place
 * (with its reason). Either replaces the other, so a mistaken return can be corrected.
 */
export async function recordAttendance(actor: Actor, bookingId: string, input: AttendanceInput, now = new Date()): Promise<AttendanceResult> {
  const booking = await getBooking(actor, bookingId);
  if (!canRecordReturn(booking, now)) return { ok: false, message: "Attendance can be recorded once the session has happened" };
  if (input.tookPlace === "NO") {
    const reason = notTakenPlaceWords(input.notTakenReason ?? "OTHER", input.notTakenDetail);
    const { saved, pupilsTakenOff } = await recordNotTakenPlace(actor, booking, reason, now, (stored) => staleReturn(stored, input, reason));
    if (saved === "changed-meanwhile") return { ok: false, message: CHANGED_MEANWHILE };
    if (typeof saved === "object") return saved;
    const takenOff =
      pupilsTakenOff > 0
        ? `. The ${counted(pupilsTakenOff, "pupil")} recorded as attending before ${pupilsTakenOff === 1 ? "is" : "are"} no longer counted`
        : "";
    const message =
      saved === "recorded"
        ? `Saved: the session did not take place, so it reached no pupils${takenOff}`
        : "Nothing changed: it was already recorded, for the same reason, that the session did not take place";
    return { ok: true, changed: saved === "recorded", total: 0, tookPlace: false, message };
  }
  const roll = booking.school.numberOnRoll;
  for (const n of SCHOOL_YEAR_GROUPS) {
    const count = input[`year${n}`];
    if (roll && count !== undefined && count > roll) {
      return { ok: false, field: `year${n}`, message: `The number of pupils in Year ${n} must be no more than the school's roll of ${roll}` };
    }
  }
  const total = attendanceTotal(input);
  if (total === 0 && input.tookPlace === undefined) return { ok: false, field: "tookPlace", message: "Select whether the session took place" };
  // Said by a box the refusal is about: the first year group booked when none has pupils, else the first given pupils.
  const booked = parseYearGroups(booking.yearGroups);
  const firstBooked = SCHOOL_YEAR_GROUPS.find((n) => booked.includes(n)) ?? SCHOOL_YEAR_GROUPS[0];
  if (total === 0) return { ok: false, field: `year${firstBooked}`, message: "Enter how many pupils attended in at least one year group" };
  const firstGiven = SCHOOL_YEAR_GROUPS.find((n) => (input[`year${n}`] ?? 0) > 0) ?? firstBooked;
  if (roll && total > roll) return { ok: false, field: `year${firstGiven}`, message: `The total, ${total}, is more than the school's roll of ${roll}` };
  if (total > booking.expectedPupils * HIGH_TOTAL_FACTOR && !input.confirmHigh) {
    return {
      ok: false,
      field: "confirmHigh",
      askToConfirm: true,
      message: `${counted(total, "pupil")} is far more than the ${booking.expectedPupils} expected. Check the numbers, or confirm they are right`,
    };
  }
  const counts = SCHOOL_YEAR_GROUPS.filter((n) => input[`year${n}`] !== undefined).map((n) => ({ yearGroup: n, pupils: input[`year${n}`]! }));
  // `{ outside }`: why pupils at this session cannot be recorded for the school (dayOutsideSchoolDays).
  const saved = await prisma.$transaction(async (tx): Promise<Saved | { outside: string }> => {
    // Read inside the transaction: a return saved a moment before is corrected, not recorded twice.
    const before = await tx.booking.findUnique({
      where: { id: bookingId },
      select: { status: true, statusReason: true, delivery: { select: { status: true, startsAt: true } } },
    });
    const stored = await tx.attendanceReturn.findUnique({ where: { bookingId }, include: { counts: { orderBy: { yearGroup: "asc" } } } });
    const correcting = stored !== null;
    const returnable = before?.status === "DELIVERED" && before.delivery.status === "SCHEDULED";
    if (
      returnable &&
      stored &&
      sameAsStored(stored, { staffPresent: input.staffPresent ?? null, comment: input.comment }) &&
      sameCounts(stored.counts, counts)
    ) {
      return "unchanged";
    }
    if (!before || !mayHaveAttendanceReturn(before.status) || before.delivery.status !== "SCHEDULED") return "changed-meanwhile";
    const stale = staleReturn({ ...before, attendance: stored }, input, null);
    if (stale) return stale;
    // Pupils at a session are a record of the school at work that day: it must have opened by then and not
    // closed (decision 0158). Checked here, not only when booked, as the school's days may have been learned
    // since; a return already recorded is corrected without it, as other records are changed (decision 0116).
    const outside =
      before.status !== "DELIVERED" && (await dayOutsideSchoolDays(tx, booking.schoolId, before.delivery.startsAt, "pupils at a session", { now }));
    if (outside) return { outside: outsideSchoolDaysWords(actor, outside, before.status) };
    if (!(await stillReturnable(tx, booking.id, { status: "DELIVERED", statusReason: "" }))) return "changed-meanwhile";
    const data = { staffPresent: input.staffPresent ?? null, comment: input.comment, recordedById: actor.id };
    const saved = await tx.attendanceReturn.upsert({ where: { bookingId }, create: { ...data, bookingId }, update: data });
    await tx.attendanceCount.deleteMany({ where: { returnId: saved.id } });
    await tx.attendanceCount.createMany({ data: counts.map((c) => ({ ...c, returnId: saved.id })) });
    await recountSessionTallies(tx, [booking.schoolId]);
    const onBehalf = can(actor, "deliveries:manage") ? ` for ${booking.school.name}` : "";
    await recordAudit(
      {
        actor,
        action: correcting ? "update" : "create",
        entityType: "AttendanceReturn",
        entityId: saved.id,
        summary: `${correcting ? "Corrected" : "Recorded"} attendance${onBehalf}: ${counted(total, "pupil")} at ${booking.delivery.topic.title}`,
      },
      tx,
    );
    return "recorded";
  });
  if (saved === "changed-meanwhile") return { ok: false, message: CHANGED_MEANWHILE };
  if (typeof saved === "object") return "outside" in saved ? { ok: false, field: "tookPlace", message: saved.outside } : saved;
  const message =
    saved === "recorded" ? `Attendance saved: ${counted(total, "pupil")}` : `Nothing changed: attendance of ${counted(total, "pupil")} was already recorded`;
  return { ok: true, changed: saved === "recorded", total, tookPlace: true, message };
}

/**
 * A refusal of dayOutsideSchoolDays for pupils at a session, with what `actor` can do about it; a booking
 * already recorded as not taking place (`status`) is not told to record that.
 */
function outsideSchoolDaysWords(actor: Actor, outside: string, status: string): string {
  const correct = can(actor, "schools:manage") ? "correct the school's dates" : "ask the VRN schools lead to correct the school's dates";
  return `${outside}. If pupils did attend, ${correct}${status === "NOT_DELIVERED" ? "" : "; if it did not take place, record that instead"}`;
}

/**
 * For the attendance page, before its form: why pupils cannot be recorded at `booking`'s session (as
 * getBooking read it for `actor`), its day being outside the school's days as recordAttendance refuses,
 * or null when they can or are recorded already. 403 for a school the actor may not see.
 */
export async function attendanceDayRefusal(
  actor: Actor,
  booking: Pick<BookingDetail, "schoolId" | "status" | "delivery">,
  now = new Date(),
): Promise<string | null> {
  assertCanSeeSchool(actor, booking.schoolId);
  if (booking.status === "DELIVERED") return null;
  const outside = await dayOutsideSchoolDays(prisma, booking.schoolId, booking.delivery.startsAt, "pupils at a session", { now });
  return outside && `${outsideSchoolDaysWords(actor, outside, booking.status)}.`;
}

/** Whether the pupils counted per year group (in year order) are the ones stored. */
function sameCounts(stored: { yearGroup: number; pupils: number }[], given: { yearGroup: number; pupils: number }[]) {
  return stored.length === given.length && stored.every((count, i) => sameAsStored(count, given[i]!));
}

const CHANGED_MEANWHILE =
  "This booking or its session has just been changed by someone else, so its attendance cannot be recorded now. Nothing was saved: check the booking and try again if you still need to.";

/**
 * Writes the booking's new status only if a return may still be recorded for it when the transaction
 * runs (the booking confirmed or recorded, its session not cancelled or marked as not delivered
 * meanwhile). False when it may not: nothing is written.
 */
async function stillReturnable(tx: Prisma.TransactionClient, bookingId: string, data: Prisma.BookingUpdateManyMutationInput) {
  const where = { id: bookingId, status: { in: RETURNABLE_BOOKING_STATUSES }, delivery: { status: "SCHEDULED" as const } };
  return (await tx.booking.updateMany({ where, data })).count === 1;
}

/** What recording "did not take place" did: as `Saved`, with the pupils of the return it replaced, if any. */
type NotTakenPlaceSaved = { saved: Saved; pupilsTakenOff: number };

/**
 * Marks one school's booking as not having taken place, with `reason`; any counts recorded before go, so it
 * reaches nobody, and its surveys close (decision 0144). Nothing is written when it was recorded so already,
 * when its return can no longer be recorded, or when `stale` refuses the return stored then (decision 0148).
 */
async function recordNotTakenPlace(
  actor: Actor,
  booking: BookingDetail,
  reason: string,
  now: Date,
  stale: (stored: StoredReturn) => ChangedMeanwhile | null,
): Promise<NotTakenPlaceSaved> {
  return prisma.$transaction(async (tx): Promise<NotTakenPlaceSaved> => {
    const before = await tx.booking.findUnique({ where: { id: booking.id }, select: { ...STORED_RETURN_SELECT, delivery: { select: { status: true } } } });
    if (before?.delivery.status === "SCHEDULED" && sameAsStored(before, { status: "NOT_DELIVERED", statusReason: reason })) {
      return { saved: "unchanged", pupilsTakenOff: 0 };
    }
    const refused = before && stale(before);
    if (refused) return { saved: refused, pupilsTakenOff: 0 };
    if (!(await stillReturnable(tx, booking.id, { status: "NOT_DELIVERED", statusReason: reason }))) return { saved: "changed-meanwhile", pupilsTakenOff: 0 };
    // The pupils of the return this replaces, so the page can say they are no longer counted.
    const replaced = await tx.attendanceCount.aggregate({ where: { return: { bookingId: booking.id } }, _sum: { pupils: true } });
    await tx.attendanceReturn.deleteMany({ where: { bookingId: booking.id } });
    await closeRunsOf(tx, { bookingId: booking.id }, now);
    await recountSessionTallies(tx, [booking.schoolId]);
    const onBehalf = can(actor, "deliveries:manage") ? ` for ${booking.school.name}` : "";
    await recordAudit(
      {
        actor,
        action: "not-delivered",
        entityType: "Booking",
        entityId: booking.id,
        summary: `Recorded${onBehalf} that ${booking.delivery.topic.title} did not take place: ${reason}`,
      },
      tx,
    );
    return { saved: "recorded", pupilsTakenOff: replaced._sum.pupils ?? 0 };
  });
}

/**
 * Attendance returns: after a session, how many pupils attended per year group. Counts only, never
 * names. Saving one marks the booking DELIVERED; saying the session did not take place marks it
 * NOT_DELIVERED with the reason, and keeps no counts (it reached nobody). The lead can record or correct
 * either for a school.
 */
import type { Actor } from "~/auth/actor";
import { can } from "~/auth/roles";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { NOT_TAKEN_PLACE_REASONS, notTakenPlaceWords, type AttendanceInput } from "~/lib/delivery-schemas";
import { counted } from "~/lib/numbers";
import { SCHOOL_YEAR_GROUPS } from "~/lib/year-groups";
import { recordAudit } from "./audit.server";
import { getBooking, type BookingDetail } from "./bookings.server";
import { mayHaveAttendanceReturn, RETURNABLE_BOOKING_STATUSES } from "~/lib/statuses";
import { recountSessionTallies } from "./tallies.server";

/** A total this many times the pupils expected is probably a typing mistake, so we ask first. */
const HIGH_TOTAL_FACTOR = 1.5;

/** `message` on success is what to tell the person who saved it ("Attendance saved: 1 pupil"). */
export type AttendanceResult =
  { ok: true; total: number; tookPlace: boolean; message: string } | { ok: false; field?: keyof AttendanceInput; message: string; askToConfirm?: boolean };

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
    const recorded = await recordNotTakenPlace(actor, booking, notTakenPlaceWords(input.notTakenReason ?? "OTHER", input.notTakenDetail));
    return recorded
      ? { ok: true, total: 0, tookPlace: false, message: "Saved: the session did not take place, so it reached no pupils" }
      : { ok: false, message: CHANGED_MEANWHILE };
  }
  const roll = booking.school.numberOnRoll;
  for (const n of SCHOOL_YEAR_GROUPS) {
    const count = input[`year${n}`];
    if (roll && count !== undefined && count > roll) {
      return { ok: false, field: `year${n}`, message: `The number of pupils in Year ${n} must be no more than your school's roll of ${roll}` };
    }
  }
  const total = attendanceTotal(input);
  if (total === 0) return { ok: false, field: "year7", message: "Enter how many pupils attended in at least one year group" };
  if (roll && total > roll) return { ok: false, field: "year7", message: `The total, ${total}, is more than the school's roll of ${roll}` };
  if (total > booking.expectedPupils * HIGH_TOTAL_FACTOR && !input.confirmHigh) {
    return {
      ok: false,
      field: "confirmHigh",
      askToConfirm: true,
      message: `${counted(total, "pupil")} is far more than the ${booking.expectedPupils} expected. Check the numbers, or confirm they are right`,
    };
  }
  const recorded = await prisma.$transaction(async (tx) => {
    // Read inside the transaction: a return saved a moment before is corrected, not recorded twice.
    const correcting = (await tx.attendanceReturn.count({ where: { bookingId } })) > 0;
    if (!(await stillReturnable(tx, booking.id, { status: "DELIVERED", statusReason: "" }))) return false;
    const counts = SCHOOL_YEAR_GROUPS.filter((n) => input[`year${n}`] !== undefined).map((n) => ({ yearGroup: n, pupils: input[`year${n}`]! }));
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
    return true;
  });
  return recorded ? { ok: true, total, tookPlace: true, message: `Attendance saved: ${counted(total, "pupil")}` } : { ok: false, message: CHANGED_MEANWHILE };
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

/**
 * Marks one school's booking as not having taken place, with `reason`; any counts recorded before go, so it
 * reaches nobody. False (nothing written) when its return can no longer be recorded.
 */
async function recordNotTakenPlace(actor: Actor, booking: BookingDetail, reason: string) {
  return prisma.$transaction(async (tx) => {
    if (!(await stillReturnable(tx, booking.id, { status: "NOT_DELIVERED", statusReason: reason }))) return false;
    await tx.attendanceReturn.deleteMany({ where: { bookingId: booking.id } });
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
    return true;
  });
}

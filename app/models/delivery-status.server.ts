/** The lead cancels a delivery before the day (the booked schools are emailed), or records that it did not happen. */
import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { formatSessionTimes } from "~/lib/dates";
import { notFound } from "~/lib/responses.server";
import { counted, listInWords } from "~/lib/numbers";
import { pupilsRecorded } from "~/lib/year-groups";
import { recordAudit } from "./audit.server";
import { bookingMailInclude, sendCancelledMessage, type SchoolTold } from "./booking-messages.server";
import { deliveryStatusLabel, OPEN_WAITLIST_STATUSES, PLACE_HOLDING_STATUSES } from "~/lib/statuses";
import { closeRunsOf } from "./survey-runs.server";
import { recountSessionTallies, schoolsBookedOn } from "./tallies.server";

/** `told`: what the mailer did for each booked school (none when nobody is emailed). */
export type StatusResult = { ok: true; told: SchoolTold[] } | { ok: false; message: string };

/**
 * Why a session can no longer be cancelled or recorded as not having taken place, or null while it is
 * scheduled: one of the two was done already, perhaps from another page. Pure: the session was read for
 * its lead already.
 */
export function sessionStatusRefusal(delivery: { status: string }): string | null {
  if (delivery.status === "CANCELLED") return "This session was cancelled already.";
  if (delivery.status === "NOT_DELIVERED") return "This session is recorded already as not having taken place.";
  return delivery.status === "SCHEDULED" ? null : "This session is no longer scheduled.";
}

/** Cancels a delivery that has not started: every booked school is told by email, waiting schools are released. */
export async function cancelDelivery(actor: Actor, id: string, reason: string, now = new Date()): Promise<StatusResult> {
  assertCan(actor, "deliveries:manage");
  const delivery = await prisma.delivery.findUnique({ where: { id } });
  if (!delivery) notFound("session");
  const refusal = sessionStatusRefusal(delivery);
  if (refusal) return { ok: false, message: refusal };
  if (delivery.startsAt <= now) return { ok: false, message: "This session has started: record that it did not happen instead" };
  const result = await prisma.$transaction(async (tx) => {
    // Only if it is still scheduled: a cancel or a record made a moment before stands.
    const { count } = await tx.delivery.updateMany({ where: { id, status: "SCHEDULED" }, data: { status: "CANCELLED", statusReason: reason } });
    if (count === 0) return { ok: false as const, message: await changedMeanwhile(tx, id) };
    const bookings = await tx.booking.findMany({ where: { deliveryId: id, status: { in: PLACE_HOLDING_STATUSES } }, include: bookingMailInclude });
    await tx.booking.updateMany({
      where: { id: { in: bookings.map((b) => b.id) } },
      data: { status: "CANCELLED", statusReason: `Session cancelled: ${reason}`, calendarSequence: { increment: 1 } },
    });
    await tx.waitlistEntry.updateMany({ where: { deliveryId: id, status: { in: OPEN_WAITLIST_STATUSES } }, data: { status: "LEFT" } });
    await closeRunsOf(tx, { booking: { deliveryId: id } }, now);
    await recountSessionTallies(tx, await schoolsBookedOn(tx, id));
    await recordAudit(
      {
        actor,
        action: "cancel",
        entityType: "Delivery",
        entityId: id,
        summary: `Cancelled the session on ${formatSessionTimes(delivery.startsAt, delivery.endsAt)} (${counted(bookings.length, "school")} booked): ${reason}`,
      },
      tx,
    );
    return { ok: true as const, bookings };
  });
  if (!result.ok) return result;
  const told: SchoolTold[] = [];
  for (const booking of result.bookings) {
    const cancelled = { ...booking, status: "CANCELLED" as const, calendarSequence: booking.calendarSequence + 1 };
    told.push(await sendCancelledMessage(cancelled, reason, "vrn-session", { wasInCalendar: booking.status === "CONFIRMED" }));
  }
  return { ok: true, told };
}

/**
 * What the loser of two changes to a session at once is told: what it is now, and that nothing was saved;
 * a session deleted in between is the 404 of one never there (decision 0118).
 */
async function changedMeanwhile(tx: Prisma.TransactionClient, id: string) {
  const delivery = (await tx.delivery.findUnique({ where: { id }, select: { status: true } })) ?? notFound("session");
  return `This session has just been changed by someone else: it is now “${deliveryStatusLabel(delivery.status)}”. Nothing was saved; check it and try again if you still need to.`;
}

/**
 * Why a session cannot be recorded as not having happened: schools recorded pupils at it (`returns`, each
 * school's name and its return's counts of pupils by year group). Their returns say it took place, and a whole session's record
 * must not quietly undo them: each school's return is changed first (a teacher's, or the lead's, "it did
 * not take place"). Null when no school recorded pupils.
 */
export function tookPlaceFor(all: readonly { school: string; counts: readonly { pupils: number }[] }[]): string | null {
  // A return of no pupils records nobody's attendance: it does not say the session took place.
  const returns = all.map((r) => ({ school: r.school, pupils: pupilsRecorded(r.counts) })).filter((r) => r.pupils > 0);
  if (returns.length === 0) return null;
  const names = returns.map((r) => r.school).sort((a, b) => a.localeCompare(b, "en-GB"));
  const shown = names.length > 3 ? [...names.slice(0, 3), counted(names.length - 3, "other school")] : names;
  const pupils = pupilsRecorded(returns);
  const one = returns.length === 1;
  return (
    `${listInWords(shown)} recorded ${counted(pupils, "pupil")} at this session, so it took place for ${one ? "that school" : "those schools"}. ` +
    `If it did not take place for ${one ? "it" : "one of them"}, record that on the school's attendance return first.`
  );
}

/** The attendance returns recorded for a session's bookings, as `tookPlaceFor` takes them. */
async function returnsOf(db: Prisma.TransactionClient, deliveryId: string) {
  const returns = await db.attendanceReturn.findMany({
    where: { booking: { deliveryId } },
    select: { booking: { select: { school: { select: { name: true } } } }, counts: { select: { pupils: true } } },
  });
  return returns.map((r) => ({ school: r.booking.school.name, counts: r.counts }));
}

/**
 * A delivery whose day came but which did not happen: no reach for any school booked on it. Refused, with
 * nothing changed, while any school's attendance return records pupils at it (`tookPlaceFor`).
 */
export async function markNotDelivered(actor: Actor, id: string, reason: string, now = new Date()): Promise<StatusResult> {
  assertCan(actor, "deliveries:manage");
  const delivery = await prisma.delivery.findUnique({ where: { id } });
  if (!delivery) notFound("session");
  const refusal = sessionStatusRefusal(delivery);
  if (refusal) return { ok: false, message: refusal };
  if (delivery.startsAt > now) return { ok: false, message: "This session has not happened yet: cancel it instead" };
  const result = await prisma
    .$transaction(async (tx) => {
      const { count } = await tx.delivery.updateMany({ where: { id, status: "SCHEDULED" }, data: { status: "NOT_DELIVERED", statusReason: reason } });
      if (count === 0) return { ok: false as const, message: await changedMeanwhile(tx, id) };
      // Read after the session's row is written, so a return saved at the same moment is either seen here or
      // refused for the session no longer being scheduled; thrown to undo the write above.
      const recorded = tookPlaceFor(await returnsOf(tx, id));
      if (recorded) throw new Refused(`${recorded} Nothing was changed.`);
      await tx.booking.updateMany({
        where: { deliveryId: id, status: { in: PLACE_HOLDING_STATUSES } },
        data: { status: "NOT_DELIVERED", statusReason: reason },
      });
      await closeRunsOf(tx, { booking: { deliveryId: id } }, now);
      await recountSessionTallies(tx, await schoolsBookedOn(tx, id));
      await recordAudit(
        {
          actor,
          action: "not-delivered",
          entityType: "Delivery",
          entityId: id,
          summary: `Recorded that the session on ${formatSessionTimes(delivery.startsAt, delivery.endsAt)} did not happen: ${reason}`,
        },
        tx,
      );
      return { ok: true as const };
    })
    .catch((error: unknown) => {
      if (error instanceof Refused) return { ok: false as const, message: error.message };
      throw error;
    });
  if (!result.ok) return result;
  // Nobody is emailed about a session that did not happen: the schools were there, or were not.
  return { ok: true, told: [] };
}

/** A refusal found inside a transaction, thrown so that what it had written is undone. */
class Refused extends Error {}

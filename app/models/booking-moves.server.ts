/**
 * Moving a booking to another delivery of the same topic. The booking keeps its identity: the same row
 * (id, calendar UID, survey runs) points at the new delivery, so the school never holds two places or
 * loses its old one without a new one, and its lists show no cancelled "old" booking. The move itself is
 * kept as an audit event. See docs/decisions/0042-a-booking-keeps-its-identity.md.
 */
import type { Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { formatSessionTimes } from "~/lib/dates";
import { pageWithin } from "~/lib/pagination";
import { recordAudit } from "./audit.server";
import { bookingMailInclude, sendConfirmationMessage, sendRequestedMessage, type SchoolTold } from "./booking-messages.server";
import { cancelCutoffHours, cancelRefusal, getBooking } from "./bookings.server";
import { bookingTermsNow, isOpenForBooking, PLACE_HOLDING_SQL, placesLeftSql } from "./deliveries.server";
import { selectRows } from "./raw-sql.server";
import { instant } from "./reach-queries.server";
import { offerFreedPlaces, passOnLapsedOffers, sendOffers } from "./waitlist.server";
import { ACTIVE_BOOKING_STATUSES, isWithdrawnBooking, newBookingStatus, OPEN_WAITLIST_STATUSES } from "~/lib/statuses";
import { schoolRefusalFor, schoolSessionRefusal } from "./school-status.server";
import { keepRunsInSessionYear } from "./survey-runs.server";
import { recountSessionTallies } from "./tallies.server";

/** How many dates the move page offers at a time. */
const MOVE_OPTIONS_PAGE_SIZE = 25;

type MoveOptionRow = { id: string; startsAt: string | Date; endsAt: string | Date; format: string; capacity: number; placesLeft: number };

/**
 * The other deliveries of the booking's topic its school could move to at `now`, soonest first, a page at
 * a time (MOVE_OPTIONS_PAGE_SIZE; `page` from 1, a page past the end shows the last): scheduled, still
 * taking bookings, not before the school opens (sessionRefusal), not already booked by the school, and with
 * a place left for it (placesLeftSql). Full
 * sessions are left out by the query itself, so a date with a place is never lost behind full ones.
 * Returns the booking (getBooking: 404 for another school's), the page's `options` (each with its
 * `placesLeft`), and `total`, `page`, `pageCount` and `pageSize`; and `refusal` (the school's status,
 * decision 0029) and `changeRefusal` (cancelRefusal: the booking can no longer be moved), either of which
 * leaves the options unread and empty, as the page offers none.
 */
export async function moveOptions(actor: Actor, bookingId: string, page = 1, now = new Date()) {
  const booking = await getBooking(actor, bookingId);
  const refusal = schoolRefusalFor(actor, booking.school, "booking");
  const changeRefusal = cancelRefusal(actor, booking, await cancelCutoffHours(), "moved", now);
  const refused = { refusal, changeRefusal };
  if (refusal || changeRefusal) return { booking, ...refused, options: [], total: 0, page: 1, pageCount: 1, pageSize: MOVE_OPTIONS_PAGE_SIZE };
  const places = placesLeftSql(booking.schoolId, now);
  const where = {
    sql: `d."topicId" = ? AND d."id" <> ? AND d."status" = 'SCHEDULED' AND d."bookingClosesAt" > ? AND d."startsAt" > ?
      AND NOT EXISTS (SELECT 1 FROM "School" os WHERE os."id" = ? AND os."openedOn" > d."startsAt")
      AND NOT EXISTS (SELECT 1 FROM "Booking" own WHERE own."deliveryId" = d."id" AND own."schoolId" = ? AND own."status" IN (${PLACE_HOLDING_SQL}))
      AND ${places.sql} > 0`,
    params: [booking.delivery.topicId, booking.deliveryId, instant(now), instant(now), booking.schoolId, booking.schoolId, ...places.params],
  };
  const [counted] = await selectRows<{ total: number }>(`SELECT COUNT(*) AS "total" FROM "Delivery" d WHERE ${where.sql}`, ...where.params);
  const total = Number(counted?.total ?? 0);
  const shown = pageWithin(page, total, MOVE_OPTIONS_PAGE_SIZE);
  const rows = await selectRows<MoveOptionRow>(
    `SELECT d."id", d."startsAt", d."endsAt", d."format", d."capacity", ${places.sql} AS "placesLeft"
     FROM "Delivery" d
     WHERE ${where.sql}
     ORDER BY d."startsAt", d."id"
     LIMIT ? OFFSET ?`,
    ...places.params,
    ...where.params,
    shown.take,
    shown.skip,
  );
  const options = rows.map((row) => ({ ...row, startsAt: new Date(row.startsAt), endsAt: new Date(row.endsAt), placesLeft: Number(row.placesLeft) }));
  return { booking, ...refused, options, total, page: shown.page, pageCount: shown.pageCount, pageSize: MOVE_OPTIONS_PAGE_SIZE };
}

/**
 * The booking's moves from one date to another, oldest first: when, and the audit summary naming both
 * dates. Scoped like the booking itself (404 for another school's).
 */
export async function listBookingMoves(actor: Actor, bookingId: string) {
  const booking = await getBooking(actor, bookingId);
  // Not capped: each move is a person choosing another date before the cancellation cut-off, so a
  // booking has a handful at most, and the booking's page shows its whole story.
  return prisma.auditEvent.findMany({
    where: { entityType: "Booking", entityId: booking.id, action: "move" },
    orderBy: { id: "asc" },
    select: { id: true, at: true, summary: true },
  });
}

/** A booking moved (its new `status`, and what the mailer did telling the school), or why not. */
/** A move's outcome: `told`, what the mailer did for the school; `offered`, for each school offered the place it left. */
export type MoveResult = { ok: true; id: string; status: string; told: SchoolTold; offered: SchoolTold[] } | { ok: false; message: string };

export async function moveBooking(actor: Actor, bookingId: string, toDeliveryId: string, now = new Date()): Promise<MoveResult> {
  const booking = await getBooking(actor, bookingId);
  // Moving gives up this place, so whoever may cancel the booking may move it, and no one else.
  const refusal = cancelRefusal(actor, booking, await cancelCutoffHours(), "moved", now);
  if (refusal) return { ok: false, message: refusal };
  const target = await prisma.delivery.findUnique({ where: { id: toDeliveryId }, include: { topic: { select: { title: true } } } });
  if (!target || target.topicId !== booking.delivery.topicId || target.id === booking.deliveryId)
    return { ok: false, message: "Select another date for the same topic" };
  if (!isOpenForBooking(target, now)) return { ok: false, message: "That session is no longer taking bookings" };
  await passOnLapsedOffers(target.id, now);
  const status = newBookingStatus(target);
  const result = await prisma.$transaction(async (tx) => {
    const schoolStatus = await schoolSessionRefusal(booking.schoolId, "move", target.startsAt, tx);
    if (schoolStatus) return { ok: false as const, message: schoolStatus };
    // Only if it is still the active booking we read: a cancel or move that got there first stands.
    // (Transactions run one at a time, so nothing changes it between this check and the update.)
    const current = await tx.booking.findFirst({ where: { id: booking.id, deliveryId: booking.deliveryId, status: { in: ACTIVE_BOOKING_STATUSES } } });
    if (!current) return { ok: false as const, message: "This booking has just been changed. Check it and try again." };
    const terms = await bookingTermsNow(tx, target, { forSchoolId: booking.schoolId, now });
    if (terms.state === "closed") return { ok: false as const, message: "That session is no longer taking bookings" };
    if (terms.state === "changed")
      return { ok: false as const, message: "That session has just been changed. Nothing was saved: check its date and choose again." };
    if (terms.placesLeft < 1) return { ok: false as const, message: "That session is full" };
    const existing = await tx.booking.findUnique({ where: { deliveryId_schoolId: { deliveryId: target.id, schoolId: booking.schoolId } } });
    if (existing && !isWithdrawnBooking(existing.status)) return { ok: false as const, message: "Your school has already booked that session" };
    // One row per school and delivery: an earlier cancelled or declined booking there makes way for this
    // one (its story stays in the audit log; withdrawn bookings hold no attendance). Its surveys were the
    // school's for this same session, so they pass to this booking, keeping their session: a survey for
    // before it still closes by it (decision 0131), and its answers stay that session's.
    if (existing) {
      await tx.surveyRun.updateMany({ where: { bookingId: existing.id }, data: { bookingId: booking.id } });
      await tx.booking.delete({ where: { id: existing.id } });
    }
    const moved = await tx.booking.update({
      where: { id: booking.id },
      data: { deliveryId: target.id, status, statusReason: "", calendarSequence: { increment: 1 } },
      include: bookingMailInclude,
    });
    await recountSessionTallies(tx, [booking.schoolId], [booking.deliveryId]);
    await keepRunsInSessionYear(tx, target.id);
    // Reminders already sent were for the old date; the new date gets its own.
    await tx.sentReminder.deleteMany({ where: { bookingId: booking.id } });
    await tx.waitlistEntry.updateMany({
      where: { deliveryId: target.id, schoolId: booking.schoolId, status: { in: OPEN_WAITLIST_STATUSES } },
      data: { status: "TAKEN" },
    });
    await recordAudit(
      {
        actor,
        action: "move",
        entityType: "Booking",
        entityId: booking.id,
        summary: `Moved ${booking.school.name}'s booking from ${formatSessionTimes(booking.delivery.startsAt, booking.delivery.endsAt)} to ${formatSessionTimes(target.startsAt, target.endsAt)}`,
      },
      tx,
    );
    const offers = await offerFreedPlaces(tx, booking.deliveryId, now);
    return { ok: true as const, offers, moved };
  });
  if (!result.ok) return result;
  // The booking as the transaction saved it: read again now, it could already be gone.
  const { moved } = result;
  // A confirmed booking moved to a date that needs confirmation leaves the school's calendar until confirmed.
  const told = await (status === "CONFIRMED"
    ? sendConfirmationMessage(moved)
    : sendRequestedMessage(moved, { withdrawCalendar: booking.status === "CONFIRMED" }));
  const offered = await sendOffers(result.offers);
  return { ok: true, id: booking.id, status, told, offered };
}

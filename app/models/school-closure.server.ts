/**
 * What closing a school does to its bookings still to come (decision 0145): a closed school takes no
 * place on a session, so each of its bookings on a session not yet started is cancelled, its places on
 * waiting lists given up, and the places offered to the schools waiting, in the transaction that closes
 * it; the school is told once that has committed.
 */
import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { formatSessionTimes } from "~/lib/dates";
import { ACTIVE_BOOKING_STATUSES, OPEN_WAITLIST_STATUSES } from "~/lib/statuses";
import { recordAudit } from "./audit.server";
import { bookingMailInclude, sendCancelledMessage, type SchoolTold } from "./booking-messages.server";
import { offerFreedPlaces, sendOffers, type Offer } from "./waitlist.server";
import { oneEntryASchool } from "~/lib/told-by-email";

/** Why a closed school's bookings were cancelled: kept on each booking and given in the school's email. */
export const SCHOOL_CLOSED_REASON = "The school is recorded as closed";

/** A booking still to come at `now`: requested or confirmed, on a session still scheduled that has not started. */
const toComeWhere = (now: Date) =>
  ({ status: { in: ACTIVE_BOOKING_STATUSES }, delivery: { status: "SCHEDULED", startsAt: { gt: now } } }) satisfies Prisma.BookingWhereInput;

/** Places on waiting lists (waiting, or offered) for sessions still to come: those on a session held are moot. */
const waitingToComeWhere = (now: Date) =>
  ({ status: { in: OPEN_WAITLIST_STATUSES }, delivery: { status: "SCHEDULED", startsAt: { gt: now } } }) satisfies Prisma.WaitlistEntryWhereInput;

/**
 * How many bookings still to come each of `schoolIds` has at `now`: a map of school id to a count of
 * 1 or more (a school with none is absent). For the lead, before a change closes them. Throws a 403
 * response unless the actor may manage schools.
 */
export async function bookingsToCome(actor: Actor, schoolIds: string[], now = new Date()): Promise<Map<string, number>> {
  assertCan(actor, "schools:manage");
  if (schoolIds.length === 0) return new Map();
  const rows = await prisma.booking.groupBy({ by: ["schoolId"], where: { schoolId: { in: schoolIds }, ...toComeWhere(now) }, _count: true });
  return new Map(rows.map((row) => [row.schoolId, row._count]));
}

/**
 * How many places on waiting lists (waiting, or offered) for sessions still to come `schoolId` holds at
 * `now`: closing it gives them up. For the lead, before a change closes it. Throws a 403 response unless
 * the actor may manage schools.
 */
export async function waitingListPlaces(actor: Actor, schoolId: string, now = new Date()): Promise<number> {
  assertCan(actor, "schools:manage");
  return prisma.waitlistEntry.count({ where: { schoolId, ...waitingToComeWhere(now) } });
}

/**
 * What closing schools withdrew: the bookings cancelled (as they were before), how many places on waiting
 * lists (waiting, or holding an offer) they gave up, and the places then offered to schools waiting.
 */
export type Withdrawn = { bookings: Prisma.BookingGetPayload<{ include: typeof bookingMailInclude }>[]; waitingLists: number; offers: Offer[] };

/** Nothing withdrawn: schools closed with no booking to come and no place on a waiting list. */
export const NOTHING_WITHDRAWN: Withdrawn = { bookings: [], waitingLists: 0, offers: [] };

/**
 * What closing schools withdrew, as a page words it (`toldOfClosing`): bookings cancelled, places on
 * waiting lists given up and places offered, counted; what the mailer did for each closed school (`told`)
 * and for each school offered a place (`offered`).
 */
export type WithdrawnSummary = { bookings: number; waitingLists: number; offers: number; told: SchoolTold[]; offered: SchoolTold[] };

/**
 * Cancels the bookings still to come of `schoolIds` (SCHOOL_CLOSED_REASON, each audited), ends their
 * places on waiting lists, and offers every place freed to the schools waiting. Called only inside the
 * transaction of a model function that has checked the actor may manage schools and is closing them;
 * pass what it returns to tellOfWithdrawn once that transaction has committed.
 */
export async function withdrawFromSessions(tx: Prisma.TransactionClient, actor: Actor, schoolIds: string[], now: Date): Promise<Withdrawn> {
  if (schoolIds.length === 0) return NOTHING_WITHDRAWN;
  const bookings = await tx.booking.findMany({ where: { schoolId: { in: schoolIds }, ...toComeWhere(now) }, include: bookingMailInclude });
  await tx.booking.updateMany({
    where: { id: { in: bookings.map((b) => b.id) } },
    data: { status: "CANCELLED", statusReason: SCHOOL_CLOSED_REASON, calendarSequence: { increment: 1 } },
  });
  for (const b of bookings) {
    const when = formatSessionTimes(b.delivery.startsAt, b.delivery.endsAt);
    const summary = `Cancelled ${b.school.name}'s booking for ${b.delivery.topic.title} on ${when}: ${SCHOOL_CLOSED_REASON.toLowerCase()}`;
    await recordAudit({ actor, action: "cancel", entityType: "Booking", entityId: b.id, summary }, tx);
  }
  // An offer made to the school held a place too.
  const entries = await tx.waitlistEntry.findMany({
    where: { schoolId: { in: schoolIds }, ...waitingToComeWhere(now) },
    select: { id: true, deliveryId: true, status: true },
  });
  await tx.waitlistEntry.updateMany({ where: { id: { in: entries.map((e) => e.id) } }, data: { status: "LEFT" } });
  for (const entry of entries) {
    const what = entry.status === "OFFERED" ? "Gave up the place offered from the waiting list" : "Left the waiting list";
    await recordAudit(
      { actor, action: "delete", entityType: "WaitlistEntry", entityId: entry.id, summary: `${what}: ${SCHOOL_CLOSED_REASON.toLowerCase()}` },
      tx,
    );
  }
  const offers: Offer[] = [];
  for (const deliveryId of new Set([...bookings.map((b) => b.deliveryId), ...entries.map((e) => e.deliveryId)])) {
    offers.push(...(await offerFreedPlaces(tx, deliveryId, now)));
  }
  return { bookings, waitingLists: entries.length, offers };
}

/**
 * Once the closing has committed: emails each school about each booking cancelled (a calendar file
 * takes a confirmed one out of the calendar), and each school offered a place. Returns the counts and what
 * the mailer did (`WithdrawnSummary`): for the closed schools one entry a school, told only where every one
 * of its messages went to someone (the fewest people any of them reached), as told-by-email.ts words it;
 * for the schools offered a place, one entry an offer.
 */
export async function tellOfWithdrawn({ bookings, waitingLists, offers }: Withdrawn): Promise<WithdrawnSummary> {
  const told: SchoolTold[] = [];
  for (const b of bookings) {
    const cancelled = { ...b, status: "CANCELLED" as const, calendarSequence: b.calendarSequence + 1 };
    told.push(await sendCancelledMessage(cancelled, SCHOOL_CLOSED_REASON, "vrn-booking", { wasInCalendar: b.status === "CONFIRMED" }));
  }
  const offered = await sendOffers(offers);
  return { bookings: bookings.length, waitingLists, offers: offers.length, told: oneEntryASchool(told), offered };
}

/**
 * Waitlists: when a delivery is full a school can wait for a place. A freed place is offered to the
 * first school waiting and held for 48 hours; an offer not taken lapses at once (waitlistStatusAt) and
 * passes on when the next booking or waiting-list change touches the delivery, or the hourly job runs.
 */
import type { Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { notFound } from "~/lib/responses.server";
import { formatDayAndTime, formatSessionTimes } from "~/lib/dates";
import { recordAudit } from "./audit.server";
import { OFFERABLE_SCHOOL, sendWaitlistOfferMessage, type SchoolTold } from "./booking-messages.server";
import { bookingSchoolId } from "./bookings.server";
import { bookingTermsNow, isOpenForBooking, placesLeft, SESSION_CHANGED_MEANWHILE } from "./deliveries.server";
import { isOnWaitlist, lapsedOfferWhere, openOfferWhere, PLACE_HOLDING_STATUSES, waitlistStatusAt, type WaitlistStatus } from "~/lib/statuses";
import { openBy, schoolSessionRefusal } from "./school-status.server";

const OFFER_HOURS = 48;

export type Offer = { schoolId: string; deliveryId: string; offerExpiresAt: Date };

/** `already`: the school was on the waiting list before (a second click, another teacher): nothing changed. */
export type WaitlistResult = { ok: true; already?: true } | { ok: false; message: string };

/**
 * Puts the actor's school on a full session's waiting list. A school already on it is answered `already`
 * rather than refused: what the person asked for holds, and a double click without JavaScript was told
 * "already on the waiting list" as if it had failed. Refused (ok: false) for a session not taking
 * bookings, one with a place (book it instead), or one the school has booked; a 404 for no such session.
 */
export async function joinWaitlist(actor: Actor, deliveryId: string, now = new Date()): Promise<WaitlistResult> {
  const schoolId = bookingSchoolId(actor);
  const delivery = await prisma.delivery.findUnique({ where: { id: deliveryId } });
  if (!delivery) notFound("session");
  if (!isOpenForBooking(delivery, now)) return { ok: false, message: "This session is no longer taking bookings" };
  await passOnLapsedOffers(deliveryId, now);
  return prisma.$transaction(async (tx) => {
    const schoolStatus = await schoolSessionRefusal(schoolId, "wait", delivery.startsAt, tx, "Your school");
    if (schoolStatus) return { ok: false as const, message: schoolStatus };
    const terms = await bookingTermsNow(tx, delivery, { forSchoolId: schoolId, now });
    if (terms.state === "closed") return { ok: false as const, message: "This session is no longer taking bookings" };
    if (terms.state === "changed") return { ok: false as const, message: SESSION_CHANGED_MEANWHILE };
    if (terms.placesLeft > 0) return { ok: false as const, message: "This session has a place: book it instead" };
    const booked = await tx.booking.count({ where: { deliveryId, schoolId, status: { in: PLACE_HOLDING_STATUSES } } });
    if (booked > 0) return { ok: false as const, message: "Your school has already booked this session" };
    const existing = await tx.waitlistEntry.findUnique({ where: { deliveryId_schoolId: { deliveryId, schoolId } } });
    if (existing && isOnWaitlist(waitlistStatusAt(existing, now))) return { ok: true as const, already: true as const };
    const entry = existing
      ? await tx.waitlistEntry.update({ where: { id: existing.id }, data: { status: "WAITING", offeredAt: null, offerExpiresAt: null, createdAt: now } })
      : await tx.waitlistEntry.create({ data: { deliveryId, schoolId, createdAt: now } });
    await recordAudit({ actor, action: "create", entityType: "WaitlistEntry", entityId: entry.id, summary: "Joined the waiting list for a full session" }, tx);
    return { ok: true as const };
  });
}

const NOT_ON_WAITLIST = { ok: false as const, message: "Your school is not on the waiting list for this session" };

/**
 * Takes the actor's school off a session's waiting list; an offer it held passes to the next school.
 * Written only if the entry is still as read (waiting, or holding an open offer), so a second click or a
 * lapse at the same moment is told what really happened instead of leaving twice. `offered`: what the
 * mailer did for the place passed on (`sendOffers`), empty when the school held no offer or nobody waits.
 */
export async function leaveWaitlist(
  actor: Actor,
  deliveryId: string,
  now = new Date(),
): Promise<{ ok: true; offered: SchoolTold[] } | { ok: false; message: string }> {
  const schoolId = bookingSchoolId(actor);
  await passOnLapsedOffers(deliveryId, now);
  const entry = await prisma.waitlistEntry.findUnique({ where: { deliveryId_schoolId: { deliveryId, schoolId } } });
  if (!entry) return NOT_ON_WAITLIST;
  const status = waitlistStatusAt(entry, now);
  if (!isOnWaitlist(status)) return notOnWaitlist(status);
  const result = await prisma.$transaction(async (tx) => {
    const still = status === "OFFERED" ? openOfferWhere(now) : { status };
    const { count } = await tx.waitlistEntry.updateMany({ where: { id: entry.id, ...still }, data: { status: "LEFT" } });
    if (count === 0) {
      // Removed in between (its session deleted): not on the list, as if it had never been.
      const current = await tx.waitlistEntry.findUnique({ where: { id: entry.id } });
      return current ? notOnWaitlist(waitlistStatusAt(current, now)) : NOT_ON_WAITLIST;
    }
    await recordAudit({ actor, action: "delete", entityType: "WaitlistEntry", entityId: entry.id, summary: "Left the waiting list" }, tx);
    return { ok: true as const, offers: status === "OFFERED" ? await offerFreedPlaces(tx, deliveryId, now) : [] };
  });
  if (!result.ok) return result;
  return { ok: true, offered: await sendOffers(result.offers) };
}

/** Why a school whose entry has `status` (as of now) cannot leave the waiting list: what became of it. */
function notOnWaitlist(status: WaitlistStatus): { ok: false; message: string } {
  const messages: Partial<Record<WaitlistStatus, string>> = {
    LEFT: "Your school has already left the waiting list for this session",
    TAKEN: "Your school has booked this session, so it is no longer on the waiting list",
    EXPIRED: "Your school's offer of a place has run out, so it is no longer on the waiting list",
  };
  return { ok: false, message: messages[status] ?? "Your school is no longer on the waiting list for this session" };
}

/**
 * A waiting school's place in the queue: 1 for the next school to be offered a place. Counts the schools
 * still waiting that joined earlier, passing over those offerFreedPlaces passes over (closed, with
 * nobody who can book: decision 0149, or not open by the session, which starts at `startsAt`).
 */
export async function queuePlace(entry: { deliveryId: string; createdAt: Date }, startsAt: Date, db: Prisma.TransactionClient = prisma): Promise<number> {
  const ahead = await db.waitlistEntry.count({
    where: { deliveryId: entry.deliveryId, status: "WAITING", createdAt: { lt: entry.createdAt }, school: offerableBy(startsAt) },
  });
  return ahead + 1;
}

/**
 * The actor's school's places on waiting lists for sessions still to come, soonest first: each entry's
 * status as of `now` (a lapsed offer is not listed), with `queuePlace` (1 is next) while it waits, or
 * `offerExpiresAt` while it holds an offer. `opensAfter` is the school's opening day when that is after
 * the session starts (learned since it joined the list): it is then offered no place (offerFreedPlaces)
 * and has no place in the queue to be told.
 */
export async function listOwnWaitlist(actor: Actor, now = new Date()) {
  const schoolId = bookingSchoolId(actor);
  // Not capped: a school has at most one entry per session, and only for sessions still to come that were
  // full when it joined, so the list is bounded by the schedule ahead and short; the page shows all of it.
  const entries = await prisma.waitlistEntry.findMany({
    where: { schoolId, delivery: { startsAt: { gt: now }, status: "SCHEDULED" }, OR: [{ status: "WAITING" }, openOfferWhere(now)] },
    select: {
      id: true,
      deliveryId: true,
      status: true,
      createdAt: true,
      offerExpiresAt: true,
      delivery: { select: { startsAt: true, endsAt: true, topic: { select: { title: true } } } },
      school: { select: { openedOn: true } },
    },
    orderBy: [{ delivery: { startsAt: "asc" } }, { id: "asc" }],
  });
  return Promise.all(
    entries.map(async ({ school, ...entry }) => {
      const status = waitlistStatusAt(entry, now);
      const opensAfter = school.openedOn && school.openedOn > entry.delivery.startsAt ? school.openedOn : null;
      return { ...entry, status, opensAfter, queuePlace: status === "WAITING" && !opensAfter ? await queuePlace(entry, entry.delivery.startsAt) : null };
    }),
  );
}

/** A school a freed place on the session starting at `startsAt` can be offered to: OFFERABLE_SCHOOL, and open by then. */
const offerableBy = (startsAt: Date) => ({ ...OFFERABLE_SCHOOL, ...openBy(startsAt) });

/**
 * Offers every free place to the schools waiting longest. Called in the transaction that freed the
 * place; returns the offers so the caller mails them once the change is saved. A school with nobody the
 * offer could go to (no active teacher or MVP lead) is passed over, keeping its place in the queue (decision 0149):
 * held for it, the place would stay empty two days with nobody told. So is one that opens after the
 * session starts, which could not book it (sessionRefusal).
 */
export async function offerFreedPlaces(tx: Prisma.TransactionClient, deliveryId: string, now: Date): Promise<Offer[]> {
  const delivery = await tx.delivery.findUnique({ where: { id: deliveryId }, include: { topic: { select: { title: true } } } });
  if (!delivery || !isOpenForBooking(delivery, now)) return [];
  const offers: Offer[] = [];
  while ((await placesLeft(deliveryId, tx, { now })) > 0) {
    // A school that has closed since it joined the list is passed over: it can take no new place. So is
    // one with nobody active who could book it, to whom the offer would go, and one not open by the session.
    const next = await tx.waitlistEntry.findFirst({
      where: { deliveryId, status: "WAITING", school: offerableBy(delivery.startsAt) },
      orderBy: { createdAt: "asc" },
      include: { school: { select: { name: true } } },
    });
    if (!next) break;
    // Held for 48 hours, but never past the close of booking, after which the school could not book it.
    const offerExpiresAt = new Date(Math.min(now.getTime() + OFFER_HOURS * 60 * 60 * 1000, delivery.bookingClosesAt.getTime()));
    await tx.waitlistEntry.update({ where: { id: next.id }, data: { status: "OFFERED", offeredAt: now, offerExpiresAt } });
    await recordAudit(
      {
        actor: null,
        action: "offer",
        entityType: "WaitlistEntry",
        entityId: next.id,
        summary: `Offered a freed place on ${delivery.topic.title}, ${formatSessionTimes(delivery.startsAt, delivery.endsAt)}, to ${next.school.name}, held until ${formatDayAndTime(offerExpiresAt)} (UK time)`,
      },
      tx,
    );
    offers.push({ schoolId: next.schoolId, deliveryId, offerExpiresAt });
  }
  return offers;
}

/**
 * Emails each school its offer (made by `offerFreedPlaces`, whose transaction must have committed first:
 * a mail never announces a place a rolled-back change did not free). Returns what the mailer did for
 * each offer, in turn; the school's page shows the offer whether or not the email went.
 */
export async function sendOffers(offers: Offer[]): Promise<SchoolTold[]> {
  const told: SchoolTold[] = [];
  for (const offer of offers) {
    const delivery = await prisma.delivery.findUniqueOrThrow({ where: { id: offer.deliveryId }, include: { topic: { select: { title: true } } } });
    told.push(await sendWaitlistOfferMessage(offer, delivery));
  }
  return told;
}

/**
 * Writes down the offers on one delivery that have lapsed at `now` (status EXPIRED, audited) and offers
 * the places they held to the next schools waiting, in one transaction; then mails those offers. Every
 * booking and waiting-list change calls this first, so a lapsed offer passes on at once, job or no job.
 * Returns how many offers expired. Safe to run any number of times.
 */
export async function passOnLapsedOffers(deliveryId: string, now: Date): Promise<{ expired: number; offered: number }> {
  let expired = 0;
  const offers = await prisma.$transaction(async (tx) => {
    const lapsed = await tx.waitlistEntry.findMany({ where: { deliveryId, ...lapsedOfferWhere(now) }, select: { id: true } });
    for (const entry of lapsed) {
      const changed = await tx.waitlistEntry.updateMany({ where: { id: entry.id, ...lapsedOfferWhere(now) }, data: { status: "EXPIRED" } });
      if (changed.count === 0) continue;
      expired += 1;
      await recordAudit({ actor: null, action: "expire", entityType: "WaitlistEntry", entityId: entry.id, summary: "A waiting-list offer expired unused" }, tx);
    }
    return expired > 0 ? offerFreedPlaces(tx, deliveryId, now) : [];
  });
  await sendOffers(offers);
  return { expired, offered: offers.length };
}

/**
 * The scheduled job: every delivery's lapsed offers expire and pass on (passOnLapsedOffers). Returns how
 * many expired and how many places were offered on to the next school waiting (none when nobody is
 * waiting or booking has closed).
 */
export async function expireWaitlistOffers(now = new Date()): Promise<{ expired: number; offered: number }> {
  const deliveries = await prisma.waitlistEntry.findMany({ where: lapsedOfferWhere(now), select: { deliveryId: true }, distinct: ["deliveryId"] });
  const total = { expired: 0, offered: 0 };
  for (const { deliveryId } of deliveries) {
    const { expired, offered } = await passOnLapsedOffers(deliveryId, now);
    total.expired += expired;
    total.offered += offered;
  }
  return total;
}

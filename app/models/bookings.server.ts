/**
 * Bookings: a school's place on a delivery. School users act only for their own school (taken from the
 * signed-in user, never from a form); every read is scoped to it here. Places are counted by
 * deliveries.server.ts, inside the same transaction as the insert, so capacity is never exceeded.
 */
import { assertCan, ownSchoolId, type Actor } from "~/auth/actor";
import type { z } from "zod";
import { can } from "~/auth/roles";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { formatSessionTimes } from "~/lib/dates";
import { counted } from "~/lib/numbers";
import { pageWithin } from "~/lib/pagination";
import { bookingCalendarEvent, calendarFileName, joiningLinkFor } from "~/lib/booking-calendar";
import { calendarFile } from "~/lib/ics";
import { notFound } from "~/lib/responses.server";
import type { bookingSchema } from "~/lib/delivery-schemas";
import { bookableYearGroups, describeYearGroups, pupilsRecorded, storeYearGroups } from "~/lib/year-groups";
import { recordAudit } from "./audit.server";
import { glanceAtBookings } from "./booking-glance.server";
import {
  bookingMailInclude,
  type SchoolTold,
  sendCancelledMessage,
  sendConfirmationMessage,
  sendDeclinedMessage,
  sendRequestedMessage,
} from "./booking-messages.server";
import { isUniqueViolation } from "./db-errors.server";
import { answerSentBefore, saveOnce, sentBefore, type SentBefore } from "./sent-forms.server";
import { bookingTermsNow, isOpenForBooking, SESSION_CHANGED_MEANWHILE } from "./deliveries.server";
import { offerFreedPlaces, passOnLapsedOffers, sendOffers } from "./waitlist.server";
import {
  bookingStatusLabel,
  type BookingStatus,
  hasCalendarFile,
  holdsPlace,
  isActiveBooking,
  isUnansweredRequest,
  newBookingStatus,
  OPEN_WAITLIST_STATUSES,
  schoolBookingGroupOf,
  schoolBookingGroupWhere,
} from "~/lib/statuses";
import { openBy, schoolSessionRefusal } from "./school-status.server";
import { closeRunsOf } from "./survey-runs.server";

type BookingInput = z.infer<typeof bookingSchema>;
/** What the lead's form adds: the school the place is for. A school user's `schoolId` is never read. */
export type BookingRequest = BookingInput & { schoolId?: string };
type BookingRefusal = {
  ok: false;
  reason: "full" | "closed" | "changed" | "already-booked" | "too-many-pupils" | "year-groups" | "school-status" | "no-school" | "other-details";
  message: string;
};
/**
 * A booking made: `told` is what the mailer did for the school (set once the email has gone). `repeat`: the
 * same form had been sent already (`input.formToken`), and this is the booking it made; nothing was saved
 * or sent this time.
 */
export type BookingResult = { ok: true; id: string; status: string; told?: SchoolTold; repeat?: true } | BookingRefusal;

const HOUR = 60 * 60 * 1000;
const DEFAULT_CANCEL_CUTOFF_HOURS = 48;

/** The school a school user books for: always their own (403 for anyone who may not book). */
export function bookingSchoolId(actor: Actor): string {
  return ownSchoolId(actor, "deliveries:book");
}

/** Every booking for the lead; a school user's own school's only. */
function scope(actor: Actor): Prisma.BookingWhereInput {
  if (can(actor, "deliveries:manage")) return {};
  return { schoolId: bookingSchoolId(actor) };
}

export async function cancelCutoffHours(db: Prisma.TransactionClient | typeof prisma = prisma) {
  const setting = await db.setting.findUnique({ where: { key: "bookings.cancelCutoffHours" } });
  const hours = Number(setting?.value);
  return Number.isInteger(hours) && hours >= 0 ? hours : DEFAULT_CANCEL_CUTOFF_HOURS;
}

const refuse = (reason: BookingRefusal["reason"], message: string): BookingRefusal => ({ ok: false, reason, message });

/**
 * The school a booking is for: a school user's own, whatever the form says; for the lead (who books on a
 * school's behalf, by phone say) the school named in the form. Null when the lead named no school.
 */
async function schoolToBookFor(actor: Actor, request: BookingRequest) {
  const byLead = can(actor, "deliveries:manage");
  const schoolId = byLead ? (request.schoolId ?? "") : bookingSchoolId(actor);
  const school = await prisma.school.findUnique({ where: { id: schoolId }, select: { id: true, name: true, numberOnRoll: true } });
  return school ? { ...school, byLead, called: byLead ? school.name : "Your school" } : null;
}

/**
 * Books a place for the actor's school, or, for the lead, for the school named in `input.schoolId`: the
 * same rules either way (open for booking, the school's roll, status and opening day, one booking per
 * school, places and waiting-list offers). The count and the insert happen in one transaction (SQLite runs one writer
 * at a time), and the unique (delivery, school) index turns a double submission into "already booked"
 * rather than a second row. A booking by the lead says so in the audit log and in the school's email.
 * The same form sent again (`input.formToken`: a double click, a retry) books nothing more and returns the
 * booking the first sending made, with `repeat`, in place of "already booked" (decision 0147); sent again
 * with other details (another school, other year groups), it is refused whole, naming the booking the
 * first sending made (reason "other-details", decision 0178).
 */
export async function bookDelivery(actor: Actor, deliveryId: string, input: BookingRequest, now = new Date()): Promise<BookingResult> {
  // Whose bookings this person may see: a 403 first for anyone who may not book.
  const theirs = scope(actor);
  // What the form said, with the session its page books.
  const details = { deliveryId, ...input };
  /** The first sending's booking, if it is still this person's to see (else a 404, as for any other). */
  const repeatOf = async (sent: SentBefore): Promise<BookingResult> => {
    const answer = await answerSentBefore(sent, {
      find: (ids) => prisma.booking.findFirst({ where: { id: ids[0], ...theirs }, select: { id: true, status: true, school: { select: { name: true } } } }),
      what: "booking",
      repeat: (first): BookingResult => ({ ok: true, id: first.id, status: first.status, repeat: true }),
      made: (first) => `the booking for ${first.school.name} made`,
    });
    return "otherDetails" in answer ? refuse("other-details", answer.message) : answer;
  };
  // Before the checks below: a repeat of a form that booked is not refused for what changed since (booking
  // has closed, the roll has changed), nor does it pass on lapsed offers.
  const sent = await sentBefore(input.formToken, "Booking", details);
  if (sent) return repeatOf(sent);
  const [delivery, school] = await Promise.all([
    prisma.delivery.findUnique({ where: { id: deliveryId }, include: { topic: { select: { title: true, yearGroups: true } } } }),
    schoolToBookFor(actor, input),
  ]);
  if (!delivery) notFound("session");
  if (!school) return refuse("no-school", "Select the school to book for");
  const schoolId = school.id;
  if (!isOpenForBooking(delivery, now)) return refuse("closed", "This session is no longer taking bookings");
  // A school books only the years its topic suits; the lead may widen a booking to any year.
  const offered = bookableYearGroups(delivery.topic.yearGroups);
  if (!school.byLead && input.yearGroups.some((year) => !offered.includes(year))) {
    return refuse("year-groups", `Select only the year groups this topic suits: ${describeYearGroups(offered)}`);
  }
  if (school.numberOnRoll && input.expectedPupils > school.numberOnRoll) {
    const whose = school.byLead ? `${school.name}'s` : "your school's";
    return refuse("too-many-pupils", `The number of pupils expected must be no more than ${whose} roll of ${school.numberOnRoll}`);
  }
  const status = newBookingStatus(delivery);
  const data = {
    status,
    yearGroups: storeYearGroups(input.yearGroups),
    expectedPupils: input.expectedPupils,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    accessNeeds: input.accessNeeds,
    statusReason: "",
    bookedById: actor.id,
  };
  await passOnLapsedOffers(deliveryId, now);
  type Saved = BookingRefusal | { ok: true; id: string; status: string; booking: Prisma.BookingGetPayload<{ include: typeof bookingMailInclude }> };
  let once: { saved: Saved } | SentBefore;
  try {
    once = await saveOnce(
      input.formToken,
      "Booking",
      details,
      (note) =>
        prisma.$transaction(async (tx): Promise<Saved> => {
          const schoolStatus = await schoolSessionRefusal(schoolId, "book", delivery.startsAt, tx, school.called);
          if (schoolStatus) return refuse("school-status", schoolStatus);
          const existing = await tx.booking.findUnique({ where: { deliveryId_schoolId: { deliveryId, schoolId } } });
          if (existing && holdsPlace(existing.status)) return refuse("already-booked", `${school.called} has already booked this session`);
          const terms = await bookingTermsNow(tx, delivery, { forSchoolId: schoolId, now });
          if (terms.state === "closed") return refuse("closed", "This session is no longer taking bookings");
          if (terms.state === "changed") return refuse("changed", SESSION_CHANGED_MEANWHILE);
          if (terms.placesLeft < 1) return refuse("full", "This session is full");
          // A school that cancelled may book again: its one row for this delivery is reused.
          // Its calendar UID is the row's, so the new file must outrank the cancellation sent before.
          const booking = existing
            ? await tx.booking.update({ where: { id: existing.id }, data: { ...data, calendarSequence: { increment: 1 } }, include: bookingMailInclude })
            : await tx.booking.create({ data: { ...data, deliveryId, schoolId }, include: bookingMailInclude });
          await tx.waitlistEntry.updateMany({ where: { deliveryId, schoolId, status: { in: OPEN_WAITLIST_STATUSES } }, data: { status: "TAKEN" } });
          await recordAudit(
            {
              actor,
              action: "create",
              entityType: "Booking",
              entityId: booking.id,
              summary: `Booked ${delivery.topic.title} on ${formatSessionTimes(delivery.startsAt, delivery.endsAt)} (${status.toLowerCase()})${school.byLead ? ` for ${school.name}, on the school's behalf by the VRN schools lead` : ""}`,
            },
            tx,
          );
          await note(tx, [booking.id]);
          return { ok: true as const, id: booking.id, status, booking };
        }),
      now,
    );
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("already-booked", `${school.called} has already booked this session`);
    throw error;
  }
  if ("madeBefore" in once) return repeatOf(once);
  const result = once.saved;
  if (!result.ok) return result;
  // The booking as the transaction saved it: read again now, it could already be gone.
  const { booking, ...saved } = result;
  const told = await (status === "CONFIRMED" ? sendConfirmationMessage(booking) : sendRequestedMessage(booking));
  return { ...saved, told };
}

const detailInclude = {
  school: { select: { id: true, name: true, urn: true, numberOnRoll: true, status: true, openedOn: true } },
  delivery: { include: { topic: true } },
  attendance: { include: { counts: { orderBy: { yearGroup: "asc" } } } },
  bookedBy: { select: { role: true } },
} satisfies Prisma.BookingInclude;

/**
 * One booking, or 404 when it is another school's: ids reveal nothing. `delivery.joiningLink` is the
 * link this person may see: the lead always, the school only while its place is confirmed
 * (joiningLinkFor), else "".
 */
export async function getBooking(actor: Actor, id: string) {
  const booking = await prisma.booking.findFirst({ where: { id, ...scope(actor) }, include: detailInclude });
  if (!booking) notFound("booking");
  const joiningLink = can(actor, "deliveries:manage") ? booking.delivery.joiningLink : (joiningLinkFor(booking) ?? "");
  return { ...booking, delivery: { ...booking.delivery, joiningLink } };
}

export type BookingDetail = Awaited<ReturnType<typeof getBooking>>;

/** What a page about one booking says of it at its head: its id, the session's topic and times, and the school. Pure. */
export function bookingHeading(booking: BookingDetail) {
  return {
    id: booking.id,
    title: booking.delivery.topic.title,
    startsAt: booking.delivery.startsAt,
    endsAt: booking.delivery.endsAt,
    school: booking.school.name,
  };
}

/** What became of a booking that is no longer active (`isActiveBooking`), to end "This booking …". */
const NO_LONGER_ACTIVE: Record<string, string> = {
  CANCELLED: "was cancelled",
  DECLINED: "was declined",
  DELIVERED: "is for a session that took place, with its attendance recorded",
  NOT_DELIVERED: "is for a session recorded as not having taken place",
};

type CancellableBooking = { status: string; delivery: { startsAt: Date } };

/**
 * Why this person may not cancel (`change` "cancelled") or move ("moved") this booking now, or null when
 * they may: only an active booking (requested or confirmed); the lead until the session starts, school
 * staff until `cutoffHours` before it. The one rule for the booking's page, the cancel and move pages
 * (which say it in place of their forms) and the changes themselves.
 */
export function cancelRefusal(actor: Actor, booking: CancellableBooking, cutoffHours: number, change: "cancelled" | "moved", now = new Date()): string | null {
  if (booking.status === "CANCELLED" && change === "cancelled") return "This booking was cancelled already.";
  if (!isActiveBooking(booking.status)) return `This booking ${NO_LONGER_ACTIVE[booking.status] ?? "is no longer active"}, so it cannot be ${change}.`;
  const msLeft = booking.delivery.startsAt.getTime() - now.getTime();
  const lead = can(actor, "deliveries:manage");
  if (msLeft <= 0) return `This session has started, so the booking cannot be ${change}.${lead ? " Record what happened instead." : ""}`;
  if (lead || msLeft >= cutoffHours * HOUR) return null;
  return `Bookings can only be ${change} here up to ${counted(cutoffHours, "hour")} before the session. Contact the VRN schools lead.`;
}

/** Whether this person may cancel this booking now (`cancelRefusal` gives none). */
export function canCancel(actor: Actor, booking: CancellableBooking, cutoffHours: number, now = new Date()) {
  return cancelRefusal(actor, booking, cutoffHours, "cancelled", now) === null;
}

/**
 * Why a booking can no longer be confirmed or declined (`answer`), or null while it is a request: the
 * school may have cancelled it, or another lead answered it, since the list or page was drawn.
 */
export function requestRefusal(booking: { status: string }, answer: "confirmed" | "declined"): string | null {
  if (booking.status === "REQUESTED") return null;
  if (booking.status === (answer === "confirmed" ? "CONFIRMED" : "DECLINED")) return `This request was ${answer} already.`;
  const became = booking.status === "CONFIRMED" ? "was confirmed" : (NO_LONGER_ACTIVE[booking.status] ?? "is no longer active");
  return `This booking is no longer a request, so it cannot be ${answer}: it ${became}.`;
}

/** How many past bookings, and how many cancelled or declined, the school's bookings page lists at a time. */
const SCHOOL_BOOKINGS_PAGE_SIZE = 25;

/** Which page of each paged list on the school's bookings page to show: whole numbers from 1 (pageFrom). */
type SchoolBookingPages = { past?: number; cancelled?: number };

const schoolBookingInclude = {
  delivery: { omit: { joiningLink: true }, include: { topic: { select: { title: true } } } },
  attendance: { select: { counts: { select: { pupils: true } } } },
} satisfies Prisma.BookingInclude;

function schoolBookingRow({ attendance, ...booking }: Prisma.BookingGetPayload<{ include: typeof schoolBookingInclude }>, now: Date) {
  return {
    ...booking,
    pupilsAttended: attendance ? pupilsRecorded(attendance.counts) : null,
    unanswered: isUnansweredRequest(booking, now),
  };
}

/** One page of the bookings meeting `where`, latest session first, with the true total; a page past the end shows the last. */
async function pageOfSchoolBookings(where: Prisma.BookingWhereInput, page: number, now: Date) {
  const total = await prisma.booking.count({ where });
  const shown = pageWithin(page, total, SCHOOL_BOOKINGS_PAGE_SIZE);
  const rows = await prisma.booking.findMany({
    where,
    include: schoolBookingInclude,
    orderBy: [{ delivery: { startsAt: "desc" } }, { id: "desc" }],
    skip: shown.skip,
    take: shown.take,
  });
  return { bookings: rows.map((b) => schoolBookingRow(b, now)), total, page: shown.page, pageCount: shown.pageCount, pageSize: SCHOOL_BOOKINGS_PAGE_SIZE };
}

/**
 * The school's bookings page, in its four groups (SchoolBookingGroup: each booking is in exactly one), for
 * the actor's own school (403 for anyone who may not book):
 * - `awaitingReturn` and `upcoming`: every booking whose attendance return is due and every one still to
 *   come or under way, soonest first. Both are read in one statement and never capped: a school has few
 *   of either, however many bookings it has had over the years.
 * - `past` and `cancelled` (cancelled or declined): one page each of SCHOOL_BOOKINGS_PAGE_SIZE, latest
 *   session first, as `{ bookings, total, page, pageCount, pageSize }`; `pages` says which (from 1; a page
 *   past the end shows the last).
 * Each booking carries `pupilsAttended`: the sum of its attendance return's counts per year group, or
 * null while it has no return; and `unanswered`: whether it is a request the lead never answered before
 * its session ended (isUnansweredRequest). The delivery's joining link is never read here.
 */
export async function listSchoolBookings(actor: Actor, pages: SchoolBookingPages = {}, now = new Date()) {
  const schoolId = bookingSchoolId(actor);
  const [current, past, cancelled] = await Promise.all([
    prisma.booking.findMany({
      where: { schoolId, OR: [schoolBookingGroupWhere("UPCOMING", now), schoolBookingGroupWhere("RETURN_DUE", now)] },
      include: schoolBookingInclude,
      orderBy: [{ delivery: { startsAt: "asc" } }, { id: "asc" }],
    }),
    pageOfSchoolBookings({ schoolId, ...schoolBookingGroupWhere("PAST", now) }, pages.past ?? 1, now),
    pageOfSchoolBookings({ schoolId, ...schoolBookingGroupWhere("WITHDRAWN", now) }, pages.cancelled ?? 1, now),
  ]);
  const bookings = current.map((b) => schoolBookingRow(b, now));
  return {
    awaitingReturn: bookings.filter((b) => schoolBookingGroupOf(b, now) === "RETURN_DUE"),
    upcoming: bookings.filter((b) => schoolBookingGroupOf(b, now) === "UPCOMING"),
    past,
    cancelled,
  };
}

/** A change the school is emailed about: `told` is what the mailer did for the school. */
export type CancelResult = { ok: true; told: SchoolTold } | { ok: false; message: string };

/** A cancellation's outcome: `offered` is what the mailer did for each school waiting that was offered the place freed. */
export type CancelledResult = { ok: true; told: SchoolTold; offered: SchoolTold[] } | { ok: false; message: string };

/**
 * Writes a change to a booking only if it is still as this person saw it (its status and its delivery)
 * when the transaction runs, so of two changes made at once exactly one is saved. Returns the row as
 * changed, or the message for the one who lost, saying what the booking is now.
 */
async function changeIfUnchanged(
  tx: Prisma.TransactionClient,
  seen: { id: string; status: BookingStatus; deliveryId: string },
  data: Prisma.BookingUpdateManyMutationInput,
) {
  const { count } = await tx.booking.updateMany({ where: { id: seen.id, status: seen.status, deliveryId: seen.deliveryId }, data });
  const current = await tx.booking.findUnique({ where: { id: seen.id } });
  if (count === 1 && current) return { ok: true as const, changed: current };
  return { ok: false as const, message: changedMeanwhile(seen, current) };
}

function changedMeanwhile(seen: { deliveryId: string }, now: { status: string; deliveryId: string } | null) {
  const notSaved = "Your change was not saved: check the booking and try again if you still need to.";
  if (!now) return `This booking has just been removed by someone else. ${notSaved}`;
  if (now.deliveryId !== seen.deliveryId) return `This booking has just been moved to another date by someone else. ${notSaved}`;
  return `This booking has just been changed by someone else: it is now “${bookingStatusLabel(now.status)}”. ${notSaved}`;
}

/**
 * Cancels with a reason; the freed place is offered to the first school waiting. Returns what the mailer did
 * for the school cancelled (`told`) and for each school offered a place (`offered`, none when no school waits).
 */
export async function cancelBooking(actor: Actor, id: string, reason: string, now = new Date()): Promise<CancelledResult> {
  const booking = await getBooking(actor, id);
  const lead = can(actor, "deliveries:manage");
  const refusal = cancelRefusal(actor, booking, await cancelCutoffHours(), "cancelled", now);
  if (refusal) return { ok: false, message: refusal };
  const result = await prisma.$transaction(async (tx) => {
    const change = await changeIfUnchanged(tx, booking, { status: "CANCELLED", statusReason: reason, calendarSequence: { increment: 1 } });
    if (!change.ok) return change;
    await closeRunsOf(tx, { bookingId: id }, now);
    await recordAudit({ actor, action: "cancel", entityType: "Booking", entityId: id, summary: `Cancelled ${booking.school.name}'s booking: ${reason}` }, tx);
    return { ...change, offers: await offerFreedPlaces(tx, booking.deliveryId, now) };
  });
  if (!result.ok) return result;
  const told = await sendCancelledMessage({ ...booking, ...result.changed }, reason, lead ? "vrn-booking" : "school", {
    wasInCalendar: booking.status === "CONFIRMED",
  });
  const offered = await sendOffers(result.offers);
  return { ok: true, told, offered };
}

/** The lead's queue: requests waiting for a decision, soonest session first. */
/** The most requests the requests page lists. */
const REQUESTS_LIMIT = 200;

export async function listRequests(actor: Actor) {
  assertCan(actor, "deliveries:manage");
  return prisma.booking.findMany({
    where: { status: "REQUESTED" },
    include: {
      school: { select: { name: true, numberOnRoll: true, status: true, openedOn: true } },
      delivery: { include: { topic: { select: { title: true } } } },
    },
    orderBy: [{ delivery: { startsAt: "asc" } }, { id: "asc" }],
    take: REQUESTS_LIMIT,
  });
}

/** The first `shown` requests as listRequests orders them, and how many it lists: for the lead's home page. */
export async function glanceAtRequests(actor: Actor, shown: number) {
  return glanceAtBookings(actor, { sql: `b."status" = 'REQUESTED'`, params: [] }, shown, REQUESTS_LIMIT);
}

/**
 * Confirms a request; the school is emailed. Refused unless it is still a request when saved, and, as a
 * booking would be (sessionRefusal), for a school closed since it asked or whose opening day, learned
 * since, is after the session's: a request kept from before that day was known (decision 0158).
 */
export async function confirmBooking(actor: Actor, id: string): Promise<CancelResult> {
  assertCan(actor, "deliveries:manage");
  const booking = await getBooking(actor, id);
  const refusal = requestRefusal(booking, "confirmed");
  if (refusal) return { ok: false, message: refusal };
  const result = await prisma.$transaction(async (tx) => {
    const schoolStatus = await schoolSessionRefusal(booking.schoolId, "confirm", booking.delivery.startsAt, tx);
    if (schoolStatus) return { ok: false as const, message: schoolStatus };
    const change = await changeIfUnchanged(tx, booking, { status: "CONFIRMED", calendarSequence: { increment: 1 } });
    if (!change.ok) return change;
    await recordAudit(
      {
        actor,
        action: "confirm",
        entityType: "Booking",
        entityId: id,
        summary: `Confirmed ${booking.school.name}'s booking for ${booking.delivery.topic.title}`,
      },
      tx,
    );
    return change;
  });
  if (!result.ok) return result;
  return { ok: true, told: await sendConfirmationMessage({ ...booking, ...result.changed }) };
}

/**
 * Declines a request with a reason; the school is emailed and the freed place offered to the first school
 * waiting. Returns what the mailer did for each (`CancelledResult`).
 */
export async function declineBooking(actor: Actor, id: string, reason: string, now = new Date()): Promise<CancelledResult> {
  assertCan(actor, "deliveries:manage");
  const booking = await getBooking(actor, id);
  const refusal = requestRefusal(booking, "declined");
  if (refusal) return { ok: false, message: refusal };
  const result = await prisma.$transaction(async (tx) => {
    const change = await changeIfUnchanged(tx, booking, { status: "DECLINED", statusReason: reason, calendarSequence: { increment: 1 } });
    if (!change.ok) return change;
    await closeRunsOf(tx, { bookingId: id }, now);
    await recordAudit({ actor, action: "decline", entityType: "Booking", entityId: id, summary: `Declined ${booking.school.name}'s request: ${reason}` }, tx);
    return { ...change, offers: await offerFreedPlaces(tx, booking.deliveryId, now) };
  });
  if (!result.ok) return result;
  const told = await sendDeclinedMessage(booking, reason);
  const offered = await sendOffers(result.offers);
  return { ok: true, told, offered };
}

/**
 * The .ics of a booking that has a calendar file (confirmed, delivered, or cancelled to remove the event),
 * for the school (or the lead) only; 404 otherwise. METHOD:PUBLISH, or CANCEL once cancelled; same UID
 * for the booking's whole life (lib/booking-calendar.ts). `filename` is the safe ASCII name to offer it
 * under, the same as the emails' attachment (calendarFileName).
 */
export async function bookingCalendar(actor: Actor, id: string, now = new Date()) {
  const booking = await getBooking(actor, id);
  if (!hasCalendarFile(booking.status)) notFound("calendar file");
  return { body: calendarFile(bookingCalendarEvent(booking, now)), filename: calendarFileName(booking.delivery) };
}

/**
 * The schools the lead may book for on the session starting at `startsAt`, as select options, by name:
 * every open school but those that open after it (sessionRefusal), which could not take the place.
 */
export async function schoolsToBookFor(actor: Actor, startsAt: Date) {
  assertCan(actor, "deliveries:manage");
  const schools = await prisma.school.findMany({
    where: { status: "OPEN", ...openBy(startsAt) },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
  return schools.map((school) => ({ value: school.id, label: school.name }));
}

/**
 * Sets how many hours before a session a school may still cancel; returns the new rule in words, for the
 * flash, or that nothing changed (and nothing is written or audited) when the rule already was `hours`.
 */
export async function setCancelCutoffHours(actor: Actor, hours: number): Promise<string> {
  assertCan(actor, "deliveries:manage");
  const summary = `Schools can now cancel up to ${counted(hours, "hour")} before a session`;
  return prisma.$transaction(async (tx) => {
    if ((await cancelCutoffHours(tx)) === hours) return `Nothing changed: schools could already cancel up to ${counted(hours, "hour")} before a session`;
    await tx.setting.upsert({
      where: { key: "bookings.cancelCutoffHours" },
      create: { key: "bookings.cancelCutoffHours", value: String(hours) },
      update: { value: String(hours) },
    });
    await recordAudit(
      {
        actor,
        action: "update",
        entityType: "Setting",
        entityId: "bookings.cancelCutoffHours",
        summary,
      },
      tx,
    );
    return summary;
  });
}

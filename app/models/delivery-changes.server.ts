/**
 * Scheduling a session (one date or a campaign's several) and changing one: the checks a change must pass
 * against what schools have booked and recorded, and the messages to the schools whose day changes.
 */
import { assertCan, type Actor } from "~/auth/actor";
import type { z } from "zod";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { academicYearOf, formatAcademicYear } from "~/lib/academic-year";
import { formatDate, formatDateTime, formatSessionTimes, isIsoDate } from "~/lib/dates";
import type { deliverySchema, OtherDateField } from "~/lib/delivery-schemas";
import { londonDateInputValue, londonDaysBefore, londonDaysBetween, londonInstantsOf } from "~/lib/london-time";
import { sameAsStored } from "~/lib/same-as-stored";
import { ACTIVE_BOOKING_STATUSES, deliveryStatusLabel, RECORDED_BOOKING_STATUSES } from "~/lib/statuses";
import { bookableYearGroups, describeYearGroups, parseYearGroups } from "~/lib/year-groups";
import { recordAudit } from "./audit.server";
import { answerSentBefore, saveOnce, type SentWithOtherDetails } from "./sent-forms.server";
import { bookingMailInclude, sendDeliveryChangedMessage, sendWaitlistOfferShortenedMessage, type SchoolTold } from "./booking-messages.server";
import { placesHeldProblem, type getDeliveryForLead } from "./deliveries.server";
import { BEFORE_SURVEY_MINUTES_INTO_SESSION, beforeSurveyClosesAt } from "./survey-run-state";
import { keepRunsInSessionYear } from "./survey-runs.server";
import { recountSessionTallies, schoolsBookedOn } from "./tallies.server";
import { offerFreedPlaces, sendOffers } from "./waitlist.server";
import { changedMeanwhile, editVersion, type ChangedMeanwhile } from "./edit-versions.server";
import { dayOutsideSchoolDays } from "./school-records.server";

/** A session's form as its schema reads it; `moreDateFields` may be left out by a caller in code (all "moreDates"). */
export type DeliveryInput = Omit<z.infer<typeof deliverySchema>, "moreDateFields"> & { moreDateFields?: OtherDateField[] };
type Db = Prisma.TransactionClient | typeof prisma;

/** `field` null: a refusal of the whole form (the session can no longer be changed), said above it. */
export type DeliveryResult = { ok: true; id: string } | { ok: false; field: keyof DeliveryInput | OtherDateField | null; message: string };

/** The session as stored, when changing one: what `values` keeps of it. */
type StoredTimes = { startsAt: Date; endsAt: Date; topicId: string };

/**
 * A session's stored values from its form, or why not by the field. `stored` is the session as it is now,
 * when changing one:
 * - a time London's clocks show twice names no single instant and is refused, unless it is the session's
 *   own time, kept as it is (a session saved at it before this rule can still be changed);
 * - its length is the form's (`durationMinutes`) when given. Left empty, a changed session keeps its own
 *   length (ends as long after its new start as it did after its old one) unless its topic changes, and a
 *   new session, or one given another topic, takes its topic's length: changing a topic's length is for
 *   sessions scheduled from then on, and a change of notes or places must not move a session's end and
 *   tell every booked school its day changed.
 */
async function values(
  input: DeliveryInput,
  stored: StoredTimes | null = null,
): Promise<{ ok: true; data: Prisma.DeliveryUncheckedCreateInput } | Extract<DeliveryResult, { ok: false }>> {
  const topic = await prisma.topic.findUnique({ where: { id: input.topicId } });
  if (!topic) return { ok: false, field: "topicId", message: "Select the topic" };
  if (!topic.formats.split(",").includes(input.format)) return { ok: false, field: "format", message: `${topic.title} is not offered in this format` };
  const instants = londonInstantsOf(input.date, input.time);
  if (instants.length === 0) return { ok: false, field: "time", message: "That time does not exist in London on that day (the clocks go forward)" };
  const startsAt = instants.length === 1 ? instants[0]! : instants.find((instant) => instant.getTime() === stored?.startsAt.getTime());
  if (!startsAt) {
    return { ok: false, field: "time", message: "That time comes twice in London that night (the clocks go back): choose a time outside 1am to 2am" };
  }
  const ownLength = stored && stored.topicId === topic.id ? stored.endsAt.getTime() - stored.startsAt.getTime() : null;
  const length = input.durationMinutes !== undefined ? input.durationMinutes * 60_000 : (ownLength ?? topic.durationMinutes * 60_000);
  const endsAt = new Date(startsAt.getTime() + length);
  // Days on London's calendar, at the session's own clock time, across a clock change too.
  const bookingClosesAt = londonDaysBefore(startsAt, input.closesDaysBefore);
  return {
    ok: true,
    data: {
      topicId: topic.id,
      startsAt,
      endsAt,
      format: input.format,
      capacity: input.capacity,
      facilitatorName: input.facilitatorName,
      facilitatorOrg: input.facilitatorOrg,
      needsConfirmation: input.needsConfirmation,
      bookingClosesAt,
      campaign: input.campaign,
      notes: input.notes,
      joiningLink: input.format === "ONLINE" ? input.joiningLink : "",
    },
  };
}

/**
 * Schedules a session, and the same session on any more dates given (a campaign week, say): all of
 * them or, if any date is wrong, none. The same form sent again (`input.formToken`) schedules nothing
 * more: `repeat` is true, with the ids its first sending scheduled (a 404 response if its first session
 * has gone since). Sent again with other details, it is refused whole (SentWithOtherDetails, decision 0178).
 */
export async function createDelivery(
  actor: Actor,
  input: DeliveryInput,
  now = new Date(),
): Promise<(DeliveryResult & { ids?: string[]; repeat?: boolean }) | SentWithOtherDetails> {
  assertCan(actor, "deliveries:manage");
  const all: Prisma.DeliveryUncheckedCreateInput[] = [];
  for (const [index, date] of [input.date, ...input.moreDates].entries()) {
    const field = index === 0 ? "date" : (input.moreDateFields?.[index - 1] ?? "moreDates");
    // An other date as people read it, in the messages by its field: "31 October 2027".
    const shown = isIsoDate(date) ? formatDate(`${date}T12:00:00Z`) : date;
    const checked = await values({ ...input, date });
    if (!checked.ok) return index === 0 ? checked : { ok: false, field, message: `${shown}: ${checked.message}` };
    if (checked.data.startsAt <= now) {
      return { ok: false, field, message: index === 0 ? "The date must be in the future" : `${shown} is not in the future` };
    }
    // A new session whose booking has already closed could never be booked, by a school or by the lead.
    if (checked.data.bookingClosesAt <= now) {
      const closed = `booking would close on ${formatDateTime(checked.data.bookingClosesAt)}, which has passed: choose fewer days before the session`;
      return index === 0 ? { ok: false, field: "closesDaysBefore", message: `For this date, ${closed}` } : { ok: false, field, message: `${shown}: ${closed}` };
    }
    all.push(checked.data);
  }
  const once = await saveOnce(input.formToken, "Delivery", input, (note) => scheduleSessions(actor, all, note));
  if ("saved" in once) return { ok: true, id: once.saved[0]!, ids: once.saved };
  return answerSentBefore(once, {
    find: async (ids) => {
      const first = await prisma.delivery.findUnique({ where: { id: ids[0] }, select: { startsAt: true, topic: { select: { title: true } } } });
      return first && { ...first, ids };
    },
    what: "session",
    repeat: (first) => ({ ok: true as const, id: first.ids[0]!, ids: first.ids, repeat: true }),
    made: (first) =>
      first.ids.length > 1
        ? `${first.ids.length} sessions of “${first.topic.title}” from ${formatDate(first.startsAt)} scheduled`
        : `the session of “${first.topic.title}” on ${formatDate(first.startsAt)} scheduled`,
  });
}

/** Writes the sessions `createDelivery` checked, each audited, in one transaction; notes the form's token with their ids. */
function scheduleSessions(
  actor: Actor,
  all: Prisma.DeliveryUncheckedCreateInput[],
  note: (tx: Prisma.TransactionClient, ids: string[]) => Promise<void>,
): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    const ids: string[] = [];
    for (const data of all) {
      const delivery = await tx.delivery.create({ data });
      await recordAudit(
        {
          actor,
          action: "create",
          entityType: "Delivery",
          entityId: delivery.id,
          summary: `Scheduled a session on ${formatSessionTimes(delivery.startsAt, delivery.endsAt)}`,
        },
        tx,
      );
      ids.push(delivery.id);
    }
    await note(tx, ids);
    return ids;
  });
}

/**
 * Changes one session, and tells each booked school whose day changes. Only this session: other dates
 * are scheduled as new sessions (createDelivery), so a change that names more dates is refused rather
 * than saved without them. Once a school has recorded how the session went, its new time must agree
 * with that record (recordedTimeProblem). `closedBooking` is true when the change itself closed booking
 * for a session still to come (fewer days' notice than are left), so the page can say no school can book it now.
 * `unsuited`, after a change of topic, names the schools whose booked year groups the new topic does not
 * suit (the lead may book any year, so this is said, not refused), or is null. `changed` is false when the
 * form gave the session's details as they were: nothing is saved, audited or sent. With `input.version`,
 * the fingerprint its edit page showed (deliveryVersion), a change after another changed the session is
 * refused with `changedMeanwhile` (decision 0148).
 */
export async function updateDelivery(
  actor: Actor,
  id: string,
  input: DeliveryInput,
  now = new Date(),
): Promise<
  (DeliveryResult & { changed?: boolean; told?: SchoolTold[]; offered?: SchoolTold[]; closedBooking?: boolean; unsuited?: string | null }) | ChangedMeanwhile
> {
  assertCan(actor, "deliveries:manage");
  if (input.moreDates.length > 0) {
    return { ok: false, field: "date", message: "Changing a session changes this session only: schedule the other dates as new sessions" };
  }
  const stored = await prisma.delivery.findUnique({ where: { id }, select: { startsAt: true, endsAt: true, topicId: true, status: true } });
  if (stored && stored.status !== "SCHEDULED") return { ok: false, field: null, message: notScheduled(stored.status) };
  const checked = await values(input, stored);
  if (!checked.ok) return checked;
  const outcome = await prisma.$transaction(async (tx) => {
    const before = await tx.delivery.findUnique({ where: { id }, include: { topic: { select: { title: true } } } });
    if (!before) return { ok: false as const, field: "topicId" as const, message: "This session no longer exists" };
    // Cancelled, or its times or topic changed, since `stored` was read: what was checked is not what is
    // there. A change already saved as asked (the same form sent twice) is "nothing changed", not that.
    if (before.status !== "SCHEDULED") return { ok: false as const, field: null, message: notScheduled(before.status) };
    if (sameAsStored(before, checked.data)) return { ok: true as const, changed: false as const };
    const stale = changedMeanwhile(asOnForm(before), asOnForm(checked.data as StoredDelivery), DELIVERY_FORM_FIELDS, input.version);
    if (stale) return stale;
    if (!sameAsStored(before, { startsAt: stored!.startsAt, endsAt: stored!.endsAt, topicId: stored!.topicId })) {
      return { ok: false as const, field: null, message: "This session has just been changed. Nothing was saved: check it and try again." };
    }
    const moved = checked.data as { startsAt: Date; endsAt: Date };
    const timeProblem =
      (await bookedIntoThePastProblem(tx, before, moved.startsAt, now)) ??
      (await recordedTimeProblem(tx, before, moved, now)) ??
      (await bookedSchoolDaysProblem(tx, before, moved.startsAt, now)) ??
      (await surveyTimeProblem(tx, before, moved.startsAt));
    if (timeProblem) {
      const field = londonDateInputValue(before.startsAt) === input.date ? ("time" as const) : ("date" as const);
      return { ok: false as const, field, message: timeProblem };
    }
    const placesProblem = await placesHeldProblem(tx, id, checked.data, now);
    if (placesProblem) return { ok: false as const, ...placesProblem };
    await tx.delivery.update({ where: { id }, data: checked.data });
    // An offer of a place runs to the close of booking at the latest (offerFreedPlaces): booking closed
    // sooner, so does the offer, and the school's page gives the time it really has.
    const closesAt = checked.data.bookingClosesAt as Date;
    const shortened = await tx.waitlistEntry.findMany({
      where: { deliveryId: id, status: "OFFERED", offerExpiresAt: { gt: closesAt } },
      select: { id: true, schoolId: true },
    });
    await tx.waitlistEntry.updateMany({ where: { id: { in: shortened.map((entry) => entry.id) } }, data: { offerExpiresAt: closesAt } });
    // A new date or topic moves the sessions already delivered between tally months or topics, and a new
    // date may move the session's surveys into another academic year.
    await recountSessionTallies(tx, await schoolsBookedOn(tx, id));
    await keepRunsInSessionYear(tx, id);
    // Each booked school's calendar event changes with the session: a higher SEQUENCE makes the file sent next replace it.
    if (changesSchoolsNeedToHear(before, checked.data)) {
      await tx.booking.updateMany({ where: { deliveryId: id, status: { in: ACTIVE_BOOKING_STATUSES } }, data: { calendarSequence: { increment: 1 } } });
    }
    await recordAudit(
      {
        actor,
        action: "update",
        entityType: "Delivery",
        entityId: id,
        summary: auditedChange(before, checked.data as { startsAt: Date; endsAt: Date; topicId: string }),
      },
      tx,
    );
    // More places (or a later close of booking) go first to the schools waiting, as a freed place does.
    const offers = await offerFreedPlaces(tx, id, new Date());
    const unsuited = before.topicId === checked.data.topicId ? null : await bookingsTopicDoesNotSuit(tx, id);
    const shortenedOffers = shortened.map((entry) => ({ schoolId: entry.schoolId, deliveryId: id, offerExpiresAt: closesAt }));
    return { ok: true as const, changed: true as const, id, before, offers, shortenedOffers, unsuited };
  });
  if (!outcome.ok) return outcome;
  if (!outcome.changed) return { ok: true, id, changed: false, told: [], offered: [], closedBooking: false, unsuited: null };
  const offered = await sendOffers(outcome.offers);
  const told = changesSchoolsNeedToHear(outcome.before, checked.data) ? await tellBookedSchools(id, outcome.before, checked.data) : [];
  // Each school whose offer of a place now ends sooner is told by when it must book, or that it cannot now.
  if (outcome.shortenedOffers.length > 0) {
    const delivery = await prisma.delivery.findUniqueOrThrow({ where: { id }, include: { topic: { select: { title: true } } } });
    for (const offer of outcome.shortenedOffers) told.push(await sendWaitlistOfferShortenedMessage(offer, delivery, now));
  }
  const closesAt = checked.data.bookingClosesAt as Date;
  return {
    ok: true,
    id,
    changed: true,
    told,
    offered,
    closedBooking: outcome.before.bookingClosesAt > now && closesAt <= now && (checked.data.startsAt as Date) > now,
    unsuited: outcome.unsuited,
  };
}

/**
 * The audit log's words for a change of session: its times now, and what it was before when its times or
 * topic changed ("Changed the session on Tuesday 3 March 2027, 10am to 11am (was Monday 2 March 2027,
 * 10am to 11am)"), so the log alone says what moved.
 */
function auditedChange(
  before: { startsAt: Date; endsAt: Date; topicId: string; topic: { title: string } },
  after: { startsAt: Date; endsAt: Date; topicId: string },
): string {
  const now = formatSessionTimes(after.startsAt, after.endsAt);
  const then = formatSessionTimes(before.startsAt, before.endsAt);
  const was = [then === now ? "" : then, before.topicId === after.topicId ? "" : `topic ${before.topic.title}`].filter(Boolean).join(", ");
  return `Changed the session on ${now}${was ? ` (was ${was})` : ""}`;
}

/** A session's details as its edit form gives them, by the form's labels, in its order (decision 0148). */
const DELIVERY_FORM_FIELDS = {
  topicId: "Topic",
  startsAt: "Date and start time",
  minutes: "Length in minutes",
  format: "Format",
  capacity: "Number of schools",
  joiningLink: "Joining link",
  facilitatorName: "Facilitator's name",
  facilitatorOrg: "Facilitator's organisation",
  needsConfirmation: "Bookings need confirmation by the VRN lead",
  closesDaysBefore: "Booking closes this many days before",
  campaign: "Campaign",
  notes: "Notes",
} as const;

type StoredDelivery = Omit<Record<keyof typeof DELIVERY_FORM_FIELDS, unknown>, "minutes" | "closesDaysBefore" | "startsAt"> & {
  startsAt: Date;
  endsAt: Date;
  bookingClosesAt: Date;
};

/**
 * A session's details as its form shows them: its length and the days before it that booking closes,
 * rather than the instants they are stored as, which move with its start. A change of date alone is then
 * one field changed, not three.
 */
function asOnForm(delivery: StoredDelivery): Record<string, unknown> {
  return {
    ...delivery,
    minutes: Math.round((delivery.endsAt.getTime() - delivery.startsAt.getTime()) / 60_000),
    closesDaysBefore: londonDaysBetween(delivery.bookingClosesAt, delivery.startsAt),
  };
}

/** The fingerprint of a session's details as its edit page shows them (editVersion). Pure: the session was read for an actor already. */
export function deliveryVersion(delivery: StoredDelivery): string {
  return editVersion(asOnForm(delivery), Object.keys(DELIVERY_FORM_FIELDS));
}

/** Why a session that is no longer scheduled (cancelled, or recorded as not delivered) cannot be changed. */
export function notScheduled(status: string): string {
  const what =
    status === "CANCELLED" ? "was cancelled" : status === "NOT_DELIVERED" ? "was recorded as not taking place" : `is “${deliveryStatusLabel(status)}”`;
  return `This session ${what}, so it can no longer be changed. Nothing was saved.`;
}

/**
 * After a change of topic: one sentence naming each school with a place whose booked year groups the
 * session's topic does not suit, and those years, or null when every booking fits.
 */
async function bookingsTopicDoesNotSuit(tx: Db, deliveryId: string): Promise<string | null> {
  const delivery = await tx.delivery.findUniqueOrThrow({
    where: { id: deliveryId },
    select: {
      topic: { select: { title: true, yearGroups: true } },
      bookings: {
        where: { status: { in: ACTIVE_BOOKING_STATUSES } },
        select: { yearGroups: true, school: { select: { name: true } } },
        orderBy: { school: { name: "asc" } },
      },
    },
  });
  const suits = bookableYearGroups(delivery.topic.yearGroups);
  const unsuited = delivery.bookings.flatMap((booking) => {
    const outside = parseYearGroups(booking.yearGroups).filter((year) => !suits.includes(year));
    return outside.length > 0 ? [`${booking.school.name} (${describeYearGroups(outside)})`] : [];
  });
  if (unsuited.length === 0) return null;
  return `${delivery.topic.title} suits ${describeYearGroups(suits)}, but ${unsuited.join(", ")} booked other years: check with ${unsuited.length === 1 ? "the school" : "the schools"}.`;
}

/**
 * Why a session that schools have recorded a return for cannot move to `after`, or null. A return says how
 * the session went on its day, so (decision 0116) the new time must already have ended, must have ended by
 * the time the first attendance was recorded, and must stay in the same academic year, whose reach counts
 * its pupils by year group. A change that keeps the time asks nothing.
 */
/**
 * Why a session still to come at `now` may not start at `startsAt`, or null: schools hold places on it,
 * and a start that has passed would leave each of them booked on a session over before they heard of the
 * change, its return at once overdue. A session already under way or over may move within the past,
 * to put its date right (recordedTimeProblem has the rules for one whose return is in).
 */
async function bookedIntoThePastProblem(tx: Db, before: { id: string; startsAt: Date }, startsAt: Date, now: Date) {
  if (before.startsAt <= now || startsAt > now) return null;
  const booked = await tx.booking.count({ where: { deliveryId: before.id, status: { in: ACTIVE_BOOKING_STATUSES } } });
  if (booked === 0) return null;
  return `${booked === 1 ? "A school has" : `${booked} schools have`} booked this session, so it cannot move to a time that has passed. Choose a time still to come, or cancel the session.`;
}

async function recordedTimeProblem(tx: Db, before: { id: string; startsAt: Date; endsAt: Date }, after: { startsAt: Date; endsAt: Date }, now: Date) {
  if (before.startsAt.getTime() === after.startsAt.getTime() && before.endsAt.getTime() === after.endsAt.getTime()) return null;
  const recorded = await tx.booking.findMany({
    where: { deliveryId: before.id, status: { in: RECORDED_BOOKING_STATUSES } },
    select: { status: true, schoolId: true, attendance: { select: { recordedAt: true } } },
  });
  if (recorded.length === 0) return null;
  const what = recorded.some((b) => b.status === "DELIVERED")
    ? "Attendance has been recorded for this session"
    : "This session has been recorded as not taking place";
  if (after.endsAt > now) return `${what}, so it cannot move to a date that has not happened yet`;
  const firstRecorded = recorded.flatMap((b) => (b.attendance ? [b.attendance.recordedAt] : [])).sort((a, b) => a.getTime() - b.getTime())[0];
  if (firstRecorded && after.endsAt > firstRecorded) {
    return `Attendance for this session was first recorded on ${formatDateTime(firstRecorded)}, so the session must have ended by then`;
  }
  const year = academicYearOf(before.startsAt);
  if (academicYearOf(after.startsAt) !== year) return `${what}, so it must stay in the academic year ${formatAcademicYear(year)}`;
  // Each school that attended was at work on the session's day, which must be within its days (decision 0158).
  const attended = recorded.filter((b) => b.status === "DELIVERED").map((b) => b.schoolId);
  const outside =
    attended.length > 0 &&
    (await dayOutsideSchoolDays(tx, attended, after.startsAt, "the session", { now, so: (side) => `the session cannot move to ${side} then` }));
  return outside ? `Attendance has been recorded for this session, and ${outside}` : null;
}

/**
 * Why a session may not move its start from `before.startsAt` to `startsAt`, given the schools booked on
 * it (requested or confirmed), or null: a school cannot take part in a session before its opening day or
 * after its closing day, so, as it could not book the session there (sessionRefusal), the session cannot
 * be moved there with its booking (decision 0158). The first such school by name is named; its booking
 * can be moved or cancelled first. One statement for every school booked.
 */
async function bookedSchoolDaysProblem(tx: Db, before: { id: string; startsAt: Date }, startsAt: Date, now: Date) {
  if (londonDateInputValue(startsAt) === londonDateInputValue(before.startsAt)) return null;
  const booked = await tx.booking.findMany({ where: { deliveryId: before.id, status: { in: ACTIVE_BOOKING_STATUSES } }, select: { schoolId: true } });
  if (booked.length === 0) return null;
  return dayOutsideSchoolDays(
    tx,
    booked.map((b) => b.schoolId),
    startsAt,
    "the session",
    { now, called: (name) => `${name}, booked on this session,`, so: (side) => `the session cannot move to ${side} then: move or cancel its booking first` },
  );
}

/**
 * Why a session may not move its start from `before.startsAt` to `startsAt`, given the surveys already
 * opened for it, or null. Later: not past the opening of its first survey for after it, whose answers
 * would then come before the session (canOpenAfterSurvey, decision 0138). Earlier: not so early that a
 * survey for before it was opened after it would have closed (beforeSurveyClosesAt, decision 0131), whose
 * answers would then come from during or after the session. A change that keeps the start asks nothing.
 */
async function surveyTimeProblem(tx: Db, before: { id: string; startsAt: Date }, startsAt: Date) {
  if (startsAt > before.startsAt) {
    const first = await tx.surveyRun.findFirst({
      where: { phase: "AFTER", booking: { deliveryId: before.id } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    });
    if (first && startsAt > first.createdAt) {
      return `A survey for after this session was opened on ${formatDateTime(first.createdAt)}, so the session must have started by then`;
    }
  }
  if (startsAt < before.startsAt) {
    const last = await tx.surveyRun.findFirst({
      where: { phase: "BEFORE", booking: { deliveryId: before.id } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    if (last && beforeSurveyClosesAt(startsAt) <= last.createdAt) {
      return `A survey for before this session was opened on ${formatDateTime(last.createdAt)}, so the session cannot start more than ${BEFORE_SURVEY_MINUTES_INTO_SESSION} minutes before then`;
    }
  }
  return null;
}

type DeliveryDetails = { topicId: string; startsAt: Date; endsAt: Date; format: string; facilitatorName: string; facilitatorOrg: string; joiningLink: string };

/** A new time, topic, format, facilitator or joining link changes a school's day; notes and capacity do not. */
function changesSchoolsNeedToHear(before: DeliveryDetails, after: Prisma.DeliveryUncheckedCreateInput) {
  return (
    before.topicId !== after.topicId ||
    before.startsAt.getTime() !== (after.startsAt as Date).getTime() ||
    before.endsAt.getTime() !== (after.endsAt as Date).getTime() ||
    before.format !== after.format ||
    before.facilitatorName !== after.facilitatorName ||
    before.facilitatorOrg !== after.facilitatorOrg ||
    before.joiningLink !== after.joiningLink
  );
}

/** Emails each school with an active booking about the change; a change of joining link alone concerns only the confirmed ones, who have it. */
async function tellBookedSchools(deliveryId: string, before: DeliveryDetails & { topic: { title: string } }, after: Prisma.DeliveryUncheckedCreateInput) {
  const onlyTheLink = !changesSchoolsNeedToHear(before, { ...after, joiningLink: before.joiningLink });
  const statuses = onlyTheLink ? (["CONFIRMED"] as const) : ACTIVE_BOOKING_STATUSES;
  const bookings = await prisma.booking.findMany({ where: { deliveryId, status: { in: [...statuses] } }, include: bookingMailInclude });
  const told: SchoolTold[] = [];
  for (const booking of bookings) told.push(await sendDeliveryChangedMessage(booking, before));
  return told;
}

export function deliveryFormValues(delivery: Awaited<ReturnType<typeof getDeliveryForLead>>) {
  return {
    topicId: delivery.topicId,
    format: delivery.format,
    capacity: String(delivery.capacity),
    facilitatorName: delivery.facilitatorName,
    facilitatorOrg: delivery.facilitatorOrg,
    needsConfirmation: delivery.needsConfirmation ? "on" : undefined,
    durationMinutes: String(Math.round((delivery.endsAt.getTime() - delivery.startsAt.getTime()) / 60_000)),
    closesDaysBefore: String(londonDaysBetween(delivery.bookingClosesAt, delivery.startsAt)),
    campaign: delivery.campaign,
    notes: delivery.notes,
    joiningLink: delivery.joiningLink,
  };
}

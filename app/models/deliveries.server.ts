/**
 * Deliveries: one scheduled occurrence of a topic. This module reads them (lists, a session's page) and
 * owns the one answer to "how many places does a delivery have left?" (placesLeft, and placesLeftSql for
 * a query that filters on it); every other module asks here. Scheduling and changing a session are in
 * delivery-changes.server.ts.
 */
import { assertCan, ownSchoolId, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import type { DeliveryFilters, ScheduleView } from "~/lib/delivery-schemas";
import { fromLondonWallTime, londonDateInputValue } from "~/lib/london-time";
import { counted } from "~/lib/numbers";
import { pageCountOf, pageWithin } from "~/lib/pagination";
import { notFound } from "~/lib/responses.server";
import { sameAsStored } from "~/lib/same-as-stored";
import {
  awaitsAttendanceReturn,
  isUnansweredRequest,
  lapsedOfferWhere,
  openOfferWhere,
  PLACE_HOLDING_STATUSES,
  scheduleStateOf,
  waitlistStatusAt,
} from "~/lib/statuses";
import { instant } from "./reach-queries.server";
import { schoolDayWarnings } from "./terms.server";
import { sessionRefusal } from "./school-status.server";
import { queuePlace } from "./waitlist.server";
import { OFFERABLE_SCHOOL, SCHOOL_BOOKER } from "./booking-messages.server";

type Db = Prisma.TransactionClient | typeof prisma;

/**
 * Places left: capacity, less bookings holding a place, less places offered to a waiting school whose
 * offer is still open (except the school asking, whose offer is theirs to take).
 */
export async function placesLeft(deliveryId: string, db: Db = prisma, { forSchoolId, now = new Date() }: { forSchoolId?: string; now?: Date } = {}) {
  const delivery = await db.delivery.findUnique({ where: { id: deliveryId }, select: { capacity: true, _count: placesTakenCount(forSchoolId, now) } });
  return delivery ? placesLeftOf(delivery) : 0;
}

/** What a school is told when bookingTermsNow finds the session it was booking changed meanwhile. */
export const SESSION_CHANGED_MEANWHILE = "This session has just been changed. Nothing was saved: check its date and details, and try again if it still suits.";

/** What a booking, a move or a waiting-list entry is checked against: the session as the request read it. */
export type BookingTerms = { id: string; status: string; startsAt: Date; endsAt: Date; bookingClosesAt: Date; needsConfirmation: boolean; topicId: string };

/**
 * The session read again inside a booking's, move's or waiting-list entry's transaction, against `seen`,
 * the row read before it (transactions run one at a time, so nothing changes it between this read and the
 * transaction's writes). A cancellation, or a change of the session's times, closing date, topic or need
 * for confirmation, committed between the two reads would otherwise be missed: a school left "Confirmed"
 * on a cancelled session, or booked on terms other than those its checks used. (A change made while the
 * school's page sat open, before the request, is not seen here: the forms do not send what they showed.)
 *
 * @returns `closed` when it no longer takes bookings (isOpenForBooking), `changed` when it does but on
 *   other terms than `seen` (the person should look again), or else the places left for `forSchoolId`
 *   (placesLeft), all in one statement
 */
export async function bookingTermsNow(
  tx: Prisma.TransactionClient,
  seen: BookingTerms,
  { forSchoolId, now }: { forSchoolId: string; now: Date },
): Promise<{ state: "closed" } | { state: "changed" } | { state: "open"; placesLeft: number }> {
  const current = await tx.delivery.findUnique({
    where: { id: seen.id },
    select: {
      status: true,
      startsAt: true,
      endsAt: true,
      bookingClosesAt: true,
      needsConfirmation: true,
      topicId: true,
      capacity: true,
      _count: placesTakenCount(forSchoolId, now),
    },
  });
  if (!current || !isOpenForBooking(current, now)) return { state: "closed" };
  const { capacity, _count, ...terms } = current;
  if (!sameAsStored(seen, terms)) return { state: "changed" };
  return { state: "open", placesLeft: placesLeftOf({ capacity, _count }) };
}

/**
 * The waiting-list entries that hold a place at `now` (decision 0150): an offer still open, or one that
 * has lapsed while a school that could take the place waits behind it. The lapsed offer is written down
 * and the place offered on at the next change to the session, or by the job within 15 minutes
 * (passOnLapsedOffers); until then the place is not free to a school that is not waiting.
 */
function placeHoldingOfferWhere(now: Date) {
  return {
    OR: [openOfferWhere(now), { ...lapsedOfferWhere(now), delivery: { waitlist: { some: { status: "WAITING" as const, school: OFFERABLE_SCHOOL } } } }],
  };
}

/**
 * What placesLeft subtracts, as a `_count` to select with a delivery, so that a page reading the delivery
 * anyway gets its places left in the same statement (placesLeftOf).
 */
function placesTakenCount(forSchoolId: string | undefined, now: Date) {
  return {
    select: {
      bookings: { where: { status: { in: PLACE_HOLDING_STATUSES } } },
      waitlist: { where: { ...placeHoldingOfferWhere(now), ...(forSchoolId ? { schoolId: { not: forSchoolId } } : {}) } },
    },
  };
}

/**
 * Why a session cannot take the number of schools `change` gives it, or null: every place held by a
 * booking, or offered to a waiting school whose offer is still open (it was told it may take it), must
 * still fit. A visit takes one school, whatever number the form held: its refusal is for the format field.
 */
export async function placesHeldProblem(
  db: Db,
  deliveryId: string,
  change: { capacity: number; format: string },
  now: Date,
): Promise<{ field: "capacity" | "format"; message: string } | null> {
  // Offers still open only: a school was told it may take each. A lapsed one is passed on, or not, later.
  const delivery = await db.delivery.findUniqueOrThrow({
    where: { id: deliveryId },
    select: { _count: { select: { bookings: { where: { status: { in: PLACE_HOLDING_STATUSES } } }, waitlist: { where: openOfferWhere(now) } } } },
  });
  const { bookings, waitlist: offered } = delivery._count;
  const held = bookings + offered;
  if (change.capacity >= held) return null;
  const holders = [
    bookings > 0 ? `${counted(bookings, "school has", "schools have")} booked` : null,
    offered > 0 ? `${counted(offered, "place is", "places are")} offered to schools waiting, until their offers end` : null,
  ]
    .filter(Boolean)
    .join(" and ");
  const remedy = bookings > 0 ? "keep the session online, or cancel bookings first" : "keep the session online, or change it once the offers have ended";
  return change.format === "IN_SCHOOL"
    ? { field: "format", message: `A visit to one school takes one school, and ${holders}: ${remedy}` }
    : { field: "capacity", message: `${holders}; the number of schools must be at least ${held}` };
}

/** Places left from a delivery read with `_count: placesTakenCount(...)`. */
function placesLeftOf(delivery: { capacity: number; _count: { bookings: number; waitlist: number } }) {
  return Math.max(0, delivery.capacity - delivery._count.bookings - delivery._count.waitlist);
}

/** The statuses of PLACE_HOLDING_STATUSES as a SQL list, for `"status" IN (...)`: enum names, never input. */
export const PLACE_HOLDING_SQL = PLACE_HOLDING_STATUSES.map((status) => `'${status}'`).join(", ");

/**
 * placesLeft as a SQL expression on the delivery `d`, with its parameters (both engines: app/models/raw-sql.server.ts):
 * for a query that must leave out full sessions before it pages, where counting places on the rows it
 * read would miss sessions with places behind full ones. The same rule as placesTakenCount, in SQL.
 */
export function placesLeftSql(forSchoolId: string, now: Date): { sql: string; params: unknown[] } {
  return {
    sql: `(d."capacity"
      - (SELECT COUNT(*) FROM "Booking" pb WHERE pb."deliveryId" = d."id" AND pb."status" IN (${PLACE_HOLDING_SQL}))
      - (SELECT COUNT(*) FROM "WaitlistEntry" pw WHERE pw."deliveryId" = d."id" AND pw."status" = 'OFFERED' AND pw."schoolId" <> ?
          AND (pw."offerExpiresAt" > ? OR EXISTS (
            SELECT 1 FROM "WaitlistEntry" ww JOIN "School" ws ON ws."id" = ww."schoolId"
            WHERE ww."deliveryId" = d."id" AND ww."status" = 'WAITING' AND ws."status" <> 'CLOSED'
              AND EXISTS (SELECT 1 FROM "User" wu WHERE wu."schoolId" = ws."id" AND wu."active" = TRUE AND wu."role" IN ('TEACHER', 'MVP_LEAD'))))))`,
    params: [forSchoolId, instant(now)],
  };
}

/** The same answer for a list of deliveries at once. */
async function withPlacesLeft<T extends { id: string; capacity: number }>(deliveries: T[], now = new Date()) {
  const ids = deliveries.map((d) => d.id);
  const [taken, offered] = await Promise.all([
    prisma.booking.groupBy({ by: ["deliveryId"], where: { deliveryId: { in: ids }, status: { in: PLACE_HOLDING_STATUSES } }, _count: true }),
    prisma.waitlistEntry.groupBy({ by: ["deliveryId"], where: { deliveryId: { in: ids }, ...placeHoldingOfferWhere(now) }, _count: true }),
  ]);
  const count = (rows: { deliveryId: string; _count: number }[], id: string) => rows.find((r) => r.deliveryId === id)?._count ?? 0;
  return deliveries.map((d) => ({ ...d, placesLeft: Math.max(0, d.capacity - count(taken, d.id) - count(offered, d.id)) }));
}

/** Whether a delivery still takes bookings at `now` (places aside). */
export function isOpenForBooking(delivery: { status: string; bookingClosesAt: Date; startsAt: Date }, now = new Date()) {
  return delivery.status === "SCHEDULED" && delivery.bookingClosesAt > now && delivery.startsAt > now;
}

function monthRange(month: string) {
  const start = fromLondonWallTime(`${month}-01`, "00:00");
  const [y, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  const end = fromLondonWallTime(`${next}-01`, "00:00");
  return start && end ? { gte: start, lt: end } : undefined;
}

/**
 * The conditions the filters set, each its own: a caller adds its own conditions beside these (AND), never
 * in the same object, where a key of its own (startsAt, say) would replace the filter's.
 */
function filterWhere(filters: DeliveryFilters): Prisma.DeliveryWhereInput[] {
  return [
    ...(filters.topic ? [{ topicId: filters.topic }] : []),
    ...(filters.format ? [{ format: filters.format }] : []),
    ...(filters.month ? [{ startsAt: monthRange(filters.month) }] : []),
    ...(filters.yearGroup ? [{ topic: yearGroupWhere(filters.yearGroup) }] : []),
  ];
}

/** Topics for a year group: one of the stored list ("7,8,10"), exactly, so that Year 1 would not match Year 10. */
function yearGroupWhere(yearGroup: number): Prisma.TopicWhereInput {
  const y = String(yearGroup);
  return { OR: [{ yearGroups: y }, { yearGroups: { startsWith: `${y},` } }, { yearGroups: { endsWith: `,${y}` } }, { yearGroups: { contains: `,${y},` } }] };
}

const listSelect = {
  id: true,
  startsAt: true,
  endsAt: true,
  format: true,
  capacity: true,
  campaign: true,
  status: true,
  bookingClosesAt: true,
  facilitatorName: true,
  facilitatorOrg: true,
  topic: { select: { id: true, title: true, yearGroups: true } },
} satisfies Prisma.DeliverySelect;

const BOOKABLE_PAGE_SIZE = 25;

/**
 * What a school may book, a page at a time (BOOKABLE_PAGE_SIZE, a page past the end shows the last):
 * upcoming sessions still taking bookings, soonest first, each with its places left (a full one has a
 * waitlist to join), and how many there are in all.
 */
export async function listBookableDeliveries(actor: Actor, filters: DeliveryFilters, page: number, now = new Date()) {
  assertCan(actor, "deliveries:book");
  const where: Prisma.DeliveryWhereInput = { AND: [...filterWhere(filters), { status: "SCHEDULED", bookingClosesAt: { gt: now }, startsAt: { gt: now } }] };
  const read = (page: number) =>
    prisma.delivery.findMany({
      where,
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      skip: (page - 1) * BOOKABLE_PAGE_SIZE,
      take: BOOKABLE_PAGE_SIZE,
      // Places taken counted in the same statement as the sessions.
      select: { ...listSelect, _count: placesTakenCount(undefined, now) },
    });
  let current = page;
  let rows = await read(current);
  // A page that is part full (or an empty first page) is the last, so its rows give the total: a count
  // only when there may be more, or the page asked for is past the end.
  let total = (current - 1) * BOOKABLE_PAGE_SIZE + rows.length;
  if (rows.length === BOOKABLE_PAGE_SIZE || (rows.length === 0 && current > 1)) {
    total = await prisma.delivery.count({ where });
    const shown = pageWithin(current, total, BOOKABLE_PAGE_SIZE);
    if (shown.page !== current) {
      current = shown.page;
      rows = await read(current);
    }
  }
  const deliveries = rows.map(({ _count, ...d }) => ({ ...d, placesLeft: placesLeftOf({ capacity: d.capacity, _count }) }));
  return { deliveries, total, page: current, pageCount: pageCountOf(total, BOOKABLE_PAGE_SIZE), pageSize: BOOKABLE_PAGE_SIZE };
}

const SCHEDULE_PAGE_SIZE = 25;

/**
 * The lead's schedule, a page at a time (SCHEDULE_PAGE_SIZE): upcoming sessions soonest first (those not
 * yet ended), or past ones latest first, or just the sessions named in `view.newIds` (those scheduled
 * together a moment ago) in date order. Each with its places left, its state (scheduleStateOf) and, for
 * one still to come, why its day may be a poor one for schools (schoolDayWarnings).
 */
export async function listSchedule(actor: Actor, filters: DeliveryFilters, view: ScheduleView, now = new Date()) {
  assertCan(actor, "deliveries:manage");
  const justScheduled = view.newIds.length > 0;
  const where: Prisma.DeliveryWhereInput = justScheduled
    ? { id: { in: view.newIds } }
    : { AND: [...filterWhere(filters), { endsAt: view.when === "past" ? { lte: now } : { gt: now } }] };
  const total = await prisma.delivery.count({ where });
  const { page, pageCount, skip, take } = pageWithin(view.page, total, SCHEDULE_PAGE_SIZE);
  const rows = await prisma.delivery.findMany({
    where,
    orderBy: [{ startsAt: view.when === "past" && !justScheduled ? "desc" : "asc" }, { id: "asc" }],
    skip,
    take,
    select: { ...listSelect, bookings: { select: { status: true } } },
  });
  const upcomingDays = rows.filter((d) => d.endsAt > now).map((d) => londonDateInputValue(d.startsAt));
  const warnings = await schoolDayWarnings(actor, upcomingDays);
  const deliveries = (await withPlacesLeft(rows, now)).map(({ bookings, ...d }) => ({
    ...d,
    state: scheduleStateOf(
      d,
      bookings.map((b) => b.status),
      now,
    ),
    warning: d.endsAt > now ? (warnings.get(londonDateInputValue(d.startsAt)) ?? null) : null,
  }));
  return { deliveries, total, page, pageCount, pageSize: SCHEDULE_PAGE_SIZE };
}

/**
 * A delivery as the lead sees it: every school booked, its contact and needs, the waiting list as it
 * stands at `now`, whether it takes bookings, its state (scheduleStateOf) and, while still to come, why its
 * day may be a poor one for schools.
 */
export async function getDeliveryForLead(actor: Actor, id: string, now = new Date()) {
  assertCan(actor, "deliveries:manage");
  const delivery = await prisma.delivery.findUnique({
    where: { id },
    include: {
      topic: true,
      bookings: {
        orderBy: { createdAt: "asc" },
        include: { school: { select: { id: true, name: true, urn: true } }, attendance: { include: { counts: true } } },
      },
      waitlist: {
        orderBy: { createdAt: "asc" },
        include: { school: { select: { name: true, _count: { select: { users: { where: SCHOOL_BOOKER } } } } } },
      },
    },
  });
  if (!delivery) notFound("session");
  // `offerable`: someone at the school could be offered a place and book it (decision 0149).
  const waitlist = delivery.waitlist.map(({ school, ...entry }) => ({
    ...entry,
    school: { name: school.name },
    offerable: school._count.users > 0,
    status: waitlistStatusAt(entry, now),
  }));
  const [withPlaces] = await withPlacesLeft([{ ...delivery, waitlist }], now);
  const day = londonDateInputValue(delivery.startsAt);
  const warning = delivery.endsAt > now ? ((await schoolDayWarnings(actor, [day])).get(day) ?? null) : null;
  return {
    ...withPlaces!,
    open: isOpenForBooking(delivery, now),
    state: scheduleStateOf(
      delivery,
      delivery.bookings.map((b) => b.status),
      now,
    ),
    warning,
  };
}

/**
 * A delivery as a school sees it: the session and only its own booking or waitlist place, with why the
 * school may not book it (its lifecycle status or opening day: sessionRefusal), if so, and its number on roll.
 */
export async function getDeliveryForSchool(actor: Actor, id: string, now = new Date()) {
  const schoolId = ownSchoolId(actor, "deliveries:book");
  const delivery = await prisma.delivery.findUnique({
    where: { id },
    // The joining link is for confirmed schools, on their booking page: never on the session's page.
    omit: { joiningLink: true },
    include: {
      topic: true,
      bookings: { where: { schoolId, status: { in: PLACE_HOLDING_STATUSES } }, select: { id: true, status: true } },
      waitlist: { where: { schoolId }, select: { id: true, deliveryId: true, status: true, offerExpiresAt: true, createdAt: true } },
      _count: placesTakenCount(schoolId, now),
    },
  });
  if (!delivery) notFound("session");
  const school = await prisma.school.findUnique({ where: { id: schoolId }, select: { status: true, openedOn: true, numberOnRoll: true } });
  const entry = delivery.waitlist[0];
  const entryStatus = entry ? waitlistStatusAt(entry, now) : null;
  const { _count, ...rest } = delivery;
  const ownBooking = delivery.bookings[0];
  return {
    ...rest,
    placesLeft: placesLeftOf(delivery),
    open: isOpenForBooking(delivery, now),
    // Why the school may not book this session at all (its lifecycle status, or it opens after), for the page to say so.
    schoolRefusal: school ? sessionRefusal(school, "book", delivery.startsAt, "Your school") : null,
    // The school's number on roll: the most pupils a booking may expect (null when not known).
    schoolRoll: school?.numberOnRoll ?? null,
    // The school's own booking, named as its bookings page names it (an attendance return due, a request never answered).
    ownBooking: ownBooking
      ? {
          ...ownBooking,
          returnDue: awaitsAttendanceReturn({ ...ownBooking, delivery }, now),
          unanswered: isUnansweredRequest({ ...ownBooking, delivery }, now),
        }
      : null,
    ownWaitlist:
      entry && entryStatus
        ? { ...entry, status: entryStatus, queuePlace: entryStatus === "WAITING" ? await queuePlace(entry, delivery.startsAt) : null }
        : null,
  };
}

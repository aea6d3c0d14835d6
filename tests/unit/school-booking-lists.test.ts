/**
 * A school's lists of bookings are whole however many bookings it has had: what is still to come and the
 * returns it owes are read by their own conditions, never from the first few hundred of everything, and
 * the long lists (past, cancelled) are paged with their true totals. Moving a booking offers every date
 * with a place, however many full dates come first.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { schoolBookingGroupOf, type BookingStatus, type DeliveryStatus } from "~/lib/statuses";
import { moveOptions } from "~/models/booking-moves.server";
import { bookDelivery, listSchoolBookings } from "~/models/bookings.server";
import { placesLeft, placesLeftSql } from "~/models/deliveries.server";
import { getSchoolDeliveriesOverview } from "~/models/home.server";
import { selectRows } from "~/models/raw-sql.server";
import { bookingInput, createDelivery, createSchoolTeacher, createTopic, DAY } from "./delivery-factories";

const HOUR = 60 * 60 * 1000;

/** What every booking row needs besides its delivery, school and status. */
const bookingFields = { yearGroups: "9", expectedPupils: 30, contactName: "Office", contactPhone: "0116 496 0100" };

/**
 * `count` deliveries of `topicId`, one a day going back (or forward) from `from`, each booked by
 * `schoolId` with `status`; written in bulk. Returns the bookings' ids, in the order of their sessions.
 */
async function bookingsOnDays(
  schoolId: string,
  {
    count,
    from,
    step,
    status,
    topicId,
    deliveryStatus = "SCHEDULED",
  }: { count: number; from: Date; step: number; status: BookingStatus; topicId: string; deliveryStatus?: DeliveryStatus },
) {
  const deliveries = await prisma.delivery.createManyAndReturn({
    data: Array.from({ length: count }, (_, i) => {
      const startsAt = new Date(from.getTime() + i * step);
      return {
        topicId,
        startsAt,
        endsAt: new Date(startsAt.getTime() + HOUR),
        format: "ONLINE",
        facilitatorName: "PC Jo Test",
        facilitatorOrg: "Leicestershire Police",
        capacity: 1,
        bookingClosesAt: new Date(startsAt.getTime() - 2 * DAY),
        status: deliveryStatus,
      };
    }),
    select: { id: true, startsAt: true },
  });
  const bookings = await prisma.booking.createManyAndReturn({
    data: deliveries.map((d) => ({
      deliveryId: d.id,
      schoolId,
      status,
      yearGroups: "9",
      expectedPupils: 30,
      contactName: "Office",
      contactPhone: "0116 496 0100",
    })),
    select: { id: true, deliveryId: true },
  });
  const startsAt = new Map(deliveries.map((d) => [d.id, d.startsAt.getTime()]));
  return bookings.sort((a, b) => startsAt.get(a.deliveryId)! - startsAt.get(b.deliveryId)!).map((b) => b.id);
}

/**
 * A school with years of history, all before what it has coming: 320 sessions delivered, and 301 requests
 * the lead never answered before their day passed (still REQUESTED, so past and marked as never answered).
 * Then one return owed (a confirmed session that ended yesterday) and one session booked for next month.
 */
async function schoolWithLongHistory(now: Date) {
  const { school, user } = await createSchoolTeacher();
  const topicId = (await createTopic()).id;
  const delivered = await bookingsOnDays(school.id, { count: 320, from: new Date(now.getTime() - 400 * DAY), step: DAY, status: "DELIVERED", topicId });
  await bookingsOnDays(school.id, { count: 301, from: new Date(now.getTime() - 1000 * DAY), step: DAY, status: "REQUESTED", topicId });
  const [returnDue] = await bookingsOnDays(school.id, { count: 1, from: new Date(now.getTime() - DAY), step: DAY, status: "CONFIRMED", topicId });
  const [upcoming] = await bookingsOnDays(school.id, { count: 1, from: new Date(now.getTime() + 30 * DAY), step: DAY, status: "CONFIRMED", topicId });
  return { user, delivered, returnDue: returnDue!, upcoming: upcoming! };
}

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);

describe("a school with hundreds of bookings behind it", () => {
  it("still sees its upcoming booking and the return it owes, on its bookings page and its home page", async () => {
    const now = new Date();
    const { user, returnDue, upcoming } = await schoolWithLongHistory(now);

    const page = await listSchoolBookings(user);
    expect(ids(page.upcoming)).toEqual([upcoming]);
    expect(ids(page.awaitingReturn)).toEqual([returnDue]);

    const home = await getSchoolDeliveriesOverview(user, now);
    expect(ids(home.next)).toEqual([upcoming]);
    expect(ids(home.returnsDue)).toEqual([returnDue]);
  });

  it("pages its past sessions, latest first, with the true total, and a page past the end shows the last", async () => {
    const now = new Date();
    const { user, delivered } = await schoolWithLongHistory(now);
    const latestFirst = [...delivered].reverse();

    const first = await listSchoolBookings(user, {}, now);
    // The 301 requests never answered are past too, after the sessions delivered since.
    expect(first.past).toMatchObject({ total: 621, page: 1, pageCount: 25, pageSize: 25 });
    expect(ids(first.past.bookings)).toEqual(latestFirst.slice(0, 25));

    const second = await listSchoolBookings(user, { past: 2 }, now);
    expect(ids(second.past.bookings)).toEqual(latestFirst.slice(25, 50));

    const last = await listSchoolBookings(user, { past: 25 }, now);
    expect(last.past.bookings).toHaveLength(21);
    expect(last.past.bookings.every((b) => b.status === "REQUESTED" && b.unanswered)).toBe(true);

    const beyond = await listSchoolBookings(user, { past: 99 }, now);
    expect(beyond.past).toMatchObject({ page: 25, total: 621 });
    expect(ids(beyond.past.bookings)).toEqual(ids(last.past.bookings));

    // Nothing cancelled: one empty page, not an error.
    expect(first.cancelled).toMatchObject({ bookings: [], total: 0, page: 1, pageCount: 1 });
  });

  it("pages cancelled and declined bookings by themselves, latest first", async () => {
    const now = new Date();
    const { school, user } = await createSchoolTeacher();
    const topicId = (await createTopic()).id;
    const cancelled = await bookingsOnDays(school.id, { count: 20, from: new Date(now.getTime() - 50 * DAY), step: DAY, status: "CANCELLED", topicId });
    const declined = await bookingsOnDays(school.id, { count: 10, from: new Date(now.getTime() + 5 * DAY), step: DAY, status: "DECLINED", topicId });
    const latestFirst = [...cancelled, ...declined].reverse();

    const lists = await listSchoolBookings(user, { cancelled: 2 }, now);
    expect(lists.cancelled).toMatchObject({ total: 30, page: 2, pageCount: 2 });
    expect(ids(lists.cancelled.bookings)).toEqual(latestFirst.slice(25));
    expect(lists.past).toMatchObject({ bookings: [], total: 0 });
    expect(lists.upcoming).toEqual([]);
  });

  it("shows another school none of it", async () => {
    const now = new Date();
    await schoolWithLongHistory(now);
    const { user } = await createSchoolTeacher();
    const lists = await listSchoolBookings(user, {}, now);
    expect([lists.upcoming, lists.awaitingReturn, lists.past.bookings, lists.cancelled.bookings]).toEqual([[], [], [], []]);
    expect(await getSchoolDeliveriesOverview(user, now)).toEqual({ next: [], returnsDue: [] });
  });
});

describe("the groups of a school's bookings page", () => {
  it("hold every booking exactly once, whatever its status, its session's status and the time", async () => {
    const now = new Date();
    const { school, user } = await createSchoolTeacher();
    const topicId = (await createTopic()).id;
    const statuses: BookingStatus[] = ["REQUESTED", "CONFIRMED", "DELIVERED", "NOT_DELIVERED", "CANCELLED", "DECLINED"];
    const deliveryStatuses: DeliveryStatus[] = ["SCHEDULED", "CANCELLED", "NOT_DELIVERED"];
    // Each session lasts an hour: to come, under way (started half an hour ago), ended two days ago.
    const starts = { toCome: now.getTime() + 2 * DAY, underWay: now.getTime() - HOUR / 2, ended: now.getTime() - 2 * DAY };
    const made: { id: string; status: BookingStatus; deliveryStatus: DeliveryStatus; when: keyof typeof starts }[] = [];
    for (const status of statuses) {
      for (const deliveryStatus of deliveryStatuses) {
        for (const when of Object.keys(starts) as (keyof typeof starts)[]) {
          const [id] = await bookingsOnDays(school.id, { count: 1, from: new Date(starts[when]), step: DAY, status, topicId, deliveryStatus });
          made.push({ id: id!, status, deliveryStatus, when });
        }
      }
    }

    const lists = await listSchoolBookings(user, {}, now);
    const past = [...lists.past.bookings];
    for (let page = 2; page <= lists.past.pageCount; page++) past.push(...(await listSchoolBookings(user, { past: page }, now)).past.bookings);
    const shown = [...lists.awaitingReturn, ...lists.upcoming, ...past, ...lists.cancelled.bookings];
    expect(ids(shown).sort()).toEqual(ids(made).sort());

    // Where each belongs, said here case by case rather than by the rule under test; the rule must agree.
    const expectedGroup = ({ status, deliveryStatus, when }: (typeof made)[number]) => {
      if (status === "CANCELLED" || status === "DECLINED") return "WITHDRAWN";
      if (status === "CONFIRMED" && deliveryStatus === "SCHEDULED" && when === "ended") return "RETURN_DUE";
      if ((status === "REQUESTED" || status === "CONFIRMED") && deliveryStatus === "SCHEDULED" && when !== "ended") return "UPCOMING";
      return "PAST";
    };
    const rows = await prisma.booking.findMany({ where: { schoolId: school.id }, include: { delivery: true } });
    for (const row of rows) expect(schoolBookingGroupOf(row, now)).toBe(expectedGroup(made.find((b) => b.id === row.id)!));
    const inGroup = (group: string) =>
      made
        .filter((b) => expectedGroup(b) === group)
        .map((b) => b.id)
        .sort();
    expect(ids(lists.awaitingReturn).sort()).toEqual(inGroup("RETURN_DUE"));
    expect(ids(lists.upcoming).sort()).toEqual(inGroup("UPCOMING"));
    expect(ids(past).sort()).toEqual(inGroup("PAST"));
    expect(ids(lists.cancelled.bookings).sort()).toEqual(inGroup("WITHDRAWN"));

    // The cases that once showed in no group: a session under way, and a request its session outran.
    const underWay = made.filter((b) => b.when === "underWay" && b.deliveryStatus === "SCHEDULED" && (b.status === "REQUESTED" || b.status === "CONFIRMED"));
    expect(ids(lists.upcoming)).toEqual(expect.arrayContaining(ids(underWay)));
    const unanswered = made
      .filter((b) => b.status === "REQUESTED" && b.when === "ended")
      .map((b) => b.id)
      .sort();
    expect(
      past
        .filter((b) => b.unanswered)
        .map((b) => b.id)
        .sort(),
    ).toEqual(unanswered);

    // The home page's next sessions start with those under way.
    const home = await getSchoolDeliveriesOverview(user, now);
    expect(ids(home.next)).toEqual(expect.arrayContaining(ids(underWay)));
  });
});

/** A teacher's school booked on a session of a new topic five days from now. */
async function bookedFiveDaysAhead() {
  const now = new Date();
  const { user } = await createSchoolTeacher();
  const topicId = (await createTopic()).id;
  const booked = await createDelivery({ topicId, startsAt: new Date(now.getTime() + 5 * DAY) });
  const result = await bookDelivery(user, booked.id, bookingInput());
  if (!result.ok) throw new Error(result.message);
  return { now, user, topicId, booked, result };
}

describe("the dates a booking can move to", () => {
  it("include a date with a place that comes after 60 full ones", async () => {
    const now = new Date();
    const { user } = await createSchoolTeacher();
    const other = await createSchoolTeacher();
    const topicId = (await createTopic()).id;
    const booked = await createDelivery({ topicId, startsAt: new Date(now.getTime() + 10 * DAY) });
    const result = await bookDelivery(user, booked.id, bookingInput());
    if (!result.ok) throw new Error(result.message);
    // Sixty full dates first (one place each, taken by another school), then one with a place.
    await bookingsOnDays(other.school.id, { count: 60, from: new Date(now.getTime() + 20 * DAY), step: HOUR * 2, status: "CONFIRMED", topicId });
    const open = await createDelivery({ topicId, startsAt: new Date(now.getTime() + 40 * DAY), capacity: 3 });

    const { options, total, pageCount } = await moveOptions(user, result.id);
    expect(ids(options)).toEqual([open.id]);
    expect(options[0]).toMatchObject({ placesLeft: 3, format: "ONLINE", startsAt: open.startsAt, endsAt: open.endsAt });
    expect({ total, pageCount }).toEqual({ total: 1, pageCount: 1 });
  });

  it("are paged, soonest first, with how many there are in all", async () => {
    const { now, user, topicId, result } = await bookedFiveDaysAhead();
    const dates = await Promise.all(Array.from({ length: 30 }, (_, i) => createDelivery({ topicId, startsAt: new Date(now.getTime() + (10 + i) * DAY) })));

    const first = await moveOptions(user, result.id, 1, now);
    expect(first).toMatchObject({ total: 30, page: 1, pageCount: 2, pageSize: 25 });
    expect(ids(first.options)).toEqual(ids(dates.slice(0, 25)));
    const beyond = await moveOptions(user, result.id, 7, now);
    expect(beyond.page).toBe(2);
    expect(ids(beyond.options)).toEqual(ids(dates.slice(25)));
  });
});

describe("the move page of a booking that cannot be moved", () => {
  it("says why and reads no dates: past the cut-off, or cancelled", async () => {
    const { now, user, topicId, booked, result } = await bookedFiveDaysAhead();
    await createDelivery({ topicId, startsAt: new Date(now.getTime() + 10 * DAY) });
    expect((await moveOptions(user, result.id, 1, now)).options).toHaveLength(1);

    // An hour before the session: past the cut-off for a school's own staff.
    const late = await moveOptions(user, result.id, 1, new Date(booked.startsAt.getTime() - HOUR));
    expect(late.changeRefusal).toMatch(/^Bookings can only be moved here up to /);
    expect({ options: late.options, total: late.total }).toEqual({ options: [], total: 0 });

    await prisma.booking.update({ where: { id: result.id }, data: { status: "CANCELLED" } });
    const cancelled = await moveOptions(user, result.id, 1, now);
    expect(cancelled.changeRefusal).toBe("This booking was cancelled, so it cannot be moved.");
    expect(cancelled.options).toEqual([]);
  });
});

describe("places left as the move page's query counts them", () => {
  it("are placesLeft's, whatever holds a place: bookings of each status, offers open, lapsed, unset or the school's own", async () => {
    const topic = await createTopic();
    const now = new Date();
    const [asking, other, third] = [await createSchoolTeacher(), await createSchoolTeacher(), await createSchoolTeacher()];
    const statuses: BookingStatus[] = ["REQUESTED", "CONFIRMED", "DELIVERED", "NOT_DELIVERED", "CANCELLED", "DECLINED"];
    const offers = [
      { schoolId: other.school.id, status: "OFFERED" as const, offerExpiresAt: new Date(now.getTime() + DAY) },
      { schoolId: third.school.id, status: "OFFERED" as const, offerExpiresAt: new Date(now.getTime() - HOUR) },
      { schoolId: asking.school.id, status: "OFFERED" as const, offerExpiresAt: new Date(now.getTime() + DAY) },
      { schoolId: third.school.id, status: "OFFERED" as const, offerExpiresAt: null },
      { schoolId: third.school.id, status: "WAITING" as const, offerExpiresAt: null },
    ];
    const ids: string[] = [];
    for (const [i, status] of statuses.entries()) {
      const delivery = await createDelivery({ topicId: topic.id, capacity: 3, startsAt: new Date(now.getTime() + (10 + i) * DAY) });
      await prisma.booking.create({ data: { deliveryId: delivery.id, schoolId: other.school.id, status, ...bookingFields } });
      const offer = offers[i % offers.length]!;
      if (offer.schoolId !== other.school.id) await prisma.waitlistEntry.create({ data: { deliveryId: delivery.id, ...offer } });
      ids.push(delivery.id);
    }
    const places = placesLeftSql(asking.school.id, now);
    const rows = await selectRows<{ id: string; placesLeft: number }>(
      `SELECT d."id" AS "id", ${places.sql} AS "placesLeft" FROM "Delivery" d WHERE d."topicId" = ?`,
      ...places.params,
      topic.id,
    );
    for (const id of ids) {
      const expected = await placesLeft(id, prisma, { forSchoolId: asking.school.id, now });
      expect({ id, placesLeft: Math.max(0, Number(rows.find((r) => r.id === id)?.placesLeft)) }).toEqual({ id, placesLeft: expected });
    }
  });
});

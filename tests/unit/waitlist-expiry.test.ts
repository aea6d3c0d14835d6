import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { londonDateInputValue, londonTimeInputValue } from "~/lib/london-time";
import { waitlistStatusAt } from "~/lib/statuses";
import { moveBooking, moveOptions } from "~/models/booking-moves.server";
import { bookDelivery, cancelBooking } from "~/models/bookings.server";
import { getDeliveryForLead, getDeliveryForSchool, listSchedule, placesLeft } from "~/models/deliveries.server";
import { joinWaitlist, leaveWaitlist } from "~/models/waitlist.server";
import { bookingInput, createDelivery, createSchoolTeacher, lead } from "./delivery-factories";

const HOUR = 60 * 60 * 1000;

/**
 * A full one-place session: school A booked it, B and C wait. A cancels, so B is offered the place for
 * 48 hours. Returns everyone and `lapsed`, a time after B's offer ran out. No job runs in these tests.
 */
async function lapsedOffer() {
  const delivery = await createDelivery({ capacity: 1 });
  const [a, b, c] = [await createSchoolTeacher(), await createSchoolTeacher(), await createSchoolTeacher()];
  const booked = await bookDelivery(a.user, delivery.id, bookingInput());
  if (!booked.ok) throw new Error("booking failed");
  expect(await joinWaitlist(b.user, delivery.id)).toEqual({ ok: true });
  expect(await joinWaitlist(c.user, delivery.id, new Date(Date.now() + 1000))).toEqual({ ok: true });
  await cancelBooking(a.user, booked.id, "Trip clash");
  const offer = await prisma.waitlistEntry.findFirstOrThrow({ where: { schoolId: b.school.id } });
  expect(offer.status).toBe("OFFERED");
  const lapsed = new Date(offer.offerExpiresAt!.getTime() + HOUR);
  const statusOf = async (school: { id: string }) => (await prisma.waitlistEntry.findFirstOrThrow({ where: { schoolId: school.id } })).status;
  return { delivery, a, b, c, lapsed, statusOf };
}

describe("a waiting-list offer past its time is expired at once, whether or not the job has run", () => {
  it("one rule: OFFERED with a passed expiry reads as EXPIRED", () => {
    const now = new Date("2026-11-29T12:00:00Z");
    expect(waitlistStatusAt({ status: "OFFERED", offerExpiresAt: new Date("2026-11-29T12:00:01Z") }, now)).toBe("OFFERED");
    expect(waitlistStatusAt({ status: "OFFERED", offerExpiresAt: now }, now)).toBe("EXPIRED");
    expect(waitlistStatusAt({ status: "WAITING", offerExpiresAt: null }, now)).toBe("WAITING");
  });

  it("the school's own page and the lead's list show it as expired", async () => {
    const { delivery, b, lapsed } = await lapsedOffer();
    expect((await getDeliveryForSchool(b.user, delivery.id, lapsed)).ownWaitlist?.status).toBe("EXPIRED");
    const forLead = await getDeliveryForLead(await lead(), delivery.id, lapsed);
    expect(forLead.waitlist.find((w) => w.schoolId === b.school.id)?.status).toBe("EXPIRED");
  });

  it("counts: a lapsed offer holds the place while a school that could take it waits, and only then (decision 0150)", async () => {
    const { delivery, c, lapsed } = await lapsedOffer();
    // C waits behind B's lapsed offer: the place is C's at the next change, so no other school sees it free.
    expect(await placesLeft(delivery.id, prisma, { now: lapsed })).toBe(0);
    const d = await createSchoolTeacher();
    expect((await getDeliveryForSchool(d.user, delivery.id, lapsed)).placesLeft).toBe(0);
    const schedule = await listSchedule(await lead(), {}, { when: "upcoming", page: 1, newIds: [delivery.id] });
    expect(schedule.deliveries.find((x) => x.id === delivery.id)?.placesLeft).toBe(0);
    const other = await createDelivery({ capacity: 1, topicId: delivery.topicId, startsAt: new Date(delivery.startsAt.getTime() + 24 * HOUR) });
    const booked = await bookDelivery(d.user, other.id, bookingInput());
    if (!booked.ok) throw new Error("booking failed");
    expect((await moveOptions(d.user, booked.id, 1, lapsed)).options.map((x) => x.id)).not.toContain(delivery.id);

    // With nobody who could take it waiting (C's only teacher gone), the lapsed offer holds nothing.
    await prisma.user.update({ where: { id: c.user.id }, data: { active: false } });
    expect(await placesLeft(delivery.id, prisma, { now: lapsed })).toBe(1);
    expect((await getDeliveryForSchool(d.user, delivery.id, lapsed)).placesLeft).toBe(1);
    expect((await moveOptions(d.user, booked.id, 1, lapsed)).options.map((x) => x.id)).toContain(delivery.id);
  });

  it("a booking by a school that was not waiting passes the place to the next school waiting first, so it cannot jump the queue", async () => {
    const { delivery, b, c, lapsed, statusOf } = await lapsedOffer();
    const d = await createSchoolTeacher();
    expect(await bookDelivery(d.user, delivery.id, bookingInput(), lapsed)).toMatchObject({ ok: false, reason: "full" });
    expect(await statusOf(b.school)).toBe("EXPIRED");
    expect(await statusOf(c.school)).toBe("OFFERED");
    expect(await prisma.outboxMessage.count({ where: { subject: { startsWith: "A place is free" }, to: c.user.email } })).toBe(1);
    // The school whose offer lapsed cannot take the place either; the school now offered it can.
    expect(await bookDelivery(b.user, delivery.id, bookingInput(), lapsed)).toMatchObject({ ok: false, reason: "full" });
    expect(await bookDelivery(c.user, delivery.id, bookingInput(), lapsed)).toMatchObject({ ok: true });
  });

  it("moving a booking onto the session passes the lapsed offer on first", async () => {
    const { delivery, c, lapsed, statusOf } = await lapsedOffer();
    const d = await createSchoolTeacher();
    const other = await createDelivery({ capacity: 1, topicId: delivery.topicId, startsAt: new Date(delivery.startsAt.getTime() + 24 * HOUR) });
    const booked = await bookDelivery(d.user, other.id, bookingInput());
    if (!booked.ok) throw new Error("booking failed");
    expect(await moveBooking(d.user, booked.id, delivery.id, lapsed)).toMatchObject({ ok: false, message: "That session is full" });
    expect(await statusOf(c.school)).toBe("OFFERED");
  });

  it("the school whose offer lapsed may join the waiting list again, at its end", async () => {
    const { delivery, b, lapsed, statusOf } = await lapsedOffer();
    expect(await joinWaitlist(b.user, delivery.id, lapsed)).toEqual({ ok: true });
    expect(await statusOf(b.school)).toBe("WAITING");
  });

  it("a school cannot 'leave' an offer that has already lapsed, and the lapse passes it on", async () => {
    const { delivery, b, c, lapsed, statusOf } = await lapsedOffer();
    expect(await leaveWaitlist(b.user, delivery.id, lapsed)).toEqual({
      ok: false,
      message: "Your school's offer of a place has run out, so it is no longer on the waiting list",
    });
    expect(await statusOf(c.school)).toBe("OFFERED");
  });
});

describe("offers never promise more than booking allows", () => {
  it("a place freed a day before booking closes is held until booking closes, not for 48 hours", async () => {
    const startsAt = new Date(Date.now() + 4 * 24 * HOUR);
    const bookingClosesAt = new Date(Date.now() + 24 * HOUR);
    const delivery = await createDelivery({ capacity: 1, startsAt, bookingClosesAt });
    const [a, b] = [await createSchoolTeacher(), await createSchoolTeacher()];
    const booked = await bookDelivery(a.user, delivery.id, bookingInput());
    if (!booked.ok) throw new Error("booking failed");
    expect(await joinWaitlist(b.user, delivery.id)).toEqual({ ok: true });
    await cancelBooking(a.user, booked.id, "Trip clash");
    const offer = await prisma.waitlistEntry.findFirstOrThrow({ where: { schoolId: b.school.id } });
    expect(offer.offerExpiresAt).toEqual(bookingClosesAt);
    const mail = await prisma.outboxMessage.findFirstOrThrow({ where: { to: b.user.email, subject: { startsWith: "A place is free" } } });
    expect(mail.text).toContain("after that it is no longer held for your school");
    expect(mail.text).not.toContain("passes to the next school");
  });

  it("more places on a full session go to the schools waiting first, as a freed place does", async () => {
    const { updateDelivery } = await import("~/models/delivery-changes.server");
    const { deliveryInput } = await import("./delivery-factories");
    // Three weeks ahead, whenever the test runs; the form takes the London date and time.
    const startsAt = new Date(Date.now() + 21 * 24 * HOUR);
    const delivery = await createDelivery({ capacity: 1, startsAt });
    const [a, b] = [await createSchoolTeacher(), await createSchoolTeacher()];
    expect(await bookDelivery(a.user, delivery.id, bookingInput())).toMatchObject({ ok: true });
    expect(await joinWaitlist(b.user, delivery.id)).toEqual({ ok: true });
    const input = { ...deliveryInput(delivery, londonDateInputValue(startsAt), londonTimeInputValue(startsAt)), capacity: 2 };
    expect(await updateDelivery(await lead(), delivery.id, input)).toMatchObject({ ok: true });
    expect((await prisma.waitlistEntry.findFirstOrThrow({ where: { schoolId: b.school.id } })).status).toBe("OFFERED");
    expect(await prisma.outboxMessage.count({ where: { to: b.user.email, subject: { startsWith: "A place is free" } } })).toBe(1);
  });
});

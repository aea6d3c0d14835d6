import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { bookDelivery, cancelBooking } from "~/models/bookings.server";
import { getDeliveryForSchool } from "~/models/deliveries.server";
import { joinWaitlist, leaveWaitlist, listOwnWaitlist } from "~/models/waitlist.server";
import { bookingInput, createDelivery, createSchoolTeacher } from "./delivery-factories";

const SECOND = 1000;

/** A full one-place session booked by one school, with three schools waiting in the order they joined. */
async function fullSessionWithQueue() {
  const delivery = await createDelivery({ capacity: 1 });
  const holder = await createSchoolTeacher();
  const booked = await bookDelivery(holder.user, delivery.id, bookingInput());
  if (!booked.ok) throw new Error(booked.message);
  const queue = [await createSchoolTeacher(), await createSchoolTeacher(), await createSchoolTeacher()];
  for (const [i, school] of queue.entries()) expect(await joinWaitlist(school.user, delivery.id, new Date(Date.now() + i * SECOND))).toEqual({ ok: true });
  return { delivery, holder, bookingId: booked.id, queue };
}

describe("a school's own waiting lists", () => {
  it("lists each session the school waits for with its place in the queue, and only the school's own", async () => {
    const { delivery, queue } = await fullSessionWithQueue();
    const [first, second, third] = queue;
    expect(await listOwnWaitlist(first!.user)).toMatchObject([{ deliveryId: delivery.id, status: "WAITING", queuePlace: 1 }]);
    expect(await listOwnWaitlist(third!.user)).toMatchObject([{ deliveryId: delivery.id, status: "WAITING", queuePlace: 3 }]);
    expect((await getDeliveryForSchool(second!.user, delivery.id)).ownWaitlist).toMatchObject({ status: "WAITING", queuePlace: 2 });
    expect(await listOwnWaitlist((await createSchoolTeacher()).user)).toEqual([]);
  });

  it("a school that leaves is off the list, audited, and the schools behind it move up", async () => {
    const { delivery, queue } = await fullSessionWithQueue();
    const [first, second] = queue;
    await leaveWaitlist(first!.user, delivery.id);
    expect(await listOwnWaitlist(first!.user)).toEqual([]);
    expect(await listOwnWaitlist(second!.user)).toMatchObject([{ queuePlace: 1 }]);
    const entry = await prisma.waitlistEntry.findFirstOrThrow({ where: { schoolId: first!.school.id } });
    expect(await prisma.auditEvent.count({ where: { entityId: entry.id, action: "delete" } })).toBe(1);
    // Nobody was offered anything: no place came free.
    expect(await prisma.outboxMessage.count({ where: { subject: { startsWith: "A place is free" }, to: second!.user.email } })).toBe(0);
  });

  it("a school that leaves while holding an offer releases the place to the next school waiting, who alone is emailed", async () => {
    const { delivery, holder, bookingId, queue } = await fullSessionWithQueue();
    const [first, second, third] = queue;
    await cancelBooking(holder.user, bookingId, "Exams");
    expect(await listOwnWaitlist(first!.user)).toMatchObject([{ status: "OFFERED", queuePlace: null }]);
    expect(await listOwnWaitlist(second!.user)).toMatchObject([{ status: "WAITING", queuePlace: 1 }]);
    await leaveWaitlist(first!.user, delivery.id);
    expect(await listOwnWaitlist(second!.user)).toMatchObject([{ status: "OFFERED" }]);
    expect(await listOwnWaitlist(third!.user)).toMatchObject([{ status: "WAITING", queuePlace: 1 }]);
    const offersTo = (email: string) => prisma.outboxMessage.count({ where: { subject: { startsWith: "A place is free" }, to: email } });
    expect(await offersTo(second!.user.email)).toBe(1);
    expect(await offersTo(third!.user.email)).toBe(0);
  });

  it("does not list a session that has already started", async () => {
    const { delivery, queue } = await fullSessionWithQueue();
    expect(await listOwnWaitlist(queue[0]!.user, new Date(delivery.startsAt.getTime() + SECOND))).toEqual([]);
  });
});

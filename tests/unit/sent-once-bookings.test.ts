/**
 * The booking form saves once (decision 0147): sent again, one after the other or at the same moment (a
 * double click without JavaScript), it books nothing more, sends no second email, and is given the booking
 * the first sending made, where it used to be refused as "already booked" after the first had booked.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { bookDelivery } from "~/models/bookings.server";
import { newFormToken } from "~/models/sent-forms.server";
import { bookingInput, createDelivery, createSchoolTeacher } from "./delivery-factories";

const mailTo = (email: string) => prisma.outboxMessage.count({ where: { to: email } });

describe("a booking's form sent twice", () => {
  it("books once, one after the other or at once, and each repeat is given the first's booking", async () => {
    const { user, school } = await createSchoolTeacher();
    const delivery = await createDelivery();
    const formToken = newFormToken();
    const first = await bookDelivery(user, delivery.id, { ...bookingInput(), formToken });
    if (!first.ok) throw new Error(first.message);
    expect(first.repeat).toBeUndefined();
    expect(await bookDelivery(user, delivery.id, { ...bookingInput(), formToken })).toEqual({ ok: true, id: first.id, status: first.status, repeat: true });
    expect(await mailTo(user.email)).toBe(1);

    const other = await createDelivery();
    const atOnce = newFormToken();
    const results = await Promise.all([1, 2, 3].map(() => bookDelivery(user, other.id, { ...bookingInput(), formToken: atOnce })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.repeat)).toHaveLength(2);
    expect(new Set(results.map((r) => r.ok && r.id)).size).toBe(1);
    expect(await prisma.booking.count({ where: { schoolId: school.id } })).toBe(2);
    expect(await mailTo(user.email)).toBe(2);
  });

  it("is given the first sending's booking even once booking has closed since, and passes on no lapsed offer", async () => {
    const { user } = await createSchoolTeacher();
    const delivery = await createDelivery();
    const formToken = newFormToken();
    const first = await bookDelivery(user, delivery.id, { ...bookingInput(), formToken });
    if (!first.ok) throw new Error(first.message);
    await prisma.delivery.update({ where: { id: delivery.id }, data: { bookingClosesAt: new Date(Date.now() - 60_000) } });
    expect(await bookDelivery(user, delivery.id, { ...bookingInput(), formToken })).toEqual({ ok: true, id: first.id, status: first.status, repeat: true });
  });

  it("from a second page is refused as already booked, and the token names nothing of another school's", async () => {
    const { user } = await createSchoolTeacher();
    const delivery = await createDelivery();
    const formToken = newFormToken();
    expect(await bookDelivery(user, delivery.id, { ...bookingInput(), formToken })).toMatchObject({ ok: true });
    expect(await bookDelivery(user, delivery.id, { ...bookingInput(), formToken: newFormToken() })).toMatchObject({ ok: false, reason: "already-booked" });
    // The same token sent by another school's teacher: a 404, as for any booking not theirs.
    const other = await createSchoolTeacher();
    await expect(bookDelivery(other.user, delivery.id, { ...bookingInput(), formToken })).rejects.toMatchObject({ status: 404 });
  });
});

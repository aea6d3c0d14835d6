/**
 * The booking form saves once (decision 0147): sent again, one after the other or at the same moment (a
 * double click without JavaScript), it books nothing more, sends no second email, and is given the booking
 * the first sending made, where it used to be refused as "already booked" after the first had booked.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { bookDelivery } from "~/models/bookings.server";
import { newFormToken } from "~/models/sent-forms.server";
import { sentWithOtherDetails } from "~/lib/sent-once";
import { bookingInput, createDelivery, createSchoolTeacher, lead } from "./delivery-factories";

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

describe("a booking's form sent again with other details (decision 0178)", () => {
  it("booking for another school is refused whole, naming the first sending's booking: nothing is booked or sent", async () => {
    const theLead = await lead();
    const first = await createSchoolTeacher();
    const second = await createSchoolTeacher();
    const delivery = await createDelivery();
    const formToken = newFormToken();
    const made = await bookDelivery(theLead, delivery.id, { ...bookingInput(), schoolId: first.school.id, formToken });
    if (!made.ok) throw new Error(made.message);
    // The page restored by the browser with its token, and another school chosen.
    expect(await bookDelivery(theLead, delivery.id, { ...bookingInput(), schoolId: second.school.id, formToken })).toEqual({
      ok: false,
      reason: "other-details",
      message: sentWithOtherDetails(`the booking for ${first.school.name} made`),
    });
    expect(await prisma.booking.count({ where: { schoolId: second.school.id } })).toBe(0);
    expect(await mailTo(second.user.email)).toBe(0);
    // The same details again are still the first's repeat; a new page's token books the second school.
    expect(await bookDelivery(theLead, delivery.id, { ...bookingInput(), schoolId: first.school.id, formToken })).toMatchObject({ ok: true, repeat: true });
    const booked = await bookDelivery(theLead, delivery.id, { ...bookingInput(), schoolId: second.school.id, formToken: newFormToken() });
    expect(booked.ok && !booked.repeat).toBe(true);
    expect(await mailTo(first.user.email)).toBe(1);
  });

  it("a school's own form with other year groups is refused; one noted before forms were told apart is a repeat", async () => {
    const { user, school } = await createSchoolTeacher();
    const delivery = await createDelivery();
    const formToken = newFormToken();
    const first = await bookDelivery(user, delivery.id, { ...bookingInput(), formToken });
    if (!first.ok) throw new Error(first.message);
    const changed = { ...bookingInput({ yearGroups: [8] }), formToken };
    expect(await bookDelivery(user, delivery.id, changed)).toMatchObject({ ok: false, reason: "other-details" });
    await prisma.sentForm.update({ where: { token: formToken }, data: { digest: null } });
    expect(await bookDelivery(user, delivery.id, changed)).toEqual({ ok: true, id: first.id, status: first.status, repeat: true });
    expect(await prisma.booking.count({ where: { schoolId: school.id } })).toBe(1);
    expect(await mailTo(user.email)).toBe(1);
  });
});

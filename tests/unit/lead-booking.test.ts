/**
 * The lead books on a school's behalf through the same model function as the school: the same rules
 * (closed schools, one booking per school, places), the school named in the audit log, and the
 * school's teachers told by email that the lead booked it. A school user cannot book for another school.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { bookDelivery } from "~/models/bookings.server";
import { createSchool } from "./factories";
import { bookingInput, createDelivery, createSchoolTeacher, lead } from "./delivery-factories";

describe("booking on a school's behalf", () => {
  it("books for the school chosen, audited and told by email as the lead's booking", async () => {
    const { school, user: teacher } = await createSchoolTeacher();
    const delivery = await createDelivery({ capacity: 2 });
    const vrn = await lead();
    const result = await bookDelivery(vrn, delivery.id, { ...bookingInput(), schoolId: school.id });
    expect(result).toMatchObject({ ok: true, status: "CONFIRMED", told: { schoolId: school.id, sent: 1 } });
    if (!result.ok) return;
    expect(await prisma.booking.findUniqueOrThrow({ where: { id: result.id } })).toMatchObject({ schoolId: school.id, bookedById: vrn.id });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityType: "Booking", entityId: result.id } });
    expect(audit).toMatchObject({ actorId: vrn.id });
    expect(audit.summary).toContain(`for ${school.name}, on the school's behalf by the VRN schools lead`);
    const email = await prisma.outboxMessage.findFirstOrThrow({ where: { to: teacher.email, subject: { startsWith: "Booking confirmed" } } });
    expect(email.text).toContain("The VRN schools lead booked this place on your school's behalf.");

    // The same rules as the school's own booking.
    expect(await bookDelivery(vrn, delivery.id, { ...bookingInput(), schoolId: school.id })).toMatchObject({
      ok: false,
      reason: "already-booked",
      message: `${school.name} has already booked this session`,
    });
    const closed = await createSchool({ name: "Closed Lane School" });
    await prisma.school.update({ where: { id: closed.id }, data: { status: "CLOSED" } });
    expect(await bookDelivery(vrn, delivery.id, { ...bookingInput(), schoolId: closed.id })).toMatchObject({ ok: false, reason: "school-status" });
    expect(await bookDelivery(vrn, delivery.id, { ...bookingInput(), schoolId: "no-such-school" })).toMatchObject({ ok: false, reason: "no-school" });
    const second = await createSchool();
    expect(await bookDelivery(vrn, delivery.id, { ...bookingInput(), schoolId: second.id })).toMatchObject({ ok: true });
    const third = await createSchool();
    expect(await bookDelivery(vrn, delivery.id, { ...bookingInput(), schoolId: third.id })).toMatchObject({ ok: false, reason: "full" });
  });

  it("a school user's own booking ignores any school named in the form", async () => {
    const { school, user } = await createSchoolTeacher();
    const other = await createSchool();
    const delivery = await createDelivery();
    const result = await bookDelivery(user, delivery.id, { ...bookingInput(), schoolId: other.id });
    if (!result.ok) throw new Error("booking failed");
    expect((await prisma.booking.findUniqueOrThrow({ where: { id: result.id } })).schoolId).toBe(school.id);
    const email = await prisma.outboxMessage.findFirstOrThrow({ where: { to: user.email, subject: { startsWith: "Booking confirmed" } } });
    expect(email.text).not.toContain("VRN schools lead booked");
  });
});

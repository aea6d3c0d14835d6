import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { moveBooking } from "~/models/booking-moves.server";
import { bookDelivery, canCancel, cancelBooking, cancelCutoffHours, getBooking, listSchoolBookings } from "~/models/bookings.server";
import { placesLeft } from "~/models/deliveries.server";
import { createUser } from "./factories";
import { bookingInput, createDelivery, createSchoolTeacher, DAY, deliveryInput } from "./delivery-factories";

describe("booking a place", () => {
  it("never exceeds capacity when 24 schools book 3 places at once", async () => {
    const delivery = await createDelivery({ capacity: 3 });
    const teachers = await Promise.all(Array.from({ length: 24 }, () => createSchoolTeacher()));
    const auditBefore = await prisma.auditEvent.count();
    const results = await Promise.all(teachers.map(({ user }) => bookDelivery(user, delivery.id, bookingInput())));
    const booked = results.filter((r) => r.ok);
    expect(booked).toHaveLength(3);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === "full" && r.message === "This session is full")).toBe(true);
    expect(await prisma.booking.count({ where: { deliveryId: delivery.id } })).toBe(3);
    expect(await prisma.auditEvent.count()).toBe(auditBefore + 3);
    expect(await placesLeft(delivery.id)).toBe(0);
  });

  it("books one place per school, however often the form is sent", async () => {
    const delivery = await createDelivery({ capacity: 5 });
    const { user } = await createSchoolTeacher();
    const results = await Promise.all([1, 2, 3].map(() => bookDelivery(user, delivery.id, bookingInput())));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === "already-booked")).toHaveLength(2);
    const again = await bookDelivery(user, delivery.id, bookingInput());
    expect(again).toMatchObject({ ok: false, reason: "already-booked" });
    expect(await prisma.booking.count({ where: { deliveryId: delivery.id } })).toBe(1);
  });

  it("asks for confirmation when the delivery needs it, and confirms straight away when not", async () => {
    const { user } = await createSchoolTeacher();
    const needs = await createDelivery({ needsConfirmation: true });
    const open = await createDelivery();
    expect(await bookDelivery(user, needs.id, bookingInput())).toMatchObject({ ok: true, status: "REQUESTED" });
    expect(await bookDelivery(user, open.id, bookingInput())).toMatchObject({ ok: true, status: "CONFIRMED" });
  });

  it("refuses a delivery whose booking has closed, that is past, or that is cancelled", async () => {
    const { user } = await createSchoolTeacher();
    const closed = await createDelivery({ startsAt: new Date(Date.now() + DAY), bookingClosesAt: new Date(Date.now() - 1000) });
    const past = await createDelivery({ startsAt: new Date(Date.now() - DAY), bookingClosesAt: new Date(Date.now() - 3 * DAY) });
    const cancelled = await createDelivery({ status: "CANCELLED" });
    for (const d of [closed, past, cancelled]) {
      expect(await bookDelivery(user, d.id, bookingInput())).toMatchObject({ ok: false, reason: "closed" });
    }
    expect(await prisma.booking.count({ where: { schoolId: user.schoolId! } })).toBe(0);
  });

  it("refuses more pupils than the school has on roll", async () => {
    const { user } = await createSchoolTeacher(120);
    const delivery = await createDelivery();
    expect(await bookDelivery(user, delivery.id, bookingInput({ expectedPupils: 121 }))).toMatchObject({ ok: false, reason: "too-many-pupils" });
    expect(await bookDelivery(user, delivery.id, bookingInput({ expectedPupils: 120 }))).toMatchObject({ ok: true });
  });

  it("refuses year groups the topic does not suit, naming the ones it does", async () => {
    const { user } = await createSchoolTeacher();
    const delivery = await createDelivery(); // its topic suits Years 7 to 11
    expect(await bookDelivery(user, delivery.id, bookingInput({ yearGroups: [11, 12] }))).toEqual({
      ok: false,
      reason: "year-groups",
      message: "Select only the year groups this topic suits: Years 7, 8, 9, 10 and 11",
    });
    expect(await bookDelivery(user, delivery.id, bookingInput({ yearGroups: [7, 11] }))).toMatchObject({ ok: true });
  });

  it("keeps each school to its own bookings", async () => {
    const a = await createSchoolTeacher();
    const b = await createSchoolTeacher();
    const delivery = await createDelivery();
    const result = await bookDelivery(a.user, delivery.id, bookingInput());
    if (!result.ok) throw new Error("booking failed");
    await expect(getBooking(b.user, result.id)).rejects.toMatchObject({ status: 404 });
    await expect(cancelBooking(b.user, result.id, "Not ours")).rejects.toMatchObject({ status: 404 });
    expect((await listSchoolBookings(b.user)).upcoming).toHaveLength(0);
    expect((await listSchoolBookings(a.user)).upcoming).toHaveLength(1);
    expect((await getBooking(a.user, result.id)).status).toBe("CONFIRMED");
  });

  it("lets a school cancel before the cut-off and not after, and frees the place", async () => {
    const { user } = await createSchoolTeacher();
    const soon = await createDelivery({ startsAt: new Date(Date.now() + 3 * DAY), bookingClosesAt: new Date(Date.now() + DAY), capacity: 1 });
    const result = await bookDelivery(user, soon.id, bookingInput());
    if (!result.ok) throw new Error("booking failed");
    expect(await placesLeft(soon.id)).toBe(0);
    const tooLate = new Date(soon.startsAt.getTime() - 47 * 60 * 60 * 1000);
    expect(await cancelBooking(user, result.id, "Exams", tooLate)).toMatchObject({ ok: false });
    expect(await cancelBooking(user, result.id, "Exams")).toMatchObject({ ok: true });
    expect(await placesLeft(soon.id)).toBe(1);
    expect((await getBooking(user, result.id)).statusReason).toBe("Exams");
  });

  it("lets the lead cancel or move a booking until the session starts, and the page offers exactly that", async () => {
    const lead = await createUser({ role: "VRN_LEAD" });
    const { user } = await createSchoolTeacher();
    const delivery = await createDelivery({ startsAt: new Date(Date.now() + 3 * DAY), bookingClosesAt: new Date(Date.now() + DAY) });
    const result = await bookDelivery(user, delivery.id, bookingInput());
    if (!result.ok) throw new Error("booking failed");
    const booking = await getBooking(lead, result.id);
    const cutoff = await cancelCutoffHours();
    const inTheLastHour = new Date(delivery.startsAt.getTime() - 60 * 60 * 1000);
    const started = new Date(delivery.startsAt.getTime() + 60 * 1000);

    expect(canCancel(lead, booking, cutoff, inTheLastHour)).toBe(true);
    expect(canCancel(user, booking, cutoff, inTheLastHour)).toBe(false);
    expect(canCancel(lead, booking, cutoff, started)).toBe(false);
    expect(await cancelBooking(lead, result.id, "Officer unavailable", started)).toMatchObject({ ok: false });
    expect(await moveBooking(lead, result.id, delivery.id, started)).toMatchObject({ ok: false });
    expect((await getBooking(lead, result.id)).status).toBe("CONFIRMED");
    expect(await cancelBooking(lead, result.id, "Officer unavailable", inTheLastHour)).toMatchObject({ ok: true });
  });
});

describe("the lead's changes", () => {
  it("cancels a delivery with a reason: every booked school is told by email and waiting schools released", async () => {
    const { cancelDelivery } = await import("~/models/delivery-status.server");
    const { lead } = await import("./delivery-factories");
    const delivery = await createDelivery({ capacity: 2 });
    const a = await createSchoolTeacher();
    const b = await createSchoolTeacher();
    await bookDelivery(a.user, delivery.id, bookingInput());
    await bookDelivery(b.user, delivery.id, bookingInput());
    expect(await cancelDelivery(await lead(), delivery.id, "Facilitator unavailable")).toEqual({
      ok: true,
      told: [
        { schoolId: a.school.id, schoolName: a.school.name, sent: 1, failed: 0, inOutbox: true },
        { schoolId: b.school.id, schoolName: b.school.name, sent: 1, failed: 0, inOutbox: true },
      ],
    });
    for (const { user } of [a, b]) {
      const mail = await prisma.outboxMessage.findFirstOrThrow({ where: { to: user.email, subject: { startsWith: "Session cancelled" } } });
      expect(mail.text).toContain("Facilitator unavailable");
    }
    expect(await prisma.booking.count({ where: { deliveryId: delivery.id, status: "CANCELLED" } })).toBe(2);
  });

  it("says one school booked, not one schools, when cancelling a delivery", async () => {
    const { cancelDelivery } = await import("~/models/delivery-status.server");
    const { lead } = await import("./delivery-factories");
    const delivery = await createDelivery();
    const { user } = await createSchoolTeacher();
    await bookDelivery(user, delivery.id, bookingInput());
    await cancelDelivery(await lead(), delivery.id, "Facilitator unavailable");
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityType: "Delivery", entityId: delivery.id, action: "cancel" } });
    expect(audit.summary).toMatch(/ \(1 school booked\): Facilitator unavailable$/);
  });

  it("tells booked schools when the session's time changes, and nobody when only the notes change", async () => {
    const { updateDelivery } = await import("~/models/delivery-changes.server");
    const { lead } = await import("./delivery-factories");
    const delivery = await createDelivery({ capacity: 3 });
    const booked = await createSchoolTeacher();
    const cancelled = await createSchoolTeacher();
    await bookDelivery(booked.user, delivery.id, bookingInput());
    const gone = await bookDelivery(cancelled.user, delivery.id, bookingInput());
    if (!gone.ok) throw new Error("booking failed");
    await cancelBooking(cancelled.user, gone.id, "Trip");
    const input = deliveryInput(delivery, "2027-03-10", "10:15");
    const actor = await lead();

    expect(await updateDelivery(actor, delivery.id, input)).toMatchObject({ ok: true, told: [{ schoolId: booked.school.id, sent: 1, failed: 0 }] });
    const mail = await prisma.outboxMessage.findFirstOrThrow({ where: { to: booked.user.email, subject: { startsWith: "Session changed" } } });
    expect(mail.text).toMatch(/^When: Wednesday 10 March 2027, 10:15am to \d{1,2}(:\d\d)?[ap]m \(UK time\)$/m);
    expect(await prisma.outboxMessage.count({ where: { to: cancelled.user.email, subject: { startsWith: "Session changed" } } })).toBe(0);

    expect(await updateDelivery(actor, delivery.id, { ...input, notes: "Bring the slides" })).toMatchObject({ ok: true, told: [] });
    expect(await prisma.outboxMessage.count({ where: { to: booked.user.email, subject: { startsWith: "Session changed" } } })).toBe(1);
  });

  it("saves, audits and sends nothing when the session's details are given again as they are", async () => {
    const { updateDelivery } = await import("~/models/delivery-changes.server");
    const { lead } = await import("./delivery-factories");
    const delivery = await createDelivery({ capacity: 3 });
    const booked = await createSchoolTeacher();
    const place = await bookDelivery(booked.user, delivery.id, bookingInput());
    if (!place.ok) throw new Error("booking failed");
    const input = deliveryInput(delivery, "2027-03-10", "10:15");
    const actor = await lead();
    expect(await updateDelivery(actor, delivery.id, input)).toMatchObject({ ok: true, changed: true });
    const audited = () => prisma.auditEvent.count({ where: { entityType: "Delivery", entityId: delivery.id } });
    const mailed = () => prisma.outboxMessage.count({ where: { to: booked.user.email } });
    const sequence = async () => (await prisma.booking.findUniqueOrThrow({ where: { id: place.id } })).calendarSequence;
    const [auditBefore, mailBefore, sequenceBefore] = [await audited(), await mailed(), await sequence()];

    expect(await updateDelivery(actor, delivery.id, input)).toEqual({
      ok: true,
      id: delivery.id,
      changed: false,
      told: [],
      offered: [],
      closedBooking: false,
      unsuited: null,
    });
    expect(await audited()).toBe(auditBefore);
    expect(await mailed()).toBe(mailBefore);
    expect(await sequence()).toBe(sequenceBefore);
  });

  it("uses the lead's cancellation cut-off when set", async () => {
    const { setCancelCutoffHours } = await import("~/models/bookings.server");
    const { lead } = await import("./delivery-factories");
    const { user } = await createSchoolTeacher();
    const soon = await createDelivery({ startsAt: new Date(Date.now() + 30 * 60 * 60 * 1000), bookingClosesAt: new Date(Date.now() + 60_000) });
    const result = await bookDelivery(user, soon.id, bookingInput());
    if (!result.ok) throw new Error("booking failed");
    expect(await cancelBooking(user, result.id, "Clash")).toMatchObject({ ok: false });
    await setCancelCutoffHours(await lead(), 24);
    expect(await cancelBooking(user, result.id, "Clash")).toMatchObject({ ok: true });
    await setCancelCutoffHours(await lead(), 48);
  });

  it("says a cut-off of one hour as 1 hour, to the lead, in the audit log and to a school too late to cancel", async () => {
    const { setCancelCutoffHours } = await import("~/models/bookings.server");
    const { lead } = await import("./delivery-factories");
    const actor = await lead();
    expect(await setCancelCutoffHours(actor, 1)).toBe("Schools can now cancel up to 1 hour before a session");
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: "bookings.cancelCutoffHours", actorId: actor.id } });
    expect(audit.summary).toBe("Schools can now cancel up to 1 hour before a session");
    const { user } = await createSchoolTeacher();
    const delivery = await createDelivery();
    const result = await bookDelivery(user, delivery.id, bookingInput());
    if (!result.ok) throw new Error("booking failed");
    const halfAnHourBefore = new Date(delivery.startsAt.getTime() - 30 * 60 * 1000);
    expect(await cancelBooking(user, result.id, "Clash", halfAnHourBefore)).toEqual({
      ok: false,
      message: "Bookings can only be cancelled here up to 1 hour before the session. Contact the VRN schools lead.",
    });
    expect(await setCancelCutoffHours(actor, 48)).toBe("Schools can now cancel up to 48 hours before a session");
  });

  it("changes and audits nothing when the cancellation cut-off is set to what it is", async () => {
    const { setCancelCutoffHours } = await import("~/models/bookings.server");
    const { lead } = await import("./delivery-factories");
    const actor = await lead();
    expect(await setCancelCutoffHours(actor, 12)).toBe("Schools can now cancel up to 12 hours before a session");
    const audited = () => prisma.auditEvent.count({ where: { entityId: "bookings.cancelCutoffHours" } });
    const auditBefore = await audited();
    expect(await setCancelCutoffHours(actor, 12)).toBe("Nothing changed: schools could already cancel up to 12 hours before a session");
    expect(await audited()).toBe(auditBefore);
    expect(await setCancelCutoffHours(actor, 48)).toBe("Schools can now cancel up to 48 hours before a session");
  });
});

import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { attendanceSchema } from "~/lib/delivery-schemas";
import { attendanceVersion, recordAttendance } from "~/models/attendance.server";
import { listOverdueReturns } from "~/models/overdue-returns.server";
import { bookDelivery, cancelBooking, getBooking } from "~/models/bookings.server";
import { placesLeft } from "~/models/deliveries.server";
import { markNotDelivered, tookPlaceFor } from "~/models/delivery-status.server";
import { sendDueReminders } from "~/models/reminders.server";
import { expireWaitlistOffers, joinWaitlist } from "~/models/waitlist.server";
import { bookingInput, createDelivery, createSchoolTeacher, DAY, lead } from "./delivery-factories";

const attendance = (values: Record<string, unknown>) => {
  const parsed = attendanceSchema.safeParse({ comment: "", confirmHigh: false, ...values });
  if (!parsed.success) throw new Error(parsed.error.message);
  // As a caller in code, with no page and so no fingerprint of one, unless the test gives one (decision 0148).
  return { ...parsed.data, version: "version" in values ? parsed.data.version : undefined };
};

async function happenedBooking(expected = 40, roll = 900) {
  const { user, school } = await createSchoolTeacher(roll);
  const delivery = await createDelivery({ capacity: 5 });
  const result = await bookDelivery(user, delivery.id, bookingInput({ expectedPupils: expected }));
  if (!result.ok) throw new Error("booking failed");
  const past = new Date(Date.now() - 10 * DAY);
  await prisma.delivery.update({ where: { id: delivery.id }, data: { startsAt: past, endsAt: new Date(past.getTime() + 3600_000) } });
  return { user, school, delivery, bookingId: result.id };
}

describe("an attendance page opened before another save", () => {
  const pupilsOf = async (bookingId: string) =>
    (await prisma.attendanceCount.findMany({ where: { return: { bookingId } }, orderBy: { yearGroup: "asc" } })).map((c) => [c.yearGroup, c.pupils]);

  it("is refused, naming what differs, and keeps the return the other save recorded", async () => {
    const { user: teacher, bookingId } = await happenedBooking(40);
    const vrn = await lead();
    // Both pages drawn before anything was recorded.
    const seen = attendanceVersion(await getBooking(teacher, bookingId));
    expect(await recordAttendance(teacher, bookingId, attendance({ year9: 30, comment: "tab A", version: seen }))).toMatchObject({ ok: true, total: 30 });
    const refused = await recordAttendance(vrn, bookingId, attendance({ tookPlace: "YES", year10: 25, version: seen }));
    expect(refused).toMatchObject({ ok: false, changedMeanwhile: { differs: ["Year 9", "Year 10", "Comment"] } });
    expect(await pupilsOf(bookingId)).toEqual([[9, 30]]);
    // "Did not take place" from the stale page is refused too, and keeps the pupils counted.
    const notTaken = await recordAttendance(vrn, bookingId, attendance({ tookPlace: "NO", notTakenReason: "SCHOOL_CLOSED", version: seen }));
    expect(notTaken).toMatchObject({ ok: false, changedMeanwhile: { differs: expect.arrayContaining(["Did the session take place?", "Year 9"]) as unknown } });
    expect((await getBooking(vrn, bookingId)).status).toBe("DELIVERED");
    expect(await pupilsOf(bookingId)).toEqual([[9, 30]]);

    // Told, and given the fingerprint of what is saved now, saving again is the person's choice.
    if (!("changedMeanwhile" in refused)) throw new Error("not refused");
    const again = await recordAttendance(vrn, bookingId, attendance({ tookPlace: "YES", year10: 25, version: refused.changedMeanwhile.version }));
    expect(again).toMatchObject({ ok: true, total: 25 });
    expect(await pupilsOf(bookingId)).toEqual([[10, 25]]);
  });

  it("from a page drawn after a return saying it did not take place, records pupils; a page drawn before is refused", async () => {
    const { user: teacher, bookingId } = await happenedBooking(40);
    const before = attendanceVersion(await getBooking(teacher, bookingId));
    expect(await recordAttendance(teacher, bookingId, attendance({ tookPlace: "NO", notTakenReason: "SCHOOL_CLOSED", version: before }))).toMatchObject({
      ok: true,
      tookPlace: false,
    });
    expect(await recordAttendance(teacher, bookingId, attendance({ year10: 40, version: before }))).toMatchObject({ ok: false, changedMeanwhile: {} });
    expect((await getBooking(teacher, bookingId)).status).toBe("NOT_DELIVERED");
    const after = attendanceVersion(await getBooking(teacher, bookingId));
    expect(await recordAttendance(teacher, bookingId, attendance({ year10: 40, version: after }))).toMatchObject({ ok: true, total: 40 });
  });

  it("saves the same return from two pages as nothing changed, not as a conflict", async () => {
    const { user: teacher, bookingId } = await happenedBooking(40);
    const seen = attendanceVersion(await getBooking(teacher, bookingId));
    expect(await recordAttendance(teacher, bookingId, attendance({ year9: 30, version: seen }))).toMatchObject({ ok: true, changed: true });
    expect(await recordAttendance(teacher, bookingId, attendance({ year9: 30, version: seen }))).toMatchObject({ ok: true, changed: false });
  });
});

describe("attendance returns", () => {
  it("validates counts: whole numbers from 0, at most the roll", async () => {
    expect(attendanceSchema.safeParse({ year8: -1 }).success).toBe(false);
    expect(attendanceSchema.safeParse({ year8: 2.5 }).success).toBe(false);
    expect(attendanceSchema.safeParse({ year8: 3, year9: 0 }).success).toBe(true);
    const { user, bookingId } = await happenedBooking(40, 100);
    expect(await recordAttendance(user, bookingId, attendance({ year8: 101 }))).toMatchObject({ ok: false, field: "year8" });
    expect(await recordAttendance(user, bookingId, attendance({}))).toMatchObject({ ok: false });
    // Nothing answered at all: the first question is whether it took place, not how many came.
    expect(await recordAttendance(user, bookingId, attendanceSchema.parse({}))).toEqual({
      ok: false,
      field: "tookPlace",
      message: "Select whether the session took place",
    });
    // By the first year group booked (Years 8 and 9 here), not by Year 7, which was not booked.
    expect(await recordAttendance(user, bookingId, attendanceSchema.parse({ tookPlace: "YES" }))).toMatchObject({ ok: false, field: "year8" });
    expect(await prisma.attendanceReturn.count({ where: { bookingId } })).toBe(0);
  });

  it("says a total over the roll by a year group given pupils, not by an empty Year 7 box", async () => {
    const { user, bookingId } = await happenedBooking(80, 100);
    expect(await recordAttendance(user, bookingId, attendance({ year9: 60, year10: 50, confirmHigh: true }))).toEqual({
      ok: false,
      field: "year9",
      message: "The total, 110, is more than the school's roll of 100",
    });
    expect(await prisma.attendanceReturn.count({ where: { bookingId } })).toBe(0);
  });

  it("says one year group over the roll is over the school's roll, to the lead as to the school", async () => {
    const { user, bookingId } = await happenedBooking(80, 100);
    const message = "The number of pupils in Year 9 must be no more than the school's roll of 100";
    // The lead, who records for any school, has no school of their own to be told about.
    for (const actor of [user, await lead()]) {
      expect(await recordAttendance(actor, bookingId, attendance({ tookPlace: "YES", year9: 101 }))).toEqual({ ok: false, field: "year9", message });
    }
    expect(await prisma.attendanceReturn.count({ where: { bookingId } })).toBe(0);
  });

  it("asks to confirm a total far above the pupils expected, then saves and marks the booking delivered", async () => {
    const { user, bookingId } = await happenedBooking(40);
    expect(await recordAttendance(user, bookingId, attendance({ year8: 70 }))).toMatchObject({ ok: false, askToConfirm: true });
    expect(await recordAttendance(user, bookingId, attendance({ year8: 60, year9: 10, confirmHigh: true }))).toEqual({
      ok: true,
      changed: true,
      total: 70,
      tookPlace: true,
      message: "Attendance saved: 70 pupils",
    });
    const booking = await getBooking(user, bookingId);
    expect(booking.status).toBe("DELIVERED");
    expect(booking.attendance?.counts.map((c) => [c.yearGroup, c.pupils])).toEqual([
      [8, 60],
      [9, 10],
    ]);
  });

  it("refuses a return before the session, and lets the lead correct one, audited", async () => {
    const { user } = await createSchoolTeacher();
    const future = await createDelivery();
    const booked = await bookDelivery(user, future.id, bookingInput());
    if (!booked.ok) throw new Error("booking failed");
    expect(await recordAttendance(user, booked.id, attendance({ year8: 5 }))).toMatchObject({ ok: false });

    const { bookingId, user: teacher } = await happenedBooking(40);
    const vrn = await lead();
    expect((await listOverdueReturns(vrn)).some((b) => b.id === bookingId)).toBe(true);
    await recordAttendance(teacher, bookingId, attendance({ year8: 30 }));
    expect(await recordAttendance(vrn, bookingId, attendance({ year8: 35 }))).toMatchObject({ ok: true, total: 35, tookPlace: true });
    expect((await listOverdueReturns(vrn)).some((b) => b.id === bookingId)).toBe(false);
    expect(await prisma.auditEvent.count({ where: { entityType: "AttendanceReturn", actorId: vrn.id } })).toBe(1);
  });

  it("corrects nothing, and audits nothing, when the return given is the one recorded", async () => {
    const { user, bookingId } = await happenedBooking(40);
    const vrn = await lead();
    expect(await recordAttendance(user, bookingId, attendance({ year8: 20, year9: 10, staffPresent: 2, comment: "Lively" }))).toMatchObject({ changed: true });
    const stored = await prisma.attendanceReturn.findUniqueOrThrow({ where: { bookingId } });
    const audited = () => prisma.auditEvent.count({ where: { entityType: "AttendanceReturn", entityId: stored.id } });
    const auditBefore = await audited();
    expect(await recordAttendance(vrn, bookingId, attendance({ year9: 10, year8: 20, staffPresent: 2, comment: "Lively" }))).toEqual({
      ok: true,
      changed: false,
      total: 30,
      tookPlace: true,
      message: "Nothing changed: attendance of 30 pupils was already recorded",
    });
    expect(await audited()).toBe(auditBefore);
    expect((await prisma.attendanceReturn.findUniqueOrThrow({ where: { bookingId } })).recordedById).toBe(user.id);

    const notTaken = attendance({ tookPlace: "NO", notTakenReason: "SCHOOL_CLOSED" });
    expect(await recordAttendance(user, bookingId, notTaken)).toMatchObject({ ok: true, changed: true });
    const saidBefore = await prisma.auditEvent.count({ where: { entityType: "Booking", entityId: bookingId, action: "not-delivered" } });
    expect(await recordAttendance(user, bookingId, notTaken)).toMatchObject({ ok: true, changed: false, message: expect.stringMatching(/^Nothing changed/) });
    expect(await prisma.auditEvent.count({ where: { entityType: "Booking", entityId: bookingId, action: "not-delivered" } })).toBe(saidBefore);
  });

  it("says one pupil, not one pupils, in the message and the audit log", async () => {
    const { user, bookingId } = await happenedBooking(40);
    expect(await recordAttendance(user, bookingId, attendance({ year8: 1 }))).toEqual({
      ok: true,
      changed: true,
      total: 1,
      tookPlace: true,
      message: "Attendance saved: 1 pupil",
    });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityType: "AttendanceReturn", actorId: user.id } });
    expect(audit.summary).toMatch(/^Recorded attendance: 1 pupil at /);

    const { user: other, bookingId: small } = await happenedBooking(1);
    expect(await recordAttendance(other, small, attendance({ year8: 2 }))).toMatchObject({
      message: "2 pupils is far more than the 1 expected. Check the numbers, or confirm they are right",
    });
  });

  it("counts a session that did not happen as no reach", async () => {
    const { bookingId, delivery, user } = await happenedBooking();
    await markNotDelivered(await lead(), delivery.id, "Facilitator ill");
    expect((await getBooking(user, bookingId)).status).toBe("NOT_DELIVERED");
    expect(await recordAttendance(user, bookingId, attendance({ year8: 5 }))).toMatchObject({ ok: false });
  });

  it("is refused, with nothing changed, while a school's return records pupils at the session; once changed, it is recorded", async () => {
    const { bookingId, delivery, user, school } = await happenedBooking();
    expect(await recordAttendance(user, bookingId, attendance({ year8: 12, year9: 3 }))).toMatchObject({ ok: true });
    const before = await prisma.attendanceCount.count({ where: { return: { bookingId } } });

    const refused = await markNotDelivered(await lead(), delivery.id, "Facilitator ill");
    expect(refused).toEqual({
      ok: false,
      message: `${school.name} recorded 15 pupils at this session, so it took place for that school. If it did not take place for it, record that on the school's attendance return first. Nothing was changed.`,
    });
    expect(await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "SCHEDULED", statusReason: "" });
    expect((await getBooking(user, bookingId)).status).toBe("DELIVERED");
    expect(await prisma.attendanceCount.count({ where: { return: { bookingId } } })).toBe(before);

    // The school's return corrected, the session can be recorded as not having happened.
    const corrected = await recordAttendance(user, bookingId, attendance({ tookPlace: "NO", notTakenReason: "FACILITATOR_ABSENT" }));
    expect(corrected).toMatchObject({ ok: true, tookPlace: false });
    expect(await markNotDelivered(await lead(), delivery.id, "Facilitator ill")).toMatchObject({ ok: true });
  });

  it("names the schools whose returns record pupils, and none whose return records nobody", () => {
    expect(tookPlaceFor([{ school: "Ash", counts: [{ pupils: 0 }] }])).toBeNull();
    expect(
      tookPlaceFor([
        { school: "Elm", counts: [{ pupils: 3 }] },
        { school: "Ash", counts: [{ pupils: 0 }] },
        { school: "Birch", counts: [{ pupils: 20 }] },
        { school: "Cedar", counts: [{ pupils: 1 }] },
        { school: "Damson", counts: [{ pupils: 2 }] },
      ]),
    ).toBe(
      "Birch, Cedar, Damson and 1 other school recorded 26 pupils at this session, so it took place for those schools. If it did not take place for one of them, record that on the school's attendance return first.",
    );
  });
});

describe("waiting lists", () => {
  it("offers a freed place to the first school waiting, and passes it on after 48 hours", async () => {
    const delivery = await createDelivery({ capacity: 1 });
    const a = await createSchoolTeacher();
    const b = await createSchoolTeacher();
    const c = await createSchoolTeacher();
    const booked = await bookDelivery(a.user, delivery.id, bookingInput());
    if (!booked.ok) throw new Error("booking failed");
    expect(await bookDelivery(b.user, delivery.id, bookingInput())).toMatchObject({ ok: false, reason: "full" });
    expect(await joinWaitlist(b.user, delivery.id)).toEqual({ ok: true });
    expect(await joinWaitlist(c.user, delivery.id, new Date(Date.now() + 1000))).toEqual({ ok: true });

    await cancelBooking(a.user, booked.id, "Trip clash");
    const offerB = await prisma.waitlistEntry.findFirstOrThrow({ where: { schoolId: b.school.id } });
    expect(offerB.status).toBe("OFFERED");
    // The place is held for B: C cannot take it, B can.
    expect(await bookDelivery(c.user, delivery.id, bookingInput())).toMatchObject({ ok: false, reason: "full" });
    expect(await placesLeft(delivery.id, prisma, { forSchoolId: b.school.id })).toBe(1);
    expect(await prisma.outboxMessage.count({ where: { subject: { startsWith: "A place is free" }, to: b.user.email } })).toBe(1);

    // B does not take it in time: the job passes it to C.
    const later = new Date(Date.now() + 49 * 60 * 60 * 1000);
    await expireWaitlistOffers(later);
    expect((await prisma.waitlistEntry.findFirstOrThrow({ where: { schoolId: b.school.id } })).status).toBe("EXPIRED");
    expect((await prisma.waitlistEntry.findFirstOrThrow({ where: { schoolId: c.school.id } })).status).toBe("OFFERED");
    expect(await bookDelivery(c.user, delivery.id, bookingInput(), later)).toMatchObject({ ok: true });
    expect((await prisma.waitlistEntry.findFirstOrThrow({ where: { schoolId: c.school.id } })).status).toBe("TAKEN");
  });

  it("answers a school joining the list it is on already (a double click, another teacher) as on it, with nothing changed", async () => {
    const delivery = await createDelivery({ capacity: 1 });
    const a = await createSchoolTeacher();
    const b = await createSchoolTeacher();
    expect(await bookDelivery(a.user, delivery.id, bookingInput())).toMatchObject({ ok: true });
    const atOnce = await Promise.all([1, 2, 3].map(() => joinWaitlist(b.user, delivery.id)));
    expect(atOnce.filter((result) => result.ok && !result.already)).toHaveLength(1);
    expect(atOnce.filter((result) => result.ok && result.already)).toHaveLength(2);
    expect(await joinWaitlist(b.user, delivery.id)).toEqual({ ok: true, already: true });
    expect(await prisma.waitlistEntry.count({ where: { deliveryId: delivery.id, schoolId: b.school.id } })).toBe(1);
    const entry = await prisma.waitlistEntry.findFirstOrThrow({ where: { deliveryId: delivery.id, schoolId: b.school.id } });
    expect(await prisma.auditEvent.count({ where: { entityId: entry.id } })).toBe(1);
  });

  it("will not put a school on the list of a session with places", async () => {
    const delivery = await createDelivery({ capacity: 2 });
    const { user } = await createSchoolTeacher();
    expect(await joinWaitlist(user, delivery.id)).toMatchObject({ ok: false });
  });
});

describe("reminders", () => {
  it("sends the 7-day and 1-day reminders once each, however often the job runs", async () => {
    const { user } = await createSchoolTeacher();
    const delivery = await createDelivery({ startsAt: new Date(Date.now() + 6 * DAY), bookingClosesAt: new Date(Date.now() + 5 * DAY) });
    const booked = await bookDelivery(user, delivery.id, bookingInput());
    if (!booked.ok) throw new Error("booking failed");
    const reminders = () => prisma.outboxMessage.count({ where: { to: user.email, subject: { startsWith: "Reminder:" } } });
    await sendDueReminders();
    await sendDueReminders();
    expect(await reminders()).toBe(1);
    const dayBefore = new Date(delivery.startsAt.getTime() - 20 * 60 * 60 * 1000);
    await Promise.all([sendDueReminders(dayBefore), sendDueReminders(dayBefore)]);
    await sendDueReminders(dayBefore);
    expect(await reminders()).toBe(2);
    expect(await prisma.sentReminder.count({ where: { bookingId: booked.id } })).toBe(2);
  });
});

describe("moving a booking", () => {
  it("moves to another date of the same topic in one step, and never past capacity", async () => {
    const { user } = await createSchoolTeacher();
    const from = await createDelivery({ capacity: 2 });
    const to = await createDelivery({ capacity: 1, topicId: from.topicId, startsAt: new Date(Date.now() + 21 * DAY) });
    const full = await createDelivery({ capacity: 1, topicId: from.topicId });
    const otherTopic = await createDelivery();
    const filler = await createSchoolTeacher();
    await bookDelivery(filler.user, full.id, bookingInput());
    const booked = await bookDelivery(user, from.id, bookingInput());
    if (!booked.ok) throw new Error("booking failed");
    const { moveBooking } = await import("~/models/booking-moves.server");
    expect(await moveBooking(user, booked.id, full.id)).toEqual({ ok: false, message: "That session is full" });
    expect(await moveBooking(user, booked.id, otherTopic.id)).toMatchObject({ ok: false });
    expect((await getBooking(user, booked.id)).status).toBe("CONFIRMED");
    const moved = await moveBooking(user, booked.id, to.id);
    // The same booking now stands on the new date: no cancelled copy is left on the old one.
    expect(moved).toMatchObject({ ok: true, id: booked.id, status: "CONFIRMED", told: { sent: 1, failed: 0 } });
    expect(await getBooking(user, booked.id)).toMatchObject({ status: "CONFIRMED", deliveryId: to.id });
    expect(await prisma.booking.count({ where: { deliveryId: from.id } })).toBe(0);
    expect(await placesLeft(to.id)).toBe(0);
    expect(await placesLeft(from.id)).toBe(2);
  });

  it("never fills a session past capacity when schools race to move into its last place", async () => {
    const { moveBooking } = await import("~/models/booking-moves.server");
    const from = await createDelivery({ capacity: 5 });
    const to = await createDelivery({ capacity: 1, topicId: from.topicId, startsAt: new Date(Date.now() + 21 * DAY) });
    const schools = await Promise.all([1, 2, 3, 4].map(() => createSchoolTeacher()));
    const booked = [];
    for (const { user } of schools) {
      const result = await bookDelivery(user, from.id, bookingInput());
      if (!result.ok) throw new Error(result.message);
      booked.push({ user, id: result.id });
    }
    const results = await Promise.all(booked.map(({ user, id }) => moveBooking(user, id, to.id)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual(Array.from({ length: 3 }, () => ({ ok: false, message: "That session is full" })));
    expect(await placesLeft(to.id)).toBe(0);
    expect(await prisma.booking.count({ where: { deliveryId: from.id, status: "CONFIRMED" } })).toBe(3);
  });

  it("keeps one booking on one date when two moves of it race, and sends the new date's reminders afresh", async () => {
    const { moveBooking } = await import("~/models/booking-moves.server");
    const { user } = await createSchoolTeacher();
    const from = await createDelivery({ capacity: 2 });
    const first = await createDelivery({ topicId: from.topicId, startsAt: new Date(Date.now() + 21 * DAY) });
    const second = await createDelivery({ topicId: from.topicId, startsAt: new Date(Date.now() + 28 * DAY) });
    const booked = await bookDelivery(user, from.id, bookingInput());
    if (!booked.ok) throw new Error(booked.message);
    await prisma.sentReminder.create({ data: { bookingId: booked.id, kind: "DAYS_7" } });

    // Whichever order they run in: a move that read the booking before the other changed it is refused,
    // one that read it after moves it on; either way one booking, one place, one SEQUENCE step per move.
    const results = await Promise.all([moveBooking(user, booked.id, first.id), moveBooking(user, booked.id, second.id)]);
    const moved = results.filter((r) => r.ok).length;
    expect(moved).toBeGreaterThanOrEqual(1);
    for (const refused of results.filter((r) => !r.ok)) {
      expect(refused).toEqual({ ok: false, message: "This booking has just been changed. Check it and try again." });
    }
    const now = await getBooking(user, booked.id);
    expect([first.id, second.id]).toContain(now.deliveryId);
    expect(await prisma.booking.count({ where: { schoolId: user.schoolId! } })).toBe(1);
    expect(await placesLeft(from.id)).toBe(2);
    expect(now.calendarSequence).toBe(moved);
    expect(await prisma.sentReminder.count({ where: { bookingId: booked.id } })).toBe(0);
  });
});

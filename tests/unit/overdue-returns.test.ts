/**
 * Reminding schools with overdue attendance returns, all at once: each school is emailed once, a school
 * with nobody to email is named, the page shows when each was last reminded, and a second submit of the
 * same page emails nobody again.
 */
import { describe, expect, it } from "vitest";
import { countOrMore } from "~/lib/numbers";
import { prisma } from "~/db.server";
import { toldAboutReminders } from "~/lib/told-by-email";
import { glanceAtOverdueReturns, listOverdueReturns, remindOverdueSchools } from "~/models/overdue-returns.server";
import { createSchool } from "./factories";
import { createDelivery, createSchoolTeacher, DAY, lead } from "./delivery-factories";

async function overdueBooking(schoolId: string, bookedById: string | null = null) {
  const past = await createDelivery({ startsAt: new Date(Date.now() - 10 * DAY), bookingClosesAt: new Date(Date.now() - 12 * DAY) });
  return prisma.booking.create({
    data: {
      deliveryId: past.id,
      schoolId,
      status: "CONFIRMED",
      yearGroups: "8",
      expectedPupils: 30,
      contactName: "Office",
      contactPhone: "0116 496 0001",
      bookedById,
    },
  });
}

describe("reminding every school with an overdue return", () => {
  it("emails each school once, names the one with nobody to remind, records when only for those reminded, and does not repeat on a second submit", async () => {
    const { school: withTeacher, user } = await createSchoolTeacher();
    const first = await overdueBooking(withTeacher.id, user.id);
    const second = await overdueBooking(withTeacher.id, user.id);
    const nobodyThere = await createSchool({ name: "Quarry Lane Academy" });
    const unreachable = await overdueBooking(nobodyThere.id);
    const vrn = await lead();

    const before = await listOverdueReturns(vrn);
    const row = (id: string) => before.find((b) => b.id === id)!;
    expect(row(first.id)).toMatchObject({ lastRemindedAt: null, peopleToRemind: 1 });
    expect(row(unreachable.id)).toMatchObject({ lastRemindedAt: null, peopleToRemind: 0 });

    const shownAt = new Date();
    const result = await remindOverdueSchools(vrn, "all", shownAt);
    expect(result.remindedAlready).toEqual([]);
    expect(result.told).toContainEqual({ schoolId: withTeacher.id, schoolName: withTeacher.name, sent: 2, failed: 0, inOutbox: true });
    expect(result.told).toContainEqual({ schoolId: nobodyThere.id, schoolName: nobodyThere.name, sent: 0, failed: 0, inOutbox: true });
    expect(await prisma.outboxMessage.count({ where: { to: user.email, subject: { startsWith: "Please record attendance" } } })).toBe(2);
    expect(await prisma.auditEvent.count({ where: { action: "remind", actorId: vrn.id } })).toBe(1);

    const after = await listOverdueReturns(vrn);
    expect(after.find((b) => b.id === second.id)?.lastRemindedAt).toBeInstanceOf(Date);
    // Nobody at that school was reminded, so the page must not say when it was.
    expect(after.find((b) => b.id === unreachable.id)?.lastRemindedAt).toBeNull();

    // A second submit of the same page emails nobody twice; the school nobody could be told is tried again.
    const again = await remindOverdueSchools(vrn, "all", shownAt);
    expect(again.told).toEqual([{ schoolId: nobodyThere.id, schoolName: nobodyThere.name, sent: 0, failed: 0, inOutbox: true }]);
    expect(again.remindedAlready).toEqual([withTeacher.name]);
    expect(await prisma.outboxMessage.count({ where: { to: user.email, subject: { startsWith: "Please record attendance" } } })).toBe(2);

    // A fresh page may remind again, and the reminders are counted on.
    await remindOverdueSchools(vrn, [first.id], new Date());
    expect(await prisma.sentReminder.findMany({ where: { bookingId: first.id }, select: { kind: true }, orderBy: { sentAt: "asc" } })).toEqual([
      { kind: "ATTENDANCE_OVERDUE_1" },
      { kind: "ATTENDANCE_OVERDUE_2" },
    ]);
  });

  it("says of one school's button for a return no longer overdue that it is not, not that no return is", async () => {
    const { school, user } = await createSchoolTeacher();
    const overdue = await overdueBooking(school.id, user.id);
    const vrn = await lead();
    for (const named of ["no-such-booking", overdue.id]) {
      // Its return recorded since the page was drawn: the booking is delivered.
      if (named === overdue.id) await prisma.booking.update({ where: { id: overdue.id }, data: { status: "DELIVERED" } });
      const result = await remindOverdueSchools(vrn, [named], new Date());
      expect(result).toEqual({ told: [], remindedAlready: [], notOverdue: 1 });
      expect(toldAboutReminders(result, { canInvite: true }).message).toBe(
        "That session's attendance return is not overdue now (it may have been recorded since the page was opened), so no one was reminded.",
      );
    }
    expect(await prisma.outboxMessage.count({ where: { to: user.email } })).toBe(0);
  });

  it("says how many schools were emailed, which had nobody, and which were reminded already", () => {
    const told = [
      { schoolId: "a", schoolName: "Oakfield School", sent: 2, failed: 0, inOutbox: false },
      { schoolId: "b", schoolName: "Quarry Lane Academy", sent: 0, failed: 0, inOutbox: false },
    ];
    const words = toldAboutReminders({ told, remindedAlready: ["Hill Top School"] }, { canInvite: true });
    expect(words.message).toBe(
      "Reminders to record attendance sent: 1 school emailed. Quarry Lane Academy has no teacher with an active account, so no one there was reminded. Hill Top School already had a reminder made after this page was opened, so no second one was made for it.",
    );
    expect(words.link).toEqual({ to: "/admin/users/invite?schoolId=b", text: "Invite someone from Quarry Lane Academy" });
    const many = ["A", "B", "C", "D"].map((n) => ({ schoolId: n, schoolName: `${n} School`, sent: 0, failed: 0, inOutbox: false }));
    expect(toldAboutReminders({ told: many, remindedAlready: [] }, { canInvite: false })).toEqual({
      message: "No reminders sent. 4 schools have no teacher with an active account, so no one there was reminded.",
    });
    expect(toldAboutReminders({ told: [], remindedAlready: [] }, { canInvite: true }).message).toBe(
      "No attendance returns are overdue, so no one was reminded.",
    );
  });
});

describe("the lead's home page glance at overdue returns", () => {
  it("shows the same first returns and the same count as the full list", async () => {
    const { school, user } = await createSchoolTeacher();
    for (let i = 0; i < 3; i++) await overdueBooking(school.id, user.id);
    const vrn = await lead();

    const full = await listOverdueReturns(vrn);
    const glance = await glanceAtOverdueReturns(vrn, 2);
    expect(glance.count).toBe(full.length);
    expect(glance.first.map((b) => b.id)).toEqual(full.slice(0, 2).map((b) => b.id));
    expect(glance.first[0]).toMatchObject({ school: { name: full[0]!.school.name }, delivery: { topic: { title: full[0]!.delivery.topic.title } } });
    expect(glance.more).toBe(false);
  });

  it("says when there are more than the list's cap, rather than giving the cap as the total", async () => {
    const { glanceAtBookings } = await import("~/models/booking-glance.server");
    const { school, user } = await createSchoolTeacher();
    for (let i = 0; i < 3; i++) await overdueBooking(school.id, user.id);
    const vrn = await lead();
    const mine = { sql: `b."schoolId" = ?`, params: [school.id] };
    expect(await glanceAtBookings(vrn, mine, 1, 2)).toMatchObject({ count: 2, more: true });
    expect(await glanceAtBookings(vrn, mine, 1, 3)).toMatchObject({ count: 3, more: false });
    expect((await glanceAtBookings(vrn, mine, 1, 2)).first).toHaveLength(1);
    expect(countOrMore(200, true)).toBe("200 or more");
    expect(countOrMore(35, false)).toBe("35");
  });
});

/**
 * "Told by email" is said only when the mail server was given a message for at least one person, never for
 * one kept in the outbox: each change that emails a school returns what the mailer did, and the page's
 * words come from that.
 */
import { describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { FLASH_MESSAGE_LENGTH } from "~/lib/flash.server";
import { emailedTo, toldAboutReminders, toldOfClosing, toldSchool, toldSchools } from "~/lib/told-by-email";
import { bookDelivery, cancelBooking, confirmBooking, declineBooking } from "~/models/bookings.server";
import { updateDelivery } from "~/models/delivery-changes.server";
import { cancelDelivery } from "~/models/delivery-status.server";
import { remindOverdueSchools } from "~/models/overdue-returns.server";
import { sendDueReminders } from "~/models/reminders.server";
import { remindersOutcome } from "~/models/scheduled-work.server";
import { createSchool, createUser } from "./factories";
import { bookingInput, createDelivery, createSchoolTeacher, DAY, deliveryInput, lead } from "./delivery-factories";
import { startSmtpServer } from "./smtp-fixture";

/** A booking for a school nobody has an account at (made by the lead on the phone, say). */
async function bookingAtSchoolWithNoAccounts(status: "REQUESTED" | "CONFIRMED", delivery?: { id: string }) {
  const school = await createSchool({ name: `Quarry Lane Academy ${Math.random().toString(36).slice(2, 6)}` });
  const target = delivery ?? (await createDelivery({ needsConfirmation: status === "REQUESTED" }));
  const booking = await prisma.booking.create({
    data: { deliveryId: target.id, schoolId: school.id, status, yearGroups: "8", expectedPupils: 30, contactName: "Office", contactPhone: "0116 496 0001" },
  });
  return { school, booking, delivery: target };
}

/** A run of the reminders none of which the mail server refused for only some of their people. */
const noneRefused = { reminders: 0, people: 0, schools: 0 };

const nobody = (school: { id: string; name: string }) => ({ schoolId: school.id, schoolName: school.name, sent: 0, failed: 0, inOutbox: true });

/** A confirmed booking of `deliveryId` for the school of `user`, a teacher there, written directly. */
function confirmedBooking(deliveryId: string, user: { id: string; schoolId: string | null }) {
  return prisma.booking.create({
    data: {
      deliveryId,
      schoolId: user.schoolId!,
      status: "CONFIRMED",
      yearGroups: "8",
      expectedPupils: 30,
      contactName: "x",
      contactPhone: "0116 496 0003",
      bookedById: user.id,
    },
  });
}

describe("the words, from what the mailer did", () => {
  const school = { schoolId: "s1", schoolName: "Oakfield School", inOutbox: false };
  it("say 'told by email' only when someone was sent the message", () => {
    expect(toldSchool("Booking confirmed.", { ...school, sent: 2, failed: 0 }, { canInvite: true })).toEqual({
      message: "Booking confirmed. 2 people at Oakfield School have been told by email.",
    });
    expect(toldSchool("Booking confirmed.", { ...school, sent: 0, failed: 0 }, { canInvite: true })).toEqual({
      message: "Booking confirmed. No teacher at Oakfield School has an active account, so nobody there has been told by email.",
      link: { to: "/admin/users/invite?schoolId=s1", text: "Invite someone from Oakfield School" },
    });
    expect(toldSchool("Booking confirmed.", { ...school, sent: 0, failed: 0 }, { canInvite: false }).link).toBeUndefined();
    expect(toldSchool("Booking confirmed.", { ...school, sent: 0, failed: 1 }, { canInvite: true }).message).toBe(
      "Booking confirmed. The email to Oakfield School could not be sent, so nobody there has been told yet.",
    );
  });

  it("never say 'told' when the message is in the outbox because no mail server is set up", () => {
    expect(toldSchool("Booking confirmed.", { ...school, sent: 2, failed: 0, inOutbox: true }, { canInvite: true })).toEqual({
      message: "Booking confirmed. No mail server is set up, so the email to 2 people at Oakfield School is in the outbox: nobody there has been told yet.",
    });
    const schools = [
      { schoolId: "a", schoolName: "Ash", sent: 1, failed: 0, inOutbox: true },
      { schoolId: "c", schoolName: "Cedar", sent: 3, failed: 0, inOutbox: true },
    ];
    expect(toldSchools("Session cancelled.", schools, { canInvite: true }).message).toBe(
      "Session cancelled. No school has been told by email. No mail server is set up, so the emails to Ash and Cedar are in the outbox.",
    );
    expect(toldAboutReminders({ told: schools, remindedAlready: [] }, { canInvite: true }).message).toBe(
      "No reminders sent. No mail server is set up, so the reminders to Ash and Cedar are in the outbox.",
    );
    // One school with one person and one overdue booking has one reminder, kept or failed.
    expect(toldAboutReminders({ told: [schools[0]!], remindedAlready: [] }, { canInvite: true }).message).toBe(
      "No reminders sent. No mail server is set up, so the reminder to Ash is in the outbox.",
    );
    expect(toldAboutReminders({ told: [schools[1]!], remindedAlready: [] }, { canInvite: true }).message).toBe(
      "No reminders sent. No mail server is set up, so the reminders to Cedar are in the outbox.",
    );
    expect(toldAboutReminders({ told: [{ ...schools[0]!, sent: 0, failed: 2, inOutbox: false }], remindedAlready: [] }, { canInvite: true }).message).toBe(
      "No reminders sent. The reminders to Ash could not be sent.",
    );
    // A send that failed beside those kept in the outbox is not left out.
    expect(toldSchool("Booking confirmed.", { ...school, sent: 1, failed: 1, inOutbox: true }, { canInvite: true }).message).toBe(
      "Booking confirmed. No mail server is set up, so the email to 1 person at Oakfield School is in the outbox: nobody there has been told yet. The email to 1 person there could not be sent.",
    );
    // Several messages to one school at once (a closed school's bookings, one cancellation each), each
    // perhaps to other people: counted in emails, never as "the email to 1 person".
    expect(toldSchool("Closed.", { ...school, sent: 2, failed: 0, inOutbox: true, emails: 6 }, { canInvite: false }).message).toBe(
      "Closed. No mail server is set up, so the 6 emails to people at Oakfield School are in the outbox: nobody there has been told yet.",
    );
    expect(toldSchool("Closed.", { ...school, sent: 2, failed: 1, inOutbox: false, emails: 3 }, { canInvite: false }).message).toBe(
      "Closed. 2 emails to people at Oakfield School were sent. 1 email to people there could not be sent.",
    );
    expect(toldSchool("Closed.", { ...school, sent: 0, failed: 0, inOutbox: false, emails: 0 }, { canInvite: false }).message).toBe(
      "Closed. No teacher at Oakfield School has an active account, so nobody there has been told by email.",
    );
    expect(toldSchools("Closed.", [{ schoolId: "a", schoolName: "Ash", sent: 1, failed: 0, inOutbox: true, emails: 2 }], { canInvite: false }).message).toBe(
      "Closed. No school has been told by email. No mail server is set up, so the emails to Ash are in the outbox.",
    );
    expect(emailedTo("The invitation", "a@example.org", true)).toBe(
      "The invitation for a@example.org is in the outbox: no mail server is set up, so it has not been sent.",
    );
    expect(emailedTo("The invitation", "a@example.org", false)).toBe("The invitation was sent to a@example.org.");
  });

  it("count schools told and name those that were not", () => {
    const told = [
      { schoolId: "a", schoolName: "Ash", sent: 1, failed: 0, inOutbox: false },
      { schoolId: "b", schoolName: "Birch", sent: 0, failed: 0, inOutbox: false },
    ];
    expect(toldSchools("Session cancelled.", told, { canInvite: true })).toEqual({
      message: "Session cancelled. 1 school has been told by email. No teacher at Birch has an active account, so that school has not been told.",
      link: { to: "/admin/users/invite?schoolId=b", text: "Invite someone from Birch" },
    });
    expect(toldSchools("Session saved.", [], { canInvite: true })).toEqual({ message: "Session saved." });
    expect(toldSchools("Session cancelled.", [told[1]!], { canInvite: true }).message).toMatch(/^Session cancelled\. No school has been told by email\./);
    const refused = (name: string) => ({ schoolId: name, schoolName: name, sent: 0, failed: 1, inOutbox: false });
    expect(toldSchools("Session cancelled.", [refused("Ash"), refused("Elm")], { canInvite: false }).message).toBe(
      "Session cancelled. No school has been told by email. The emails to Ash and Elm could not be sent.",
    );
    expect(toldAboutReminders({ told: [refused("Ash")], remindedAlready: [] }, { canInvite: false }).message).toBe(
      "No reminders sent. The reminder to Ash could not be sent.",
    );
    // A school told whose email was refused for some of its people: told, and the refusals are not left out.
    const partly = { schoolId: "c", schoolName: "Cedar", sent: 1, failed: 1, inOutbox: false };
    expect(toldSchools("Session cancelled.", [partly, refused("Elm")], { canInvite: false }).message).toBe(
      "Session cancelled. 1 school has been told by email. The email to Elm could not be sent. 1 email to people at Cedar could not be sent.",
    );
    expect(
      toldAboutReminders({ told: [partly, { ...partly, schoolId: "d", schoolName: "Dale", failed: 2 }], remindedAlready: [] }, { canInvite: false }).message,
    ).toBe("Reminders to record attendance sent: 2 schools emailed. 3 reminders to people at Cedar and Dale could not be sent.");
  });
});

describe("each change that emails a school returns what the mailer did", () => {
  it("booking: the teacher who booked (and the school's other teachers) are counted", async () => {
    const { school, user } = await createSchoolTeacher();
    const result = await bookDelivery(user, (await createDelivery()).id, bookingInput());
    expect(result).toMatchObject({ ok: true, told: { schoolId: school.id, sent: 1, failed: 0 } });
  });

  it("confirming and declining a request for a school with no accounts: nobody told", async () => {
    const actor = await lead();
    const first = await bookingAtSchoolWithNoAccounts("REQUESTED");
    expect(await confirmBooking(actor, first.booking.id)).toEqual({ ok: true, told: nobody(first.school) });
    const second = await bookingAtSchoolWithNoAccounts("REQUESTED");
    expect(await declineBooking(actor, second.booking.id, "Full that week")).toEqual({ ok: true, told: nobody(second.school), offered: [] });
    expect(await prisma.outboxMessage.count({ where: { text: { contains: first.school.name } } })).toBe(0);
  });

  it("confirming a request from a school with a teacher: that teacher is told", async () => {
    const { school, user } = await createSchoolTeacher();
    const result = await bookDelivery(user, (await createDelivery({ needsConfirmation: true })).id, bookingInput());
    if (!result.ok) throw new Error("booking failed");
    expect(await confirmBooking(await lead(), result.id)).toEqual({
      ok: true,
      told: { schoolId: school.id, schoolName: school.name, sent: 1, failed: 0, inOutbox: true },
    });
  });

  it("confirming a request from a school whose only teacher was deactivated: no active account, not 'no account yet'", async () => {
    const { school, user } = await createSchoolTeacher();
    const result = await bookDelivery(user, (await createDelivery({ needsConfirmation: true })).id, bookingInput());
    if (!result.ok) throw new Error("booking failed");
    await prisma.user.update({ where: { id: user.id }, data: { active: false } });
    const confirmed = await confirmBooking(await lead(), result.id);
    if (!confirmed.ok) throw new Error(confirmed.message);
    expect(confirmed.told).toMatchObject({ sent: 0, failed: 0 });
    expect(toldSchool("Booking confirmed.", confirmed.told, { canInvite: true }).message).toBe(
      `Booking confirmed. No teacher at ${school.name} has an active account, so nobody there has been told by email.`,
    );
  });

  it("a teacher who booked and has since moved to another school is not sent the first school's news", async () => {
    const { school, user } = await createSchoolTeacher();
    const result = await bookDelivery(user, (await createDelivery({ needsConfirmation: true })).id, bookingInput());
    if (!result.ok) throw new Error("booking failed");
    const elsewhere = await createSchool();
    await prisma.user.update({ where: { id: user.id }, data: { schoolId: elsewhere.id } });
    expect(await confirmBooking(await lead(), result.id)).toEqual({ ok: true, told: nobody(school) });
    expect(await prisma.outboxMessage.count({ where: { to: user.email, subject: { startsWith: "Booking confirmed" } } })).toBe(0);
  });

  it("cancelling a booking for a school with no accounts: nobody told", async () => {
    const { school, booking } = await bookingAtSchoolWithNoAccounts("CONFIRMED");
    expect(await cancelBooking(await lead(), booking.id, "Hall flooded")).toEqual({ ok: true, told: nobody(school), offered: [] });
  });

  it("reminding an overdue school to record attendance: nobody told when nobody has an account", async () => {
    const past = await createDelivery({ startsAt: new Date(Date.now() - 10 * DAY), bookingClosesAt: new Date(Date.now() - 12 * DAY) });
    const { school, booking } = await bookingAtSchoolWithNoAccounts("CONFIRMED", past);
    expect(await remindOverdueSchools(await lead(), [booking.id], new Date())).toEqual({ told: [nobody(school)], remindedAlready: [], notOverdue: 0 });
    const { school: withTeacher, user } = await createSchoolTeacher();
    const theirs = await prisma.booking.create({
      data: {
        deliveryId: past.id,
        schoolId: withTeacher.id,
        status: "CONFIRMED",
        yearGroups: "8",
        expectedPupils: 30,
        contactName: "x",
        contactPhone: "0116 496 0002",
        bookedById: user.id,
      },
    });
    expect((await remindOverdueSchools(await lead(), [theirs.id], new Date())).told).toMatchObject([{ schoolId: withTeacher.id, sent: 1 }]);
  });

  it("cancelling or changing a session: each booked school, told or not", async () => {
    const delivery = await createDelivery({ capacity: 3 });
    const { school: told, user } = await createSchoolTeacher();
    await bookDelivery(user, delivery.id, bookingInput());
    const { school: untold } = await bookingAtSchoolWithNoAccounts("CONFIRMED", delivery);
    const input = deliveryInput(delivery, "2027-04-14", "09:30");
    const changed = await updateDelivery(await lead(), delivery.id, input);
    expect(changed).toMatchObject({ ok: true });
    expect(changed.ok && changed.told).toEqual(
      expect.arrayContaining([nobody(untold), { schoolId: told.id, schoolName: told.name, sent: 1, failed: 0, inOutbox: true }]),
    );
    const cancelled = await cancelDelivery(await lead(), delivery.id, "Facilitator unwell");
    expect(cancelled.ok && cancelled.told).toEqual(
      expect.arrayContaining([nobody(untold), { schoolId: told.id, schoolName: told.name, sent: 1, failed: 0, inOutbox: true }]),
    );
  });

  it("reminders before a session are counted only when someone was sent one", async () => {
    // A date no other test books, so only these bookings are due.
    const now = new Date("2031-01-06T09:00:00Z");
    const soon = await createDelivery({ startsAt: new Date(now.getTime() + 3 * DAY), bookingClosesAt: new Date(now.getTime() + DAY) });
    const { booking } = await bookingAtSchoolWithNoAccounts("CONFIRMED", soon);
    // Due to a school with no accounts: it went to nobody, is not tried again, and the run says so.
    expect(await sendDueReminders(now)).toEqual({ sent: 0, refused: 0, partlyRefused: noneRefused, unreached: 1 });
    expect(await prisma.sentReminder.count({ where: { bookingId: booking.id } })).toBe(1);
    const { user } = await createSchoolTeacher();
    await confirmedBooking(soon.id, user);
    expect(await sendDueReminders(now)).toEqual({ sent: 1, refused: 0, partlyRefused: noneRefused, unreached: 0 });
    // The job's own words: sent only when a mail server took them.
    expect(remindersOutcome({ sent: 1, refused: 0, partlyRefused: noneRefused, unreached: 0 }, "outbox").summary).toBe(
      "1 reminder put in the outbox: no mail server is set up, so none was sent.",
    );
    expect(remindersOutcome({ sent: 2, refused: 0, partlyRefused: noneRefused, unreached: 0 }, "smtp").summary).toBe("2 reminders sent.");
    expect(remindersOutcome({ sent: 0, refused: 0, partlyRefused: noneRefused, unreached: 0 }, "outbox").summary).toBe("0 reminders sent.");
    expect(remindersOutcome({ sent: 0, refused: 2, partlyRefused: noneRefused, unreached: 0 }, "smtp")).toEqual({
      summary: "0 reminders sent. The mail server refused 2 reminders: the next run tries again.",
      counts: { remindersSent: 0, remindersRefused: 2 },
    });
    expect(remindersOutcome({ sent: 1, refused: 0, partlyRefused: noneRefused, unreached: 4 }, "outbox")).toEqual({
      summary:
        "1 reminder put in the outbox: no mail server is set up, so none was sent. 4 more reminders went to nobody: no one at their schools has an active account.",
      counts: { remindersInOutbox: 1, remindersToNobody: 4 },
    });
    expect(remindersOutcome({ sent: 0, refused: 0, partlyRefused: noneRefused, unreached: 1 }, "smtp").summary).toBe(
      "0 reminders sent. 1 reminder went to nobody: no one at its school has an active account.",
    );
  });
});

describe("reminders the mail server refuses", () => {
  it("are not kept as sent, so the next run tries them again, and the job says so", async () => {
    // A mail server that takes the connection and refuses every message.
    const smtp = await startSmtpServer({
      onData(stream, _session, callback) {
        stream.resume();
        stream.on("end", () => callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 })));
      },
    });
    const now = new Date("2031-02-03T09:00:00Z");
    const soon = await createDelivery({ startsAt: new Date(now.getTime() + 3 * DAY), bookingClosesAt: new Date(now.getTime() + DAY) });
    const { user } = await createSchoolTeacher();
    const booking = await confirmedBooking(soon.id, user);
    vi.resetModules();
    vi.stubEnv("SMTP_URL", smtp.url);
    try {
      const fresh = await import("~/models/reminders.server");
      expect(await fresh.sendDueReminders(now)).toEqual({ sent: 0, refused: 1, partlyRefused: noneRefused, unreached: 0 });
      expect(await prisma.sentReminder.count({ where: { bookingId: booking.id } })).toBe(0);
      await (await import("~/db.server")).prisma.$disconnect();
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

describe("a reminder the mail server refuses for one of a school's people", () => {
  it("reaches the others, is not sent to them twice, and the job's log line says whom it was refused for", async () => {
    const refusedOnly = new Set<string>();
    // A mail server that refuses one mailbox and takes every other.
    const smtp = await startSmtpServer({
      onRcptTo(address, _session, callback) {
        if (refusedOnly.has(address.address)) return callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
        callback();
      },
    });
    const now = new Date("2031-03-03T09:00:00Z");
    const soon = await createDelivery({ startsAt: new Date(now.getTime() + 3 * DAY), bookingClosesAt: new Date(now.getTime() + DAY) });
    const { user } = await createSchoolTeacher();
    const other = await createUser({ role: "TEACHER", schoolId: user.schoolId });
    refusedOnly.add(other.email);
    const booking = await confirmedBooking(soon.id, user);
    vi.resetModules();
    vi.stubEnv("SMTP_URL", smtp.url);
    try {
      const fresh = await import("~/models/scheduled-work.server");
      const reminders = fresh.SCHEDULED_JOBS.find((job) => job.name === "reminders")!;
      expect(await reminders.run(now)).toEqual({
        summary: "1 reminder sent; the mail server refused it for 1 person at 1 school (not tried again).",
        counts: { remindersSent: 1, remindersRefusedForSome: 1, peopleRefused: 1 },
      });
      expect(smtp.received.map((mail) => mail.to)).toEqual([[user.email]]);
      // Kept as sent: the teacher who has it is not sent it again.
      expect(await prisma.sentReminder.count({ where: { bookingId: booking.id } })).toBe(1);
      expect(await reminders.run(now)).toMatchObject({ summary: "0 reminders sent." });
      expect(smtp.received).toHaveLength(1);
      await (await import("~/db.server")).prisma.$disconnect();
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it("reminding a school to record attendance: the lead's page and the audit entry say whom it was refused for", async () => {
    const { school, user } = await createSchoolTeacher();
    const refused = await createUser({ role: "TEACHER", schoolId: school.id });
    const smtp = await startSmtpServer({
      onRcptTo(address, _session, callback) {
        if (address.address === refused.email) return callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
        callback();
      },
    });
    const now = new Date();
    const past = await createDelivery({ startsAt: new Date(now.getTime() - 10 * DAY), bookingClosesAt: new Date(now.getTime() - 12 * DAY) });
    const booking = await confirmedBooking(past.id, user);
    vi.resetModules();
    vi.stubEnv("SMTP_URL", smtp.url);
    try {
      const fresh = await import("~/models/overdue-returns.server");
      const result = await fresh.remindOverdueSchools(await lead(), [booking.id], now);
      expect(result.told).toEqual([{ schoolId: school.id, schoolName: school.name, sent: 1, failed: 1, inOutbox: false }]);
      expect(toldAboutReminders(result, { canInvite: true }).message).toBe(
        `Reminders to record attendance sent: 1 school emailed. 1 reminder to people at ${school.name} could not be sent.`,
      );
      expect(smtp.received.map((mail) => mail.to)).toEqual([[user.email]]);
      const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "remind", entityId: booking.id } });
      expect(audit.summary).toBe(`Reminders to record attendance. Emailed: ${school.name} (1 reminder refused). Not emailed: none`);
      await (await import("~/db.server")).prisma.$disconnect();
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it("is worded for several reminders, some refused for some of their people, and for the outbox", () => {
    const partly = { reminders: 1, people: 2, schools: 1 };
    expect(remindersOutcome({ sent: 3, refused: 1, partlyRefused: partly, unreached: 0 }, "smtp")).toEqual({
      summary:
        "3 reminders sent; the mail server refused 1 of them for 2 people at 1 school (not tried again). The mail server refused 1 reminder: the next run tries again.",
      counts: { remindersSent: 3, remindersRefusedForSome: 1, peopleRefused: 2, remindersRefused: 1 },
    });
    expect(remindersOutcome({ sent: 2, refused: 0, partlyRefused: { reminders: 2, people: 2, schools: 2 }, unreached: 0 }, "smtp").summary).toBe(
      "2 reminders sent; the mail server refused them for 2 people at 2 schools (not tried again).",
    );
    expect(remindersOutcome({ sent: 1, refused: 0, partlyRefused: { reminders: 1, people: 1, schools: 1 }, unreached: 0 }, "outbox").summary).toBe(
      "1 reminder put in the outbox: no mail server is set up, so none was sent; it could not be put in the outbox for 1 person at 1 school (not tried again).",
    );
  });
});

describe("a message about many schools", () => {
  it("fits the one-off message whole: more than three schools are counted, not named (the reviewer's cancelled session)", () => {
    const names = [
      "Heronford Special School",
      "Linnetcombe College",
      "Marramwood Academy",
      "Otterstead Community College",
      "Quillbrook Church of England Academy",
    ];
    const many = (over: Partial<Parameters<typeof toldSchools>[1][number]>) =>
      names.map((schoolName, i) => ({ schoolId: `s${i}`, schoolName, sent: 0, failed: 0, inOutbox: false, ...over }));
    const done = "The session on Tuesday 8 December 2026, 09:00 to 10:00 (County lines), has been cancelled.";
    const messages = [
      toldSchools(done, many({}), { canInvite: true }).message,
      toldSchools(done, many({ sent: 2, inOutbox: true }), { canInvite: true }).message,
      toldSchools(done, many({ failed: 2 }), { canInvite: true }).message,
      toldSchools(done, [...many({}), ...many({ sent: 1, inOutbox: true }), ...many({ failed: 1 })], { canInvite: true }).message,
      toldOfClosing(done, { bookings: 5, waitingLists: 5, offers: 5, told: [...many({}), ...many({ failed: 1 })], offered: many({ sent: 1, inOutbox: true }) })
        .message,
      toldAboutReminders({ told: [...many({}), ...many({ failed: 1 })], remindedAlready: names }, { canInvite: true }).message,
    ];
    // The longest closings: an import that closes three schools with long names, none of them told, and offers
    // their places to three more; and one school with a long name closed by the lead (named, as it is alone).
    const long = [
      "The Cardinal Newman Catholic School, a Voluntary Academy",
      "Leicestershire Secondary Academy of Science and Technology",
      "Rutland County Upper School and Sixth Form College",
    ];
    const named = (over: Partial<Parameters<typeof toldSchools>[1][number]>) =>
      long.map((schoolName, i) => ({ schoolId: `l${i}`, schoolName, sent: 0, failed: 0, inOutbox: false, ...over }));
    const imported = "Import complete: 3 schools added, 12 updated, 3,390 unchanged.";
    messages.push(
      toldOfClosing(imported, {
        bookings: 9,
        waitingLists: 9,
        offers: 9,
        told: named({ sent: 2, inOutbox: true, emails: 3 }),
        offered: named({ sent: 1, inOutbox: true }),
      }).message,
      toldOfClosing(imported, {
        bookings: 9,
        waitingLists: 9,
        offers: 9,
        told: [...named({}).slice(0, 2), ...named({ failed: 1 }).slice(2)],
        offered: named({ failed: 1 }),
      }).message,
      toldOfClosing(`${long[0]} has been updated.`, {
        bookings: 9,
        waitingLists: 9,
        offers: 9,
        told: named({ sent: 2, inOutbox: true, emails: 9 }).slice(0, 1),
        offered: [...named({}), ...named({ failed: 1 })],
      }).message,
    );
    for (const message of messages) expect(message.length, message).toBeLessThanOrEqual(FLASH_MESSAGE_LENGTH);
    expect(messages[0]).toBe(`${done} No school has been told by email. No teacher at 5 schools has an active account, so those schools have not been told.`);
  });
});

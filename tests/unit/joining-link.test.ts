import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { deliverySchema } from "~/lib/delivery-schemas";
import { joiningLinkMissing } from "~/lib/booking-calendar";
import { fromLondonWallTime } from "~/lib/london-time";
import { bookDelivery, bookingCalendar, getBooking, listSchoolBookings } from "~/models/bookings.server";
import { getDeliveryForSchool } from "~/models/deliveries.server";
import { updateDelivery } from "~/models/delivery-changes.server";
import { joinWaitlist, listOwnWaitlist } from "~/models/waitlist.server";
import { bookingInput, createDelivery, createSchoolTeacher, deliveryInput, lead } from "./delivery-factories";

const LINK = "https://teams.example.com/l/meetup-join/19%3ameeting_abc";

/** The schedule form as a browser posts it, with `overrides` changed. */
function scheduleForm(overrides: Record<string, string>) {
  const form = new FormData();
  const fields = {
    topicId: "t1",
    date: "2027-03-10",
    time: "10:00",
    format: "ONLINE",
    capacity: "10",
    facilitatorName: "PC Test",
    facilitatorOrg: "Leicestershire Police",
    closesDaysBefore: "2",
    ...overrides,
  };
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return parseWithZod(form, { schema: deliverySchema });
}

const errorOf = (overrides: Record<string, string>) => {
  const submission = scheduleForm(overrides);
  return submission.status === "success" ? null : submission.error?.joiningLink?.[0];
};

describe("the joining link on the schedule form", () => {
  it("takes a real https address, or nothing", () => {
    const ok = scheduleForm({ joiningLink: ` ${LINK} ` });
    expect(ok.status === "success" && ok.value.joiningLink).toBe(LINK);
    const none = scheduleForm({});
    expect(none.status === "success" && none.value.joiningLink).toBe("");
  });

  it.each([
    ["http://teams.example.com/meet", "must start with https://"],
    ["javascript:alert(1)", "full web address"],
    ["teams.example.com/meet", "full web address"],
    ["https://localhost/meet", "full web address"],
    ["https://user:secret@teams.example.com/meet", "user name or password"],
    [`https://teams.example.com/${"a".repeat(500)}`, "500 characters or fewer"],
    ["https://teams.example.com/a\nBcc: x", "one line"],
  ])("refuses %j", (value, message) => {
    expect(errorOf({ joiningLink: value })).toContain(message);
  });

  it("is for online workshops only", () => {
    expect(errorOf({ format: "IN_SCHOOL", joiningLink: LINK })).toContain("Only an online workshop");
  });
});

describe("who sees the joining link", () => {
  async function onlineWorkshopWithLink({ needsConfirmation = false, capacity = 3 } = {}) {
    const delivery = await createDelivery({ needsConfirmation, capacity, startsAt: fromLondonWallTime("2027-05-12", "10:00")! });
    await prisma.delivery.update({ where: { id: delivery.id }, data: { joiningLink: LINK } });
    return delivery;
  }

  it("a confirmed school: on its booking page, in its confirmation email and in its calendar file", async () => {
    const delivery = await onlineWorkshopWithLink();
    const { user } = await createSchoolTeacher();
    const booked = await bookDelivery(user, delivery.id, bookingInput());
    if (!booked.ok) throw new Error(booked.message);
    expect((await getBooking(user, booked.id)).delivery.joiningLink).toBe(LINK);
    const mail = await prisma.outboxMessage.findFirstOrThrow({ where: { to: user.email, subject: { startsWith: "Booking confirmed" } } });
    expect(mail.text).toContain(`Joining link: ${LINK}`);
    expect(mail.calendarFile).toContain(`URL:${LINK}`);
    expect((await bookingCalendar(user, booked.id)).body).toContain(`URL:${LINK}`);
  });

  it("not a school whose request is not yet confirmed, nor its request email", async () => {
    const delivery = await onlineWorkshopWithLink({ needsConfirmation: true });
    const { user } = await createSchoolTeacher();
    const booked = await bookDelivery(user, delivery.id, bookingInput());
    if (!booked.ok) throw new Error(booked.message);
    expect((await getBooking(user, booked.id)).delivery.joiningLink).toBe("");
    const mail = await prisma.outboxMessage.findFirstOrThrow({ where: { to: user.email } });
    expect(mail.text).not.toContain(LINK);
  });

  it("not on the session's page, the bookings list or the waiting list, for any school", async () => {
    const delivery = await onlineWorkshopWithLink({ capacity: 1 });
    const booker = await createSchoolTeacher();
    await bookDelivery(booker.user, delivery.id, bookingInput());
    const waiting = await createSchoolTeacher();
    expect(await joinWaitlist(waiting.user, delivery.id)).toEqual({ ok: true });
    const everything = JSON.stringify([
      await getDeliveryForSchool(booker.user, delivery.id),
      await getDeliveryForSchool(waiting.user, delivery.id),
      await listSchoolBookings(booker.user),
      await listOwnWaitlist(waiting.user),
    ]);
    expect(everything).not.toContain("teams.example.com");
    expect(await prisma.outboxMessage.count({ where: { to: waiting.user.email, text: { contains: LINK } } })).toBe(0);
  });

  it("a new link reaches the confirmed schools as a changed session, with a calendar file, and nobody else", async () => {
    const delivery = await onlineWorkshopWithLink({ needsConfirmation: true });
    const confirmed = await createSchoolTeacher();
    const requested = await createSchoolTeacher();
    const booked = await bookDelivery(confirmed.user, delivery.id, bookingInput());
    await bookDelivery(requested.user, delivery.id, bookingInput());
    if (!booked.ok) throw new Error(booked.message);
    await prisma.booking.update({ where: { id: booked.id }, data: { status: "CONFIRMED" } });
    const newLink = "https://zoom.example.org/j/123456";
    // The same day and time as before: only the link changes.
    const result = await updateDelivery(await lead(), delivery.id, deliveryInput({ ...delivery, joiningLink: newLink }, "2027-05-12", "10:00"));
    expect(result).toMatchObject({ ok: true });
    const changed = await prisma.outboxMessage.findFirstOrThrow({ where: { to: confirmed.user.email, subject: { startsWith: "Session changed" } } });
    expect(changed.text).toContain("The joining link has changed");
    expect(changed.text).toContain(`Joining link: ${newLink}`);
    expect(changed.calendarFile).toContain(`URL:${newLink}`);
    expect(await prisma.outboxMessage.count({ where: { to: requested.user.email, subject: { startsWith: "Session changed" } } })).toBe(0);
  });
});

describe("a joining link not added yet", () => {
  const now = new Date("2026-12-08T09:00:00Z");
  const online = { format: "ONLINE", status: "SCHEDULED", endsAt: new Date("2026-12-11T11:00:00Z"), joiningLink: "" };

  it("is told to the lead and to a school with a confirmed place, for an online session still to come", () => {
    expect(joiningLinkMissing(online, "lead", now)).toBe("lead");
    expect(joiningLinkMissing(online, { bookingStatus: "CONFIRMED" }, now)).toBe("school");
  });

  it("is told to nobody else, nor once the link is there or the session is not an online one to come", () => {
    for (const bookingStatus of ["REQUESTED", "CANCELLED", "DECLINED", "DELIVERED", "NOT_DELIVERED"]) {
      expect(joiningLinkMissing(online, { bookingStatus }, now), bookingStatus).toBeNull();
    }
    expect(joiningLinkMissing({ ...online, joiningLink: LINK }, "lead", now)).toBeNull();
    expect(joiningLinkMissing({ ...online, format: "IN_SCHOOL" }, "lead", now)).toBeNull();
    expect(joiningLinkMissing({ ...online, status: "CANCELLED" }, "lead", now)).toBeNull();
    expect(joiningLinkMissing({ ...online, endsAt: now }, { bookingStatus: "CONFIRMED" }, now)).toBeNull();
  });
});

import ICAL from "ical.js";
import { describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { fromLondonWallTime } from "~/lib/london-time";
import { listBookingMoves, moveBooking } from "~/models/booking-moves.server";
import { bookDelivery, bookingCalendar, cancelBooking, confirmBooking, listSchoolBookings } from "~/models/bookings.server";
import { updateDelivery } from "~/models/delivery-changes.server";
import { cancelDelivery } from "~/models/delivery-status.server";
import { bookingInput, createDelivery, createSchoolTeacher, createTopic, deliveryInput, lead } from "./delivery-factories";
import { mimeParts, startSmtpServer } from "./smtp-fixture";

/** A calendar file read by a real iCalendar parser: its METHOD and its one event. */
function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zone = calendar.getFirstSubcomponent("vtimezone");
  if (zone) ICAL.TimezoneService.register(zone);
  const vevent = calendar.getFirstSubcomponent("vevent");
  if (!vevent) throw new Error("no VEVENT in the calendar file");
  const event = new ICAL.Event(vevent);
  return {
    method: calendar.getFirstPropertyValue("method"),
    uid: event.uid,
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue("status"),
    start: event.startDate,
    end: event.endDate,
    stamp: (vevent.getFirstPropertyValue("dtstamp") as ICAL.Time).toJSDate(),
    organizer: vevent.getFirstPropertyValue("organizer"),
    attendee: vevent.getFirstPropertyValue("attendee"),
    description: vevent.getFirstPropertyValue("description"),
  };
}

type Parsed = ReturnType<typeof parseCalendar>;

/** London wall time an event starts at, as "2027-03-23 10:00", and the zone it is written in. */
const londonStart = (event: Parsed) => ({
  zone: event.start.zone?.tzid,
  wall: `${event.start.year}-${String(event.start.month).padStart(2, "0")}-${String(event.start.day).padStart(2, "0")} ${String(event.start.hour).padStart(2, "0")}:${String(event.start.minute).padStart(2, "0")}`,
});

/** The calendar files that reached `email` through the outbox while `step` ran, parsed, with their subjects. */
async function calendarsSentDuring(email: string, step: () => Promise<unknown>) {
  const before = new Set((await prisma.outboxMessage.findMany({ where: { to: email }, select: { id: true } })).map((m) => m.id));
  await step();
  const after = await prisma.outboxMessage.findMany({ where: { to: email }, orderBy: { createdAt: "asc" } });
  return after.filter((m) => !before.has(m.id)).map((m) => ({ subject: m.subject, calendar: m.calendarFile ? parseCalendar(m.calendarFile) : null }));
}

const at = (date: string, time: string) => {
  const instant = fromLondonWallTime(date, time);
  if (!instant) throw new Error(`${date} ${time} is not a London time`);
  return instant;
};

describe("a booking's calendar file keeps its UID and counts its changes", () => {
  it("book, move across the clock change, the lead retimes the session, the school cancels: one UID, SEQUENCE 0 to 3, REQUEST then CANCEL", async () => {
    const topic = await createTopic();
    const winter = await createDelivery({ topicId: topic.id, startsAt: at("2027-03-23", "10:00") });
    const summer = await createDelivery({ topicId: topic.id, startsAt: at("2027-04-06", "10:00") });
    const { school, user } = await createSchoolTeacher();

    let bookingId = "";
    const [booked] = await calendarsSentDuring(user.email, async () => {
      const result = await bookDelivery(user, winter.id, bookingInput());
      if (!result.ok) throw new Error(result.message);
      bookingId = result.id;
    });
    expect(booked?.subject).toMatch(/^Booking confirmed/);
    const first = booked!.calendar!;
    expect(first).toMatchObject({ method: "REQUEST", sequence: 0, status: "CONFIRMED", attendee: `mailto:${user.email}` });
    expect(first.uid).toBe(`booking-${bookingId}@schools-forum`);
    expect(first.organizer).toMatch(/^mailto:.+@/);
    expect(londonStart(first)).toEqual({ zone: "Europe/London", wall: "2027-03-23 10:00" });
    expect(first.start.toJSDate()).toEqual(winter.startsAt); // 10:00 GMT
    expect(Math.abs(first.stamp.getTime() - Date.now())).toBeLessThan(60_000);
    const downloaded = parseCalendar((await bookingCalendar(user, bookingId)).body);
    expect(downloaded).toMatchObject({ method: "PUBLISH", uid: first.uid, sequence: 0 });

    const [moved] = await calendarsSentDuring(user.email, async () => {
      expect(await moveBooking(user, bookingId, summer.id)).toMatchObject({ ok: true, id: bookingId, status: "CONFIRMED" });
    });
    expect(moved?.calendar).toMatchObject({ method: "REQUEST", uid: first.uid, sequence: 1, status: "CONFIRMED" });
    expect(londonStart(moved!.calendar!)).toEqual({ zone: "Europe/London", wall: "2027-04-06 10:00" });
    expect(moved!.calendar!.start.toJSDate()).toEqual(new Date("2027-04-06T09:00:00Z")); // 10:00 BST
    // The event's text says when in the words the pages and emails use.
    expect(moved!.calendar!.description).toMatch(/^Tuesday 6 April 2027, 10am to \d{1,2}(:\d\d)?[ap]m \(UK time\)\. /);
    expect(parseCalendar((await bookingCalendar(user, bookingId)).body)).toMatchObject({ uid: first.uid, sequence: 1 });
    // The school's lists hold one booking, on the new date, and nothing cancelled.
    const lists = await listSchoolBookings(user);
    expect(lists.upcoming.map((b) => [b.id, b.deliveryId])).toEqual([[bookingId, summer.id]]);
    expect(lists.cancelled.bookings).toEqual([]);
    const moves = await listBookingMoves(user, bookingId);
    expect(moves.map((m) => m.summary)).toEqual([
      expect.stringMatching(new RegExp(`^Moved ${school.name}'s booking from Tuesday 23 March 2027, .* to Tuesday 6 April 2027, `)),
    ]);
    const stranger = await createSchoolTeacher();
    await expect(listBookingMoves(stranger.user, bookingId)).rejects.toMatchObject({ status: 404 });

    const [retimed] = await calendarsSentDuring(user.email, async () => {
      expect(await updateDelivery(await lead(), summer.id, deliveryInput(summer, "2027-04-06", "13:30"))).toMatchObject({
        ok: true,
        told: [expect.objectContaining({ sent: 1 })],
      });
    });
    expect(retimed?.subject).toMatch(/^Session changed/);
    expect(retimed?.calendar).toMatchObject({ method: "REQUEST", uid: first.uid, sequence: 2 });
    expect(londonStart(retimed!.calendar!).wall).toBe("2027-04-06 13:30");
    expect(retimed!.calendar!.end.toJSDate()).toEqual(new Date("2027-04-06T13:30:00Z")); // an hour, to 14:30 BST

    const [cancelled] = await calendarsSentDuring(user.email, async () => {
      expect(await cancelBooking(user, bookingId, "Exams moved")).toMatchObject({ ok: true, told: { sent: 1 } });
    });
    expect(cancelled?.calendar).toMatchObject({ method: "CANCEL", uid: first.uid, sequence: 3, status: "CANCELLED" });
    expect(parseCalendar((await bookingCalendar(user, bookingId)).body)).toMatchObject({ method: "CANCEL", uid: first.uid, sequence: 3, status: "CANCELLED" });
  });

  it("a session the lead cancels sends each booked school METHOD:CANCEL for its own booking's UID, one SEQUENCE higher", async () => {
    const delivery = await createDelivery({ startsAt: at("2027-05-11", "09:30") });
    const { user } = await createSchoolTeacher();
    const result = await bookDelivery(user, delivery.id, bookingInput());
    if (!result.ok) throw new Error(result.message);
    const [message] = await calendarsSentDuring(user.email, async () => {
      expect(await cancelDelivery(await lead(), delivery.id, "Facilitator unavailable")).toMatchObject({
        ok: true,
        told: [expect.objectContaining({ sent: 1 })],
      });
    });
    expect(message?.subject).toMatch(/^Session cancelled/);
    expect(message?.calendar).toMatchObject({ method: "CANCEL", uid: `booking-${result.id}@schools-forum`, sequence: 1, status: "CANCELLED" });
    expect(londonStart(message!.calendar!).wall).toBe("2027-05-11 09:30");
  });

  it("one school's booking cancelled by the lead tells that school its booking was cancelled, not the session", async () => {
    const delivery = await createDelivery({ startsAt: at("2027-05-12", "09:30") });
    const { user } = await createSchoolTeacher();
    const result = await bookDelivery(user, delivery.id, bookingInput());
    if (!result.ok) throw new Error(result.message);
    const [message] = await calendarsSentDuring(user.email, async () => {
      expect(await cancelBooking(await lead(), result.id, "Officer unavailable for this school")).toMatchObject({ ok: true });
    });
    expect(message?.subject).toMatch(/^Booking cancelled: /);
    const mail = await prisma.outboxMessage.findFirstOrThrow({ where: { to: user.email, subject: message!.subject } });
    expect(mail.text).toContain("The VRN has cancelled your school's booking on this session. The session itself goes ahead.");
    expect(mail.text).not.toContain("this session has been cancelled");
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe("SCHEDULED");
  });

  it("booking again after cancelling reuses the booking, so the new file outranks the cancellation", async () => {
    const delivery = await createDelivery();
    const { user } = await createSchoolTeacher();
    const first = await bookDelivery(user, delivery.id, bookingInput());
    if (!first.ok) throw new Error(first.message);
    await cancelBooking(user, first.id, "Clash");
    const [again] = await calendarsSentDuring(user.email, () => bookDelivery(user, delivery.id, bookingInput()));
    expect(again?.calendar).toMatchObject({ method: "REQUEST", uid: `booking-${first.id}@schools-forum`, sequence: 2 });
  });

  it("moving onto a date the school once cancelled keeps the moving booking, and a move to a date needing confirmation takes the event out until it is confirmed", async () => {
    const topic = await createTopic();
    const from = await createDelivery({ topicId: topic.id, startsAt: at("2027-06-08", "10:00") });
    const once = await createDelivery({ topicId: topic.id, startsAt: at("2027-06-15", "10:00") });
    const checked = await createDelivery({ topicId: topic.id, startsAt: at("2027-06-22", "10:00"), needsConfirmation: true });
    const { user } = await createSchoolTeacher();
    const earlier = await bookDelivery(user, once.id, bookingInput());
    if (!earlier.ok) throw new Error(earlier.message);
    await cancelBooking(user, earlier.id, "Changed our minds");
    const booked = await bookDelivery(user, from.id, bookingInput());
    if (!booked.ok) throw new Error(booked.message);

    expect(await moveBooking(user, booked.id, once.id)).toMatchObject({ ok: true, id: booked.id, status: "CONFIRMED", told: { sent: 1, inOutbox: true } });
    expect(await prisma.booking.findMany({ where: { schoolId: user.schoolId! }, select: { id: true, deliveryId: true } })).toEqual([
      { id: booked.id, deliveryId: once.id },
    ]);

    const [requested] = await calendarsSentDuring(user.email, () => moveBooking(user, booked.id, checked.id));
    expect(requested?.subject).toMatch(/^Booking request received/);
    expect(requested?.calendar).toMatchObject({ method: "CANCEL", uid: `booking-${booked.id}@schools-forum`, sequence: 2 });
    const [confirmed] = await calendarsSentDuring(user.email, async () =>
      expect(await confirmBooking(await lead(), booked.id)).toMatchObject({ ok: true, told: { sent: 1 } }),
    );
    expect(confirmed?.calendar).toMatchObject({ method: "REQUEST", uid: `booking-${booked.id}@schools-forum`, sequence: 3 });
    expect(londonStart(confirmed!.calendar!).wall).toBe("2027-06-22 10:00");
  });
});

describe("the calendar file through a real SMTP server", () => {
  it("a confirmation carries it as a text/calendar; method=REQUEST part and as an .ics attachment, and nothing goes to the outbox", async () => {
    const smtp = await startSmtpServer();
    const delivery = await createDelivery({ startsAt: at("2027-02-09", "14:00") });
    const { user } = await createSchoolTeacher();
    // The app's mailer is made from SMTP_URL when its module loads: load a fresh copy pointing at this server.
    vi.resetModules();
    vi.stubEnv("SMTP_URL", smtp.url);
    try {
      const fresh = await import("~/models/bookings.server");
      const result = await fresh.bookDelivery(user, delivery.id, bookingInput());
      if (!result.ok) throw new Error(result.message);
      expect(smtp.received.map((m) => m.to)).toEqual([[user.email]]);
      const parts = mimeParts(smtp.received[0]!.raw);
      const invitation = parts.find((p) => /^content-type:\s*text\/calendar/im.test(p.headers));
      expect(invitation?.headers).toMatch(/method=REQUEST/i);
      const attachment = parts.find((p) => /^content-disposition:\s*attachment/im.test(p.headers));
      const topicWords = (await prisma.topic.findUniqueOrThrow({ where: { id: delivery.topicId } })).title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
      expect(attachment?.headers).toContain(`filename=${topicWords}-2027-02-09.ics`);
      for (const part of [invitation!, attachment!]) {
        expect(parseCalendar(part.body)).toMatchObject({ method: "REQUEST", uid: `booking-${result.id}@schools-forum`, sequence: 0 });
      }
      expect(londonStart(parseCalendar(invitation!.body))).toEqual({ zone: "Europe/London", wall: "2027-02-09 14:00" });
      expect(parts.find((p) => /^content-type:\s*text\/plain/im.test(p.headers))?.body).toContain("Your place is confirmed.");
      expect(await prisma.outboxMessage.count({ where: { to: user.email } })).toBe(0);
      await (await import("~/db.server")).prisma.$disconnect();
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { academicYearOf } from "~/lib/academic-year";
import { formatDayAndTime, londonDayStart } from "~/lib/dates";
import { londonDateInputValue } from "~/lib/london-time";
import { moveBooking } from "~/models/booking-moves.server";
import { bookDelivery, cancelBooking } from "~/models/bookings.server";
import { openRun } from "~/models/survey-runs.server";
import { bookingTermsNow } from "~/models/deliveries.server";
import { updateDelivery } from "~/models/delivery-changes.server";
import { cancelDelivery, markNotDelivered } from "~/models/delivery-status.server";
import { getTrainingGrid, gridCell, saveTrainingGrid } from "~/models/mvp-training.server";
import { joinWaitlist } from "~/models/waitlist.server";
import { bookingInput, createDelivery, createSchoolTeacher, createTopic, DAY, deliveryInput, lead } from "./delivery-factories";
import { cohortWithMentors, curriculum, mvpSchool } from "./mvp-factories";
import { createSurveyTemplate, schoolWithBooking } from "./survey-factories";

/**
 * A school books, moves or joins a waiting list against the session as its page showed it; the lead may
 * cancel or change that session in the same moment. Whichever commits first, the other must not leave a
 * record the first has made untrue: a place on a cancelled session, or one on terms nobody was shown.
 */
const ROUNDS = 8;
const HOUR = 60 * 60 * 1000;

describe("a place taken as its session is cancelled", () => {
  it("never leaves a booking holding a place on a cancelled session", async () => {
    const actor = await lead();
    for (let round = 0; round < ROUNDS; round += 1) {
      const delivery = await createDelivery({ capacity: 2 });
      const { user } = await createSchoolTeacher();
      const [booked, cancelled] = await Promise.all([bookDelivery(user, delivery.id, bookingInput()), cancelDelivery(actor, delivery.id, "Facilitator ill")]);
      expect(cancelled.ok).toBe(true);
      const held = await prisma.booking.count({ where: { deliveryId: delivery.id, status: { in: ["CONFIRMED", "REQUESTED"] } } });
      expect(held, `round ${round}: booking ${JSON.stringify(booked)}`).toBe(0);
      if (!booked.ok) expect(booked.reason).toBe("closed");
    }
  });

  it("never moves a booking onto a session cancelled meanwhile", async () => {
    const actor = await lead();
    for (let round = 0; round < ROUNDS; round += 1) {
      const topic = await createTopic();
      const from = await createDelivery({ topicId: topic.id });
      const to = await createDelivery({ topicId: topic.id, startsAt: new Date(Date.now() + 21 * DAY) });
      const { user } = await createSchoolTeacher();
      const place = await bookDelivery(user, from.id, bookingInput());
      if (!place.ok) throw new Error("booking failed");
      const [moved] = await Promise.all([moveBooking(user, place.id, to.id), cancelDelivery(actor, to.id, "Facilitator ill")]);
      const booking = await prisma.booking.findUniqueOrThrow({ where: { id: place.id } });
      expect(booking.deliveryId === to.id && booking.status !== "CANCELLED", `round ${round}: move ${JSON.stringify(moved)}`).toBe(false);
    }
  });

  it("never leaves a school waiting for a place on a cancelled session", async () => {
    const actor = await lead();
    for (let round = 0; round < ROUNDS; round += 1) {
      const delivery = await createDelivery({ capacity: 1 });
      await bookDelivery((await createSchoolTeacher()).user, delivery.id, bookingInput());
      const { user } = await createSchoolTeacher();
      await Promise.all([joinWaitlist(user, delivery.id), cancelDelivery(actor, delivery.id, "Facilitator ill")]);
      expect(await prisma.waitlistEntry.count({ where: { deliveryId: delivery.id, status: { in: ["WAITING", "OFFERED"] } } })).toBe(0);
    }
  });

  it("never opens a survey for a booking cancelled meanwhile", async () => {
    const template = await createSurveyTemplate("BEFORE");
    for (let round = 0; round < ROUNDS; round += 1) {
      const { teacher, booking } = await schoolWithBooking({ startsAt: new Date(Date.now() + 14 * DAY) });
      const [opened] = await Promise.all([
        // Cancelled before the survey page's booking was even read, it is the 404 of a booking not open to surveys.
        openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: false }).catch((thrown: unknown) => {
          if (thrown instanceof Response && thrown.status === 404) return { ok: false as const, field: "", message: "not found" };
          throw thrown;
        }),
        cancelBooking(teacher, booking.id, "Trip"),
      ]);
      if (opened.ok) {
        // Opened first, while the booking was still active: the cancellation came after it.
        const auditOf = (entityId: string, action: string) => prisma.auditEvent.findFirstOrThrow({ where: { entityId, action } });
        const [survey, cancel] = [await auditOf(opened.id, "create"), await auditOf(booking.id, "cancel")];
        expect(survey.id < cancel.id, `round ${round}: the survey was opened after its booking was cancelled`).toBe(true);
      } else {
        expect(opened.message).toMatch(
          /^(This booking has just been cancelled or declined, or its session recorded as not taking place, so no survey was opened\.|not found)/,
        );
        expect(await prisma.surveyRun.count({ where: { bookingId: booking.id } })).toBe(0);
      }
    }
  });
});

describe("the session read again inside a booking's transaction", () => {
  it("is closed once cancelled, changed when its time or need for confirmation moved, and else says the places left", async () => {
    const { school } = await createSchoolTeacher();
    const delivery = await createDelivery({ capacity: 3 });
    const termsNow = () => prisma.$transaction((tx) => bookingTermsNow(tx, delivery, { forSchoolId: school.id, now: new Date() }));
    expect(await termsNow()).toEqual({ state: "open", placesLeft: 3 });

    await prisma.delivery.update({ where: { id: delivery.id }, data: { needsConfirmation: true } });
    expect(await termsNow()).toEqual({ state: "changed" });
    await prisma.delivery.update({ where: { id: delivery.id }, data: { needsConfirmation: false, startsAt: new Date(delivery.startsAt.getTime() + HOUR) } });
    expect(await termsNow()).toEqual({ state: "changed" });
    await prisma.delivery.update({ where: { id: delivery.id }, data: { startsAt: delivery.startsAt, status: "CANCELLED" } });
    expect(await termsNow()).toEqual({ state: "closed" });
  });
});

describe("changing a session", () => {
  it("refuses a cancelled session, or one recorded as not taking place, saving and auditing nothing", async () => {
    const actor = await lead();
    const cancelled = await createDelivery();
    await cancelDelivery(actor, cancelled.id, "Facilitator ill");
    const audited = () => prisma.auditEvent.count({ where: { entityType: "Delivery", entityId: cancelled.id } });
    const auditBefore = await audited();
    expect(await updateDelivery(actor, cancelled.id, deliveryInput(cancelled, "2027-05-12", "10:00"))).toEqual({
      ok: false,
      field: null,
      message: "This session was cancelled, so it can no longer be changed. Nothing was saved.",
    });
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: cancelled.id } })).startsAt).toEqual(cancelled.startsAt);
    expect(await audited()).toBe(auditBefore);

    const past = await createDelivery({ startsAt: new Date(Date.now() - 2 * DAY) });
    await markNotDelivered(actor, past.id, "Snow");
    expect(await updateDelivery(actor, past.id, deliveryInput(past, "2027-05-12", "10:00"))).toMatchObject({
      ok: false,
      field: null,
      message: "This session was recorded as not taking place, so it can no longer be changed. Nothing was saved.",
    });
  });

  it("refuses to move a booked session still to come to a time that has passed, by its date, saving nothing", async () => {
    const actor = await lead();
    const booked = await createDelivery({ startsAt: new Date(Date.now() + 20 * DAY) });
    const school = await createSchoolTeacher();
    const booking = await bookDelivery(school.user, booked.id, bookingInput());
    if (!booking.ok) throw new Error(booking.message);
    const lastWeek = londonDateInputValue(new Date(Date.now() - 7 * DAY));
    expect(await updateDelivery(actor, booked.id, deliveryInput(booked, lastWeek, "10:00"))).toEqual({
      ok: false,
      field: "date",
      message: "A school has booked this session, so it cannot move to a time that has passed. Choose a time still to come, or cancel the session.",
    });
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: booked.id } })).startsAt).toEqual(booked.startsAt);

    // Nobody booked: the lead may put a session in the past (one held, to record).
    const unbooked = await createDelivery({ startsAt: new Date(Date.now() + 20 * DAY) });
    expect(await updateDelivery(actor, unbooked.id, deliveryInput(unbooked, lastWeek, "10:00"))).toMatchObject({ ok: true, changed: true });

    // A booked session already over may have its date put right, within the past.
    const over = await createDelivery({ startsAt: new Date(Date.now() - 2 * DAY) });
    await prisma.booking.create({
      data: {
        deliveryId: over.id,
        schoolId: school.school.id,
        status: "CONFIRMED",
        yearGroups: "9",
        expectedPupils: 30,
        contactName: "A",
        contactPhone: "0116 496 0000",
      },
    });
    expect(await updateDelivery(actor, over.id, deliveryInput(over, lastWeek, "10:00"))).toMatchObject({ ok: true, changed: true });
  });

  it("sends an old link to change a cancelled session to the session's page, which says why", async () => {
    const actor = await lead();
    const delivery = await createDelivery();
    await cancelDelivery(actor, delivery.id, "Facilitator ill");
    const { loader } = await import("~/routes/sessions.deliveries.$deliveryId.edit");
    const context: AppLoadContext = { cspNonce: "", clientAddress: "192.0.2.91", secureCookies: false, setCookie: () => undefined };
    const request = new Request(`http://localhost/sessions/deliveries/${delivery.id}/edit`, {
      headers: { Cookie: `vrn_session=${(await createSession(actor.id)).token}` },
    });
    const sent = await Promise.resolve(loader({ request, params: { deliveryId: delivery.id }, context })).catch((thrown: unknown) => thrown);
    expect(sent instanceof Response ? [sent.status, sent.headers.get("Location")] : sent).toEqual([302, `/sessions/deliveries/${delivery.id}`]);
  });

  it("keeps the session's own length when its topic's length has changed since, and tells nobody of a change of notes", async () => {
    const actor = await lead();
    const topic = await createTopic();
    // On the hour, as the form gives it: a start with seconds would itself be a change of time.
    const delivery = await createDelivery({ topicId: topic.id, startsAt: new Date(Math.ceil((Date.now() + 14 * DAY) / HOUR) * HOUR) });
    const { user } = await createSchoolTeacher();
    await bookDelivery(user, delivery.id, bookingInput());
    await prisma.topic.update({ where: { id: topic.id }, data: { durationMinutes: 90 } });
    const day = londonDateInputValue(delivery.startsAt);
    const time = delivery.startsAt.toLocaleTimeString("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" });

    const notes = await updateDelivery(actor, delivery.id, { ...deliveryInput(delivery, day, time), notes: "Bring the slides" });
    expect(notes).toMatchObject({ ok: true, changed: true, told: [] });
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).endsAt).toEqual(delivery.endsAt);
    expect(await prisma.outboxMessage.count({ where: { to: user.email, subject: { startsWith: "Session changed" } } })).toBe(0);

    // Moved an hour later, it is still an hour long.
    const later = new Date(delivery.startsAt.getTime() + HOUR);
    const laterTime = later.toLocaleTimeString("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" });
    await updateDelivery(actor, delivery.id, { ...deliveryInput(delivery, londonDateInputValue(later), laterTime), notes: "Bring the slides" });
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).endsAt).toEqual(new Date(later.getTime() + HOUR));

    // A length on the form is the session's length.
    await updateDelivery(actor, delivery.id, {
      ...deliveryInput(delivery, londonDateInputValue(later), laterTime),
      notes: "Bring the slides",
      durationMinutes: 45,
    });
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).endsAt).toEqual(new Date(later.getTime() + 45 * 60_000));

    // Given another topic, it takes that topic's length.
    const other = await prisma.topic.update({ where: { id: (await createTopic()).id }, data: { durationMinutes: 120 } });
    await updateDelivery(actor, delivery.id, {
      ...deliveryInput({ ...delivery, topicId: other.id }, londonDateInputValue(later), laterTime),
      notes: "Bring the slides",
    });
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).endsAt).toEqual(new Date(later.getTime() + 2 * HOUR));
  });

  it("says nothing changed, not that someone else changed it, when the same change is sent twice at once", async () => {
    const actor = await lead();
    const delivery = await createDelivery({ startsAt: new Date(Math.ceil((Date.now() + 14 * DAY) / HOUR) * HOUR) });
    const input = deliveryInput(delivery, "2027-04-14", "11:00");
    const results = await Promise.all([updateDelivery(actor, delivery.id, input), updateDelivery(actor, delivery.id, input)]);
    expect(results.map((r) => (r.ok ? `saved, changed ${r.changed}` : "message" in r ? r.message : "changed meanwhile")).sort()).toEqual([
      "saved, changed false",
      "saved, changed true",
    ]);
  });

  it("ends an offer of a place by the new close of booking when booking closes sooner", async () => {
    const actor = await lead();
    const startsAt = new Date(Date.now() + 10 * DAY);
    const delivery = await createDelivery({ capacity: 1, startsAt, bookingClosesAt: new Date(startsAt.getTime() - DAY) });
    const first = await createSchoolTeacher();
    const place = await bookDelivery(first.user, delivery.id, bookingInput());
    const waiting = await createSchoolTeacher();
    expect(await joinWaitlist(waiting.user, delivery.id)).toEqual({ ok: true });
    if (!place.ok) throw new Error("booking failed");
    await cancelBooking(first.user, place.id, "Trip");
    const offered = await prisma.waitlistEntry.findFirstOrThrow({ where: { deliveryId: delivery.id, schoolId: waiting.school.id } });
    expect(offered.status).toBe("OFFERED");

    const day = londonDateInputValue(startsAt);
    const time = startsAt.toLocaleTimeString("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" });
    expect(await updateDelivery(actor, delivery.id, { ...deliveryInput(delivery, day, time), closesDaysBefore: 9 })).toMatchObject({ ok: true });
    const closesAt = (await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).bookingClosesAt;
    expect(closesAt.getTime()).toBeLessThan(offered.offerExpiresAt!.getTime());
    expect((await prisma.waitlistEntry.findUniqueOrThrow({ where: { id: offered.id } })).offerExpiresAt).toEqual(closesAt);
    // The school is told by when it must now book.
    const told = await prisma.outboxMessage.findMany({ where: { to: waiting.user.email, subject: { startsWith: "The place held for your school" } } });
    expect(told.map((m) => m.text.split("\n")[0])).toEqual([expect.stringContaining(`is held until ${formatDayAndTime(closesAt)}`)]);

    // Booking closed at once: the school is told the place is no longer held, and no more offers are told of.
    const closed = await updateDelivery(actor, delivery.id, { ...deliveryInput(delivery, day, time), closesDaysBefore: 12 });
    expect(closed).toMatchObject({ ok: true, closedBooking: true, told: [expect.objectContaining({ schoolId: waiting.school.id, inOutbox: true })] });
    const toldAgain = await prisma.outboxMessage.findMany({
      where: { to: waiting.user.email, subject: { startsWith: "The place held for your school" } },
      orderBy: { createdAt: "asc" },
    });
    expect(toldAgain.map((m) => m.text.split("\n")[0])).toEqual([expect.anything(), expect.stringContaining("is no longer held")]);
  });
});

describe("the training grid and a mentor who has stopped", () => {
  it("refuses a tick dated after the day they stopped, as the withdrawal form refuses the same record the other way round", async () => {
    const modules = await curriculum();
    const required = modules.filter((m) => m.required).map((m) => m.id);
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, academicYearOf(new Date()), ["Umar P.", "Vera K."]);
    const [umar, vera] = [cohort.mentors[0]!, cohort.mentors[1]!];
    const yesterday = new Date(Date.now() - DAY);
    await prisma.mentor.update({ where: { id: umar.id }, data: { withdrawnOn: londonDayStart(londonDateInputValue(yesterday)) } });
    const grid = await getTrainingGrid(a.mvpLead, cohort.id);
    const shown = { mentor: grid.mentors.map((m) => m.id), module: grid.modules.map((m) => m.id) };

    const refused = await saveTrainingGrid(a.mvpLead, cohort.id, { ...shown, done: [gridCell(umar.id, required[0]!), gridCell(vera.id, required[0]!)] });
    expect(refused).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Umar P\. stopped being a mentor on .+, so training on .+ cannot be recorded for them\./),
    });
    expect(await prisma.moduleCompletion.count({ where: { mentorId: { in: [umar.id, vera.id] } } })).toBe(0);

    // The others' ticks save once theirs are taken off.
    expect(await saveTrainingGrid(a.mvpLead, cohort.id, { ...shown, done: [gridCell(vera.id, required[0]!)] })).toMatchObject({ ok: true, added: 1 });
  });
});

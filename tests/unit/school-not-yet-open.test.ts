/**
 * A school takes part in no session that starts before the day it opens (decision 0158, amended 4
 * December): it is not booked for one, by its teacher or the lead, does not join its waiting list, is not
 * moved to it, is not offered a place freed on it, has no request of it confirmed, opens no survey for a booking of it, and has no session it
 * booked moved to before its opening day (nor one a closed school booked to after its closing day). A school whose
 * opening day is not known, or that opens on or before the session's day, is unaffected.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { WaitlistPlace } from "~/components/delivery-ui";
import { prisma } from "~/db.server";
import { londonDayStart } from "~/lib/dates";
import { fromLondonWallTime } from "~/lib/london-time";
import { moveBooking, moveOptions } from "~/models/booking-moves.server";
import { bookDelivery, cancelBooking, confirmBooking, schoolsToBookFor } from "~/models/bookings.server";
import { getDeliveryForSchool } from "~/models/deliveries.server";
import { updateDelivery } from "~/models/delivery-changes.server";
import { openRun } from "~/models/survey-runs.server";
import { joinWaitlist, listOwnWaitlist } from "~/models/waitlist.server";
import { action as book } from "~/routes/sessions.deliveries.$deliveryId.book";
import * as requestsPage from "~/routes/sessions.requests";
import * as bookingPage from "~/routes/bookings.$bookingId._index";
import { bookingInput, createDelivery, createSchoolTeacher, createTopic, deliveryInput, lead } from "./delivery-factories";
import { createSchool } from "./factories";
import { routeContext, signedInGet, signedInPost } from "./support/route";
import { replyOf } from "./support/reply";
import { createSurveyTemplate } from "./survey-factories";

const OPENS = "2031-09-01";
/** 10am in London on `day`: the day before the school opens, or its first day. */
const at10 = (day: string) => fromLondonWallTime(day, "10:00")!;
const DAY_BEFORE = "2031-08-31";

async function opensOn(schoolId: string, day: string | null) {
  await prisma.school.update({ where: { id: schoolId }, data: { openedOn: day ? londonDayStart(day) : null } });
}

/** A teacher at a school that opens on 1 September 2031. */
async function openingSchool() {
  const teacher = await createSchoolTeacher();
  await opensOn(teacher.school.id, OPENS);
  return teacher;
}

const NOT_YET_BOOKING = "Your school opens on 1 September 2031, so it cannot book a session before then.";

describe("a school not yet open on a session's day", () => {
  it("cannot book it, and its teacher's page says why; it can book one on its first day", async () => {
    const { school, user } = await openingSchool();
    const before = await createDelivery({ startsAt: at10(DAY_BEFORE) });
    expect(await bookDelivery(user, before.id, bookingInput())).toEqual({ ok: false, reason: "school-status", message: NOT_YET_BOOKING });
    expect(await prisma.booking.count({ where: { schoolId: school.id } })).toBe(0);
    expect((await getDeliveryForSchool(user, before.id)).schoolRefusal).toBe(NOT_YET_BOOKING);

    const firstDay = await createDelivery({ startsAt: at10(OPENS) });
    expect((await getDeliveryForSchool(user, firstDay.id)).schoolRefusal).toBeNull();
    expect(await bookDelivery(user, firstDay.id, bookingInput())).toMatchObject({ ok: true });
  });

  it("can book any session when its opening day is not known", async () => {
    const { school, user } = await openingSchool();
    await opensOn(school.id, null);
    expect(await bookDelivery(user, (await createDelivery({ startsAt: at10(DAY_BEFORE) })).id, bookingInput())).toMatchObject({ ok: true });
  });

  it("is not booked by the lead, is left out of the lead's list of schools, and the form says why by the school", async () => {
    const vrn = await lead();
    const opening = await createSchool({ name: "Newbuild Academy" });
    await opensOn(opening.id, OPENS);
    const unknown = await createSchool();
    const before = await createDelivery({ startsAt: at10(DAY_BEFORE) });
    expect(await bookDelivery(vrn, before.id, { ...bookingInput(), schoolId: opening.id })).toEqual({
      ok: false,
      reason: "school-status",
      message: "Newbuild Academy opens on 1 September 2031, so it cannot book a session before then.",
    });
    const offered = (await schoolsToBookFor(vrn, before.startsAt)).map((s) => s.value);
    expect(offered).not.toContain(opening.id);
    expect(offered).toContain(unknown.id);
    expect((await schoolsToBookFor(vrn, at10(OPENS))).map((s) => s.value)).toContain(opening.id);

    const path = `/sessions/deliveries/${before.id}/book`;
    const fields = { intent: "book", schoolId: opening.id, yearGroups: "7", expectedPupils: "30", contactName: "A", contactPhone: "0116 496 0000" };
    const reply = await replyOf(await book({ request: await signedInPost(path, vrn.id, fields), context: routeContext(), params: { deliveryId: before.id } }));
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      form: { error: { schoolId: ["Newbuild Academy opens on 1 September 2031, so it cannot book a session before then."] } },
    });
    expect(await prisma.booking.count({ where: { schoolId: opening.id } })).toBe(0);
    expect(await bookDelivery(vrn, before.id, { ...bookingInput(), schoolId: unknown.id })).toMatchObject({ ok: true });
  });

  it("joins no waiting list for it, but joins one for a session on its first day", async () => {
    const { school, user } = await openingSchool();
    for (const day of [DAY_BEFORE, OPENS]) {
      const full = await createDelivery({ startsAt: at10(day), capacity: 1 });
      expect(await bookDelivery((await createSchoolTeacher()).user, full.id, bookingInput())).toMatchObject({ ok: true });
      const joined = await joinWaitlist(user, full.id);
      if (day === DAY_BEFORE) {
        expect(joined).toEqual({ ok: false, message: "Your school opens on 1 September 2031, so it cannot join the waiting list for a session before then." });
        expect(await prisma.waitlistEntry.count({ where: { schoolId: school.id } })).toBe(0);
      } else expect(joined).toEqual({ ok: true });
    }
  });

  it("has no booking moved to it, and is not offered it as a date to move to", async () => {
    const { school, user } = await openingSchool();
    const topic = await createTopic();
    const first = await createDelivery({ topicId: topic.id, startsAt: at10("2031-09-02") });
    const before = await createDelivery({ topicId: topic.id, startsAt: at10(DAY_BEFORE) });
    const firstDay = await createDelivery({ topicId: topic.id, startsAt: at10(OPENS) });
    const booked = await bookDelivery(user, first.id, bookingInput());
    if (!booked.ok) throw new Error(booked.message);

    expect((await moveOptions(user, booked.id)).options.map((o) => o.id)).toEqual([firstDay.id]);
    expect(await moveBooking(await lead(), booked.id, before.id)).toEqual({
      ok: false,
      message: `${school.name} opens on 1 September 2031, so it cannot have a booking moved to a session before then.`,
    });
    expect((await prisma.booking.findUniqueOrThrow({ where: { id: booked.id } })).deliveryId).toBe(first.id);
    expect(await moveBooking(user, booked.id, firstDay.id)).toMatchObject({ ok: true });
  });

  it("has no request of a session before its opening day confirmed, once that day is known", async () => {
    const { school, user } = await openingSchool();
    await opensOn(school.id, null);
    const before = await createDelivery({ startsAt: at10(DAY_BEFORE), needsConfirmation: true });
    const asked = await bookDelivery(user, before.id, bookingInput());
    if (!asked.ok) throw new Error(asked.message);
    await opensOn(school.id, OPENS);
    const refusal = `${school.name} opens on 1 September 2031, so it cannot have a booking confirmed for a session before then.`;
    const vrn = await lead();
    expect(await confirmBooking(vrn, asked.id)).toEqual({ ok: false, message: refusal });
    expect((await prisma.booking.findUniqueOrThrow({ where: { id: asked.id } })).status).toBe("REQUESTED");
    // The requests page says so by the request, instead of offering to confirm it; a form sent anyway is a 400.
    const page = await replyOf(await requestsPage.loader({ request: await signedInGet("/sessions/requests", vrn.id), context: routeContext(), params: {} }));
    expect(page.body).toMatchObject({ requests: [{ id: asked.id, refusal }] });
    // So does the request's own page, instead of a link to confirm it.
    const own = await replyOf(
      await bookingPage.loader({ request: await signedInGet(`/bookings/${asked.id}`, vrn.id), context: routeContext(), params: { bookingId: asked.id } }),
    );
    expect(own.body).toMatchObject({ confirmRefusal: refusal });
    const sent = await signedInPost("/sessions/requests", vrn.id, { bookingId: asked.id });
    expect(await replyOf(await requestsPage.action({ request: sent, context: routeContext(), params: {} }))).toMatchObject({
      status: 400,
      body: { message: refusal },
    });
    await opensOn(school.id, DAY_BEFORE);
    expect(await confirmBooking(await lead(), asked.id)).toMatchObject({ ok: true });
  });

  it("keeps a session it booked from being moved to before its opening day, or after its closing day", async () => {
    const opening = await createSchoolTeacher();
    await prisma.school.update({ where: { id: opening.school.id }, data: { name: "Newbuild Academy", openedOn: londonDayStart(OPENS) } });
    const closing = await createSchoolTeacher();
    // A school with no days known does not stop a move.
    const unknown = await createSchoolTeacher();
    const session = await createDelivery({ startsAt: at10("2031-09-02") });
    for (const teacher of [opening, closing, unknown]) expect(await bookDelivery(teacher.user, session.id, bookingInput())).toMatchObject({ ok: true });
    const vrn = await lead();
    const startsAt = async () => (await prisma.delivery.findUniqueOrThrow({ where: { id: session.id } })).startsAt;
    const move = (day: string, time: string, now: Date) => updateDelivery(vrn, session.id, deliveryInput(session, day, time), now);
    const june = new Date("2031-06-01T12:00:00Z");

    expect(await move(DAY_BEFORE, "10:00", june)).toEqual({
      ok: false,
      field: "date",
      message:
        "Newbuild Academy, booked on this session, opens on 1 September 2031, so the session cannot move to before then: move or cancel its booking first",
    });
    expect(await startsAt()).toEqual(at10("2031-09-02"));
    // Its first day, at any hour, is within its days.
    expect(await move(OPENS, "09:00", june)).toMatchObject({ ok: true, changed: true });

    // Once the session is over, a school that closed since, its booking still open, keeps it from moving
    // to after the closing day as well.
    await prisma.school.update({
      where: { id: closing.school.id },
      data: { name: "Oldfield School", status: "CLOSED", closedOn: londonDayStart("2031-09-05") },
    });
    const later = new Date("2031-09-20T12:00:00Z");
    expect(await move("2031-09-08", "10:00", later)).toEqual({
      ok: false,
      field: "date",
      message:
        "Oldfield School, booked on this session, closed on 5 September 2031, so the session cannot move to after then: move or cancel its booking first",
    });
    expect(await move("2031-09-05", "15:00", later)).toMatchObject({ ok: true, changed: true });

    // With the opening school's booking cancelled, the session may move before its first day.
    const held = await prisma.booking.findFirstOrThrow({ where: { deliveryId: session.id, schoolId: opening.school.id } });
    await prisma.booking.update({ where: { id: held.id }, data: { status: "CANCELLED" } });
    expect(await move(DAY_BEFORE, "10:00", later)).toMatchObject({ ok: true, changed: true });
    expect(await startsAt()).toEqual(at10(DAY_BEFORE));
  });

  it("is passed over for a place freed on it, and ahead of no other school in the queue", async () => {
    const full = await createDelivery({ startsAt: at10(DAY_BEFORE), capacity: 1 });
    const holder = await createSchoolTeacher();
    const held = await bookDelivery(holder.user, full.id, bookingInput());
    if (!held.ok) throw new Error(held.message);
    // On the list from before its opening day was known.
    const opening = await createSchoolTeacher();
    expect(await joinWaitlist(opening.user, full.id)).toEqual({ ok: true });
    const next = await createSchoolTeacher();
    expect(await joinWaitlist(next.user, full.id)).toEqual({ ok: true });
    await opensOn(opening.school.id, OPENS);
    expect((await listOwnWaitlist(next.user)).map((e) => e.queuePlace)).toEqual([1]);
    // Its own list gives it no place in the queue, but says why no place will come.
    const [own] = await listOwnWaitlist(opening.user);
    expect(own).toMatchObject({ status: "WAITING", queuePlace: null, opensAfter: londonDayStart(OPENS) });
    expect(renderToStaticMarkup(createElement(WaitlistPlace, { entry: own! }))).toBe(
      "Your school cannot take a place: it opens on 1 September 2031, after this session",
    );
    // A place offered before the opening day was known is one it cannot take either.
    const offered = { ...own!, status: "OFFERED", offerExpiresAt: new Date("2031-08-20T12:00:00Z") };
    expect(renderToStaticMarkup(createElement(WaitlistPlace, { entry: offered }))).toBe(
      "Your school cannot take a place: it opens on 1 September 2031, after this session",
    );

    const cancelled = await cancelBooking(holder.user, held.id, "Exams moved");
    expect(cancelled).toMatchObject({ ok: true, offered: [{ schoolId: next.school.id }] });
    const statuses = await prisma.waitlistEntry.findMany({ where: { deliveryId: full.id }, select: { schoolId: true, status: true } });
    expect(statuses).toEqual(
      expect.arrayContaining([
        { schoolId: opening.school.id, status: "WAITING" },
        { schoolId: next.school.id, status: "OFFERED" },
      ]),
    );
  });

  it("is offered a place freed on a session on its first day", async () => {
    const full = await createDelivery({ startsAt: at10(OPENS), capacity: 1 });
    const holder = await createSchoolTeacher();
    const held = await bookDelivery(holder.user, full.id, bookingInput());
    if (!held.ok) throw new Error(held.message);
    const opening = await openingSchool();
    expect(await joinWaitlist(opening.user, full.id)).toEqual({ ok: true });
    expect(await cancelBooking(holder.user, held.id, "Exams moved")).toMatchObject({ ok: true, offered: [{ schoolId: opening.school.id }] });
  });

  it("opens no survey for a booking of a session before it opens, but does once its opening day is not after it", async () => {
    const { school, user } = await openingSchool();
    const before = await createDelivery({ startsAt: at10(DAY_BEFORE) });
    // Booked before its opening day was known.
    const booking = await prisma.booking.create({
      data: {
        deliveryId: before.id,
        schoolId: school.id,
        status: "CONFIRMED",
        yearGroups: "9",
        expectedPupils: 30,
        contactName: "A",
        contactPhone: "0116 496 0000",
      },
    });
    const template = await createSurveyTemplate();
    const input = { templateId: template.id, sharedDevices: false };
    expect(await openRun(user, { bookingId: booking.id }, input)).toEqual({
      ok: false,
      field: "",
      message: "Your school opens on 1 September 2031, so it cannot open a pupil survey for a session before then.",
    });
    expect(await prisma.surveyRun.count({ where: { schoolId: school.id } })).toBe(0);
    await opensOn(school.id, DAY_BEFORE);
    // Opened on the school's first day: one opened before it is refused by its own day (school-days-against-records).
    expect(await openRun(user, { bookingId: booking.id }, input, new Date("2031-08-31T08:00:00Z"))).toMatchObject({ ok: true });
    await opensOn(school.id, null);
    expect(await openRun(user, { bookingId: booking.id }, input)).toMatchObject({ ok: true });
  });
});

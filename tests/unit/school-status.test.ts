import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { schoolActivityRefusal } from "~/lib/statuses";
import { moveBooking } from "~/models/booking-moves.server";
import { bookDelivery } from "~/models/bookings.server";
import { getDeliveryForSchool } from "~/models/deliveries.server";
import { createInvitation } from "~/models/invitations.server";
import type { Mailer } from "~/models/mailer.server";
import { schoolRefusalFor } from "~/models/school-status.server";
import { listRuns, openRun } from "~/models/survey-runs.server";
import { changeUserAccess } from "~/models/users.server";
import { joinWaitlist } from "~/models/waitlist.server";
import { bookingInput, createDelivery, createSchoolTeacher, lead } from "./delivery-factories";
import { createUser } from "./factories";
import { createSurveyTemplate, schoolWithBooking } from "./survey-factories";

const close = (schoolId: string) => prisma.school.update({ where: { id: schoolId }, data: { status: "CLOSED" } });
const CLOSED_BOOKING = "Your school is closed, so it cannot book sessions or join a waiting list. Its past bookings, survey results and reach are kept.";

describe("a closed school", () => {
  it("takes no new booking, and its teacher's page says why", async () => {
    const delivery = await createDelivery({ capacity: 5 });
    const { school, user } = await createSchoolTeacher();
    await close(school.id);
    expect(await bookDelivery(user, delivery.id, bookingInput())).toEqual({ ok: false, reason: "school-status", message: CLOSED_BOOKING });
    expect(await prisma.booking.count({ where: { schoolId: school.id } })).toBe(0);
    expect((await getDeliveryForSchool(user, delivery.id)).schoolRefusal).toBe(CLOSED_BOOKING);
  });

  it("joins no waiting list and cannot have a booking moved to another date", async () => {
    const full = await createDelivery({ capacity: 1 });
    const other = await createSchoolTeacher();
    expect(await bookDelivery(other.user, full.id, bookingInput())).toMatchObject({ ok: true });
    const { school, user } = await createSchoolTeacher();
    await close(school.id);
    expect(await joinWaitlist(user, full.id)).toEqual({ ok: false, message: CLOSED_BOOKING });
    expect(await prisma.waitlistEntry.count({ where: { schoolId: school.id } })).toBe(0);

    const first = await createDelivery({ capacity: 5 });
    const open = await createSchoolTeacher();
    const booked = await bookDelivery(open.user, first.id, bookingInput());
    if (!booked.ok) throw new Error(booked.message);
    const later = await prisma.delivery.create({
      data: { ...(({ id: _id, createdAt: _c, updatedAt: _u, ...rest }) => rest)(first), startsAt: new Date(first.startsAt.getTime() + 86_400_000) },
    });
    await close(open.school.id);
    expect(await moveBooking(await lead(), booked.id, later.id)).toMatchObject({ ok: false, message: expect.stringContaining("is closed") });
  });

  it("opens no survey, for a booking or for MVP, but keeps the runs it has", async () => {
    const { school, teacher, booking } = await schoolWithBooking();
    const template = await createSurveyTemplate();
    const kept = await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: false });
    await close(school.id);
    // Its own teacher is told of "Your school", as on the survey page.
    expect(await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: false })).toEqual({
      ok: false,
      field: "",
      message: "Your school is closed, so it cannot open new pupil surveys. Its past bookings, survey results and reach are kept.",
    });
    expect((await listRuns(teacher, 1)).runs.map((r) => r.id)).toEqual([kept.ok && kept.id]);

    const mvpLead = await createUser({ role: "MVP_LEAD", schoolId: school.id });
    const mvpTemplate = await createSurveyTemplate("BEFORE", { context: "MVP" });
    expect(await openRun(mvpLead, { mvp: true }, { templateId: mvpTemplate.id, sharedDevices: false })).toMatchObject({ ok: false, field: "" });
  });

  it("has no one new invited", async () => {
    const { school } = await createSchoolTeacher();
    await close(school.id);
    const noMail: Mailer = {
      transport: "outbox",
      sendMail: async () => {
        throw new Error("no email should be sent");
      },
    };
    const result = await createInvitation(
      await lead(),
      { email: `new-${school.id}@school.example.org`, role: "TEACHER", schoolId: school.id },
      { origin: "http://localhost", mailer: noMail },
    );
    expect(result).toEqual({
      ok: false,
      fieldErrors: { schoolId: [`${school.name} is closed, so it cannot have new people invited. Its past bookings, survey results and reach are kept.`] },
    });
    expect(await prisma.invitation.count({ where: { schoolId: school.id } })).toBe(0);
  });

  it("has no one moved to it from another school, while people already there keep their access", async () => {
    const { school, user: stays } = await createSchoolTeacher();
    const { user: mover } = await createSchoolTeacher();
    await close(school.id);
    const refused = await changeUserAccess(await lead(), mover.id, { role: "TEACHER", schoolId: school.id });
    expect(refused).toMatchObject({ ok: false, reason: "refused", field: "schoolId", message: expect.stringContaining("is closed") });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: mover.id } })).schoolId).not.toBe(school.id);
    expect(await changeUserAccess(await lead(), stays.id, { role: "MVP_LEAD", schoolId: school.id })).toMatchObject({ ok: true, changed: true });
  });

  it("says why in words for the reader: its own staff are told of their school, the lead is told its name", async () => {
    const { school, user } = await createSchoolTeacher();
    await close(school.id);
    const read = await prisma.school.findUniqueOrThrow({ where: { id: school.id } });
    expect(schoolRefusalFor(user, read, "booking")).toBe(CLOSED_BOOKING);
    expect(schoolRefusalFor(await lead(), read, "survey")).toBe(
      `${school.name} is closed, so it cannot open new pupil surveys. Its past bookings, survey results and reach are kept.`,
    );
    expect(schoolRefusalFor(user, { ...read, status: "OPEN" }, "booking")).toBeNull();
  });

  it("lets an open school do all of these", () => {
    for (const activity of ["booking", "survey", "invitation"] as const) expect(schoolActivityRefusal("OPEN", activity)).toBeNull();
  });
});

describe("an open school's view of a session", () => {
  it("shows its teacher no refusal and the school's number on roll beside the session", async () => {
    const delivery = await createDelivery({ capacity: 5 });
    const { school, user } = await createSchoolTeacher();
    await prisma.school.update({ where: { id: school.id }, data: { numberOnRoll: 812 } });
    expect(await getDeliveryForSchool(user, delivery.id)).toMatchObject({ schoolRefusal: null, schoolRoll: 812 });
  });
});

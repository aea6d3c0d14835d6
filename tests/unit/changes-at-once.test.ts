/**
 * Two people changing the same thing at the same moment: exactly one change is saved, audited and
 * emailed; the other is refused (a 400 with a message saying what the thing is now), never a 500 or a
 * second write. Every call is fired at once with Promise.all against the real database.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { bookDelivery, cancelBooking, confirmBooking, declineBooking } from "~/models/bookings.server";
import { recordAttendance } from "~/models/attendance.server";
import { cancelDelivery, markNotDelivered } from "~/models/delivery-status.server";
import { createPage } from "~/models/guide-editor.server";
import { createSection, updateSection } from "~/models/guide-sections.server";
import { addMentor, reinstateMentor } from "~/models/mvp-mentors.server";
import { setModuleActive } from "~/models/mvp-modules.server";
import { closeRun, openRun } from "~/models/survey-runs.server";
import { draftToEdit, publishTemplate, retireTemplate } from "~/models/survey-templates.server";
import { joinWaitlist, leaveWaitlist } from "~/models/waitlist.server";
import { academicYearOf } from "~/lib/academic-year";
import { bookingInput, createDelivery, createSchoolTeacher, DAY, lead } from "./delivery-factories";
import { content, createGuideSection, createLead } from "./guide-fixtures";
import { cohortWithMentors, mvpSchool } from "./mvp-factories";
import { createSurveyTemplate, schoolWithBooking } from "./survey-factories";

/** A request for the one place on a session that needs confirmation, with another school waiting. */
async function requestWithSchoolWaiting() {
  const delivery = await createDelivery({ capacity: 1, needsConfirmation: true });
  const school = await createSchoolTeacher();
  const waiting = await createSchoolTeacher();
  const booked = await bookDelivery(school.user, delivery.id, bookingInput());
  if (!booked.ok) throw new Error(booked.message);
  expect(await joinWaitlist(waiting.user, delivery.id)).toEqual({ ok: true });
  return { delivery, school, waiting, bookingId: booked.id, lead: await lead() };
}

const auditsOf = (entityId: string) => prisma.auditEvent.findMany({ where: { entityId }, select: { action: true } });
const mailTo = (email: string) => prisma.outboxMessage.findMany({ where: { to: email }, select: { subject: true } });
const losers = (results: { ok: boolean }[]) => results.filter((r) => !r.ok);

describe("a booking changed by two people at once", () => {
  it("keeps the school's cancellation or the lead's confirmation, never both", async () => {
    const { school, waiting, bookingId, lead } = await requestWithSchoolWaiting();
    const [cancelled, confirmed] = await Promise.all([cancelBooking(school.user, bookingId, "Exams moved"), confirmBooking(lead, bookingId)]);
    expect([cancelled, confirmed].filter((r) => r.ok)).toHaveLength(1);
    expect(losers([cancelled, confirmed])).toEqual([{ ok: false, message: expect.stringMatching(/just been changed by someone else|cannot be/) }]);
    const { status } = await prisma.booking.findUniqueOrThrow({ where: { id: bookingId } });
    const offers = (await mailTo(waiting.user.email)).filter((m) => m.subject.startsWith("A place is free"));
    const schoolMail = (await mailTo(school.user.email)).map((m) => m.subject).filter((s) => !s.startsWith("Booking request received"));
    const actions = (await auditsOf(bookingId)).map((a) => a.action).filter((a) => a !== "create");
    if (cancelled.ok) {
      expect(status).toBe("CANCELLED");
      expect(actions).toEqual(["cancel"]);
      expect(schoolMail).toEqual([expect.stringMatching(/^Booking cancelled/)]);
      expect(offers).toHaveLength(1);
    } else {
      expect(status).toBe("CONFIRMED");
      expect(actions).toEqual(["confirm"]);
      expect(schoolMail).toEqual([expect.stringMatching(/^Booking confirmed/)]);
      expect(offers).toHaveLength(0);
    }
  });

  it("cancels once, audits once and emails once when the form is sent three times at once", async () => {
    const { school, waiting, bookingId } = await requestWithSchoolWaiting();
    const results = await Promise.all([1, 2, 3].map(() => cancelBooking(school.user, bookingId, "Exams moved")));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(losers(results)).toHaveLength(2);
    expect((await auditsOf(bookingId)).filter((a) => a.action === "cancel")).toHaveLength(1);
    expect((await mailTo(school.user.email)).filter((m) => m.subject.startsWith("Booking cancelled"))).toHaveLength(1);
    expect((await mailTo(waiting.user.email)).filter((m) => m.subject.startsWith("A place is free"))).toHaveLength(1);
  });

  it("confirms or declines a request, not both, and tells the lead what it now is", async () => {
    const { school, bookingId, lead } = await requestWithSchoolWaiting();
    const results = await Promise.all([confirmBooking(lead, bookingId), declineBooking(lead, bookingId, "No room"), confirmBooking(lead, bookingId)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const { status } = await prisma.booking.findUniqueOrThrow({ where: { id: bookingId } });
    expect((await auditsOf(bookingId)).filter((a) => a.action !== "create")).toHaveLength(1);
    expect((await mailTo(school.user.email)).filter((m) => !m.subject.startsWith("Booking request received"))).toHaveLength(1);
    for (const loser of losers(results)) {
      expect(loser).toMatchObject({
        message: expect.stringMatching(
          /^(This booking is no longer a request|This booking has just been changed by someone else: it is now “(Confirmed|Declined)”)/,
        ),
      });
    }
    expect(["CONFIRMED", "DECLINED"]).toContain(status);
  });
});

describe("leaving a waiting list twice at once", () => {
  it("leaves once and tells the second click the school has already left, with no 403", async () => {
    const { delivery, waiting } = await requestWithSchoolWaiting();
    const results = await Promise.all([leaveWaitlist(waiting.user, delivery.id), leaveWaitlist(waiting.user, delivery.id)]);
    expect(results).toContainEqual({ ok: true, offered: [] });
    expect(results).toContainEqual({ ok: false, message: "Your school has already left the waiting list for this session" });
    const entry = await prisma.waitlistEntry.findFirstOrThrow({ where: { deliveryId: delivery.id, schoolId: waiting.school.id } });
    expect(entry.status).toBe("LEFT");
    expect((await auditsOf(entry.id)).filter((a) => a.action === "delete")).toHaveLength(1);
  });
});

describe("a session cancelled twice at once", () => {
  it("cancels it once and emails each booked school once", async () => {
    const { delivery, school, lead } = await requestWithSchoolWaiting();
    const results = await Promise.all([1, 2].map(() => cancelDelivery(lead, delivery.id, "Facilitator ill")));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(losers(results)).toEqual([
      { ok: false, message: expect.stringMatching(/cancelled already|just been changed by someone else: it is now “Cancelled”/) },
    ]);
    expect((await auditsOf(delivery.id)).filter((a) => a.action === "cancel")).toHaveLength(1);
    expect((await mailTo(school.user.email)).filter((m) => m.subject.startsWith("Session cancelled"))).toHaveLength(1);
  });
});

describe("a return recorded as the lead marks the session not delivered", () => {
  it("never leaves a delivered booking with pupil counts on a session that did not happen", async () => {
    const past = new Date(Date.now() - 3 * DAY);
    const delivery = await createDelivery({ startsAt: past, bookingClosesAt: new Date(past.getTime() - DAY) });
    const { user, school } = await createSchoolTeacher();
    const booking = await prisma.booking.create({
      data: {
        deliveryId: delivery.id,
        schoolId: school.id,
        status: "CONFIRMED",
        yearGroups: "8",
        expectedPupils: 30,
        contactName: "Ms A",
        contactPhone: "0116 496 0000",
      },
    });
    const theLead = await lead();
    // The lead's change lands between the school's read of the booking and its save: the worst moment.
    let marked: Promise<Awaited<ReturnType<typeof markNotDelivered>>> | undefined;
    const transaction = prisma.$transaction;
    prisma.$transaction = (async (...args: Parameters<typeof transaction>) => {
      if (!marked) {
        marked = markNotDelivered(theLead, delivery.id, "Facilitator ill");
        await marked;
      }
      return transaction(...args);
    }) as typeof transaction;
    const returned = await recordAttendance(user, booking.id, { tookPlace: "YES", year8: 28, comment: "", confirmHigh: false, notTakenDetail: "" }).finally(
      () => {
        prisma.$transaction = transaction;
      },
    );
    expect(returned).toMatchObject({ ok: false, message: expect.stringMatching(/^This booking or its session has just been changed by someone else/) });
    expect(await marked).toMatchObject({ ok: true });
    const after = await prisma.booking.findUniqueOrThrow({ where: { id: booking.id }, include: { attendance: true } });
    expect(after.status).toBe("NOT_DELIVERED");
    expect(after.attendance).toBeNull();
  });
});

describe("guide addresses saved at once", () => {
  const slugUsed = { ok: false, field: "slug", message: expect.stringMatching(/already use/) };

  it("adds one section when the same address is sent four times at once", async () => {
    const lead = await createLead();
    const slug = `at-once-${Date.now()}`;
    const results = await Promise.all([1, 2, 3, 4].map(() => createSection(lead, { title: "Safeguarding", slug })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(losers(results)).toEqual([slugUsed, slugUsed, slugUsed]);
    expect(await prisma.guideSection.count({ where: { slug } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { entityType: "GuideSection", summary: 'Added the guide section "Safeguarding"', actorId: lead.id } })).toBe(
      1,
    );
  });

  it("gives two sections the same new address only once", async () => {
    const lead = await createLead();
    const [a, b] = [await createGuideSection(lead), await createGuideSection(lead)];
    const slug = `renamed-${Date.now()}`;
    const results = await Promise.all([updateSection(lead, a, { title: "A", slug }), updateSection(lead, b, { title: "B", slug })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(losers(results)).toEqual([slugUsed]);
  });

  it("adds one page when the same address in a section is sent four times at once", async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead);
    const results = await Promise.all([1, 2, 3, 4].map(() => createPage(lead, { ...content(), sectionId, slug: "who-to-call" })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(losers(results)).toEqual([slugUsed, slugUsed, slugUsed]);
    expect(await prisma.guidePage.count({ where: { sectionId } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { entityType: "GuidePage", action: "create", actorId: lead.id } })).toBe(1);
  });
});

describe("a mentor added six times at once", () => {
  it("adds one mentor and refuses the rest as a duplicate name", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, academicYearOf(new Date()), []);
    const results = await Promise.all(Array.from({ length: 6 }, () => addMentor(a.mvpLead, cohort.id, { displayName: "Zed Q.", yearGroup: 10 })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(losers(results)).toHaveLength(5);
    expect(losers(results).every((r) => "field" in r && r.field === "displayName")).toBe(true);
    expect(await prisma.mentor.count({ where: { cohortId: cohort.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { entityType: "Mentor", action: "create", actorId: a.mvpLead.id } })).toBe(1);
  });
});

describe("a survey template retired twice at once", () => {
  it("retires it once and audits once; the other is told it is no longer published", async () => {
    const template = await createSurveyTemplate();
    const theLead = await lead();
    const results = await Promise.all([1, 2].map(() => retireTemplate(theLead, template.id)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(losers(results)).toEqual([{ ok: false, message: expect.stringMatching(/is now “Retired”/) }]);
    expect(await prisma.surveyTemplate.findUniqueOrThrow({ where: { id: template.id }, select: { status: true } })).toEqual({ status: "RETIRED" });
    expect(await auditsOf(template.id)).toHaveLength(1);
  });

  it("audits nothing when a newer version's publishing retired it first", async () => {
    const template = await createSurveyTemplate();
    const theLead = await lead();
    const draftId = await draftToEdit(theLead, template.id);
    const before = (await auditsOf(template.id)).length;
    const [published, retired] = await Promise.all([publishTemplate(theLead, draftId), retireTemplate(theLead, template.id)]);
    expect(published).toEqual({ ok: true });
    const retires = (await auditsOf(template.id)).length - before;
    // Whichever ran first, the old version is retired and its own retirement is audited only if it did it.
    expect(retires).toBe(retired.ok ? 1 : 0);
    expect(await prisma.surveyTemplate.findUniqueOrThrow({ where: { id: template.id }, select: { status: true } })).toEqual({ status: "RETIRED" });
  });
});

describe("a survey closed twice at once", () => {
  it("closes it once and audits once", async () => {
    const { teacher, booking } = await schoolWithBooking();
    const template = await createSurveyTemplate();
    const opened = await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: false });
    if (!opened.ok) throw new Error(opened.message);
    const closedAt = [new Date("2026-11-20T10:00:00Z"), new Date("2026-11-20T10:00:01Z")];
    await Promise.all(closedAt.map((now) => closeRun(teacher, opened.id, now)));
    expect((await auditsOf(opened.id)).filter((a) => a.action === "update")).toHaveLength(1);
    const run = await prisma.surveyRun.findUniqueOrThrow({ where: { id: opened.id }, select: { closedAt: true } });
    expect(closedAt).toContainEqual(run.closedAt);
  });
});

describe("an MVP training module retired twice at once", () => {
  it("retires it once and audits once", async () => {
    const module = await prisma.trainingModule.create({ data: { title: "Healthy relationships", required: false, position: 10 } });
    const theLead = await lead();
    const results = await Promise.all([1, 2].map(() => setModuleActive(theLead, module.id, false)));
    // One retires it; the other finds it retired already and is told nothing changed.
    expect(results.map((r) => r.ok && r.changed).sort()).toEqual([false, true]);
    expect((await auditsOf(module.id)).filter((a) => a.action === "retire")).toHaveLength(1);
    expect(await prisma.trainingModule.findUniqueOrThrow({ where: { id: module.id }, select: { active: true } })).toEqual({ active: false });
  });
});

describe("a mentor brought back twice at once", () => {
  it("brings them back once and audits once", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, academicYearOf(new Date()), ["Nia P."]);
    const mentor = cohort.mentors[0]!;
    await prisma.mentor.update({ where: { id: mentor.id }, data: { withdrawnOn: new Date() } });
    const results = await Promise.all([1, 2].map(() => reinstateMentor(mvpLead, mentor.id)));
    expect(results.map((r) => r.changed).sort()).toEqual([false, true]);
    expect((await auditsOf(mentor.id)).filter((a) => a.action === "reinstate")).toHaveLength(1);
    expect(await prisma.mentor.findUniqueOrThrow({ where: { id: mentor.id }, select: { withdrawnOn: true } })).toEqual({ withdrawnOn: null });
  });
});

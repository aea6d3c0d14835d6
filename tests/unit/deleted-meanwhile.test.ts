/**
 * A change to something deleted at that moment: the change read the row, then someone else deleted it
 * before the change's own transaction wrote. It gets the same answer as a change to a row that was never
 * there (a 404 naming the thing, or the function's own "no such" result), never a 500 from the database's
 * "record not found" (Prisma's P2025). The deletion is made to fall in that gap every time: just before
 * the change's transaction begins.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { academicYearOf } from "~/lib/academic-year";
import { deleteCohort, updateCohort } from "~/models/mvp-cohorts.server";
import { createLesson, deleteLesson, updateLesson } from "~/models/mvp-lessons.server";
import { deleteMentor, reinstateMentor, withdrawMentor } from "~/models/mvp-mentors.server";
import { createStaffTraining, deleteStaffTraining, updateStaffTraining } from "~/models/mvp-staff.server";
import { addNotedTrainingDays, addTrainingSession } from "~/models/mvp-training-sessions.server";
import { addLocalityArea, createLocality, removeLocalityArea, renameLocality } from "~/models/localities.server";
import { createPage, saveDraft } from "~/models/guide-editor.server";
import { deleteModule, setModuleActive, updateModule } from "~/models/mvp-modules.server";
import { cancelDelivery, markNotDelivered } from "~/models/delivery-status.server";
import { closeRun, openRun } from "~/models/survey-runs.server";
import { retireTemplate } from "~/models/survey-templates.server";
import { joinWaitlist, leaveWaitlist } from "~/models/waitlist.server";
import { bookDelivery } from "~/models/bookings.server";
import { moveBooking } from "~/models/booking-moves.server";
import { bookingInput, createDelivery, createSchoolTeacher, lead as deliveriesLead } from "./delivery-factories";
import { createUser } from "./factories";
import { content, createGuideSection, createLead } from "./guide-fixtures";
import { cohortWithMentors, mvpSchool, vrnLead } from "./mvp-factories";
import { createSurveyTemplate, schoolWithBooking } from "./survey-factories";

const year = academicYearOf(new Date());
const MISSING = "no-such-row";

/** What a call ends in: its value, or the status and body of the response it threw. */
async function outcome(call: () => Promise<unknown>) {
  try {
    return { value: await call() };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, body: await error.json() };
    throw error;
  }
}

/**
 * Runs `change` with `remove` done just before its transaction begins: after it read the row, before it
 * writes. `transaction` counts from 1: a change that first runs another transaction names its own.
 */
async function deletedMeanwhile(remove: () => Promise<unknown>, change: () => Promise<unknown>, { transaction: at = 1 } = {}) {
  const transaction = prisma.$transaction;
  let begun = 0;
  prisma.$transaction = (async (...args: Parameters<typeof transaction>) => {
    if (++begun < at) return (transaction as (...args: unknown[]) => Promise<unknown>).apply(prisma, args);
    prisma.$transaction = transaction;
    await remove();
    return (transaction as (...args: unknown[]) => Promise<unknown>).apply(prisma, args);
  }) as typeof transaction;
  try {
    return await outcome(change);
  } finally {
    prisma.$transaction = transaction;
  }
}

/**
 * Runs `change` with `remove` done just after its transaction commits: after it saved, before anything
 * it does next (such as an email of what it saved). `transaction` counts from 1, as above.
 */
async function deletedJustAfter(remove: () => Promise<unknown>, change: () => Promise<unknown>, { transaction: at = 1 } = {}) {
  const transaction = prisma.$transaction;
  let begun = 0;
  prisma.$transaction = (async (...args: Parameters<typeof transaction>) => {
    const run = () => (transaction as (...args: unknown[]) => Promise<unknown>).apply(prisma, args);
    if (++begun < at) return run();
    prisma.$transaction = transaction;
    const saved = await run();
    await remove();
    return saved;
  }) as typeof transaction;
  try {
    return await outcome(change);
  } finally {
    prisma.$transaction = transaction;
  }
}

const cohortInput = { academicYear: year, yearGroups: [10], trainingDates: "", trainers: "R. Hall" };

describe("an MVP record deleted as it is changed", () => {
  it("gives updateCohort the 404 of a missing cohort", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, year, []);
    const missing = await outcome(() => updateCohort(mvpLead, MISSING, cohortInput));
    expect(missing).toEqual({ status: 404, body: { message: "We could not find that mentor cohort." } });
    const meanwhile = await deletedMeanwhile(
      () => prisma.mentorCohort.delete({ where: { id: cohort.id } }),
      () => updateCohort(mvpLead, cohort.id, cohortInput),
    );
    expect(meanwhile).toEqual(missing);
  });

  it("gives deleteCohort twice at once, and adding its noted training days, the 404 of a missing cohort", async () => {
    const { school, mvpLead } = await mvpSchool();
    const missing = await outcome(() => deleteCohort(mvpLead, MISSING));
    const twice = await cohortWithMentors(school.id, year, []);
    expect(
      await deletedMeanwhile(
        () => prisma.mentorCohort.delete({ where: { id: twice.id } }),
        () => deleteCohort(mvpLead, twice.id),
      ),
    ).toEqual(missing);
    const noted = await cohortWithMentors(school.id, year, []);
    await prisma.mentorCohort.update({ where: { id: noted.id }, data: { trainingDates: `14 October ${year}` } });
    expect(
      await deletedMeanwhile(
        () => prisma.mentorCohort.delete({ where: { id: noted.id } }),
        () => addNotedTrainingDays(mvpLead, noted.id),
      ),
    ).toEqual(missing);
  });

  it("gives a mentor's withdrawal or deletion the 404 of a missing mentor", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, year, ["Aisha K.", "Ben T."]);
    const [first, second] = [cohort.mentors[0]!, cohort.mentors[1]!];
    const missing = await outcome(() => deleteMentor(mvpLead, MISSING));
    expect(missing).toMatchObject({ status: 404 });
    const today = new Date().toISOString().slice(0, 10);
    expect(
      await deletedMeanwhile(
        () => prisma.mentor.delete({ where: { id: first.id } }),
        () => withdrawMentor(mvpLead, first.id, today),
      ),
    ).toEqual(missing);
    expect(
      await deletedMeanwhile(
        () => prisma.mentor.delete({ where: { id: second.id } }),
        () => deleteMentor(mvpLead, second.id),
      ),
    ).toEqual(missing);
  });

  it("gives a lesson changed or deleted the 404 of a missing lesson", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, year, ["Aisha K.", "Ben T.", "Cara M."]);
    const input = {
      deliveredOn: `${year}-10-12`,
      className: "8B",
      yearGroup: 8,
      pupilsPresent: 28,
      mentorIds: cohort.mentors.map((m) => m.id),
      topic: "Online abuse",
      reflection: "",
    };
    const lesson = async () => {
      const led = await createLesson(mvpLead, input);
      if (!led.ok) throw new Error(led.message);
      return led.id;
    };
    const missing = await outcome(() => deleteLesson(mvpLead, MISSING));
    expect(missing).toMatchObject({ status: 404 });
    const changed = await lesson();
    expect(
      await deletedMeanwhile(
        () => prisma.mentorLesson.delete({ where: { id: changed } }),
        () => updateLesson(mvpLead, changed, input),
      ),
    ).toEqual(missing);
    const deleted = await lesson();
    expect(
      await deletedMeanwhile(
        () => prisma.mentorLesson.delete({ where: { id: deleted } }),
        () => deleteLesson(mvpLead, deleted),
      ),
    ).toEqual(missing);
  });

  it("gives a record of staff training changed or deleted the 404 of a missing one", async () => {
    const { mvpLead } = await mvpSchool();
    const input = { name: "Rebecca Hall", role: "Head of Year 10", trainedOn: `${year}-10-01`, trainer: "VRN" };
    const missing = await outcome(() => deleteStaffTraining(mvpLead, MISSING));
    expect(missing).toMatchObject({ status: 404 });
    const changed = await createStaffTraining(mvpLead, input);
    if (!changed.ok) throw new Error(changed.message);
    expect(
      await deletedMeanwhile(
        () => prisma.staffTraining.delete({ where: { id: changed.id } }),
        () => updateStaffTraining(mvpLead, changed.id, input),
      ),
    ).toEqual(missing);
    const deleted = await createStaffTraining(mvpLead, { ...input, name: "Sam Patel" });
    if (!deleted.ok) throw new Error(deleted.message);
    expect(
      await deletedMeanwhile(
        () => prisma.staffTraining.delete({ where: { id: deleted.id } }),
        () => deleteStaffTraining(mvpLead, deleted.id),
      ),
    ).toEqual(missing);
  });

  it("gives a training module changed or deleted the 404 of a missing module", async () => {
    const lead = await vrnLead();
    const missing = await outcome(() => deleteModule(lead, MISSING));
    expect(missing).toMatchObject({ status: 404 });
    const module = () => prisma.trainingModule.create({ data: { title: "Healthy relationships", required: false, position: 10 } });
    const changed = await module();
    expect(
      await deletedMeanwhile(
        () => prisma.trainingModule.delete({ where: { id: changed.id } }),
        () => updateModule(lead, changed.id, { title: "Healthy relationships", description: "", required: "no" }),
      ),
    ).toEqual(missing);
    const deleted = await module();
    expect(
      await deletedMeanwhile(
        () => prisma.trainingModule.delete({ where: { id: deleted.id } }),
        () => deleteModule(lead, deleted.id),
      ),
    ).toEqual(missing);
  });
});

describe("a locality's mapping removed as it is changed", () => {
  it("answers as for a missing locality or mapping: no such thing (null)", async () => {
    const lead = await createUser({ role: "VRN_LEAD" });
    const added = await createLocality(lead, { name: "Soar Valley", localAuthority: "Leicestershire" });
    if (!added.ok) throw new Error("not added");
    const localityId = added.value.id;
    expect(await addLocalityArea(lead, localityId, { name: "Syston" })).toMatchObject({ ok: true });
    const area = await prisma.localityArea.findFirstOrThrow({ where: { localityId } });
    expect(await outcome(() => removeLocalityArea(lead, localityId, MISSING))).toEqual({ value: null });
    expect(
      await deletedMeanwhile(
        () => prisma.localityArea.delete({ where: { id: area.id } }),
        () => removeLocalityArea(lead, localityId, area.id),
      ),
    ).toEqual({ value: null });
    expect(await outcome(() => renameLocality(lead, MISSING, { name: "Wreake Valley" }))).toEqual({ value: null });
    expect(
      await deletedMeanwhile(
        () => prisma.locality.delete({ where: { id: localityId } }),
        () => renameLocality(lead, localityId, { name: "Wreake Valley" }),
      ),
    ).toEqual({ value: null });
  });
});

describe("a row added to something deleted at that moment", () => {
  it("gives a training day added to a deleted cohort the 404 of a missing cohort, not a foreign-key 500", async () => {
    const { school, mvpLead } = await mvpSchool();
    const gone = { status: 404, body: { message: "We could not find that mentor cohort." } };
    const day = `${year}-10-14`;
    const first = await cohortWithMentors(school.id, year, []);
    expect(
      await deletedMeanwhile(
        () => prisma.mentorCohort.delete({ where: { id: first.id } }),
        () => addTrainingSession(mvpLead, first.id, { heldOn: day, note: "" }),
      ),
    ).toEqual(gone);
  });

  it("answers a draft saved to a guide page deleted meanwhile as an unknown page (null), not a foreign-key 500", async () => {
    const lead = await createLead();
    const created = await createPage(lead, { ...content(), sectionId: await createGuideSection(lead), slug: `gone-${Date.now()}` });
    if (!created.ok) throw new Error(created.message);
    expect(await outcome(() => saveDraft(lead, MISSING, content({ title: "Never there" })))).toEqual({ value: null });
    expect(
      await deletedMeanwhile(
        () => prisma.guidePage.delete({ where: { id: created.pageId } }),
        () => saveDraft(lead, created.pageId, content({ title: "Written as it went" })),
      ),
    ).toEqual({ value: null });
  });
});

/**
 * A change saved by a conditional update (only if the row is still as read) that finds nothing to update
 * because the row was deleted: it gets the 404 of a missing one, never a 500 from reading the row to say
 * what it is now, and never the answer that the change was made.
 */
describe("a conditional change to a row deleted at that moment", () => {
  it("gives a survey template's retirement the 404 of a missing template", async () => {
    const lead = await deliveriesLead();
    const missing = await outcome(() => retireTemplate(lead, MISSING));
    expect(missing).toEqual({ status: 404, body: { message: "We could not find that survey template." } });
    const template = await createSurveyTemplate();
    expect(
      await deletedMeanwhile(
        () => prisma.surveyTemplate.delete({ where: { id: template.id } }),
        () => retireTemplate(lead, template.id),
      ),
    ).toEqual(missing);
  });

  it("gives closing a survey the 404 of a missing survey", async () => {
    const { teacher, booking } = await schoolWithBooking();
    const missing = await outcome(() => closeRun(teacher, MISSING));
    expect(missing).toMatchObject({ status: 404 });
    const template = await createSurveyTemplate();
    const opened = await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: false });
    if (!opened.ok) throw new Error(opened.message);
    expect(
      await deletedMeanwhile(
        () => prisma.surveyRun.delete({ where: { id: opened.id } }),
        () => closeRun(teacher, opened.id),
      ),
    ).toEqual(missing);
    expect(await prisma.auditEvent.count({ where: { entityId: opened.id, action: "update" } })).toBe(0);
  });

  it("gives retiring or bringing back a training module the 404 of a missing module", async () => {
    const lead = await vrnLead();
    const missing = await outcome(() => setModuleActive(lead, MISSING, false));
    expect(missing).toMatchObject({ status: 404 });
    for (const active of [false, true]) {
      const module = await prisma.trainingModule.create({ data: { title: "Healthy relationships", required: false, position: 10, active: !active } });
      expect(
        await deletedMeanwhile(
          () => prisma.trainingModule.delete({ where: { id: module.id } }),
          () => setModuleActive(lead, module.id, active),
        ),
      ).toEqual(missing);
    }
  });

  it("gives bringing back a mentor the 404 of a missing mentor", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, year, ["Nia P."]);
    const mentor = cohort.mentors[0]!;
    await prisma.mentor.update({ where: { id: mentor.id }, data: { withdrawnOn: new Date() } });
    const missing = await outcome(() => reinstateMentor(mvpLead, MISSING));
    expect(missing).toMatchObject({ status: 404 });
    expect(
      await deletedMeanwhile(
        () => prisma.mentor.delete({ where: { id: mentor.id } }),
        () => reinstateMentor(mvpLead, mentor.id),
      ),
    ).toEqual(missing);
  });

  it("gives cancelling a session, or recording it did not happen, the 404 of a missing session", async () => {
    const lead = await deliveriesLead();
    const upcoming = await createDelivery();
    const cancelled = await deletedMeanwhile(
      () => prisma.delivery.delete({ where: { id: upcoming.id } }),
      () => cancelDelivery(lead, upcoming.id, "Facilitator ill"),
    );
    expect(cancelled).toEqual({ status: 404, body: { message: "We could not find that session." } });
    // A session that was never there gets the same answer.
    expect(await outcome(() => cancelDelivery(lead, MISSING, "Facilitator ill"))).toEqual(cancelled);
    expect(await outcome(() => markNotDelivered(lead, MISSING, "Snow"))).toEqual(cancelled);
    const past = await createDelivery({ startsAt: new Date(Date.now() - 2 * 86_400_000) });
    expect(
      await deletedMeanwhile(
        () => prisma.delivery.delete({ where: { id: past.id } }),
        () => markNotDelivered(lead, past.id, "Snow"),
      ),
    ).toEqual(cancelled);
  });

  it("tells a school leaving a waiting list whose entry was removed that it is not on the list", async () => {
    // Its own transaction comes after the one that passes on lapsed offers.
    const delivery = await createDelivery({ capacity: 0 });
    const waiting = await createSchoolTeacher();
    expect(await joinWaitlist(waiting.user, delivery.id)).toEqual({ ok: true });
    const missing = await outcome(() => leaveWaitlist(waiting.user, MISSING));
    expect(
      await deletedMeanwhile(
        () => prisma.waitlistEntry.deleteMany({ where: { deliveryId: delivery.id } }),
        () => leaveWaitlist(waiting.user, delivery.id),
        { transaction: 2 },
      ),
    ).toEqual(missing);
  });
});

describe("a booking deleted just after it was saved", () => {
  // Each change's own transaction comes after the one that passes on lapsed offers.
  it("still tells the school of the booking it made, from what was saved", async () => {
    const delivery = await createDelivery();
    const { user } = await createSchoolTeacher();
    const result = await deletedJustAfter(
      () => prisma.booking.deleteMany({ where: { deliveryId: delivery.id } }),
      () => bookDelivery(user, delivery.id, bookingInput()),
      { transaction: 2 },
    );
    expect(result).toMatchObject({ value: { ok: true, status: "CONFIRMED" } });
    expect(await prisma.outboxMessage.count({ where: { to: user.email, subject: { startsWith: "Booking confirmed" } } })).toBe(1);
  });

  it("still tells the school of the move it made, from what was saved", async () => {
    const from = await createDelivery();
    const to = await createDelivery({ topicId: from.topicId });
    const { user } = await createSchoolTeacher();
    const booked = await bookDelivery(user, from.id, bookingInput());
    if (!booked.ok) throw new Error(booked.message);
    const result = await deletedJustAfter(
      () => prisma.booking.delete({ where: { id: booked.id } }),
      () => moveBooking(user, booked.id, to.id),
      { transaction: 2 },
    );
    expect(result).toMatchObject({ value: { ok: true, id: booked.id, status: "CONFIRMED" } });
    expect(await prisma.outboxMessage.count({ where: { to: user.email, subject: { startsWith: "Booking confirmed" } } })).toBe(2);
  });
});

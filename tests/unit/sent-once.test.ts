/**
 * A form that makes something new saves once (decision 0147): the same form sent again, one after the
 * other or at the same moment, makes nothing more and is sent to what the first sending made.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { londonDayStart } from "~/lib/dates";
import { londonDateInputValue } from "~/lib/london-time";
import { createDelivery } from "~/models/delivery-changes.server";
import { createLesson } from "~/models/mvp-lessons.server";
import { createCohort } from "~/models/mvp-cohorts.server";
import { addMentor, addMentors } from "~/models/mvp-mentors.server";
import { createModule } from "~/models/mvp-modules.server";
import { createStaffTraining } from "~/models/mvp-staff.server";
import { addNotedTrainingDays, addTrainingSession } from "~/models/mvp-training-sessions.server";
import { academicYearOf } from "~/lib/academic-year";
import { openRun } from "~/models/survey-runs.server";
import { createTemplate, saveQuestion } from "~/models/survey-templates.server";
import { newFormToken } from "~/models/sent-forms.server";
import { sentWithOtherDetails } from "~/lib/sent-once";
import { createInvitation } from "~/models/invitations.server";
import type { Mailer, MailMessage } from "~/models/mailer.server";
import { createSchool, createUser } from "./factories";
import { createTopic, DAY, deliveryInput, lead } from "./delivery-factories";
import { cohortWithMentors, completeAll, curriculum, mvpSchool, vrnLead } from "./mvp-factories";
import { createSurveyTemplate, questionInput, schoolWithBooking } from "./survey-factories";
import { replyOf } from "./support/reply";
import { routeContext, signedInGet, signedInPost } from "./support/route";

async function schoolWithTrainedMentors() {
  const { school, mvpLead } = await mvpSchool();
  const cohort = await cohortWithMentors(school.id, 2025, ["Aisha K.", "Ben T."]);
  const ids = cohort.mentors.map((m) => m.id);
  await completeAll(
    ids,
    (await curriculum()).filter((m) => m.required).map((m) => m.id),
    londonDayStart("2025-10-14"),
  );
  const lesson = { deliveredOn: "2026-11-09", className: "8B", yearGroup: 8, pupilsPresent: 28, mentorIds: ids, topic: "Online abuse", reflection: "" };
  return { school, mvpLead, lesson };
}

describe("a new lesson's form sent twice", () => {
  it("records one lesson, and the second sending is told it was recorded already", async () => {
    const { school, mvpLead, lesson } = await schoolWithTrainedMentors();
    const formToken = newFormToken();
    const first = await createLesson(mvpLead, { ...lesson, formToken });
    if (!first.ok) throw new Error(first.message);
    expect(await createLesson(mvpLead, { ...lesson, formToken })).toEqual({ ok: true, id: first.id, academicYear: 2026, warnings: [], repeat: true });
    expect(await prisma.mentorLesson.count({ where: { schoolId: school.id } })).toBe(1);
    // Sent again by another school's MVP lead, it names nothing of the first school's: a 404.
    const other = await schoolWithTrainedMentors();
    await expect(createLesson(other.mvpLead, { ...other.lesson, formToken })).rejects.toMatchObject({ status: 404 });
  });

  it("records one lesson when both sendings arrive at once", async () => {
    const { school, mvpLead, lesson } = await schoolWithTrainedMentors();
    const formToken = newFormToken();
    const results = await Promise.all([1, 2, 3].map(() => createLesson(mvpLead, { ...lesson, formToken })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.repeat)).toHaveLength(2);
    expect(await prisma.mentorLesson.count({ where: { schoolId: school.id } })).toBe(1);
  });

  it("records a second lesson from a second page: the same class twice in a day is the school's to say", async () => {
    const { school, mvpLead, lesson } = await schoolWithTrainedMentors();
    for (const formToken of [newFormToken(), newFormToken(), undefined])
      expect(await createLesson(mvpLead, { ...lesson, formToken })).toMatchObject({ ok: true });
    expect(await prisma.mentorLesson.count({ where: { schoolId: school.id } })).toBe(3);
  });
});

describe("a form's token", () => {
  it("is refused whole (400) when it is not one the service made, or one a form for something else used", async () => {
    const { mvpLead, lesson } = await schoolWithTrainedMentors();
    await expect(createLesson(mvpLead, { ...lesson, formToken: "not-a-token" })).rejects.toMatchObject({ status: 400 });
    const actor = await lead();
    const topic = await createTopic();
    const formToken = newFormToken();
    const session = deliveryInput(
      { topicId: topic.id, format: "ONLINE", facilitatorName: "PC Once", facilitatorOrg: "Police", capacity: 3, needsConfirmation: false },
      londonDateInputValue(new Date(Date.now() + 20 * DAY)),
      "10:00",
    );
    expect(await createDelivery(actor, { ...session, formToken })).toMatchObject({ ok: true });
    await expect(createLesson(mvpLead, { ...lesson, formToken })).rejects.toMatchObject({ status: 400 });
  });

  it("sent twice, or longer than any token, is refused whole (400) too, not by a message for a field no one can see", async () => {
    const actor = await lead();
    const route = await import("~/routes/sessions.topics.new");
    const loaded = await replyOf(await route.loader({ request: await signedInGet("/sessions/topics/new", actor.id), context: routeContext(), params: {} }));
    const formToken = (loaded.body as { formToken: string }).formToken;
    const title = `Knife crime ${formToken}`;
    const fields = `title=${encodeURIComponent(title)}&yearGroups=9&durationMinutes=60&formats=ONLINE`;
    for (const tokens of [`formToken=${formToken}&formToken=${formToken}`, `formToken=${"x".repeat(101)}`]) {
      const request = await signedInPost("/sessions/topics/new", actor.id, {});
      const sent = new Request(request, {
        body: `${fields}&${tokens}`,
        headers: { ...Object.fromEntries(request.headers), "Content-Type": "application/x-www-form-urlencoded" },
      });
      const refused = await route.action({ request: sent, context: routeContext(), params: {} }).catch((thrown: unknown) => thrown);
      expect(refused instanceof Response && refused.status, tokens.slice(0, 40)).toBe(400);
      expect(await (refused as Response).json()).toMatchObject({ message: expect.stringContaining("could not be matched to the page it came from") });
    }
    expect(await prisma.topic.count({ where: { title } })).toBe(0);
  });
});

describe("a new session's form sent twice", () => {
  it("schedules its sessions once, and the second sending is given the ids the first scheduled", async () => {
    const actor = await lead();
    const topic = await createTopic();
    const input = {
      ...deliveryInput(
        { topicId: topic.id, format: "ONLINE", facilitatorName: "PC Once", facilitatorOrg: "Police", capacity: 3, needsConfirmation: false },
        londonDateInputValue(new Date(Date.now() + 20 * DAY)),
        "10:00",
      ),
      moreDates: [londonDateInputValue(new Date(Date.now() + 21 * DAY))],
      formToken: newFormToken(),
    };
    const results = await Promise.all([createDelivery(actor, input), createDelivery(actor, input)]);
    const made = results.find((r) => r.ok && !r.repeat) as { ids?: string[] } | undefined;
    expect(made?.ids).toHaveLength(2);
    expect(results.find((r) => r.ok && r.repeat)).toEqual({ ok: true, id: made!.ids![0], ids: made!.ids, repeat: true });
    expect(await prisma.delivery.count({ where: { topicId: topic.id } })).toBe(2);
  });
});

describe("an invitation's form sent twice", () => {
  const outbox = () => {
    const sent: MailMessage[] = [];
    const mailer: Mailer = { transport: "outbox", sendMail: async (message) => void sent.push(message) };
    return { sent, options: { origin: "https://forum.example.test", mailer } };
  };

  it("invites once and sends one email, whose link stays good, at once or in turn", async () => {
    const actor = await lead();
    const school = await createSchool();
    const email = `twice-${Date.now()}@school.example.test`;
    const input = { email, role: "TEACHER" as const, schoolId: school.id, formToken: newFormToken() };
    const { sent, options } = outbox();
    const results = await Promise.all([createInvitation(actor, input, options), createInvitation(actor, input, options)]);
    expect(results.filter((r) => r.ok && r.repeat)).toHaveLength(1);
    // Sent again with the address changed (the page restored with its token, then edited): refused, naming the first's.
    expect(await createInvitation(actor, { ...input, email: `edited-${email}` }, options)).toEqual({
      ok: false,
      otherDetails: true,
      message: sentWithOtherDetails(`the invitation to ${email} sent`),
    });
    const open = await prisma.invitation.findMany({ where: { email, revokedAt: null } });
    expect(open).toHaveLength(1);
    expect(sent).toHaveLength(1);
    expect(await prisma.invitation.count({ where: { email: `edited-${email}` } })).toBe(0);
  });

  it("from a second page replaces the first, as a new invitation does", async () => {
    const actor = await lead();
    const email = `again-${Date.now()}@school.example.test`;
    const { sent, options } = outbox();
    for (const formToken of [newFormToken(), newFormToken()])
      expect(await createInvitation(actor, { email, role: "VRN_LEAD", formToken }, options)).toMatchObject({ ok: true });
    expect(sent).toHaveLength(2);
    expect(await prisma.invitation.count({ where: { email, revokedAt: null } })).toBe(1);
  });
});

describe("a new cohort's form sent twice", () => {
  it("adds one cohort, one after the other or at once, and each repeat is given the first's", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = { academicYear: 2026, yearGroups: [11], trainingDates: "", trainers: "Ms Once" };
    const formToken = newFormToken();
    const now = new Date("2026-11-20T12:00:00Z");
    const first = await createCohort(mvpLead, { ...cohort, formToken }, now);
    if (!first.ok) throw new Error(first.message);
    expect(await createCohort(mvpLead, { ...cohort, formToken }, now)).toEqual({ ok: true, id: first.id, repeat: true });
    const atOnce = newFormToken();
    const results = await Promise.all([1, 2, 3].map(() => createCohort(mvpLead, { ...cohort, formToken: atOnce }, now)));
    expect(results.filter((r) => r.ok && r.repeat)).toHaveLength(2);
    expect(await prisma.mentorCohort.count({ where: { schoolId: school.id, trainers: "Ms Once" } })).toBe(2);
    // A second page is a second cohort: the school may train two groups of year 11s.
    expect(await createCohort(mvpLead, { ...cohort, formToken: newFormToken() }, now)).toMatchObject({ ok: true });
    expect(await prisma.mentorCohort.count({ where: { schoolId: school.id, trainers: "Ms Once" } })).toBe(3);
  });
});

describe("a new survey's form sent twice", () => {
  it("opens one survey with one code, one after the other or at once, and each repeat is given the first's", async () => {
    const { teacher, booking } = await schoolWithBooking();
    const template = await createSurveyTemplate("AFTER");
    const input = { templateId: template.id, sharedDevices: false };
    const formToken = newFormToken();
    const first = await openRun(teacher, { bookingId: booking.id }, { ...input, formToken });
    if (!first.ok) throw new Error(first.message);
    expect(await openRun(teacher, { bookingId: booking.id }, { ...input, formToken })).toEqual({ ok: true, id: first.id, code: first.code, repeat: true });
    const atOnce = newFormToken();
    const results = await Promise.all([1, 2, 3].map(() => openRun(teacher, { bookingId: booking.id }, { ...input, formToken: atOnce })));
    expect(results.filter((r) => r.ok && r.repeat)).toHaveLength(2);
    expect(await prisma.surveyRun.count({ where: { bookingId: booking.id } })).toBe(2);
  });
});

describe("a new survey template's and question's forms sent twice", () => {
  it("create one draft and add one question, one after the other or at once", async () => {
    const theLead = await createUser({ role: "VRN_LEAD" });
    const details = { title: `Sent twice ${Math.random()}`, intro: "", context: "BOOKING" as const, phase: "BEFORE" as const, topicId: "" };
    const formToken = newFormToken();
    const draft = await createTemplate(theLead, { ...details, formToken });
    if ("otherDetails" in draft) throw new Error(draft.message);
    expect(draft.repeat).toBe(false);
    expect(await createTemplate(theLead, { ...details, formToken })).toMatchObject({ id: draft.id, repeat: true });
    expect(await prisma.surveyTemplate.count({ where: { title: details.title } })).toBe(1);

    const question = questionInput({ prompt: "I know where to get help." });
    const once = newFormToken();
    expect(await saveQuestion(theLead, draft.id, null, { ...question, formToken: once })).toEqual({ ok: true, changed: true });
    expect(await saveQuestion(theLead, draft.id, null, { ...question, formToken: once })).toEqual({ ok: true, changed: false, repeat: true });
    const atOnce = newFormToken();
    const results = await Promise.all([1, 2, 3].map(() => saveQuestion(theLead, draft.id, null, { ...question, formToken: atOnce })));
    expect(results.filter((r) => r.ok && "repeat" in r && r.repeat)).toHaveLength(2);
    expect(await prisma.surveyQuestion.count({ where: { templateId: draft.id } })).toBe(2);

    // The token sent again from another draft's page: its question is not there, so it is not said to be.
    const other = await createTemplate(theLead, { ...details, title: `${details.title} (2)` });
    await expect(saveQuestion(theLead, other.id, null, { ...question, formToken: once })).rejects.toMatchObject({ status: 404 });
    expect(await prisma.surveyQuestion.count({ where: { templateId: other.id } })).toBe(0);
  });
});

/** Three of the same sending at once, as a double click without JavaScript or a script sends them. */
const threeAtOnce = <T>(send: () => Promise<T>) => Promise.all([send(), send(), send()]);
const repeats = (results: { ok: boolean; repeat?: boolean }[]) => results.filter((r) => r.ok && r.repeat).length;

describe("a new mentor's forms sent twice (decision 0147, extended)", () => {
  it("add one mentor, one after the other or at once, and each repeat is told the name the first added", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, 2025, []);
    const mentor = { displayName: "Aisha K.", yearGroup: 10 };
    const formToken = newFormToken();
    expect(await addMentor(mvpLead, cohort.id, { ...mentor, formToken })).toEqual({ ok: true, displayName: "Aisha K." });
    expect(await addMentor(mvpLead, cohort.id, { ...mentor, formToken })).toEqual({ ok: true, displayName: "Aisha K.", repeat: true });
    // Sent again with the name changed (back, edit, send again without JavaScript): not a repeat, and not saved.
    expect(await addMentor(mvpLead, cohort.id, { ...mentor, displayName: "Aisha Kh.", formToken })).toEqual({
      ok: false,
      otherDetails: true,
      message: sentWithOtherDetails("Aisha K. added to the cohort"),
    });
    const atOnce = newFormToken();
    const results = await threeAtOnce(() => addMentor(mvpLead, cohort.id, { ...mentor, displayName: "Ben T.", formToken: atOnce }));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(repeats(results)).toBe(2);
    expect((await prisma.mentor.findMany({ where: { cohortId: cohort.id }, orderBy: { createdAt: "asc" } })).map((m) => m.displayName)).toEqual([
      "Aisha K.",
      "Ben T.",
    ]);
    // A second page: another name is a second mentor; the same name is the cohort's refusal, as before.
    expect(await addMentor(mvpLead, cohort.id, { ...mentor, displayName: "Cara D.", formToken: newFormToken() })).toMatchObject({ ok: true });
    expect(await addMentor(mvpLead, cohort.id, { ...mentor, formToken: newFormToken() })).toMatchObject({ ok: false, field: "displayName" });
    expect(await prisma.mentor.count({ where: { cohortId: cohort.id } })).toBe(3);
    // The token sent to another cohort of the school, or by another school's lead: nothing of the first's is named.
    const another = await cohortWithMentors(school.id, 2025, []);
    await expect(addMentor(mvpLead, another.id, { ...mentor, formToken })).rejects.toMatchObject({ status: 404 });
    const other = await mvpSchool();
    const theirs = await cohortWithMentors(other.school.id, 2025, []);
    await expect(addMentor(other.mvpLead, theirs.id, { ...mentor, formToken })).rejects.toMatchObject({ status: 404 });
    expect(await prisma.mentor.count({ where: { cohortId: { in: [another.id, theirs.id] } } })).toBe(0);
  });

  it("add a pasted list once, one after the other or at once, and each repeat is told how many the first added", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, 2025, []);
    const list = { intent: "paste" as const, names: "Dee E.\nEli F.", yearGroup: 10 };
    const formToken = newFormToken();
    expect(await addMentors(mvpLead, cohort.id, { ...list, formToken })).toEqual({ ok: true, added: 2 });
    expect(await addMentors(mvpLead, cohort.id, { ...list, formToken })).toEqual({ ok: true, added: 2, repeat: true });
    const atOnce = newFormToken();
    const results = await threeAtOnce(() => addMentors(mvpLead, cohort.id, { ...list, names: "Fay G.\nGus H.\nHal I.", formToken: atOnce }));
    expect(results.every((r) => r.ok && r.added === 3)).toBe(true);
    expect(repeats(results)).toBe(2);
    expect(await prisma.mentor.count({ where: { cohortId: cohort.id } })).toBe(5);
    // A second page with other names adds them; with the same names, the lines are refused, as before.
    expect(await addMentors(mvpLead, cohort.id, { ...list, names: "Ivy J.", formToken: newFormToken() })).toEqual({ ok: true, added: 1 });
    expect(await addMentors(mvpLead, cohort.id, { ...list, formToken: newFormToken() })).toMatchObject({ ok: false, refused: [{ line: 1 }, { line: 2 }] });
    expect(await prisma.mentor.count({ where: { cohortId: cohort.id } })).toBe(6);
    const other = await mvpSchool();
    const theirs = await cohortWithMentors(other.school.id, 2025, []);
    await expect(addMentors(other.mvpLead, theirs.id, { ...list, formToken })).rejects.toMatchObject({ status: 404 });
  });
});

describe("a record of staff training's form sent twice", () => {
  it("records the training once, one after the other or at once, and each repeat is given the first's record", async () => {
    const { school, mvpLead } = await mvpSchool();
    const input = { name: "Priya Shah", role: "PSHE lead", trainedOn: "2025-10-01", trainer: "VRN" };
    const formToken = newFormToken();
    const first = await createStaffTraining(mvpLead, { ...input, formToken });
    if (!first.ok) throw new Error(first.message);
    expect("repeat" in first).toBe(false);
    expect(await createStaffTraining(mvpLead, { ...input, formToken })).toEqual({ ...first, repeat: true });
    const atOnce = newFormToken();
    const results = await threeAtOnce(() => createStaffTraining(mvpLead, { ...input, name: "Sam Okafor", formToken: atOnce }));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => "repeat" in r)).toHaveLength(2);
    expect(await prisma.staffTraining.count({ where: { schoolId: school.id } })).toBe(2);
    // A second page: another day is a second record; the same person and day is refused by the name, as before.
    expect(await createStaffTraining(mvpLead, { ...input, trainedOn: "2025-10-02", formToken: newFormToken() })).toMatchObject({ ok: true });
    expect(await createStaffTraining(mvpLead, { ...input, formToken: newFormToken() })).toMatchObject({ ok: false, field: "name" });
    expect(await prisma.staffTraining.count({ where: { schoolId: school.id } })).toBe(3);
    // Sent again by another school's MVP lead, it names nothing of the first school's: a 404.
    const other = await mvpSchool();
    await expect(createStaffTraining(other.mvpLead, { ...input, formToken })).rejects.toMatchObject({ status: 404 });
    expect(await prisma.staffTraining.count({ where: { schoolId: other.school.id } })).toBe(0);
  });
});

describe("a training session's form sent twice", () => {
  const year = academicYearOf(new Date());

  it("adds the day once, one after the other or at once, and each repeat is told which day the first added", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, year, ["Ada B."]);
    const day = { heldOn: `${year + 1}-02-11`, note: "Day 1" };
    const formToken = newFormToken();
    expect(await addTrainingSession(mvpLead, cohort.id, { ...day, formToken })).toEqual({
      ok: true,
      message: `Training session on 11 February ${year + 1} added`,
    });
    expect(await addTrainingSession(mvpLead, cohort.id, { ...day, formToken })).toEqual({
      ok: true,
      message: `This form had been sent already, and the training session on 11 February ${year + 1} added then: nothing more was saved.`,
      repeat: true,
    });
    expect(await addTrainingSession(mvpLead, cohort.id, { ...day, heldOn: `${year + 1}-02-12`, formToken })).toEqual({
      ok: false,
      otherDetails: true,
      message: sentWithOtherDetails(`the training session on 11 February ${year + 1} added`),
    });
    const atOnce = newFormToken();
    const results = await threeAtOnce(() => addTrainingSession(mvpLead, cohort.id, { heldOn: `${year + 1}-03-04`, note: "", formToken: atOnce }));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(repeats(results)).toBe(2);
    expect(await prisma.mentorTrainingSession.count({ where: { cohortId: cohort.id } })).toBe(2);
    // A second page: another day is added; the same day is refused by the field, as before.
    expect(await addTrainingSession(mvpLead, cohort.id, { ...day, heldOn: `${year + 1}-03-05`, formToken: newFormToken() })).toMatchObject({ ok: true });
    expect(await addTrainingSession(mvpLead, cohort.id, { ...day, formToken: newFormToken() })).toEqual({
      ok: false,
      field: "heldOn",
      message: `11 February ${year + 1} is already a training session of this cohort`,
    });
    expect(await prisma.mentorTrainingSession.count({ where: { cohortId: cohort.id } })).toBe(3);
    // The token sent to another cohort's page names nothing there: a 404.
    const another = await cohortWithMentors(school.id, year, ["Bo C."]);
    await expect(addTrainingSession(mvpLead, another.id, { ...day, formToken })).rejects.toMatchObject({ status: 404 });
  });

  it("the button that adds the days in a cohort's notes, pressed three times at once, adds them once", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, year, ["Cy D."]);
    await prisma.mentorCohort.update({ where: { id: cohort.id }, data: { trainingDates: `14 and 15 October ${year}` } });
    const results = await threeAtOnce(() => addNotedTrainingDays(mvpLead, cohort.id));
    expect(results.map((r) => r.message).sort()).toEqual([
      "2 training days added from the cohort's notes",
      "The training days in the cohort's notes were already added",
      "The training days in the cohort's notes were already added",
    ]);
    expect(await prisma.mentorTrainingSession.count({ where: { cohortId: cohort.id } })).toBe(2);
  });
});

describe("a training module's form sent twice", () => {
  it("adds one module, one after the other or at once, and each repeat is given the first's", async () => {
    await curriculum();
    const lead = await vrnLead();
    const module = { title: `Consent ${Math.random()}`, description: "", required: "no" as const };
    const formToken = newFormToken();
    const first = await createModule(lead, { ...module, formToken });
    if (!first.ok) throw new Error(first.message);
    expect(await createModule(lead, { ...module, formToken })).toEqual({ ...first, repeat: true });
    const atOnce = newFormToken();
    const title = `Online abuse ${Math.random()}`;
    const results = await threeAtOnce(() => createModule(lead, { ...module, title, formToken: atOnce }));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => "repeat" in r)).toHaveLength(2);
    expect(await prisma.trainingModule.count({ where: { title: { in: [module.title, title] } } })).toBe(2);
    // A second page: another title is a second module; the same title is refused by the field, as before.
    expect(await createModule(lead, { ...module, title: `${title} (2)`, formToken: newFormToken() })).toMatchObject({ ok: true });
    expect(await createModule(lead, { ...module, formToken: newFormToken() })).toEqual({
      ok: false,
      field: "title",
      message: `There is already a module called “${module.title}”`,
    });
    // Sent again by someone who does not manage the curriculum: refused before anything is looked up.
    const { mvpLead } = await mvpSchool();
    await expect(createModule(mvpLead, { ...module, formToken })).rejects.toMatchObject({ status: 403 });
  });
});

describe("a form's token sent again with other details (decision 0178)", () => {
  /** The refusal of a form whose page's token a sending with other details used, naming what that one saved. */
  const otherDetails = (made: string) => ({ ok: false, otherDetails: true, message: sentWithOtherDetails(made) });

  it("is not a repeat: each kind of form is refused, saves nothing, and still answers its own repeat", async () => {
    const { school, mvpLead, lesson } = await schoolWithTrainedMentors();
    const lessonToken = newFormToken();
    expect(await createLesson(mvpLead, { ...lesson, formToken: lessonToken })).toMatchObject({ ok: true });
    expect(await createLesson(mvpLead, { ...lesson, className: "9C", formToken: lessonToken })).toEqual(
      otherDetails("the lesson for 8B on 9 November 2026 recorded"),
    );
    expect(await createLesson(mvpLead, { ...lesson, formToken: lessonToken })).toMatchObject({ ok: true, repeat: true });
    expect(await prisma.mentorLesson.count({ where: { schoolId: school.id } })).toBe(1);

    const cohort = { academicYear: 2026, yearGroups: [11], trainingDates: "", trainers: "Ms First" };
    const cohortToken = newFormToken();
    const now = new Date("2026-11-20T12:00:00Z");
    expect(await createCohort(mvpLead, { ...cohort, formToken: cohortToken }, now)).toMatchObject({ ok: true });
    expect(await createCohort(mvpLead, { ...cohort, yearGroups: [10], formToken: cohortToken }, now)).toEqual(
      otherDetails("the cohort Year 11, 2026/27 added"),
    );
    expect(await prisma.mentorCohort.count({ where: { schoolId: school.id, academicYear: 2026 } })).toBe(1);

    const staff = { name: "Priya Shah", role: "PSHE lead", trainedOn: "2025-10-01", trainer: "VRN" };
    const staffToken = newFormToken();
    expect(await createStaffTraining(mvpLead, { ...staff, formToken: staffToken })).toMatchObject({ ok: true });
    expect(await createStaffTraining(mvpLead, { ...staff, name: "Sam Okafor", formToken: staffToken })).toEqual(
      otherDetails("Priya Shah's training on 1 October 2025 recorded"),
    );
    expect(await prisma.staffTraining.count({ where: { schoolId: school.id } })).toBe(1);

    const list = { intent: "paste" as const, names: "Dee E.\nEli F.", yearGroup: 10 };
    const mentors = await cohortWithMentors(school.id, 2025, []);
    const listToken = newFormToken();
    expect(await addMentors(mvpLead, mentors.id, { ...list, formToken: listToken })).toEqual({ ok: true, added: 2 });
    expect(await addMentors(mvpLead, mentors.id, { ...list, names: "Dee E.\nEli F.\nFay G.", formToken: listToken })).toEqual(
      otherDetails("2 mentors added to the cohort"),
    );
    expect(await prisma.mentor.count({ where: { cohortId: mentors.id } })).toBe(2);

    const theLead = await vrnLead();
    await curriculum();
    const module = { title: `Consent ${Math.random()}`, description: "", required: "no" as const };
    const moduleToken = newFormToken();
    expect(await createModule(theLead, { ...module, formToken: moduleToken })).toMatchObject({ ok: true });
    expect(await createModule(theLead, { ...module, title: `${module.title} (2)`, formToken: moduleToken })).toEqual(
      otherDetails(`the module “${module.title}” added`),
    );
    expect(await prisma.trainingModule.count({ where: { title: { startsWith: module.title } } })).toBe(1);
  });

  it("refuses a session's, a survey's and a draft's form sent with other details, and saves nothing", async () => {
    const actor = await lead();
    const topic = await createTopic();
    const day = londonDateInputValue(new Date(Date.now() + 20 * DAY));
    const session = deliveryInput(
      { topicId: topic.id, format: "ONLINE", facilitatorName: "PC Once", facilitatorOrg: "Police", capacity: 3, needsConfirmation: false },
      day,
      "10:00",
    );
    const sessionToken = newFormToken();
    expect(await createDelivery(actor, { ...session, formToken: sessionToken })).toMatchObject({ ok: true });
    expect(await createDelivery(actor, { ...session, capacity: 4, formToken: sessionToken })).toMatchObject({
      ok: false,
      otherDetails: true,
      message: expect.stringContaining(`and the session of “${topic.title}” on `),
    });
    expect(await prisma.delivery.count({ where: { topicId: topic.id } })).toBe(1);

    const { teacher, booking } = await schoolWithBooking();
    const template = await createSurveyTemplate("AFTER");
    const runToken = newFormToken();
    const opened = await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: false, formToken: runToken });
    if (!opened.ok) throw new Error(opened.message);
    expect(await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: true, formToken: runToken })).toMatchObject({
      ok: false,
      otherDetails: true,
    });
    expect(await prisma.surveyRun.count({ where: { bookingId: booking.id } })).toBe(1);

    const theLead = await createUser({ role: "VRN_LEAD" });
    const details = { title: `Other details ${Math.random()}`, intro: "", context: "BOOKING" as const, phase: "BEFORE" as const, topicId: "" };
    const draftToken = newFormToken();
    const draft = await createTemplate(theLead, { ...details, formToken: draftToken });
    if ("otherDetails" in draft) throw new Error(draft.message);
    expect(await createTemplate(theLead, { ...details, intro: "Changed", formToken: draftToken })).toEqual(
      otherDetails(`the draft “${details.title}” created`),
    );
    expect(await prisma.surveyTemplate.count({ where: { title: details.title } })).toBe(1);
    const questionToken = newFormToken();
    const question = questionInput({ prompt: "I know where to get help." });
    expect(await saveQuestion(theLead, draft.id, null, { ...question, formToken: questionToken })).toEqual({ ok: true, changed: true });
    expect(await saveQuestion(theLead, draft.id, null, { ...question, prompt: "I feel safe.", formToken: questionToken })).toEqual(
      otherDetails("the question “I know where to get help.” added"),
    );
    expect(await prisma.surveyQuestion.count({ where: { templateId: draft.id } })).toBe(1);
  });

  it("sent at the same moment with three sets of details, saves one and refuses the others whole", async () => {
    const { school, mvpLead } = await mvpSchool();
    const formToken = newFormToken();
    const now = new Date("2026-11-20T12:00:00Z");
    const results = await Promise.all(
      ["Ms A", "Ms B", "Ms C"].map((trainers) => createCohort(mvpLead, { academicYear: 2026, yearGroups: [11], trainingDates: "", trainers, formToken }, now)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && "otherDetails" in r)).toHaveLength(2);
    expect(await prisma.mentorCohort.count({ where: { schoolId: school.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { entityType: "MentorCohort", actorId: mvpLead.id } })).toBe(1);
  });

  it("noted before forms were told apart (no digest), is still taken as a repeat", async () => {
    const { school, mvpLead } = await mvpSchool();
    const formToken = newFormToken();
    const now = new Date("2026-11-20T12:00:00Z");
    const cohort = { academicYear: 2026, yearGroups: [11], trainingDates: "", trainers: "Ms Before", formToken };
    const first = await createCohort(mvpLead, cohort, now);
    if (!first.ok) throw new Error(first.message);
    await prisma.sentForm.update({ where: { token: formToken }, data: { digest: null } });
    expect(await createCohort(mvpLead, { ...cohort, trainers: "Ms After" }, now)).toEqual({ ok: true, id: first.id, repeat: true });
    expect(await prisma.mentorCohort.count({ where: { schoolId: school.id } })).toBe(1);
  });
});

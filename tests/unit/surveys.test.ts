import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { AS_PUBLISHED, CORE_ITEM_ANSWER } from "~/models/disclosure";
import { describe, expect, it } from "vitest";
import { byEngine, prisma } from "~/db.server";
import { browserTokenHash, newBrowserToken, submitResponse } from "~/models/survey-responses.server";
import { bookingComparison, resultsCsv, runResults, unreadWrittenAnswers, type QuestionResult } from "~/models/survey-results.server";
import type { Actor } from "~/auth/actor";
import { closeRun, findRunForPupil, getRun, listRuns, openRun, runState, templatesFor } from "~/models/survey-runs.server";
import { deleteQuestion, draftToEdit, moveQuestion, notADraft, publishTemplate, saveQuestion, updateTemplateDetails } from "~/models/survey-templates.server";
import { runStateOf } from "~/components/survey-staff";
import { moveBooking } from "~/models/booking-moves.server";
import { bookDelivery, cancelBooking } from "~/models/bookings.server";
import { updateDelivery } from "~/models/delivery-changes.server";
import { londonDateInputValue, londonInstantsOf, londonTimeInputValue } from "~/lib/london-time";
import { bookingInput, createDelivery, deliveryInput } from "./delivery-factories";
import { createUser } from "./factories";
import { createSurveyTemplate, questionInput, schoolWithBooking } from "./survey-factories";

const lead = () => createUser({ role: "VRN_LEAD" });
const DAY = 24 * 60 * 60 * 1000;

/**
 * 10:00 in London three days from now: a start whose form date and time give it back, and whose hour
 * before and after fall on the same day, whenever the test runs (near midnight too).
 */
const atTenInThreeDays = () => londonInstantsOf(londonDateInputValue(new Date(Date.now() + 3 * DAY)), "10:00")[0]!;

async function openedRun(options: { maxResponses?: number; phase?: "BEFORE" | "AFTER"; freeText?: boolean; startsAt?: Date } = {}) {
  const setup = await schoolWithBooking({ startsAt: options.startsAt });
  const template = await createSurveyTemplate(options.phase ?? "BEFORE", { freeTextEnabled: options.freeText });
  const result = await openRun(
    setup.teacher,
    { bookingId: setup.booking.id },
    { templateId: template.id, maxResponses: options.maxResponses, sharedDevices: false },
  );
  if (!result.ok) throw new Error(result.message);
  return { ...setup, template, runId: result.id };
}

/** Answers: law as given, knife-safer as given, yes. */
function answers(template: Awaited<ReturnType<typeof createSurveyTemplate>>, law: number, knifeSafer: number, text?: string) {
  const [q1, q2, q3, q4] = template.questions;
  return [
    { questionId: q1!.id, value: law, text: null },
    { questionId: q2!.id, value: knifeSafer, text: null },
    { questionId: q3!.id, value: 1, text: null },
    ...(text ? [{ questionId: q4!.id, value: null, text }] : []),
  ];
}

/** A question's results, which the test expects to be shown (not withheld for too few answering it). */
function shownQuestion(question: QuestionResult | undefined) {
  if (!question || question.tooFew) throw new Error("The question's results are not shown");
  return question;
}

describe("opening a survey", () => {
  it("gives a school's own booking a run with a code, for its school and academic year", async () => {
    const { runId, school, teacher } = await openedRun();
    const run = await getRun(teacher, runId);
    expect(run.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    expect(run.schoolId).toBe(school.id);
    expect(await prisma.auditEvent.count({ where: { entityId: runId } })).toBe(1);
  });

  it("hides one school's runs from another school: 404, and not in their list", async () => {
    const { runId } = await openedRun();
    const other = await schoolWithBooking();
    await expect(getRun(other.teacher, runId)).rejects.toMatchObject({ status: 404 });
    expect((await listRuns(other.teacher, 1)).runs.map((r) => r.id)).not.toContain(runId);
    expect((await getRun(await lead(), runId)).id).toBe(runId);
  });

  it("refuses another school's booking and a template that is not published", async () => {
    const mine = await schoolWithBooking();
    const theirs = await schoolWithBooking();
    const template = await createSurveyTemplate();
    await expect(openRun(mine.teacher, { bookingId: theirs.booking.id }, { templateId: template.id, sharedDevices: false })).rejects.toMatchObject({
      status: 404,
    });
    await prisma.surveyTemplate.update({ where: { id: template.id }, data: { status: "RETIRED" } });
    expect(await openRun(mine.teacher, { bookingId: mine.booking.id }, { templateId: template.id, sharedDevices: false })).toMatchObject({
      ok: false,
      field: "templateId",
    });
  });
});

describe("MVP surveys", () => {
  it("are opened by the school's MVP lead for this academic year, not by a teacher", async () => {
    const { school, teacher } = await schoolWithBooking();
    const mvpLead = await createUser({ role: "MVP_LEAD", schoolId: school.id });
    const template = await createSurveyTemplate("BEFORE", { context: "MVP" });
    const opened = await openRun(mvpLead, { mvp: true }, { templateId: template.id, sharedDevices: true }, new Date("2026-10-01T12:00:00Z"));
    if (!opened.ok) throw new Error(opened.message);
    expect(await prisma.surveyRun.findUniqueOrThrow({ where: { id: opened.id } })).toMatchObject({
      context: "MVP",
      bookingId: null,
      academicYear: 2026,
      schoolId: school.id,
      sharedDevices: true,
    });
    await expect(openRun(teacher, { mvp: true }, { templateId: template.id, sharedDevices: false })).rejects.toMatchObject({ status: 403 });
    const bookingTemplate = await createSurveyTemplate("BEFORE");
    expect(await openRun(mvpLead, { mvp: true }, { templateId: bookingTemplate.id, sharedDevices: false })).toMatchObject({ ok: false, field: "templateId" });
  });
});

describe("answering", () => {
  it("records a response, its answers and the count together, with the day but no time", async () => {
    const { runId, template } = await openedRun();
    const token = newBrowserToken();
    expect(await submitResponse(runId, token, answers(template, 4, 2), new Date("2026-11-21T23:30:00Z"))).toEqual({ ok: true });
    const response = await prisma.surveyResponse.findFirstOrThrow({ where: { runId } });
    expect(response.submittedOn.toISOString()).toBe("2026-11-21T00:00:00.000Z");
    expect(response.browserTokenHash).toBe(browserTokenHash(runId, token));
    expect(response.browserTokenHash).not.toContain(token);
    expect(await prisma.surveyAnswer.count({ where: { responseId: response.id } })).toBe(3);
    expect((await prisma.surveyRun.findUniqueOrThrow({ where: { id: runId } })).responseCount).toBe(1);
  });

  it("refuses a second answer from the same browser, even at the same moment, and keeps the count right", async () => {
    const { runId, template } = await openedRun();
    const token = newBrowserToken();
    const results = await Promise.all([submitResponse(runId, token, answers(template, 4, 2)), submitResponse(runId, token, answers(template, 5, 1))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "already-answered" }]);
    expect(await submitResponse(runId, token, answers(template, 1, 1))).toEqual({ ok: false, reason: "already-answered" });
    expect(await prisma.surveyResponse.count({ where: { runId } })).toBe(1);
    expect((await prisma.surveyRun.findUniqueOrThrow({ where: { id: runId } })).responseCount).toBe(1);
  });

  it("links nothing across runs: one browser's hashes differ from run to run", async () => {
    const token = newBrowserToken();
    expect(browserTokenHash("run-a", token)).not.toBe(browserTokenHash("run-b", token));
  });

  it("has the plain hashes kept before replaced by the data migration, each still unique", async () => {
    const { runId, template } = await openedRun();
    for (const mood of [2, 4]) expect(await submitResponse(runId, newBrowserToken(), answers(template, mood, 1))).toEqual({ ok: true });
    const plain = (n: number) => createHash("sha256").update(`${runId}:token-${n}`).digest("hex");
    const rows = await prisma.surveyResponse.findMany({ where: { runId }, orderBy: { id: "asc" } });
    for (const [n, row] of rows.entries()) await prisma.surveyResponse.update({ where: { id: row.id }, data: { browserTokenHash: plain(n) } });
    const folder = byEngine({ sqlite: "prisma/migrations", postgresql: "prisma/postgresql/migrations" });
    const sql = fs.readFileSync(path.join(folder, "20261203132000_survey_device_hashes_keyed", "migration.sql"), "utf8").replace(/^\s*--.*$/gm, "");
    await prisma.$executeRawUnsafe(sql.trim().replace(/;$/, ""));
    const after = (await prisma.surveyResponse.findMany({ where: { runId }, orderBy: { id: "asc" } })).map((row) => row.browserTokenHash);
    expect(after).toHaveLength(2);
    expect(new Set(after).size).toBe(2);
    for (const [n, hash] of after.entries()) {
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(hash).not.toBe(plain(n));
    }
  });

  it("keeps a hash a copy of the database and a pupil's cookie cannot find: not the plain SHA-256 of run and token", async () => {
    const { runId, template } = await openedRun();
    const token = newBrowserToken();
    expect(await submitResponse(runId, token, answers(template, 4, 2))).toEqual({ ok: true });
    const stored = (await prisma.surveyResponse.findFirstOrThrow({ where: { runId } })).browserTokenHash;
    for (const guess of [`${runId}:${token}`, token, `${token}:${runId}`]) {
      expect(stored).not.toBe(createHash("sha256").update(guess).digest("hex"));
      expect(stored).not.toBe(createHash("sha256").update(guess).digest("base64url"));
    }
  });

  it("stops at the most responses allowed when many send at once", async () => {
    const { runId, template } = await openedRun({ maxResponses: 10 });
    const results = await Promise.all(Array.from({ length: 25 }, () => submitResponse(runId, newBrowserToken(), answers(template, 3, 3))));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok && r.reason === "closed")).toHaveLength(15);
    expect(await prisma.surveyResponse.count({ where: { runId } })).toBe(10);
    expect((await prisma.surveyRun.findUniqueOrThrow({ where: { id: runId } })).responseCount).toBe(10);
  });

  it("refuses answers once the teacher closes the survey or its day has passed", async () => {
    const { runId, template, teacher } = await openedRun();
    expect(await closeRun(teacher, runId)).toBe(true);
    // Closing it again changes nothing, and says so (the page does not claim to close it twice).
    expect(await closeRun(teacher, runId)).toBe(false);
    expect(await submitResponse(runId, newBrowserToken(), answers(template, 3, 3))).toMatchObject({ ok: false, reason: "closed" });
    // The refused response is not counted: the run's count goes up only with a saved response.
    expect((await prisma.surveyRun.findUniqueOrThrow({ where: { id: runId } })).responseCount).toBe(0);
    const dated = await openedRun();
    await prisma.surveyRun.update({ where: { id: dated.runId }, data: { closesOn: new Date("2026-11-20T00:00:00.000Z") } });
    expect(await submitResponse(dated.runId, newBrowserToken(), answers(dated.template, 3, 3), new Date("2026-11-20T23:59:00Z"))).toEqual({ ok: true });
    expect(await submitResponse(dated.runId, newBrowserToken(), answers(dated.template, 3, 3), new Date("2026-11-21T00:00:01Z"))).toMatchObject({
      ok: false,
      reason: "closed",
    });
  });

  it("takes no answers to a survey for before a session from 15 minutes into the session, and opens none then", async () => {
    const { runId, template, teacher, delivery } = await openedRun({ phase: "BEFORE" });
    const closing = new Date(delivery.startsAt.getTime() + 15 * 60_000);
    // A class may answer as the session opens.
    expect(await submitResponse(runId, newBrowserToken(), answers(template, 3, 3), new Date(closing.getTime() - 1000))).toEqual({ ok: true });
    expect(await submitResponse(runId, newBrowserToken(), answers(template, 3, 3), closing)).toEqual({
      ok: false,
      reason: "closed",
      state: { open: false, reason: "session" },
    });
    expect((await prisma.surveyRun.findUniqueOrThrow({ where: { id: runId } })).responseCount).toBe(1);
    expect(runStateOf(await getRun(teacher, runId), closing)).toEqual({ open: false, reason: "session" });

    // Moved a day later, the session has not begun: the survey before it takes answers again.
    await prisma.delivery.update({ where: { id: delivery.id }, data: { startsAt: new Date(delivery.startsAt.getTime() + DAY) } });
    expect(await submitResponse(runId, newBrowserToken(), answers(template, 3, 3), closing)).toEqual({ ok: true });
    // The pupils' page reads the session's start with the run.
    const { code } = await prisma.surveyRun.findUniqueOrThrow({ where: { id: runId } });
    expect(runState((await findRunForPupil(code))!)).toEqual({ open: true });
    await prisma.delivery.update({ where: { id: delivery.id }, data: { startsAt: new Date(Date.now() - 16 * 60_000) } });
    expect(runState((await findRunForPupil(code))!)).toEqual({ open: false, reason: "session" });

    // A survey for after the session is not closed by it; one for before is not opened 15 minutes into it.
    const after = await openedRun({ phase: "AFTER" });
    const afterClosing = new Date(after.delivery.startsAt.getTime() + 15 * 60_000);
    expect(await submitResponse(after.runId, newBrowserToken(), answers(after.template, 3, 3), afterClosing)).toEqual({ ok: true });
    const beforeTemplate = await createSurveyTemplate("BEFORE");
    const openBefore = (at: Date) => openRun(after.teacher, { bookingId: after.booking.id }, { templateId: beforeTemplate.id, sharedDevices: false }, at);
    expect(await openBefore(new Date(afterClosing.getTime() - 1000))).toMatchObject({ ok: true });
    expect(await openBefore(afterClosing)).toEqual({
      ok: false,
      field: "templateId",
      message: "The session started over 15 minutes ago: choose a survey for after it",
    });
    expect(await openRun(after.teacher, { bookingId: after.booking.id }, { templateId: after.template.id, sharedDevices: false }, afterClosing)).toMatchObject({
      ok: true,
    });
  });

  it("opens no survey for after a session before it starts, and keeps the session from moving after one was opened", async () => {
    const startsAt = atTenInThreeDays();
    const { teacher, booking, delivery } = await schoolWithBooking({ startsAt });
    const afterTemplate = await createSurveyTemplate("AFTER");
    const openAfter = (at: Date) => openRun(teacher, { bookingId: booking.id }, { templateId: afterTemplate.id, sharedDevices: false }, at);
    // Before, its answers were counted as pupils' views after a session they had not yet had.
    expect(await openAfter(new Date(startsAt.getTime() - 1000))).toMatchObject({
      ok: false,
      field: "templateId",
      message: expect.stringMatching(/^The session has not started yet: a survey for after it can be opened from /),
    });
    expect(await prisma.surveyRun.count({ where: { bookingId: booking.id } })).toBe(0);
    // The form offers none then; a survey for before it is offered.
    const phasesOffered = async (after: boolean) => [...new Set((await templatesFor("BOOKING", delivery.topicId, { after })).map((t) => t.phase))];
    expect(await phasesOffered(false)).not.toContain("AFTER");
    expect(await phasesOffered(true)).toContain("AFTER");

    expect(await openAfter(startsAt)).toMatchObject({ ok: true });
    const theLead = await lead();
    // The lead cannot then move the session to start after the survey was opened: its answers would come before it.
    const later = deliveryInput(delivery, londonDateInputValue(new Date(startsAt.getTime() + 2 * DAY)), "10:00");
    expect(await updateDelivery(theLead, delivery.id, later)).toMatchObject({
      ok: false,
      field: "date",
      message: expect.stringMatching(/^A survey for after this session was opened on /),
    });
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).startsAt).toEqual(startsAt);
    // Anything else about the session can still change, and so can its start, earlier: even with a survey
    // for after it opened a day before it, as one opened before this rule may have been.
    await prisma.surveyRun.updateMany({ where: { bookingId: booking.id }, data: { createdAt: new Date(startsAt.getTime() - DAY) } });
    const samePlaces = deliveryInput({ ...delivery, capacity: delivery.capacity + 1 }, londonDateInputValue(startsAt), londonTimeInputValue(startsAt));
    expect(await updateDelivery(theLead, delivery.id, samePlaces)).toMatchObject({ ok: true, changed: true });
    const anHourEarlier = new Date(startsAt.getTime() - 60 * 60_000);
    expect(await updateDelivery(theLead, delivery.id, { ...samePlaces, time: londonTimeInputValue(anHourEarlier) })).toMatchObject({ ok: true });
  });

  it("keeps a survey for before a session with that session when the school moves another booking onto it", async () => {
    const { runId, template, teacher, booking, delivery } = await openedRun({ phase: "BEFORE", startsAt: new Date(Date.now() + 14 * DAY) });
    expect(await cancelBooking(teacher, booking.id, "Clash")).toMatchObject({ ok: true });
    const other = await createDelivery({ topicId: delivery.topicId, startsAt: new Date(delivery.startsAt.getTime() + 7 * DAY) });
    const booked = await bookDelivery(teacher, other.id, bookingInput());
    if (!booked.ok) throw new Error(booked.message);
    // Moving onto the cancelled booking's session replaces that booking: its survey passes to this one.
    expect(await moveBooking(teacher, booked.id, delivery.id)).toMatchObject({ ok: true });
    expect((await prisma.surveyRun.findUniqueOrThrow({ where: { id: runId } })).bookingId).toBe(booked.id);
    // It closed when its booking was cancelled, and stays closed: the school opens another for the new booking.
    const closing = new Date(delivery.startsAt.getTime() + 15 * 60_000);
    expect(await submitResponse(runId, newBrowserToken(), answers(template, 3, 3), closing)).toMatchObject({ ok: false, state: { reason: "closed" } });
  });

  it("counts a booking's surveys in the academic year of its session when the booking moves or the session's date changes", async () => {
    // Before the session: a booking can move only until then, and a survey for after it opens only once it has started.
    const { runId, teacher, booking, delivery } = await openedRun({ phase: "BEFORE", startsAt: new Date(Date.now() + 14 * DAY) });
    const yearOfRun = async () => (await prisma.surveyRun.findUniqueOrThrow({ where: { id: runId } })).academicYear;
    const opened = await yearOfRun();
    // A session in the September after next: the next academic year but one from the session's.
    const september = new Date(Date.UTC(opened + 2, 8, 20, 9));
    const later = await createDelivery({ topicId: delivery.topicId, startsAt: september });
    expect(await moveBooking(teacher, booking.id, later.id)).toMatchObject({ ok: true });
    expect(await yearOfRun()).toBe(opened + 2);

    // The lead moves that session back into the first year: the survey goes with it.
    const back = deliveryInput(later, londonDateInputValue(delivery.startsAt), "10:00");
    expect(await updateDelivery(await lead(), later.id, back)).toMatchObject({ ok: true });
    expect(await yearOfRun()).toBe(opened);
  });

  it("keeps a session from moving so early that a survey for before it was opened after it would have closed", async () => {
    const startsAt = atTenInThreeDays();
    const { teacher, booking, delivery } = await schoolWithBooking({ startsAt });
    const beforeTemplate = await createSurveyTemplate("BEFORE");
    const opened = new Date(startsAt.getTime() - DAY);
    expect(await openRun(teacher, { bookingId: booking.id }, { templateId: beforeTemplate.id, sharedDevices: false }, opened)).toMatchObject({ ok: true });
    const theLead = await lead();
    const at = (start: Date) => deliveryInput(delivery, londonDateInputValue(start), londonTimeInputValue(start));
    // Two days earlier: the survey would have closed a day before it was opened, and its answers, all from after the session, counted as before it.
    expect(await updateDelivery(theLead, delivery.id, at(new Date(startsAt.getTime() - 2 * DAY)))).toMatchObject({
      ok: false,
      field: "date",
      message: expect.stringMatching(/^A survey for before this session was opened on .+, so the session cannot start more than 15 minutes before then$/),
    });
    // Ten minutes after it was opened is still before it closes; later is fine too.
    expect(await updateDelivery(theLead, delivery.id, at(new Date(opened.getTime() + 10 * 60_000)))).toMatchObject({ ok: true });
    expect(await updateDelivery(theLead, delivery.id, at(new Date(startsAt.getTime() + DAY)))).toMatchObject({ ok: true });
  });
});

describe("results", () => {
  it("shows no breakdown below 10 responses, and the distribution from 10", async () => {
    const { runId, template, teacher } = await openedRun();
    for (let i = 0; i < 9; i++) await submitResponse(runId, newBrowserToken(), answers(template, 4, 2));
    const nine = await runResults(teacher, await getRun(teacher, runId));
    expect(nine).toEqual({ responses: 9, counted: 0, suppressed: true, questions: [], written: null });
    expect(resultsCsv(await getRun(teacher, runId), nine)).toContain("Fewer than 10 responses counted");
    expect(resultsCsv(await getRun(teacher, runId), nine)).not.toContain("Agree");

    await submitResponse(runId, newBrowserToken(), answers(template, 5, 0));
    const ten = await runResults(teacher, await getRun(teacher, runId));
    expect(ten.suppressed).toBe(false);
    const law = shownQuestion(ten.questions[0]);
    expect(law.choices.map((c) => c.count)).toEqual([0, 0, 0, 9, 1, 0]);
    expect(law.core).toMatchObject({ shareAgreeing: 1, meanScore: 4.1 });
    const knifeSafer = shownQuestion(ten.questions[1]);
    expect(knifeSafer.choices.find((c) => c.label === "Not sure")?.count).toBe(1);
    expect(knifeSafer.core).toMatchObject({ counted: 9, shareAgreeing: 0, meanScore: 4 });

    // The file may leave the platform, so it shows published figures. A core question gives only the number
    // answering it, no counts and no share (decision 0154): beside a board report they could pin a "<5".
    const file = parse(resultsCsv(await getRun(teacher, runId), ten), { relax_column_count: true, bom: true }) as string[][];
    expect(file.find((row) => row[0] === "Question number")).toEqual([
      "Question number",
      "Question",
      "Answer",
      "Number choosing it",
      "Pupils answering the question, counted",
    ]);
    expect(file.filter((row) => row[0] === "1").map((row) => row.slice(2))).toEqual([[CORE_ITEM_ANSWER, "", "10"]]);
    // Other questions keep their counts: all ten said yes.
    expect(file.filter((row) => row[0] === "3").map((row) => row.slice(2))).toEqual([
      ["Yes", "10", "10"],
      ["No", "0", "10"],
    ]);
    expect(file.find((row) => row[0]!.startsWith("Responses ("))).toEqual([`Responses (${AS_PUBLISHED})`, "10"]);
    expect(file.some((row) => row[0] === "Note" && row[1]!.startsWith("Figures as published"))).toBe(true);
  });

  it("shows free text to the lead only, and never in the CSV", async () => {
    const { runId, template, teacher } = await openedRun({ freeText: true });
    for (let i = 0; i < 10; i++) await submitResponse(runId, newBrowserToken(), answers(template, 4, 2, `Private words ${i}`));
    const forTeacher = await runResults(teacher, await getRun(teacher, runId));
    expect(forTeacher.questions.find((q) => q.type === "FREE_TEXT")).toMatchObject({ answered: 10 });
    expect(forTeacher.written).toBeNull();
    const theLead = await lead();
    const forLead = await runResults(theLead, await getRun(theLead, runId));
    expect(forLead.written?.[0]?.answers).toHaveLength(10);
    expect(resultsCsv(await getRun(theLead, runId), forLead)).not.toContain("Private words");
  });

  it("shows the lead a written answer from the first response, before any results, and every one however many", async () => {
    const { runId, template } = await openedRun({ freeText: true, maxResponses: 500 });
    const theLead = await lead();
    await submitResponse(runId, newBrowserToken(), answers(template, 4, 2, "Someone at home hurts me"));
    const early = await runResults(theLead, await getRun(theLead, runId));
    expect(early.suppressed).toBe(true);
    expect(early.written?.[0]?.answers).toEqual(["Someone at home hurts me"]);
    // 250 answers sent in bulk do not push it off the list.
    for (let i = 0; i < 250; i++) await submitResponse(runId, newBrowserToken(), answers(template, 4, 2, `junk ${i}`));
    const later = await runResults(theLead, await getRun(theLead, runId));
    expect(later.written?.[0]?.answers).toHaveLength(251);
    expect(later.written?.[0]?.answers).toContain("Someone at home hurts me");
  });

  it("points each lead to written answers they have not read, until they open the survey, and only leads", async () => {
    const { runId, template, teacher } = await openedRun({ freeText: true });
    const [first, second] = [await lead(), await createUser({ role: "VRN_LEAD" })];
    const unreadIn = async (actor: Actor) => (await unreadWrittenAnswers(actor)).runs.find((r) => r.id === runId)?.unread ?? 0;
    await submitResponse(runId, newBrowserToken(), answers(template, 4, 2, "Someone at home hurts me"));
    await submitResponse(runId, newBrowserToken(), answers(template, 4, 2));
    expect(await unreadIn(first)).toBe(1);
    await runResults(first, await getRun(first, runId));
    expect(await unreadIn(first)).toBe(0);
    expect(await unreadIn(second)).toBe(1);
    // A teacher's view of the results reads none, and marks nothing read.
    await runResults(teacher, await getRun(teacher, runId));
    await submitResponse(runId, newBrowserToken(), answers(template, 3, 3, "I carry a knife to school"));
    expect(await unreadIn(first)).toBe(1);
    expect(await unreadIn(second)).toBe(2);
    // A file of results does not count as reading them.
    await runResults(first, await getRun(first, runId), { withWritten: false });
    expect(await unreadIn(first)).toBe(1);
    await expect(unreadWrittenAnswers(teacher)).rejects.toMatchObject({ status: 403 });
  });

  it("compares core items before and after a booking, turning reverse items round", async () => {
    const before = await openedRun({ phase: "BEFORE" });
    const afterTemplate = await createSurveyTemplate("AFTER");
    const after = await openRun(before.teacher, { bookingId: before.booking.id }, { templateId: afterTemplate.id, sharedDevices: false });
    if (!after.ok) throw new Error("not opened");
    // Before: half know the law; most think a knife makes them safer. After: all know it; most disagree.
    for (let i = 0; i < 10; i++) await submitResponse(before.runId, newBrowserToken(), answers(before.template, i < 5 ? 4 : 2, 4));
    for (let i = 0; i < 20; i++) await submitResponse(after.id, newBrowserToken(), answers(afterTemplate, 5, i < 4 ? 4 : 1));
    const { comparison } = await bookingComparison(before.teacher, before.booking.id);
    expect(comparison.beforeResponses).toBe(10);
    expect(comparison.afterResponses).toBe(20);
    const law = comparison.rows.find((r) => r.coreKey === "law")!;
    expect(law.before).toMatchObject({ shareAgreeing: 0.5, meanScore: 3 });
    expect(law.after).toMatchObject({ shareAgreeing: 1, meanScore: 5 });
    expect(law.change).toEqual({ points: 50, meanScore: 2 });
    const knifeSafer = comparison.rows.find((r) => r.coreKey === "knife-safer")!;
    expect(knifeSafer.before).toMatchObject({ shareAgreeing: 1, meanScore: 2 });
    expect(knifeSafer.after).toMatchObject({ shareAgreeing: 0.2, meanScore: 4.4 });
    expect(knifeSafer.change).toEqual({ points: -80, meanScore: 2.4 });
  });

  it("leaves a survey with fewer than 10 responses out of the comparison, and says so", async () => {
    const { runId, template, teacher, booking } = await openedRun();
    for (let i = 0; i < 4; i++) await submitResponse(runId, newBrowserToken(), answers(template, 4, 2));
    const { comparison } = await bookingComparison(teacher, booking.id);
    expect(comparison).toMatchObject({ beforeResponses: 0, runsLeftOut: 1, rows: [] });
  });
});

describe("template versions", () => {
  it("never changes a template under its results: editing makes a draft copy, publishing it retires the old one", async () => {
    const { template } = await openedRun();
    const theLead = await lead();
    const draftId = await draftToEdit(theLead, template.id);
    expect(draftId).not.toBe(template.id);
    expect(await draftToEdit(theLead, template.id)).toBe(draftId);
    const draft = await prisma.surveyTemplate.findUniqueOrThrow({ where: { id: draftId }, include: { questions: { orderBy: { position: "asc" } } } });
    expect(draft).toMatchObject({ family: template.family, version: 2, status: "DRAFT" });
    expect(draft.questions.map((q) => [q.prompt, q.coreKey, q.reverseScored, q.lastChoiceExclusive])).toEqual(
      template.questions.map((q) => [q.prompt, q.coreKey, q.reverseScored, q.lastChoiceExclusive]),
    );

    // A published version is refused with a message for the lead (a 400), not as another school's page.
    const notDraft = { ok: false, message: notADraft("PUBLISHED") };
    expect(notDraft.message).toContain("now “Published”: only a draft can be changed, so nothing was changed");
    const auditedBefore = await prisma.auditEvent.count();
    expect(await saveQuestion(theLead, template.id, null, questionInput({ type: "YES_NO", prompt: "New?" }))).toEqual({ ...notDraft, field: null });
    // A run's questions are fixed, which the running tallies rely on (CoreItemTally keeps each answer under
    // its question's core item and scoring as they were when it was counted).
    const inUse = template.questions[0]!;
    const changed = questionInput({ prompt: inUse.prompt, reverseScored: true, coreKey: "law" });
    expect(await saveQuestion(theLead, template.id, inUse.id, changed)).toEqual({ ...notDraft, field: null });
    expect(await deleteQuestion(theLead, template.id, inUse.id)).toEqual(notDraft);
    expect(await moveQuestion(theLead, template.id, inUse.id, "down")).toEqual(notDraft);
    expect(await updateTemplateDetails(theLead, template.id, { title: "Renamed", intro: "", context: "BOOKING", phase: "BEFORE", topicId: "" })).toEqual(
      notDraft,
    );
    expect(await publishTemplate(theLead, template.id)).toEqual(notDraft);
    expect(await prisma.surveyQuestion.count({ where: { templateId: template.id } })).toBe(template.questions.length);
    expect((await prisma.surveyTemplate.findUniqueOrThrow({ where: { id: template.id } })).title).toBe(template.title);
    expect(await prisma.auditEvent.count()).toBe(auditedBefore);
    await saveQuestion(theLead, draftId, draft.questions[0]!.id, questionInput({ prompt: "I know what the law says.", coreKey: "law" }));
    // A question removed once (another tab, a second press) is not removed again, nor audited again.
    const removable = draft.questions.at(-1)!;
    expect(await deleteQuestion(theLead, draftId, removable.id)).toEqual({ ok: true });
    const audited = await prisma.auditEvent.count();
    expect(await deleteQuestion(theLead, draftId, removable.id)).toEqual({
      ok: false,
      message: "That question is not in this draft (it may have been removed already), so nothing was changed.",
    });
    expect(await prisma.auditEvent.count()).toBe(audited);
    expect(await publishTemplate(theLead, draftId)).toEqual({ ok: true });
    // Published twice (a second press, another tab): the second is told, and nothing changes.
    expect(await publishTemplate(theLead, draftId)).toEqual(notDraft);
    expect(await prisma.auditEvent.count()).toBe(audited + 1);
    expect((await prisma.surveyTemplate.findUniqueOrThrow({ where: { id: template.id } })).status).toBe("RETIRED");
    expect((await prisma.surveyQuestion.findFirstOrThrow({ where: { templateId: template.id, position: 1 } })).prompt).toBe("I know the law.");
  });

  it("changes and audits nothing when a draft's details are saved as they are", async () => {
    const template = await createSurveyTemplate("BEFORE");
    const theLead = await lead();
    const draftId = await draftToEdit(theLead, template.id);
    const details = { title: "Before the session", intro: "A few questions", context: "BOOKING", phase: "BEFORE", topicId: "" } as const;
    expect(await updateTemplateDetails(theLead, draftId, details)).toEqual({ ok: true, changed: true });
    const audited = () => prisma.auditEvent.count({ where: { entityType: "SurveyTemplate", entityId: draftId } });
    const auditBefore = await audited();
    expect(await updateTemplateDetails(theLead, draftId, details)).toEqual({ ok: true, changed: false });
    expect(await audited()).toBe(auditBefore);
  });

  it("asks each core item once a survey: a second question of the same item is refused, and so is publishing a draft that has one", async () => {
    const template = await createSurveyTemplate("BEFORE");
    const theLead = await lead();
    const draftId = await draftToEdit(theLead, template.id);
    const draft = await prisma.surveyTemplate.findUniqueOrThrow({ where: { id: draftId }, include: { questions: { orderBy: { position: "asc" } } } });
    const [law, knifeSafer] = draft.questions as [(typeof draft.questions)[0], (typeof draft.questions)[0]];
    const agreement = questionInput();
    const refused = {
      ok: false,
      field: "coreKey",
      message: "Another question in this survey is already the core item “law”: a survey asks each core item once",
    };

    expect(await saveQuestion(theLead, draftId, null, { ...agreement, prompt: "The law again", coreKey: "law" })).toEqual(refused);
    expect(await saveQuestion(theLead, draftId, knifeSafer.id, { ...agreement, prompt: knifeSafer.prompt, coreKey: "law" })).toEqual(refused);
    // Nothing of a refused question is saved; a question keeps its own core item when changed.
    expect(await prisma.surveyQuestion.count({ where: { templateId: draftId } })).toBe(draft.questions.length);
    expect((await prisma.surveyQuestion.findUniqueOrThrow({ where: { id: knifeSafer.id } })).coreKey).toBe("knife-safer");
    expect(await saveQuestion(theLead, draftId, law.id, { ...agreement, prompt: "I know what the law says.", coreKey: "law" })).toEqual({
      ok: true,
      changed: true,
    });
    expect(await saveQuestion(theLead, draftId, null, { ...agreement, prompt: "A new item", coreKey: "new-item" })).toEqual({ ok: true, changed: true });

    // A draft copied from a version written before the rule may still repeat one.
    await prisma.surveyQuestion.update({ where: { id: knifeSafer.id }, data: { coreKey: "law" } });
    expect(await publishTemplate(theLead, draftId)).toEqual({
      ok: false,
      message: "Questions 1 and 2 ask the same core item “law”: keep it on one question only before publishing",
    });
    expect((await prisma.surveyTemplate.findUniqueOrThrow({ where: { id: draftId } })).status).toBe("DRAFT");
    // Only agreement questions are core items, as the tallies count them: a key left on another type is not one.
    await prisma.surveyQuestion.update({ where: { id: knifeSafer.id }, data: { type: "YES_NO" } });
    expect(await publishTemplate(theLead, draftId)).toEqual({ ok: true });
  });
});

import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { GIAS_COLUMNS } from "~/lib/gias";
import { bookedBeforeOpeningWords } from "~/lib/schools";
import { londonDayStart } from "~/lib/dates";
import { londonDateInputValue } from "~/lib/london-time";
import type { SchoolInput } from "~/lib/school-form";
import { applyImport, getImportPreview, stageImport } from "~/models/gias-import.server";
import { recordedDaysOf } from "~/models/school-records.server";
import { sessionRefusal } from "~/models/school-status.server";
import { factsOf, updateSchool } from "~/models/schools.server";
import { createLesson, updateLesson } from "~/models/mvp-lessons.server";
import { createStaffTraining, updateStaffTraining } from "~/models/mvp-staff.server";
import { addNotedTrainingDays, addTrainingSession } from "~/models/mvp-training-sessions.server";
import { attendanceSchema } from "~/lib/delivery-schemas";
import { attendanceDayRefusal, recordAttendance } from "~/models/attendance.server";
import { bookDelivery, getBooking } from "~/models/bookings.server";
import { openRun } from "~/models/survey-runs.server";
import { updateDelivery } from "~/models/delivery-changes.server";
import { fromLondonWallTime } from "~/lib/london-time";
import { createUser } from "./factories";
import { bookingInput, createDelivery, createSchoolTeacher, DAY, deliveryInput, lead } from "./delivery-factories";
import { cohortWithMentors, mvpSchool } from "./mvp-factories";
import { booking, deliveryAt, school, surveyRun, surveyTemplate, topic } from "./reach-factories";
import { createSurveyTemplate } from "./survey-factories";

// A school's opening and closing days must agree with its own records (decision 0158, amended
// 4 December 2026): a school with a session held on a day had opened by then and not yet closed.

/** A school with a session held on 26 November 2025 (attendance recorded) and one that did not take place later. */
async function schoolWithSessions(extra: Parameters<typeof school>[2] = {}) {
  const made = await school(null, 900, extra);
  const { id: topicId } = await topic("Knife crime");
  await booking((await deliveryAt(topicId, "2025-11-26", "10:00")).id, made.id, "DELIVERED", { 9: 30 });
  await booking((await deliveryAt(topicId, "2026-03-04", "10:00")).id, made.id, "NOT_DELIVERED");
  return made;
}

/** A GIAS file of one row for `made`, a secondary academy in Leicester, with `columns` (the status, its days). */
function giasFileFor(made: { urn: string; name: string }, columns: Record<string, string>): string {
  const header = [...Object.values(GIAS_COLUMNS), "OpenDate", "CloseDate"];
  const row: Record<string, string> = {
    URN: made.urn,
    EstablishmentName: made.name,
    "LA (code)": "856",
    "LA (name)": "Leicester",
    "TypeOfEstablishment (name)": "Academy converter",
    "PhaseOfEducation (name)": "Secondary",
    NumberOfPupils: "900",
    ...columns,
  };
  return `${header.join(",")}\r\n${header.map((column) => `"${row[column] ?? ""}"`).join(",")}\r\n`;
}

/** The form's values for a school as it is stored, with `changes`. */
async function formOf(schoolId: string, changes: Partial<SchoolInput>): Promise<SchoolInput> {
  const stored = await prisma.school.findUniqueOrThrow({ where: { id: schoolId }, include: { locality: true } });
  const facts = factsOf(stored);
  return {
    urn: facts.urn,
    name: facts.name,
    localAuthority: facts.localAuthority,
    type: facts.type as SchoolInput["type"],
    numberOnRoll: facts.numberOnRoll ?? undefined,
    status: facts.status,
    openedOn: facts.openedOn ?? undefined,
    closedOn: facts.closedOn ?? undefined,
    ...changes,
  };
}

describe("the days a school's records put it open on", () => {
  it("come from sessions held, staff and mentor training, mentors' lessons and answered surveys, not from what did not happen or a survey closed unanswered", async () => {
    const held = await schoolWithSessions();
    const { id: topicId } = await topic("Not yet");
    await booking((await deliveryAt(topicId, "2031-01-15", "10:00")).id, held.id, "CONFIRMED");
    expect((await recordedDaysOf(prisma, [held.id])).get(held.id)).toEqual({
      first: { day: "2025-11-26", kind: "held" },
      last: { day: "2025-11-26", kind: "held" },
    });

    const mvp = await school(null, 900);
    await prisma.staffTraining.create({
      data: { schoolId: mvp.id, academicYear: 2023, name: "A Teacher", role: "Teacher", trainedOn: londonDayStart("2024-02-01"), trainer: "VRN" },
    });
    const cohort = await prisma.mentorCohort.create({ data: { schoolId: mvp.id, academicYear: 2024, yearGroups: "10", trainingDates: "", trainers: "VRN" } });
    await prisma.mentorTrainingSession.create({ data: { cohortId: cohort.id, heldOn: londonDayStart("2023-10-05") } });
    await prisma.mentorLesson.create({
      data: {
        schoolId: mvp.id,
        academicYear: 2024,
        deliveredOn: londonDayStart("2025-03-12"),
        className: "7A",
        classKey: "7A",
        yearGroup: 7,
        pupilsPresent: 28,
        topic: "Bystanders",
      },
    });
    const template = await surveyTemplate("AFTER");
    const answered = await surveyRun(template, mvp.id, 2025, [{ law: 4 }]);
    await prisma.surveyRun.update({ where: { id: answered.id }, data: { createdAt: new Date("2025-06-20T09:00:00Z") } });
    const unanswered = await surveyRun(template, mvp.id, 2026, []);
    await prisma.surveyRun.update({
      where: { id: unanswered.id },
      data: { createdAt: new Date("2026-10-01T09:00:00Z"), closedAt: new Date("2026-10-08T09:00:00Z") },
    });

    const nothing = await school(null, 900);
    const days = await recordedDaysOf(prisma, [held.id, mvp.id, nothing.id]);
    expect(days.get(mvp.id)).toEqual({ first: { day: "2023-10-05", kind: "training" }, last: { day: "2025-06-20", kind: "survey" } });
    expect(days.has(nothing.id)).toBe(false);
  });
});

describe("the school form", () => {
  it("refuses, by the field, a closing day before a session held there and an opening day after it, and saves nothing", async () => {
    const actor = await createUser({ role: "VRN_LEAD" });
    const made = await schoolWithSessions();

    const closedTooSoon = await updateSchool(actor, made.id, await formOf(made.id, { status: "CLOSED", closedOn: "2015-08-31" }));
    expect(closedTooSoon).toEqual({
      ok: false,
      fieldErrors: {
        closedOn: [
          "Its records show a session held on 26 November 2025, so it had not closed before then. Enter that day or a later one, or leave the date empty",
        ],
      },
    });
    const openedTooLate = await updateSchool(actor, made.id, await formOf(made.id, { openedOn: "2030-09-01" }));
    expect(openedTooLate).toMatchObject({
      ok: false,
      fieldErrors: {
        openedOn: ["Its records show a session held on 26 November 2025, so it had opened by then. Enter that day or an earlier one, or leave the date empty"],
      },
    });
    expect(await prisma.school.findUniqueOrThrow({ where: { id: made.id }, select: { status: true, openedOn: true, closedOn: true } })).toEqual({
      status: "OPEN",
      openedOn: null,
      closedOn: null,
    });

    // The day of the session itself agrees with it, from either side.
    expect(await updateSchool(actor, made.id, await formOf(made.id, { status: "CLOSED", openedOn: "2025-11-26", closedOn: "2025-11-26" }))).toMatchObject({
      ok: true,
      changed: true,
    });
  });

  it("lets a day saved before this rule stay as it is while the rest of the school is changed", async () => {
    const actor = await createUser({ role: "VRN_LEAD" });
    const made = await schoolWithSessions({ status: "CLOSED", closedOn: londonDayStart("2015-08-31") });
    expect(await updateSchool(actor, made.id, await formOf(made.id, { numberOnRoll: 950 }))).toMatchObject({ ok: true, changed: true });
    // Changed to another day that is still too early, it is checked.
    expect(await updateSchool(actor, made.id, await formOf(made.id, { closedOn: "2016-08-31" }))).toMatchObject({
      ok: false,
      fieldErrors: { closedOn: [expect.stringContaining("a session held on 26 November 2025")] },
    });
  });
});

describe("a survey nobody has answered yet", () => {
  it("counts while it is still open, since an answer would be a record of the day it was opened, and not once closed", async () => {
    const actor = await createUser({ role: "VRN_LEAD" });
    const made = await school(null, 900);
    const run = await surveyRun(await surveyTemplate("AFTER", "MVP"), made.id, 2026, []);
    await prisma.surveyRun.update({ where: { id: run.id }, data: { createdAt: new Date("2026-10-01T09:00:00Z"), closedAt: null, closesOn: null } });
    const now = new Date("2026-10-06T12:00:00Z");
    expect((await recordedDaysOf(prisma, [made.id], now)).get(made.id)?.first).toEqual({ day: "2026-10-01", kind: "open-survey" });
    expect(await updateSchool(actor, made.id, await formOf(made.id, { openedOn: "2026-10-05" }))).toMatchObject({
      ok: false,
      fieldErrors: {
        openedOn: [
          "Its records show a survey opened on 1 October 2026 that pupils can still answer, so it had opened by then. Enter that day or an earlier one, or leave the date empty, or close that survey first if it should not count",
        ],
      },
    });
    await prisma.surveyRun.update({ where: { id: run.id }, data: { closedAt: now } });
    expect(await updateSchool(actor, made.id, await formOf(made.id, { openedOn: "2026-10-05" }))).toMatchObject({ ok: true, changed: true });
  });
});

describe("a new opening day after a school's bookings", () => {
  /** A school with a confirmed booking on a session in 2031 and one cancelled before it. */
  async function bookedIn2031() {
    const { user, school: made } = await createSchoolTeacher(900);
    for (const day of ["2031-03-04", "2031-03-05"]) {
      const delivery = await createDelivery({ startsAt: fromLondonWallTime(day, "10:00")! });
      const booked = await bookDelivery(user, delivery.id, bookingInput());
      if (!booked.ok) throw new Error(booked.message);
      if (day === "2031-03-05") await prisma.booking.update({ where: { id: booked.id }, data: { status: "CANCELLED" } });
    }
    return made;
  }

  it("is saved, and the lead is told how many bookings are on sessions before it, at which no pupils can be recorded", async () => {
    const actor = await createUser({ role: "VRN_LEAD" });
    const made = await bookedIn2031();
    expect(await updateSchool(actor, made.id, await formOf(made.id, { openedOn: "2031-09-01" }))).toMatchObject({
      ok: true,
      changed: true,
      bookedBeforeOpening: 1,
    });
    expect(bookedBeforeOpeningWords(1)).toBe(
      "1 of its bookings is for a session before its opening day, so no pupils can be recorded at it: move or cancel it",
    );
    // An opening day on or before the session's is nothing to tell.
    const onTime = await updateSchool(actor, made.id, await formOf(made.id, { openedOn: "2031-03-04" }));
    expect(onTime).toMatchObject({ ok: true, changed: true });
    expect(onTime && "bookedBeforeOpening" in onTime).toBe(false);
    // Closed in the same change, its booking still to come is cancelled, and not counted as well.
    const closed = await updateSchool(actor, made.id, await formOf(made.id, { status: "CLOSED", openedOn: "2031-09-01" }));
    expect(closed && "bookedBeforeOpening" in closed).toBe(false);
    expect(closed).toMatchObject({ ok: true, withdrawn: { bookings: 1 } });
  });

  it("from a GIAS file is kept, with a warning on the preview", async () => {
    const actor = await createUser({ role: "VRN_LEAD" });
    const made = await bookedIn2031();
    /** The preview's warnings of bookings for a file giving the school `status` and an opening day in 2031. */
    const bookingWarnings = async (status: string) => {
      const file = giasFileFor(made, { "EstablishmentStatus (name)": status, OpenDate: "01-09-2031" });
      const staged = await stageImport(actor, {
        fileName: "opening.csv",
        bytes: Buffer.from(file),
        options: { includeClosed: true, includeOtherPhases: false },
      });
      if (!staged.ok) throw new Error(staged.message);
      const diff = (await getImportPreview(actor, staged.importId))!.diff!;
      return diff.warnings.map((warning) => warning.message).filter((message) => message.includes("of its bookings"));
    };
    expect(await bookingWarnings("Open")).toEqual([
      "1 of its bookings is for a session before the file's opening day, 1 September 2031, so no pupils can be recorded at it: move or cancel it",
    ]);
    // A file that closes the school cancels its bookings still to come: they are not warned of as well.
    expect(await bookingWarnings("Closed")).toEqual([]);
  });
});

describe("the GIAS import", () => {
  it("leaves out a file's day that the school's records contradict, with a warning, and keeps the one it had", async () => {
    const actor = await createUser({ role: "VRN_LEAD" });
    const made = await schoolWithSessions({ openedOn: londonDayStart("1990-09-01") });
    const file = giasFileFor(made, { "EstablishmentStatus (name)": "Closed", OpenDate: "01-09-2030", CloseDate: "31-08-2015" });
    const staged = await stageImport(actor, { fileName: "dates.csv", bytes: Buffer.from(file), options: { includeClosed: true, includeOtherPhases: false } });
    if (!staged.ok) throw new Error(staged.message);
    const diff = (await getImportPreview(actor, staged.importId))!.diff!;
    expect(diff.warnings.map((warning) => warning.message).filter((message) => message.startsWith("Its records"))).toEqual([
      "Its records show a session held on 26 November 2025, so the file's opening day, 1 September 2030, is left out",
      "Its records show a session held on 26 November 2025, so the file's closing day, 31 August 2015, is left out",
    ]);
    expect(diff.update[0]?.changes.map((change) => change.field)).toEqual(["status"]);
    expect(await applyImport(actor, staged.importId, diff.fingerprint)).toMatchObject({ status: "applied", updated: 1 });
    expect(await prisma.school.findUniqueOrThrow({ where: { id: made.id }, select: { status: true, openedOn: true, closedOn: true } })).toEqual({
      status: "CLOSED",
      openedOn: londonDayStart("1990-09-01"),
      closedOn: null,
    });
  });
});

describe("a record of the school at work", () => {
  it("is refused, by its date's field, on a day before the school opened or after it closed, and allowed on either day itself", async () => {
    const { school: made, mvpLead } = await mvpSchool();
    await prisma.school.update({ where: { id: made.id }, data: { openedOn: londonDayStart("2025-09-01") } });
    const cohort = await cohortWithMentors(made.id, 2025, ["Ada B."]);
    const lessonOn = (deliveredOn: string) => ({
      deliveredOn,
      className: "8B",
      yearGroup: 8,
      pupilsPresent: 28,
      topic: "Bystanders",
      reflection: "",
      mentorIds: cohort.mentors.map((mentor) => mentor.id),
    });

    expect(await createLesson(mvpLead, lessonOn("2025-08-29"))).toEqual({
      ok: false,
      field: "deliveredOn",
      message: "Your school opened on 1 September 2025, so a lesson before then cannot be recorded for it",
    });
    const lesson = await createLesson(mvpLead, lessonOn("2025-09-01"));
    expect(lesson).toMatchObject({ ok: true });
    const staff = { name: "Dee Morgan", role: "Head of Year 9", trainer: "R. Hall" };
    expect(await createStaffTraining(mvpLead, { ...staff, trainedOn: "2025-06-30" })).toMatchObject({ ok: false, field: "trainedOn" });
    const trained = await createStaffTraining(mvpLead, { ...staff, trainedOn: "2025-09-01" });
    expect(trained).toMatchObject({ ok: true });
    expect(await addTrainingSession(mvpLead, cohort.id, { heldOn: "2025-04-02", note: "" })).toMatchObject({ ok: false, field: "heldOn" });

    await prisma.school.update({ where: { id: made.id }, data: { status: "CLOSED", closedOn: londonDayStart("2026-03-31") } });
    if (!lesson.ok || !trained.ok) throw new Error("not saved");
    expect(await updateLesson(mvpLead, lesson.id, lessonOn("2026-04-01"))).toEqual({
      ok: false,
      field: "deliveredOn",
      message: "Your school closed on 31 March 2026, so a lesson after then cannot be recorded for it",
    });
    expect(await updateStaffTraining(mvpLead, trained.id, { ...staff, trainedOn: "2026-04-01" })).toMatchObject({ ok: false, field: "trainedOn" });
    expect(await updateLesson(mvpLead, lesson.id, lessonOn("2026-03-31"))).toMatchObject({ ok: true, changed: true });
    expect(await prisma.mentorLesson.count({ where: { schoolId: made.id } })).toBe(1);

    // A school that opens later is said to open then, not to have opened.
    await prisma.school.update({ where: { id: made.id }, data: { status: "OPEN", closedOn: null, openedOn: londonDayStart("2031-09-01") } });
    expect(await createLesson(mvpLead, lessonOn("2026-03-30"))).toMatchObject({
      ok: false,
      message: "Your school opens on 1 September 2031, so a lesson before then cannot be recorded for it",
    });
    expect(await prisma.staffTraining.findMany({ where: { schoolId: made.id }, select: { trainedOn: true } })).toEqual([
      { trainedOn: londonDayStart("2025-09-01") },
    ]);
  });

  it("saved before the school's days were known can still be changed in other ways", async () => {
    const { school: made, mvpLead } = await mvpSchool();
    const staff = { name: "Dee Morgan", role: "Head of Year 9", trainer: "R. Hall", trainedOn: "2025-06-30" };
    const trained = await createStaffTraining(mvpLead, staff);
    if (!trained.ok) throw new Error("not saved");
    await prisma.school.update({ where: { id: made.id }, data: { openedOn: londonDayStart("2025-09-01") } });
    expect(await updateStaffTraining(mvpLead, trained.id, { ...staff, role: "Head of Year 10" })).toMatchObject({ ok: true, changed: true });
  });
});

describe("a record made after the school's days were known", () => {
  /** A return of `values`, read by the attendance form's schema. */
  // As a caller in code, with no page and so no fingerprint of one (decision 0148).
  const attendance = (values: Record<string, unknown>) => ({ ...attendanceSchema.parse({ comment: "", ...values }), version: undefined });

  /** A teacher's school with a booking on a session held three days ago. */
  async function heldBooking() {
    const { user, school: made } = await createSchoolTeacher(900);
    const delivery = await createDelivery({ capacity: 5 });
    const booked = await bookDelivery(user, delivery.id, bookingInput({ expectedPupils: 40 }));
    if (!booked.ok) throw new Error("booking failed");
    const held = new Date(Date.now() - 3 * DAY);
    await prisma.delivery.update({ where: { id: delivery.id }, data: { startsAt: held, endsAt: new Date(held.getTime() + 3600_000) } });
    return { user, made, bookingId: booked.id };
  }
  /** The lead learns afterwards that the school opened only yesterday. */
  const openedYesterday = (schoolId: string) =>
    prisma.school.update({ where: { id: schoolId }, data: { openedOn: londonDayStart(new Date(Date.now() - DAY).toISOString().slice(0, 10)) } });

  it("of pupils at a session is refused when the session was before the school opened, and nothing is saved", async () => {
    const { user, made, bookingId } = await heldBooking();
    const booked = { id: bookingId };
    await openedYesterday(made.id);

    // The page says so before its form, in the words the form would refuse with.
    const told = await attendanceDayRefusal(user, await getBooking(user, booked.id));
    const refused = await recordAttendance(user, booked.id, attendance({ year8: 30 }));
    expect(told).toBe(`${"message" in refused ? refused.message : ""}.`);
    expect(refused).toMatchObject({
      ok: false,
      field: "tookPlace",
      message: expect.stringMatching(new RegExp(`^${made.name} opened on .+, so pupils at a session before then cannot be recorded for it`)),
    });
    expect(await prisma.attendanceReturn.count({ where: { bookingId: booked.id } })).toBe(0);
    expect(await prisma.booking.findUniqueOrThrow({ where: { id: booked.id }, select: { status: true } })).toEqual({ status: "CONFIRMED" });
    // That it did not take place says nothing of the school being open, so it can be recorded.
    expect(await recordAttendance(user, booked.id, attendance({ tookPlace: "NO", notTakenReason: "SCHOOL_CLOSED" }))).toMatchObject({
      ok: true,
      tookPlace: false,
    });
    // Recorded so, it is not told to record that again.
    expect(await attendanceDayRefusal(user, await getBooking(user, booked.id))).toMatch(
      /If pupils did attend, ask the VRN schools lead to correct the school's dates\.$/,
    );
  });

  it("of pupils at a session, recorded before the school's days were known, can still be corrected", async () => {
    const { user, made, bookingId } = await heldBooking();
    expect(await recordAttendance(user, bookingId, attendance({ year8: 30 }))).toMatchObject({ ok: true });
    await openedYesterday(made.id);
    expect(await attendanceDayRefusal(user, await getBooking(user, bookingId))).toBeNull();
    expect(await recordAttendance(user, bookingId, attendance({ year8: 28 }))).toMatchObject({ ok: true, changed: true, total: 28 });
  });

  it("of pupils at a session is allowed on the school's closing day itself, at any hour", async () => {
    const { user, made, bookingId } = await heldBooking();
    const { startsAt } = await prisma.delivery.findFirstOrThrow({ where: { bookings: { some: { id: bookingId } } }, select: { startsAt: true } });
    await prisma.school.update({ where: { id: made.id }, data: { closedOn: londonDayStart(londonDateInputValue(startsAt)) } });
    expect(await recordAttendance(user, bookingId, attendance({ year8: 30 }))).toMatchObject({ ok: true, changed: true });
  });

  it("of a session attended, moved by the lead, is refused on a day before any school that attended opened", async () => {
    const { id: topicId } = await topic("Knife crime");
    const delivery = await deliveryAt(topicId, "2025-11-26", "10:00");
    // Two schools attended: one with no days known, one that opened on 3 November 2025.
    await booking(delivery.id, (await school(null, 900)).id, "DELIVERED", { 8: 25 });
    const made = await school(null, 900, { openedOn: londonDayStart("2025-11-03") });
    await booking(delivery.id, made.id, "DELIVERED", { 9: 30 });
    const stored = await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } });
    const now = new Date("2026-03-01T12:00:00Z");
    expect(await updateDelivery(await lead(), delivery.id, deliveryInput(stored, "2025-10-29", "10:00"), now)).toEqual({
      ok: false,
      field: "date",
      message: `Attendance has been recorded for this session, and ${made.name} opened on 3 November 2025, so the session cannot move to before then`,
    });
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).startsAt).toEqual(fromLondonWallTime("2025-11-26", "10:00"));
    expect(await updateDelivery(await lead(), delivery.id, deliveryInput(stored, "2025-11-03", "10:00"), now)).toMatchObject({ ok: true, changed: true });
  });

  it("of a pupil survey not tied to a session is refused while the school has not yet opened", async () => {
    const { school: made, mvpLead } = await mvpSchool();
    await prisma.school.update({ where: { id: made.id }, data: { openedOn: londonDayStart("2031-09-01") } });
    const template = await createSurveyTemplate("BEFORE", { context: "MVP" });
    expect(await openRun(mvpLead, { mvp: true }, { templateId: template.id, sharedDevices: false }, new Date("2026-10-01T12:00:00Z"))).toEqual({
      ok: false,
      field: "",
      message: "Your school opens on 1 September 2031, so it cannot open a pupil survey before then.",
    });
    expect(await prisma.surveyRun.count({ where: { schoolId: made.id } })).toBe(0);
  });

  it("of a pupil survey for a session after the school opens is refused until the school has opened", async () => {
    const { user, made, bookingId } = await heldBooking();
    const startsAt = new Date("2026-12-10T10:00:00Z");
    await prisma.delivery.updateMany({ where: { bookings: { some: { id: bookingId } } }, data: { startsAt, endsAt: new Date(startsAt.getTime() + 3600_000) } });
    await prisma.school.update({ where: { id: made.id }, data: { openedOn: londonDayStart("2026-12-07") } });
    const template = await createSurveyTemplate("BEFORE");
    const open = (now: Date) => openRun(user, { bookingId }, { templateId: template.id, sharedDevices: false }, now);
    expect(await open(new Date("2026-12-04T12:00:00Z"))).toEqual({
      ok: false,
      field: "",
      message: "Your school opens on 7 December 2026, so it cannot open a pupil survey before then.",
    });
    expect(await prisma.surveyRun.count({ where: { schoolId: made.id } })).toBe(0);
    // The booking page and the survey page say so before the form, in the same words.
    const stored = await prisma.school.findUniqueOrThrow({ where: { id: made.id } });
    expect(sessionRefusal(stored, "survey", startsAt, "Your school", new Date("2026-12-04T12:00:00Z"))).toBe(
      "Your school opens on 7 December 2026, so it cannot open a pupil survey before then.",
    );
    expect(sessionRefusal(stored, "survey", startsAt, "Your school", new Date("2026-12-07T08:00:00Z"))).toBeNull();
    expect(await open(new Date("2026-12-07T08:00:00Z"))).toMatchObject({ ok: true });
  });

  it("of training days from a cohort's notes is refused, all of it, when a day falls outside the school's days", async () => {
    const { school: made, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(made.id, 2025, ["Ada B."]);
    await prisma.mentorCohort.update({ where: { id: cohort.id }, data: { trainingDates: "14 and 15 October 2025" } });
    await prisma.school.update({ where: { id: made.id }, data: { openedOn: londonDayStart("2025-10-15") } });
    expect(await addNotedTrainingDays(mvpLead, cohort.id)).toEqual({
      ok: false,
      message:
        "Your school opened on 15 October 2025, so a training session before then cannot be recorded for it. Add the right days below, then change the cohort's notes; if your school's dates are wrong, ask the VRN schools lead to correct them.",
    });
    expect(await prisma.mentorTrainingSession.count({ where: { cohortId: cohort.id } })).toBe(0);
    expect((await prisma.mentorCohort.findUniqueOrThrow({ where: { id: cohort.id } })).trainingDates).toBe("14 and 15 October 2025");
  });
});

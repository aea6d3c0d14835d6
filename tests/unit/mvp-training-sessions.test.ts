import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { academicYearOf } from "~/lib/academic-year";
import { londonDayStart } from "~/lib/dates";
import { trainingDaysFromText } from "~/lib/training-dates-text";
import { createLesson } from "~/models/mvp-lessons.server";
import { trainedOn } from "~/models/mvp-training-rules";
import { getTrainingGrid, gridCell, saveTrainingGrid } from "~/models/mvp-training.server";
import { addNotedTrainingDays, addTrainingSession, removeTrainingSession } from "~/models/mvp-training-sessions.server";
import { cohortWithMentors, completeAll, curriculum, mvpSchool } from "./mvp-factories";

const year = academicYearOf(new Date());
let modules: Awaited<ReturnType<typeof curriculum>>;
let required: string[];

beforeAll(async () => {
  modules = await curriculum();
  required = modules.filter((m) => m.required).map((m) => m.id);
});

describe("reading training days from the notes cohorts held as text", () => {
  it.each([
    ["14 and 15 October 2025", ["2025-10-14", "2025-10-15"]],
    ["14, 15 & 16 Oct 2025", ["2025-10-14", "2025-10-15", "2025-10-16"]],
    ["14th October 2025", ["2025-10-14"]],
    ["14/10/2025", ["2025-10-14"]],
    ["2025-10-14", ["2025-10-14"]],
    ["2025-10-14; 21/10/2025", ["2025-10-14", "2025-10-21"]],
    ["14/10/2025 and 21/10/2025", ["2025-10-14", "2025-10-21"]],
    ["3 March 2026; 14 and 15 October 2025", ["2025-10-14", "2025-10-15", "2026-03-03"]],
  ])("reads %j", (text, days) => {
    expect(trainingDaysFromText(text)).toEqual(days);
  });

  it.each(["", "14 and 15 October", "October", "TBC", "14 October 2025 at the library", "31 February 2026", "14/10/25", "2 October and 5 November 2025"])(
    "refuses %j rather than guess",
    (text) => {
      expect(trainingDaysFromText(text)).toBeNull();
    },
  );
});

describe("trained on a day", () => {
  const curriculumOf = () => modules.map((m) => ({ id: m.id, required: m.required, active: m.active }));

  it("counts a module completed on the day itself, not one completed the next day", () => {
    // 23:30 in London on 12 October (BST) is 22:30 UTC: still the 12th.
    const late12th = new Date("2026-10-12T22:30:00Z");
    const completions = [
      { moduleId: required[0]!, completedAt: londonDayStart("2026-10-01") },
      { moduleId: required[1]!, completedAt: late12th },
    ];
    expect(trainedOn(completions, curriculumOf(), "2026-10-12")).toBe(true);
    expect(trainedOn(completions, curriculumOf(), "2026-10-11")).toBe(false);
    expect(trainedOn(completions.slice(0, 1), curriculumOf(), "2026-12-01")).toBe(false);
  });
});

describe("training sessions of a cohort", () => {
  it("adds a session by its London day, audited, and refuses a repeat or a day outside the cohort's year by the field", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Ada B."]);
    expect(await addTrainingSession(a.mvpLead, cohort.id, { heldOn: `${year + 1}-02-11`, note: "Day 1" })).toEqual({
      ok: true,
      message: `Training session on 11 February ${year + 1} added`,
    });
    const sessions = await prisma.mentorTrainingSession.findMany({ where: { cohortId: cohort.id } });
    expect(sessions.map((s) => [s.heldOn.toISOString(), s.note])).toEqual([[londonDayStart(`${year + 1}-02-11`).toISOString(), "Day 1"]]);
    expect(await prisma.auditEvent.count({ where: { entityId: cohort.id, summary: { contains: "training session on 11 February" } } })).toBe(1);

    expect(await addTrainingSession(a.mvpLead, cohort.id, { heldOn: `${year + 1}-02-11`, note: "" })).toEqual({
      ok: false,
      field: "heldOn",
      message: `11 February ${year + 1} is already a training session of this cohort`,
    });
    const tooEarly = await addTrainingSession(a.mvpLead, cohort.id, { heldOn: `${year}-03-31`, note: "" });
    expect(tooEarly).toEqual({ ok: false, field: "heldOn", message: `The date of the training session must be on or after 1 April ${year}` });
    const tooLate = await addTrainingSession(a.mvpLead, cohort.id, { heldOn: `${year + 1}-09-01`, note: "" });
    expect(tooLate).toMatchObject({ ok: false, field: "heldOn" });
    expect(await prisma.mentorTrainingSession.count({ where: { cohortId: cohort.id } })).toBe(1);
  });

  it("keeps to the lead's own school: 404 for another school's lead, 403 for a teacher", async () => {
    const a = await mvpSchool();
    const b = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Ben C."]);
    const input = { heldOn: `${year}-10-01`, note: "" };
    await expect(addTrainingSession(b.mvpLead, cohort.id, input)).rejects.toMatchObject({ status: 404 });
    await expect(addTrainingSession(a.teacher, cohort.id, input)).rejects.toMatchObject({ status: 403 });
    await addTrainingSession(a.mvpLead, cohort.id, input);
    const session = await prisma.mentorTrainingSession.findFirstOrThrow({ where: { cohortId: cohort.id } });
    await expect(removeTrainingSession(b.mvpLead, cohort.id, session.id)).rejects.toMatchObject({ status: 404 });
    // Another cohort's session named through this lead's own cohort is not touched.
    const other = await cohortWithMentors(b.school.id, year, ["Cara D."]);
    // Nor is it said to have been removed already: it was never in that cohort.
    expect(await removeTrainingSession(b.mvpLead, other.id, session.id)).toEqual({
      ok: true,
      message: "That training session is not in this cohort's list now, so nothing was removed",
    });
    expect(await prisma.mentorTrainingSession.count({ where: { id: session.id } })).toBe(1);
    await removeTrainingSession(a.mvpLead, cohort.id, session.id);
    expect(await prisma.mentorTrainingSession.count({ where: { id: session.id } })).toBe(0);
  });

  it("adds the days of notes that read as dates and clears them; leaves notes that do not read alone", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Dan E."]);
    // The factory's notes have no year, so they cannot be read.
    const refused = await addNotedTrainingDays(a.mvpLead, cohort.id);
    expect(refused).toMatchObject({ ok: false });
    expect((await prisma.mentorCohort.findUniqueOrThrow({ where: { id: cohort.id } })).trainingDates).toBe("14 and 15 October");

    await prisma.mentorCohort.update({ where: { id: cohort.id }, data: { trainingDates: `14 and 15 October ${year}` } });
    await addTrainingSession(a.mvpLead, cohort.id, { heldOn: `${year}-10-14`, note: "Day 1" });
    // 14 October was a training session already: only 15 October is added, and the message says so.
    expect(await addNotedTrainingDays(a.mvpLead, cohort.id)).toEqual({
      ok: true,
      message: "1 training day added from the cohort's notes; 1 was already a training session",
    });
    const days = await prisma.mentorTrainingSession.findMany({ where: { cohortId: cohort.id }, orderBy: { heldOn: "asc" } });
    expect(days.map((d) => [d.heldOn.toISOString(), d.note])).toEqual([
      [londonDayStart(`${year}-10-14`).toISOString(), "Day 1"],
      [londonDayStart(`${year}-10-15`).toISOString(), ""],
    ]);
    expect((await prisma.mentorCohort.findUniqueOrThrow({ where: { id: cohort.id } })).trainingDates).toBe("");
  });
  it("says no day was added when every day in the notes is a training session already", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Ola P."]);
    await addTrainingSession(a.mvpLead, cohort.id, { heldOn: `${year}-10-14`, note: "Day 1" });
    await addTrainingSession(a.mvpLead, cohort.id, { heldOn: `${year}-10-15`, note: "Day 2" });
    await prisma.mentorCohort.update({ where: { id: cohort.id }, data: { trainingDates: `14 and 15 October ${year}` } });
    expect(await addNotedTrainingDays(a.mvpLead, cohort.id)).toEqual({
      ok: true,
      message: "No training day added: all 2 days in the cohort's notes were already training sessions, and the notes were cleared",
    });
    expect(await prisma.mentorTrainingSession.count({ where: { cohortId: cohort.id } })).toBe(2);
    expect((await prisma.mentorCohort.findUniqueOrThrow({ where: { id: cohort.id } })).trainingDates).toBe("");
  });
});

describe("ticks dated to a training session, and lessons checked against the lesson's day", () => {
  it("dates new ticks to the chosen session, and flags a lesson before that day but not one on it", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Eve F.", "Finn G.", "Gus H."]);
    const [eve, finn, gus] = cohort.mentors as [(typeof cohort.mentors)[0], (typeof cohort.mentors)[0], (typeof cohort.mentors)[0]];
    await addTrainingSession(a.mvpLead, cohort.id, { heldOn: `${year}-10-14`, note: "" });
    await addTrainingSession(a.mvpLead, cohort.id, { heldOn: `${year + 1}-08-31`, note: "Still to come" });
    const grid = await getTrainingGrid(a.mvpLead, cohort.id);
    // Only sessions already held can date a tick.
    expect(grid.sessions.map((s) => s.note)).toEqual([""]);
    const session = grid.sessions[0]!;

    const input = {
      mentor: [eve.id, finn.id, gus.id],
      module: modules.map((m) => m.id),
      done: required.map((moduleId) => gridCell(eve.id, moduleId)),
      trainedAt: session.id,
    };
    expect(await saveTrainingGrid(a.mvpLead, cohort.id, input)).toMatchObject({ ok: true, added: 2, trained: 1 });
    const saved = await prisma.moduleCompletion.findMany({ where: { mentorId: eve.id } });
    expect(saved.map((c) => c.completedAt.toISOString())).toEqual(required.map(() => londonDayStart(`${year}-10-14`).toISOString()));

    await completeAll([finn.id, gus.id], required, londonDayStart(`${year}-10-01`));
    const leaders = [eve.id, finn.id, gus.id];
    const onTheDay = await createLesson(a.mvpLead, {
      deliveredOn: `${year}-10-14`,
      className: "8A",
      yearGroup: 8,
      pupilsPresent: 25,
      mentorIds: leaders,
      topic: "Bystanders",
      reflection: "",
    });
    expect(onTheDay).toMatchObject({ ok: true, warnings: [] });
    const before = await createLesson(a.mvpLead, {
      deliveredOn: `${year}-10-13`,
      className: "8B",
      yearGroup: 8,
      pupilsPresent: 25,
      mentorIds: leaders,
      topic: "Bystanders",
      reflection: "",
    });
    expect(before).toMatchObject({ ok: true, warnings: [`Eve F. had not finished training by 13 October ${year}, the day of this lesson.`] });
  });

  it("refuses a session of another cohort or one still to come, saving nothing", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Hana I."]);
    const other = await cohortWithMentors(a.school.id, year, ["Ian J."]);
    await addTrainingSession(a.mvpLead, other.id, { heldOn: `${year}-10-14`, note: "" });
    await addTrainingSession(a.mvpLead, cohort.id, { heldOn: `${year + 1}-08-31`, note: "" });
    const mentor = cohort.mentors[0]!;
    for (const session of await prisma.mentorTrainingSession.findMany({ where: { cohortId: { in: [cohort.id, other.id] } } })) {
      const input = { mentor: [mentor.id], module: modules.map((m) => m.id), done: [gridCell(mentor.id, required[0]!)], trainedAt: session.id };
      expect(await saveTrainingGrid(a.mvpLead, cohort.id, input)).toEqual({ ok: false, message: "Choose one of this cohort's training sessions, or today." });
    }
    expect(await prisma.moduleCompletion.count({ where: { mentorId: mentor.id } })).toBe(0);
  });
});

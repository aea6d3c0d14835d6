import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { academicYearOf } from "~/lib/academic-year";
import { londonDayStart } from "~/lib/dates";
import { createCohort, getCohort, listCohorts, updateCohort } from "~/models/mvp-cohorts.server";
import { addMentor } from "~/models/mvp-mentors.server";
import { createLesson, listLessons, updateLesson } from "~/models/mvp-lessons.server";
import { getSchoolMvp } from "~/models/mvp-school.server";
import { createStaffTraining, deleteStaffTraining, updateStaffTraining } from "~/models/mvp-staff.server";
import { createModule, setModuleActive, updateModule } from "~/models/mvp-modules.server";
import { getAreaOverview, getSchoolFigures } from "~/models/mvp-reach.server";
import { getTrainingGrid, gridCell, saveTrainingGrid } from "~/models/mvp-training.server";
import { schoolsCsvRows } from "~/models/reach-export.server";
import { getOwnSchoolReach } from "~/models/reach-schools.server";
import { cohortWithMentors, completeAll, curriculum, lesson, mvpSchool, vrnLead } from "./mvp-factories";

const year = academicYearOf(new Date());
type Modules = Awaited<ReturnType<typeof curriculum>>;
let modules: Modules;
let required: string[];

beforeAll(async () => {
  modules = await curriculum();
  required = modules.filter((m) => m.required).map((m) => m.id);
});

/** A record of staff training the test expects to be made. */
async function staffTrained(...args: Parameters<typeof createStaffTraining>) {
  const created = await createStaffTraining(...args);
  if (!created.ok) throw new Error(created.message);
  return created;
}

const lessonInput = (mentorIds: string[], overrides: Partial<{ deliveredOn: string; className: string; yearGroup: number }> = {}) => ({
  deliveredOn: `${year}-10-12`,
  className: "8B",
  yearGroup: 8,
  pupilsPresent: 28,
  mentorIds,
  topic: "Online abuse",
  reflection: "",
  ...overrides,
});

describe("each school sees only its own MVP records", () => {
  it("gives another school's MVP lead a 404 for a cohort, and its teacher a 403", async () => {
    const a = await mvpSchool();
    const b = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Aisha K."]);
    await expect(getCohort(b.mvpLead, cohort.id)).rejects.toMatchObject({ status: 404 });
    await expect(getCohort(a.teacher, cohort.id)).rejects.toMatchObject({ status: 403 });
    await expect(getSchoolFigures(b.teacher, a.school.id, year)).rejects.toMatchObject({ status: 403 });
    await expect(listCohorts(b.mvpLead, a.school.id, year)).rejects.toMatchObject({ status: 403 });
    await expect(listLessons(b.mvpLead, a.school.id, year)).rejects.toMatchObject({ status: 403 });
    expect((await getCohort(a.mvpLead, cohort.id)).mentors.map((m) => m.displayName)).toEqual(["Aisha K."]);
    expect((await getCohort(await vrnLead(), cohort.id)).mentors).toHaveLength(1);
  });

  it("shows a school's teacher the lessons without mentors' names or reflections", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Bilal R."]);
    await lesson(a.school.id, year, "7C", 25, [cohort.mentors[0]!.id], "Bilal was great");
    const [seen] = await listLessons(a.teacher, a.school.id, year);
    expect(seen).toMatchObject({ className: "7C", leaderCount: 1, leaders: [], reflection: "" });
  });

  it("lets only an MVP lead record, always for their own school", async () => {
    const a = await mvpSchool();
    const input = { academicYear: year, yearGroups: [10], trainingDates: "1 October", trainers: "R. Hall" };
    await expect(createCohort(a.teacher, input)).rejects.toMatchObject({ status: 403 });
    await expect(createCohort(await vrnLead(), input)).rejects.toMatchObject({ status: 403 });
    const created = await createCohort(a.mvpLead, input);
    expect(created.ok).toBe(true);
    const saved = await prisma.mentorCohort.findUniqueOrThrow({ where: { id: created.ok ? created.id : "" } });
    expect(saved.schoolId).toBe(a.school.id);
  });

  it("refuses a cohort in a future academic year", async () => {
    const a = await mvpSchool();
    const result = await createCohort(a.mvpLead, { academicYear: year + 1, yearGroups: [10], trainingDates: "x", trainers: "y" });
    expect(result).toMatchObject({ ok: false, field: "academicYear" });
  });

  it("refuses a second mentor of the same name in a cohort, whatever the case", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Aisha K."]);
    const result = await addMentor(a.mvpLead, cohort.id, { displayName: "aisha k.", yearGroup: 10 });
    expect(result).toMatchObject({ ok: false, field: "displayName" });
    expect(await prisma.mentor.count({ where: { cohortId: cohort.id } })).toBe(1);
  });
});

describe("recording staff training", () => {
  it("files the record in the academic year of its date, with an audit entry, and keeps other schools out", async () => {
    const a = await mvpSchool();
    const b = await mvpSchool();
    // 31 August is the last day of 2024/25 in London, though already 1 September in some time zones' eyes.
    const created = await staffTrained(a.mvpLead, { name: "Rebecca Hall", role: "Head of Year 10", trainedOn: "2025-08-31", trainer: "VRN" });
    expect(created).toMatchObject({ schoolId: a.school.id, academicYear: 2024 });
    expect(await prisma.auditEvent.count({ where: { entityType: "StaffTraining", entityId: created.id } })).toBe(1);
    await expect(deleteStaffTraining(b.mvpLead, created.id)).rejects.toMatchObject({ status: 404 });
    expect(await prisma.staffTraining.count({ where: { id: created.id } })).toBe(1);
  });

  it("records one person's training on one day once, however often or however written the form is sent", async () => {
    const a = await mvpSchool();
    const b = await mvpSchool();
    const input = { name: "Priya Shah", role: "PSHE lead", trainedOn: "2025-10-01", trainer: "VRN" };
    // Eight of the same form at once, as a double click without JavaScript or a script sends them.
    const results = await Promise.all(Array.from({ length: 8 }, () => createStaffTraining(a.mvpLead, input)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, field: "name", message: "Priya Shah's training on 1 October 2025 is already recorded" });
    // The same name however written: case, spaces inside (a double space, a non-breaking one pasted from a
    // document), an accent typed as a letter and a combining mark, a zero-width space.
    for (const name of ["  priya SHAH ", "Priya  Shah", "Priya\u00A0Shah", "Priya\u200B Shah", "Ｐｒｉｙａ Shah"]) {
      expect(await createStaffTraining(a.mvpLead, { ...input, name, role: "Head of PSHE" }), JSON.stringify(name)).toMatchObject({ ok: false, field: "name" });
    }
    await staffTrained(a.mvpLead, { ...input, name: "Zoë Ng" });
    for (const name of ["Zoe\u0308 Ng", "Zoe\u200B\u0308 Ng"]) {
      expect(await createStaffTraining(a.mvpLead, { ...input, name }), JSON.stringify(name)).toMatchObject({ ok: false, field: "name" });
    }
    await prisma.staffTraining.deleteMany({ where: { schoolId: a.school.id, name: "Zoë Ng" } });
    expect(await prisma.staffTraining.count({ where: { schoolId: a.school.id } })).toBe(1);
    // Another day, another person, another school: each its own record.
    const otherDay = await staffTrained(a.mvpLead, { ...input, trainedOn: "2025-10-02" });
    await staffTrained(a.mvpLead, { ...input, name: "Priya Shah-Jones" });
    await staffTrained(b.mvpLead, input);
    // Changing a record into a copy of another is refused, and changes nothing.
    expect(await updateStaffTraining(a.mvpLead, otherDay.id, input)).toMatchObject({ ok: false, field: "name" });
    expect(await prisma.staffTraining.findUnique({ where: { id: otherDay.id } })).toMatchObject({ trainedOn: londonDayStart("2025-10-02") });
  });
});

describe("recording a mentor-led lesson", () => {
  it("refuses a mentor of another school and writes nothing", async () => {
    const a = await mvpSchool();
    const b = await mvpSchool();
    const own = await cohortWithMentors(a.school.id, year, ["Chloe W.", "Dev P."]);
    const other = await cohortWithMentors(b.school.id, year, ["Ella M."]);
    const before = await prisma.mentorLesson.count();
    const result = await createLesson(a.mvpLead, lessonInput([own.mentors[0]!.id, own.mentors[1]!.id, other.mentors[0]!.id]));
    expect(result).toEqual({ ok: false, field: "mentorIds", message: "Select mentors from your school's list" });
    expect(await prisma.mentorLesson.count()).toBe(before);
    expect(await prisma.mentorLessonLeader.count({ where: { mentorId: other.mentors[0]!.id } })).toBe(0);
  });

  it("saves with fewer than three mentors or an untrained one, and says so", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Farah S.", "George T."]);
    await completeAll([cohort.mentors[0]!.id], required, londonDayStart(`${year}-10-01`));
    const result = await createLesson(a.mvpLead, lessonInput(cohort.mentors.map((m) => m.id)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.academicYear).toBe(year);
    expect(result.warnings).toEqual([
      "Only 2 mentors led this lesson: at least 3 are recommended.",
      `George T. had not finished training by 12 October ${year}, the day of this lesson.`,
    ]);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityType: "MentorLesson", entityId: result.id } });
    expect(audit.summary).not.toContain("George");
  });

  it("saves a lesson for a class no younger than a mentor who led it, and says so", async () => {
    const a = await mvpSchool();
    // Last year's cohort of Year 10 mentors, trained, and lessons on days that have passed.
    const cohort = await cohortWithMentors(a.school.id, year - 1, ["Mo K.", "Nia R.", "Omar T."]);
    const ids = cohort.mentors.map((m) => m.id);
    await completeAll(ids, required, londonDayStart(`${year - 1}-10-01`));
    const lastYear = (yearGroup: number) => lessonInput(ids, { deliveredOn: `${year - 1}-10-12`, className: `${yearGroup}A`, yearGroup });
    const thisYear = (yearGroup: number) => lessonInput(ids, { deliveredOn: `${year}-10-12`, className: `${yearGroup}A`, yearGroup });
    // Year 10 mentors, a Year 9 class: no warning.
    expect(await createLesson(a.mvpLead, lastYear(9))).toMatchObject({ ok: true, warnings: [] });
    // A Year 11 class: before, saved and counted with no word of it.
    expect(await createLesson(a.mvpLead, lastYear(11))).toMatchObject({
      ok: true,
      warnings: ["The class is in Year 11, and Mo K. (Year 10), Nia R. (Year 10), Omar T. (Year 10) are not older: MVP lessons are for younger pupils."],
    });
    // A year on, the same mentors are in Year 11: a Year 11 class is flagged, a Year 10 one not.
    expect(await createLesson(a.mvpLead, thisYear(11))).toMatchObject({ ok: true, warnings: [expect.stringContaining("Mo K. (Year 11)")] });
    expect(await createLesson(a.mvpLead, thisYear(10))).toMatchObject({ ok: true, warnings: [] });
    // The school's list of lessons flags them too, not only the message as each was saved.
    // The school's MVP page reads its lessons another way, knowing each leader's cohort from the year's.
    const listed = async (academicYear: number) => (await listLessons(a.mvpLead, a.school.id, academicYear)).map((l) => [l.yearGroup, l.classNotYounger]);
    const onPage = async (academicYear: number) =>
      (await getSchoolMvp(a.mvpLead, a.school.id, academicYear)).detail?.lessons.map((l) => [l.yearGroup, l.classNotYounger]);
    for (const flagged of [listed, onPage]) {
      expect((await flagged(year - 1))?.sort()).toEqual([
        [11, true],
        [9, false],
      ]);
      expect((await flagged(year))?.sort()).toEqual([
        [10, false],
        [11, true],
      ]);
    }
  });

  it("refuses a mentor who had stopped before the lesson", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Hana B.", "Isaac O.", "Jasmin D."]);
    await prisma.mentor.update({ where: { id: cohort.mentors[2]!.id }, data: { withdrawnOn: new Date(`${year}-10-01T00:00:00Z`) } });
    const result = await createLesson(a.mvpLead, lessonInput(cohort.mentors.map((m) => m.id)));
    expect(result).toMatchObject({ ok: false, field: "mentorIds" });
  });
});

/** The boxes a grid page shows ticked, as its form sends them back in `shown`. */
const tickedOn = (grid: { mentors: { id: string; done: string[] }[] }) => grid.mentors.flatMap((m) => m.done.map((moduleId) => gridCell(m.id, moduleId)));

describe("the training grid", () => {
  it("saves exactly the ticked set, adding and removing, with one audit entry", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Kiran L.", "Leah F."]);
    const kiran = cohort.mentors[0]!;
    const leah = cohort.mentors[1]!;
    await completeAll([leah.id], [modules[0]!.id]);
    const grid = await getTrainingGrid(a.mvpLead, cohort.id);
    const shown = { mentor: grid.mentors.map((m) => m.id), module: grid.modules.map((m) => m.id), shown: tickedOn(grid) };

    const result = await saveTrainingGrid(a.mvpLead, cohort.id, { ...shown, done: required.map((id) => gridCell(kiran.id, id)) });
    expect(result).toEqual({ ok: true, added: required.length, removed: 1, trained: 1, mentors: 2 });
    const stored = await prisma.moduleCompletion.findMany({ where: { mentorId: { in: [kiran.id, leah.id] } } });
    expect(stored.map((c) => gridCell(c.mentorId, c.moduleId)).sort()).toEqual(required.map((id) => gridCell(kiran.id, id)).sort());
    expect(await prisma.auditEvent.count({ where: { entityType: "MentorCohort", entityId: cohort.id, action: "record-training" } })).toBe(1);

    const again = await saveTrainingGrid(a.mvpLead, cohort.id, { ...shown, done: required.map((id) => gridCell(kiran.id, id)) });
    expect(again).toMatchObject({ ok: true, added: 0, removed: 0 });
  });

  it("changes only the boxes changed from what the page showed, keeping another recorder's changes made since", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Priya D.", "Quinn E."]);
    const [priya, quinn] = [cohort.mentors[0]!, cohort.mentors[1]!];
    await completeAll([quinn.id], [required[1]!]);
    // Two recorders open the same grid.
    const grid = await getTrainingGrid(a.mvpLead, cohort.id);
    const page = { mentor: grid.mentors.map((m) => m.id), module: grid.modules.map((m) => m.id), shown: tickedOn(grid) };
    const first = await saveTrainingGrid(a.mvpLead, cohort.id, { ...page, done: [gridCell(quinn.id, required[1]!), gridCell(priya.id, required[0]!)] });
    expect(first).toMatchObject({ ok: true, added: 1, removed: 0 });
    // The second, from the page as it was, ticks another box and clears Quinn's.
    const second = await saveTrainingGrid(a.mvpLead, cohort.id, { ...page, done: [gridCell(quinn.id, required[0]!)] });
    expect(second).toMatchObject({ ok: true, added: 1, removed: 1 });
    const stored = await prisma.moduleCompletion.findMany({ where: { mentorId: { in: [priya.id, quinn.id] } } });
    expect(stored.map((c) => gridCell(c.mentorId, c.moduleId)).sort()).toEqual([gridCell(priya.id, required[0]!), gridCell(quinn.id, required[0]!)].sort());
  });

  it("logs a cohort of one as 1 mentor trained, not 1 mentors", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Omar S."]);
    const only = cohort.mentors[0]!;
    const grid = await getTrainingGrid(a.mvpLead, cohort.id);
    const shown = { mentor: grid.mentors.map((m) => m.id), module: grid.modules.map((m) => m.id) };
    expect(await saveTrainingGrid(a.mvpLead, cohort.id, { ...shown, done: required.map((id) => gridCell(only.id, id)) })).toMatchObject({
      ok: true,
      trained: 1,
      mentors: 1,
    });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityType: "MentorCohort", entityId: cohort.id, action: "record-training" } });
    expect(audit.summary).toMatch(/; 1 of 1 mentor trained$/);
  });

  it("refuses a box for a mentor of another cohort, changing nothing", async () => {
    const a = await mvpSchool();
    const b = await mvpSchool();
    const own = await cohortWithMentors(a.school.id, year, ["Mohammed A."]);
    const other = await cohortWithMentors(b.school.id, year, ["Nia J."]);
    const moduleIds = modules.map((m) => m.id);
    const forged = { mentor: [own.mentors[0]!.id], module: moduleIds, done: [gridCell(other.mentors[0]!.id, moduleIds[0]!)] };
    expect(await saveTrainingGrid(a.mvpLead, own.id, forged)).toMatchObject({ ok: false });
    const listed = { mentor: [own.mentors[0]!.id, other.mentors[0]!.id], module: moduleIds, done: [] };
    expect(await saveTrainingGrid(a.mvpLead, own.id, listed)).toMatchObject({ ok: false });
    expect(await prisma.moduleCompletion.count({ where: { mentorId: other.mentors[0]!.id } })).toBe(0);
    await expect(saveTrainingGrid(b.mvpLead, own.id, { mentor: [], module: [], done: [] })).rejects.toMatchObject({ status: 404 });
    // A grid naming no rows or no columns shows nothing to save: refused, not "saved, no changes".
    expect(await saveTrainingGrid(a.mvpLead, own.id, { mentor: [], module: [], done: [] })).toMatchObject({ ok: false });
    expect(await saveTrainingGrid(a.mvpLead, own.id, { mentor: [own.mentors[0]!.id], module: [], done: [] })).toMatchObject({ ok: false });
  });

  it("leaves completions of a retired module alone", async () => {
    const lead = await vrnLead();
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Oscar H."]);
    const optional = modules.find((m) => !m.required)!;
    await completeAll([cohort.mentors[0]!.id], [optional.id]);
    expect(await setModuleActive(lead, optional.id, false)).toMatchObject({ ok: true, changed: true });
    try {
      const grid = await getTrainingGrid(a.mvpLead, cohort.id);
      expect(grid.modules.map((m) => m.id)).not.toContain(optional.id);
      await saveTrainingGrid(a.mvpLead, cohort.id, { mentor: [cohort.mentors[0]!.id], module: grid.modules.map((m) => m.id), done: [] });
      expect(await prisma.moduleCompletion.count({ where: { mentorId: cohort.mentors[0]!.id, moduleId: optional.id } })).toBe(1);
    } finally {
      await setModuleActive(lead, optional.id, true);
    }
  });

  it("never retires or makes optional the last required module", async () => {
    const lead = await vrnLead();
    const [first, second] = required as [string, string];
    expect(await setModuleActive(lead, first, false)).toMatchObject({ ok: true, changed: true });
    expect(await setModuleActive(lead, second, false)).toMatchObject({ ok: false });
    await setModuleActive(lead, first, true);
  });
});

describe("training modules' titles", () => {
  it("refuses a title another module has, whatever its case, spacing or invisible characters, and writes nothing", async () => {
    const lead = await vrnLead();
    const title = `Bystander approach ${Math.random()}`;
    const first = await createModule(lead, { title, description: "", required: "no" });
    if (!first.ok) throw new Error(first.message);
    const count = await prisma.trainingModule.count();
    // A form sent twice made two modules, and two columns of the training grid for one.
    for (const copy of [title, title.toUpperCase(), title.replace(" ", "  "), title.replace(" ", "\u00a0"), title.replace("approach", "appr\u200boach")]) {
      expect(await createModule(lead, { title: copy, description: "", required: "no" })).toEqual({
        ok: false,
        field: "title",
        message: `There is already a module called “${title}”`,
      });
    }
    // All at once, as a form sent several times: one is added.
    const other = `Consent ${Math.random()}`;
    const together = await Promise.all(Array.from({ length: 4 }, () => createModule(lead, { title: other, description: "", required: "no" })));
    expect(together.filter((result) => result.ok)).toHaveLength(1);
    expect(await prisma.trainingModule.count()).toBe(count + 1);
    // Renaming one into a copy of another is refused too; keeping its own title is not.
    const added = together.find((result) => result.ok)!;
    if (!added.ok) return;
    expect(await updateModule(lead, added.id, { title: title.toLowerCase(), description: "", required: "no" })).toMatchObject({ ok: false, field: "title" });
    expect(await updateModule(lead, added.id, { title: other, description: "Asking first", required: "no" })).toEqual({ ok: true, changed: true });
  });
});

describe("saving a record as it already is", () => {
  const audited = (entityType: string, entityId: string) => prisma.auditEvent.count({ where: { entityType, entityId } });

  it("changes and audits nothing for a training module", async () => {
    const lead = await vrnLead();
    const module = await prisma.trainingModule.create({ data: { title: `Consent ${Math.random()}`, required: false, position: 20 } });
    const input = { title: module.title, description: "Asking and listening", required: "no" as const };
    expect(await updateModule(lead, module.id, input)).toEqual({ ok: true, changed: true });
    const auditBefore = await audited("TrainingModule", module.id);
    expect(await updateModule(lead, module.id, input)).toEqual({ ok: true, changed: false });
    expect(await audited("TrainingModule", module.id)).toBe(auditBefore);
  });

  it("changes and audits nothing for a cohort", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, []);
    const input = { academicYear: year, yearGroups: [10, 11], trainingDates: "14 October", trainers: "R. Hall" };
    expect(await updateCohort(a.mvpLead, cohort.id, input)).toEqual({ ok: true, id: cohort.id, changed: true });
    const auditBefore = await audited("MentorCohort", cohort.id);
    expect(await updateCohort(a.mvpLead, cohort.id, input)).toEqual({ ok: true, id: cohort.id, changed: false });
    expect(await audited("MentorCohort", cohort.id)).toBe(auditBefore);
  });

  it("changes and audits nothing for a record of staff training", async () => {
    const a = await mvpSchool();
    const input = { name: "Rebecca Hall", role: "Head of Year 10", trainedOn: `${year}-10-01`, trainer: "VRN" };
    const created = await staffTrained(a.mvpLead, input);
    expect(await updateStaffTraining(a.mvpLead, created.id, { ...input, role: "Head of Year 11" })).toMatchObject({ changed: true });
    const auditBefore = await audited("StaffTraining", created.id);
    expect(await updateStaffTraining(a.mvpLead, created.id, { ...input, role: "Head of Year 11" })).toMatchObject({ changed: false, name: "Rebecca Hall" });
    expect(await audited("StaffTraining", created.id)).toBe(auditBefore);
  });

  it("changes and audits nothing for a lesson, its leaders given in another order", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Aisha K.", "Ben T.", "Cara M."]);
    const mentorIds = cohort.mentors.map((m) => m.id);
    const led = await createLesson(a.mvpLead, lessonInput(mentorIds.slice(0, 2)));
    if (!led.ok) throw new Error(led.message);
    expect(await updateLesson(a.mvpLead, led.id, lessonInput(mentorIds))).toMatchObject({ ok: true, changed: true });
    const auditBefore = await audited("MentorLesson", led.id);
    expect(await updateLesson(a.mvpLead, led.id, lessonInput([...mentorIds].reverse()))).toMatchObject({ ok: true, changed: false });
    expect(await audited("MentorLesson", led.id)).toBe(auditBefore);
  });
});

describe("the programme's figures", () => {
  it("counts a school's year from its records", async () => {
    const a = await mvpSchool();
    const lastYear = await cohortWithMentors(a.school.id, year - 1, ["Priya N.", "Ravi G.", "Sofia C."]);
    const thisYear = await cohortWithMentors(a.school.id, year, ["Tyler E.", "Yusuf Z."]);
    await completeAll(
      [...lastYear.mentors, thisYear.mentors[0]!].map((m) => m.id),
      required,
    );
    await prisma.staffTraining.create({
      data: { schoolId: a.school.id, academicYear: year, name: "R. Hall", role: "PSHE lead", trainedOn: new Date(), trainer: "VRN" },
    });
    const leaders = lastYear.mentors.map((m) => m.id);
    for (let n = 0; n < 5; n++) await lesson(a.school.id, year, "8A", 27 + (n % 3), leaders);
    // A mentor still in training led this one beside two trained mentors: counted apart, never as "led".
    await lesson(a.school.id, year, "8B", 30, [...leaders.slice(0, 2), thisYear.mentors[1]!.id]);
    await lesson(a.school.id, year - 1, "7A", 30, leaders);

    const { figures, classes } = await getSchoolFigures(a.mvpLead, a.school.id, year);
    expect(figures).toEqual({
      stage: "DELIVERING",
      staffTrained: 1,
      staffTrainedToDate: 1,
      cohorts: 1,
      mentors: 2,
      mentorsTrained: 1,
      mentorsWhoLed: 3,
      untrainedMentorsWhoLed: 1,
      lessons: 6,
      pupilsReachedOnce: 29 + 30,
      pupilsReachedFive: 29,
    });
    expect(classes.map((c) => c.className)).toEqual(["8A", "8B"]);

    const area = await getAreaOverview(await vrnLead(), year);
    expect(area.rows.find((row) => row.id === a.school.id)?.figures).toEqual(figures);
    expect(area.totals.lessons).toBeGreaterThanOrEqual(6);
    await expect(getAreaOverview(a.mvpLead, year)).rejects.toMatchObject({ status: 403 });
  });

  it("counts a lesson's leaders in the year it was moved to, over the whole area as at the school", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year - 1, ["Hana B.", "Ivo L.", "Jade W."]);
    const mentorIds = cohort.mentors.map((m) => m.id);
    await completeAll(mentorIds.slice(0, 2), required);
    const led = await createLesson(a.mvpLead, lessonInput(mentorIds, { deliveredOn: `${year - 1}-11-10` }));
    if (!led.ok) throw new Error(led.message);
    const lead = await vrnLead();
    const whoLed = async (inYear: number) => {
      const figures = (await getAreaOverview(lead, inYear)).rows.find((row) => row.id === a.school.id)?.figures;
      return [figures?.mentorsWhoLed ?? 0, figures?.untrainedMentorsWhoLed ?? 0];
    };
    expect([await whoLed(year - 1), await whoLed(year)]).toEqual([
      [2, 1],
      [0, 0],
    ]);
    expect(await updateLesson(a.mvpLead, led.id, lessonInput(mentorIds))).toMatchObject({ ok: true, changed: true });
    expect([await whoLed(year - 1), await whoLed(year)]).toEqual([
      [0, 0],
      [2, 1],
    ]);
    const { figures } = await getSchoolFigures(a.mvpLead, a.school.id, year);
    expect(figures).toMatchObject({ mentorsWhoLed: 2, untrainedMentorsWhoLed: 1 });
  });

  it("counts class A of Year 7 and class A of Year 9, taught on the same day, as two classes everywhere", async () => {
    const a = await mvpSchool();
    const cohort = await cohortWithMentors(a.school.id, year, ["Kemi A.", "Leo B.", "Mia C."]);
    const mentorIds = cohort.mentors.map((m) => m.id);
    for (const [yearGroup, pupilsPresent] of [
      [7, 30],
      [9, 25],
    ] as const) {
      expect((await createLesson(a.mvpLead, { ...lessonInput(mentorIds, { className: "A" }), yearGroup, pupilsPresent })).ok).toBe(true);
    }

    const { figures, classes } = await getSchoolFigures(a.mvpLead, a.school.id, year);
    expect(classes.map((c) => [c.className, c.yearGroup, c.lessons, c.largestClass])).toEqual([
      ["A", 7, 1, 30],
      ["A", 9, 1, 25],
    ]);
    expect(figures).toMatchObject({ lessons: 2, pupilsReachedOnce: 55, pupilsReachedFive: 0 });
    const lead = await vrnLead();
    expect((await getAreaOverview(lead, year)).rows.find((row) => row.id === a.school.id)?.figures).toEqual(figures);
    const ownReach = await getOwnSchoolReach(a.teacher);
    expect(ownReach.years.find((y) => y.year === year)?.own.mvpPupils).toBe(55);
    const filters = { year, term: null, localAuthority: null, localityId: null, schoolType: null, topicId: null };
    const csv: (readonly unknown[])[] = [];
    for await (const row of schoolsCsvRows(lead, filters, false)) csv.push(row);
    const column = csv[0]!.indexOf("Pupils reached by mentor-led lessons");
    expect(csv.find((row) => row[0] === a.school.name)?.[column]).toBe(55);
  });

  it("derives each school's stage from its records, so the table never shows a stage its counts deny", async () => {
    const lead = await vrnLead();
    const staffLastYear = await mvpSchool();
    await prisma.staffTraining.create({
      data: { schoolId: staffLastYear.school.id, academicYear: year - 1, name: "J. Cole", role: "Head of year", trainedOn: new Date(), trainer: "VRN" },
    });
    const inTraining = await mvpSchool();
    await cohortWithMentors(inTraining.school.id, year, ["Ana B.", "Ben C."]);
    const mentorsTrained = await mvpSchool();
    const cohort = await cohortWithMentors(mentorsTrained.school.id, year, ["Cara D.", "Dev E."]);
    await completeAll([cohort.mentors[0]!.id], required);

    const area = await getAreaOverview(lead, year);
    const row = (id: string) => area.rows.find((r) => r.id === id)!.figures;
    // Staff trained last year: the stage says so, and the table's "to date" count bears it out.
    expect(row(staffLastYear.school.id)).toMatchObject({ stage: "STAFF_TRAINED", staffTrained: 0, staffTrainedToDate: 1 });
    expect(row(inTraining.school.id)).toMatchObject({ stage: "MENTORS_IN_TRAINING", mentors: 2, mentorsTrained: 0 });
    expect(row(mentorsTrained.school.id)).toMatchObject({ stage: "MENTORS_TRAINED", mentors: 2, mentorsTrained: 1, lessons: 0 });
    for (const r of area.rows) {
      const f = r.figures;
      if (f.stage === "STAFF_TRAINED") expect(f.staffTrainedToDate).toBeGreaterThan(0);
      if (f.stage === "MENTORS_IN_TRAINING") expect(f.mentors).toBeGreaterThan(0);
      if (f.stage === "MENTORS_TRAINED") expect(f.mentorsTrained).toBeGreaterThan(0);
      if (f.stage === "DELIVERING") expect(f.lessons).toBeGreaterThan(0);
    }
  });
});

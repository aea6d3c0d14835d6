/**
 * The MVP pages' Delete buttons pressed twice (a double click without JavaScript, a second tab): the second
 * press is told the record had already been deleted, as the guide editor's are (decision 0184), rather than
 * given a 404 after the first press's success. Only within the presser's own school: a record the log cannot
 * show was their school's, and an id that never was, are still a 404. The training modules' Move buttons send
 * the place their page showed, so a second press moves nothing more.
 */
import { describe, expect, it } from "vitest";
import type { Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { academicYearOf } from "~/lib/academic-year";
import { changeUserAccess } from "~/models/users.server";
import { createSchool, createUser } from "./factories";
import { cohortWithMentors, curriculum, lesson, mvpSchool, vrnLead } from "./mvp-factories";
import { flashOf, routeContext, signedInPost } from "./support/route";

const year = academicYearOf(new Date());

type Action = (args: { request: Request; params: Record<string, string>; context: ReturnType<typeof routeContext> }) => unknown;

/** A page's Delete button pressed by `userId`: where the answer leads and what it says, or its status and message. */
async function pressDelete(route: { action: Action }, path: string, params: Record<string, string>, userId: string) {
  const request = await signedInPost(path, userId, { intent: "delete" });
  const answer = await Promise.resolve(route.action({ request, params, context: routeContext() })).catch((thrown: unknown) => thrown);
  if (!(answer instanceof Response)) throw new Error(`expected a response, got ${JSON.stringify(answer)}`);
  if (answer.status === 302) return { status: 302, to: answer.headers.get("Location"), message: await flashOf(answer) };
  return { status: answer.status, message: ((await answer.json()) as { message: string | null }).message };
}

const deletes = (entityType: string, entityId: string) => prisma.auditEvent.count({ where: { entityType, entityId, action: "delete" } });

/** The mentor page's Delete, for the mentor `id`. */
const deleteMentor = async (userId: string, id: string) =>
  pressDelete(await import("~/routes/mvp.mentors.$mentorId"), `/mvp/mentors/${id}`, { mentorId: id }, userId);

describe("an MVP Delete pressed twice", () => {
  it("deletes a mentor once, and tells the second press it had already been deleted; an id that never was is still a 404", async () => {
    const { school, mvpLead } = await mvpSchool();
    const mentor = (await cohortWithMentors(school.id, year, ["Aisha K."])).mentors[0]!;
    expect(await deleteMentor(mvpLead.id, mentor.id)).toMatchObject({ status: 302, message: "Mentor deleted" });
    expect(await deleteMentor(mvpLead.id, mentor.id)).toEqual({ status: 302, to: "/mvp", message: "Nothing changed: the mentor had already been deleted" });
    expect(await deletes("Mentor", mentor.id)).toBe(1);
    expect(await deleteMentor(mvpLead.id, "no-such-mentor")).toEqual({ status: 404, message: "We could not find that mentor." });
  });

  it("deletes a lesson, a record of staff training and a cohort once, telling each second press", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, year, ["Aisha K.", "Ben T."]);
    const led = await lesson(school.id, year, "8B", 28, [cohort.mentors[0]!.id]);
    const staff = await prisma.staffTraining.create({
      data: { schoolId: school.id, name: "Rebecca Hall", role: "Head of Year 10", trainer: "VRN", trainedOn: new Date(), academicYear: year },
    });
    const empty = await cohortWithMentors(school.id, year, []);
    const pages: { route: { action: Action }; path: string; params: Record<string, string>; type: string; id: string; what: string }[] = [
      {
        route: await import("~/routes/mvp.lessons.$lessonId"),
        path: `/mvp/lessons/${led.id}`,
        params: { lessonId: led.id },
        type: "MentorLesson",
        id: led.id,
        what: "the lesson",
      },
      {
        route: await import("~/routes/mvp.staff.$staffId"),
        path: `/mvp/staff/${staff.id}`,
        params: { staffId: staff.id },
        type: "StaffTraining",
        id: staff.id,
        what: "the record of staff training",
      },
      {
        route: await import("~/routes/mvp.cohorts.$cohortId.edit"),
        path: `/mvp/cohorts/${empty.id}/edit`,
        params: { cohortId: empty.id },
        type: "MentorCohort",
        id: empty.id,
        what: "the cohort",
      },
    ];
    for (const page of pages) {
      expect(await pressDelete(page.route, page.path, page.params, mvpLead.id)).toMatchObject({ status: 302, to: `/mvp?year=${year}` });
      expect(await pressDelete(page.route, page.path, page.params, mvpLead.id)).toEqual({
        status: 302,
        to: "/mvp",
        message: `Nothing changed: ${page.what} had already been deleted`,
      });
      expect(await deletes(page.type, page.id)).toBe(1);
    }
  });

  it("deletes a training module once, and tells the lead's second press it had already been deleted", async () => {
    await curriculum();
    const lead = await vrnLead();
    const module = await prisma.trainingModule.create({ data: { title: "Healthy relationships", required: false, position: 10 } });
    const route = await import("~/routes/mvp.modules.$moduleId");
    const press = (id: string) => pressDelete(route, `/mvp/modules/${id}`, { moduleId: id }, lead.id);
    expect(await press(module.id)).toEqual({ status: 302, to: "/mvp/modules", message: "Module deleted" });
    expect(await press(module.id)).toEqual({ status: 302, to: "/mvp/modules", message: "Nothing changed: the module had already been deleted" });
    expect(await deletes("TrainingModule", module.id)).toBe(1);
    expect(await press("no-such-module")).toEqual({ status: 404, message: "We could not find that training module." });
  });
});

describe("an MVP Delete of a record deleted before, pressed by someone else", () => {
  it("tells another MVP lead of the same school it had already been deleted", async () => {
    const { school, mvpLead } = await mvpSchool();
    const colleague = await createUser({ role: "MVP_LEAD", schoolId: school.id });
    const mentor = (await cohortWithMentors(school.id, year, ["Aisha K."])).mentors[0]!;
    await deleteMentor(mvpLead.id, mentor.id);
    expect(await deleteMentor(colleague.id, mentor.id)).toMatchObject({ status: 302, message: "Nothing changed: the mentor had already been deleted" });
  });

  it("gives another school's MVP lead the 404 of a mentor that never was", async () => {
    const { school, mvpLead } = await mvpSchool();
    const other = await mvpSchool();
    const mentor = (await cohortWithMentors(school.id, year, ["Aisha K."])).mentors[0]!;
    await deleteMentor(mvpLead.id, mentor.id);
    expect(await deleteMentor(other.mvpLead.id, mentor.id)).toEqual({ status: 404, message: "We could not find that mentor." });
  });

  it("gives a 404 once whoever deleted it has been moved to another school, as the log cannot show whose it was", async () => {
    const { school, mvpLead } = await mvpSchool();
    const colleague = await createUser({ role: "MVP_LEAD", schoolId: school.id });
    const mentor = (await cohortWithMentors(school.id, year, ["Aisha K."])).mentors[0]!;
    await deleteMentor(mvpLead.id, mentor.id);
    const elsewhere = await createSchool();
    expect(await changeUserAccess(await vrnLead(), mvpLead.id, { role: "MVP_LEAD", schoolId: elsewhere.id })).toMatchObject({ ok: true, changed: true });
    const gone = { status: 404, message: "We could not find that mentor." };
    expect(await deleteMentor(colleague.id, mentor.id)).toEqual(gone);
    // Not even the person who deleted it, now of another school.
    expect(await deleteMentor(mvpLead.id, mentor.id)).toEqual(gone);
  });

  it("answers nobody who may not record MVP", async () => {
    const { school, mvpLead, teacher } = await mvpSchool();
    const mentor = (await cohortWithMentors(school.id, year, ["Aisha K."])).mentors[0]!;
    await deleteMentor(mvpLead.id, mentor.id);
    const lead: Actor = await vrnLead();
    for (const someone of [teacher, lead]) expect(await deleteMentor(someone.id, mentor.id)).toMatchObject({ status: 403 });
  });
});

describe("a training module's Move up pressed twice", () => {
  it("moves it one place, and tells the second press it is no longer where the page showed it", async () => {
    const lead = await vrnLead();
    await curriculum();
    const module = await prisma.trainingModule.create({ data: { title: "Consent", required: false, position: 100 } });
    const { action } = await import("~/routes/mvp.modules._index");
    const order = async () =>
      (await prisma.trainingModule.findMany({ orderBy: [{ position: "asc" }, { title: "asc" }], select: { id: true } })).map((m) => m.id);
    const seen = (await order()).indexOf(module.id) + 1;
    const move = async () => {
      const fields = { intent: "up", moduleId: module.id, place: String(seen) };
      return flashOf((await action({ request: await signedInPost("/mvp/modules", lead.id, fields), params: {}, context: routeContext() })) as Response);
    };
    expect(await move()).toBe("Module moved up");
    expect(await move()).toBe(
      `Nothing was moved: this module is in place ${seen - 1} now, not in place ${seen} as your page showed it. Check the order, then move it again if you mean to.`,
    );
    expect((await order()).indexOf(module.id) + 1).toBe(seen - 1);
    expect(await prisma.auditEvent.count({ where: { entityType: "TrainingModule", entityId: module.id, action: "reorder" } })).toBe(1);
  });
});

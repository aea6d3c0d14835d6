/**
 * Every edit page carries its fingerprint to the model (decision 0148): for each, the loader's
 * `version` is sent back with the page's own form fields after the record was changed directly, and the
 * action answers 409 with the refusal above the form. A route that dropped the field, or a schema that
 * did not read it, would save instead.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { suggestedTerms } from "~/lib/terms";
import { createTemplate, saveQuestion } from "~/models/survey-templates.server";
import { createLesson } from "~/models/mvp-lessons.server";
import { createStaffTraining } from "~/models/mvp-staff.server";
import { createDelivery, createTopic, lead } from "./delivery-factories";
import { createSchool, createUser } from "./factories";
import { questionInput } from "./survey-factories";
import { createGuideSection, createLead, createPublishedPage } from "./guide-fixtures";
import { cohortWithMentors, curriculum, mvpSchool } from "./mvp-factories";
import { replyOf } from "./support/reply";
import { routeContext } from "./support/route";

type Route = { loader: (args: LoaderFunctionArgs) => unknown; action: (args: ActionFunctionArgs) => unknown };

/**
 * Opens `path` as `userId` (the route's loader), runs `meanwhile` (another save), then sends `fields`
 * with the loader's `version` to the route's action. Returns the action's status and the text of its reply.
 */
async function saveAfterAnother(
  route: Route,
  path: string,
  params: Record<string, string>,
  userId: string,
  fields: [string, string][],
  meanwhile: () => Promise<unknown>,
) {
  const { token } = await createSession(userId);
  const headers = { Cookie: `vrn_session=${token}` };
  const loaded = await replyOf(await route.loader({ request: new Request(`http://localhost${path}`, { headers }), context: routeContext(), params }));
  const version = (loaded.body as { version?: unknown }).version;
  expect(typeof version, `the version ${path} gives its form`).toBe("string");
  await meanwhile();
  const body = new URLSearchParams([...fields, ["version", version as string]]);
  const request = new Request(`http://localhost${path}`, { method: "POST", headers, body });
  const answered = await replyOf(await Promise.resolve(route.action({ request, context: routeContext(), params })).catch((error: unknown) => error));
  return { status: answered.status, text: JSON.stringify(answered.body) };
}

const refused = { status: 409, text: expect.stringContaining("Nothing was saved") };

describe("each edit page, sent after another save", () => {
  it("the lead's: a school, a session, a topic, a locality, a person's access and term dates", async () => {
    const actor = await lead();
    const school = await createSchool();
    expect(
      await saveAfterAnother(
        await import("~/routes/schools.$schoolId.edit"),
        `/schools/${school.id}/edit`,
        { schoolId: school.id },
        actor.id,
        [
          ["urn", school.urn],
          ["name", `${school.name} Academy`],
          ["localAuthority", "Leicester"],
          ["type", "SECONDARY"],
          ["numberOnRoll", "900"],
          ["status", "OPEN"],
        ],
        () => prisma.school.update({ where: { id: school.id }, data: { numberOnRoll: 1000 } }),
      ),
    ).toEqual(refused);

    const delivery = await createDelivery();
    expect(
      await saveAfterAnother(
        await import("~/routes/sessions.deliveries.$deliveryId.edit"),
        `/sessions/deliveries/${delivery.id}/edit`,
        { deliveryId: delivery.id },
        actor.id,
        [
          ["topicId", delivery.topicId],
          ["date", "2027-03-10"],
          ["time", "10:00"],
          ["format", "ONLINE"],
          ["capacity", "3"],
          ["facilitatorName", "PC Sam Lee"],
          ["facilitatorOrg", "Leicestershire Police"],
          ["closesDaysBefore", "2"],
        ],
        () => prisma.delivery.update({ where: { id: delivery.id }, data: { notes: "Hall B" } }),
      ),
    ).toEqual(refused);

    const topic = await createTopic();
    expect(
      await saveAfterAnother(
        await import("~/routes/sessions.topics.$topicId"),
        `/sessions/topics/${topic.id}`,
        { topicId: topic.id },
        actor.id,
        [
          ["title", topic.title],
          ["description", "For Years 7 to 11"],
          ["durationMinutes", "60"],
          ...["7", "8", "9", "10", "11"].map((y) => ["yearGroups", y] as [string, string]),
          ["formats", "ONLINE"],
        ],
        () => prisma.topic.update({ where: { id: topic.id }, data: { durationMinutes: 90 } }),
      ),
    ).toEqual(refused);

    const locality = await prisma.locality.create({ data: { name: `Aylestone ${Math.random()}`, localAuthority: "Leicester" } });
    expect(
      await saveAfterAnother(
        await import("~/routes/schools.localities.$localityId.edit"),
        `/schools/localities/${locality.id}/edit`,
        { localityId: locality.id },
        actor.id,
        [["name", `Aylestone Park ${Math.random()}`]],
        () => prisma.locality.update({ where: { id: locality.id }, data: { name: `Aylestone Village ${Math.random()}` } }),
      ),
    ).toEqual(refused);

    const person = await createUser({ role: "TEACHER", schoolId: school.id });
    const other = await createSchool();
    expect(
      await saveAfterAnother(
        await import("~/routes/admin.users.$userId"),
        `/admin/users/${person.id}`,
        { userId: person.id },
        actor.id,
        [
          ["intent", "change-access"],
          ["role", "MVP_LEAD"],
          ["schoolId", school.id],
        ],
        () => prisma.user.update({ where: { id: person.id }, data: { schoolId: other.id } }),
      ),
    ).toEqual(refused);

    const year = (await import("~/lib/terms")).termYearsAround(new Date()).at(-1)!;
    const terms = suggestedTerms(year);
    expect(
      await saveAfterAnother(
        await import("~/routes/sessions.terms"),
        `/sessions/terms?year=${year}`,
        {},
        actor.id,
        [
          ["academicYear", String(year)],
          ...terms.flatMap(({ name, ...dates }) => Object.entries(dates).map(([key, value]) => [`${name}.${key}`, value] as [string, string])),
        ],
        () =>
          prisma.term.createMany({
            data: terms.map((term) => ({
              academicYear: year,
              ...term,
              startsOn: term.name === "autumn" ? terms[0]!.startsOn.replace(/-0\d$/, "-08") : term.startsOn,
            })),
          }),
      ),
    ).toEqual(refused);
  });

  it("the MVP lead's: a cohort, a mentor, a record of staff training and a lesson", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, 2025, ["Aisha K.", "Ben T."]);
    expect(
      await saveAfterAnother(
        await import("~/routes/mvp.cohorts.$cohortId.edit"),
        `/mvp/cohorts/${cohort.id}/edit`,
        { cohortId: cohort.id },
        mvpLead.id,
        [
          ["academicYear", "2025"],
          ["yearGroups", "10"],
          ["trainers", "S. Khan"],
        ],
        () => prisma.mentorCohort.update({ where: { id: cohort.id }, data: { trainingDates: "The library" } }),
      ),
    ).toEqual(refused);

    const mentor = cohort.mentors[0]!;
    expect(
      await saveAfterAnother(
        await import("~/routes/mvp.mentors.$mentorId"),
        `/mvp/mentors/${mentor.id}`,
        { mentorId: mentor.id },
        mvpLead.id,
        [
          ["intent", "mentor"],
          ["displayName", "Aisha Kh."],
          ["yearGroup", "10"],
        ],
        () => prisma.mentor.update({ where: { id: mentor.id }, data: { yearGroup: 11 } }),
      ),
    ).toEqual(refused);

    const record = await createStaffTraining(mvpLead, { name: "Dee Morgan", role: "Head of Year 9", trainedOn: "2026-10-05", trainer: "R. Hall" });
    if (!record.ok) throw new Error(record.message);
    expect(
      await saveAfterAnother(
        await import("~/routes/mvp.staff.$staffId"),
        `/mvp/staff/${record.id}`,
        { staffId: record.id },
        mvpLead.id,
        [
          ["name", "Dee Morgan"],
          ["role", "Pastoral lead"],
          ["trainedOn", "2026-10-05"],
          ["trainer", "R. Hall"],
        ],
        () => prisma.staffTraining.update({ where: { id: record.id }, data: { trainer: "S. Khan" } }),
      ),
    ).toEqual(refused);

    const lessonFields: [string, string][] = [
      ["deliveredOn", "2025-11-10"],
      ["className", "8B"],
      ["yearGroup", "8"],
      ["pupilsPresent", "28"],
      ["topic", "Online abuse"],
      ...cohort.mentors.map((m) => ["mentorIds", m.id] as [string, string]),
    ];
    const made = await createLesson(mvpLead, {
      deliveredOn: "2025-11-10",
      className: "8B",
      yearGroup: 8,
      pupilsPresent: 28,
      topic: "Online abuse",
      reflection: "",
      mentorIds: cohort.mentors.map((m) => m.id),
    });
    if (!made.ok) throw new Error(made.message);
    expect(
      await saveAfterAnother(
        await import("~/routes/mvp.lessons.$lessonId"),
        `/mvp/lessons/${made.id}`,
        { lessonId: made.id },
        mvpLead.id,
        [
          ["intent", "save"],
          ...lessonFields.map(([name, value]) => (name === "pupilsPresent" ? (["pupilsPresent", "30"] as [string, string]) : [name, value])),
        ] as [string, string][],
        () => prisma.mentorLesson.update({ where: { id: made.id }, data: { className: "8C" } }),
      ),
    ).toEqual(refused);
  });

  it("the lead's guide and surveys: a training module, a guide section, a guide page, a survey draft and a question", async () => {
    const guideLead = await createLead();
    const module = (await curriculum()).find((m) => !m.required)!;
    expect(
      await saveAfterAnother(
        await import("~/routes/mvp.modules.$moduleId"),
        `/mvp/modules/${module.id}`,
        { moduleId: module.id },
        guideLead.id,
        [
          ["intent", "save"],
          ["title", module.title],
          ["description", "Who runs county lines"],
          ["required", "no"],
        ],
        () => prisma.trainingModule.update({ where: { id: module.id }, data: { description: "How county lines work" } }),
      ),
    ).toEqual(refused);

    const sectionId = await createGuideSection(guideLead);
    const section = await prisma.guideSection.findUniqueOrThrow({ where: { id: sectionId } });
    expect(
      await saveAfterAnother(
        await import("~/routes/admin.guide.sections.$sectionId"),
        `/admin/guide/sections/${sectionId}`,
        { sectionId },
        guideLead.id,
        [
          ["intent", "save"],
          ["title", section.title],
          ["summary", "What schools can do"],
          ["slug", section.slug],
        ],
        () => prisma.guideSection.update({ where: { id: sectionId }, data: { summary: "What staff can do" } }),
      ),
    ).toEqual(refused);

    const pageId = await createPublishedPage(guideLead, sectionId);
    expect(
      await saveAfterAnother(
        await import("~/routes/admin.guide.pages.$pageId._index"),
        `/admin/guide/pages/${pageId}`,
        { pageId },
        guideLead.id,
        [
          ["intent", "save"],
          ["title", "A page about something"],
          ["summary", "Who to tell, and when."],
          ["audience", "All school staff"],
          ["reviewBy", "2027-09-01"],
          ["body", "## First heading\n\nSome words."],
        ],
        () => prisma.guideRevision.updateMany({ where: { pageId }, data: { audience: "Heads of year" } }),
      ),
    ).toEqual(refused);

    const details = { title: `Before the session ${Math.random()}`, intro: "", context: "BOOKING", phase: "BEFORE", topicId: "" } as const;
    const draft = await createTemplate(guideLead, details);
    expect(
      await saveAfterAnother(
        await import("~/routes/admin.surveys.$templateId._index"),
        `/admin/surveys/${draft.id}`,
        { templateId: draft.id },
        guideLead.id,
        [
          ["intent", "details"],
          ["title", details.title],
          ["intro", "Five questions"],
          ["context", "BOOKING"],
          ["phase", "BEFORE"],
        ],
        () => prisma.surveyTemplate.update({ where: { id: draft.id }, data: { phase: "AFTER" } }),
      ),
    ).toEqual(refused);

    expect(await saveQuestion(guideLead, draft.id, null, questionInput({ prompt: "I know who to tell" }))).toEqual({ ok: true, changed: true });
    const question = await prisma.surveyQuestion.findFirstOrThrow({ where: { templateId: draft.id } });
    expect(
      await saveAfterAnother(
        await import("~/routes/admin.surveys.$templateId.questions.$questionId"),
        `/admin/surveys/${draft.id}/questions/${question.id}`,
        { templateId: draft.id, questionId: question.id },
        guideLead.id,
        [
          ["type", "AGREEMENT"],
          ["prompt", "I know who to tell at school"],
          ["required", "on"],
        ],
        () => prisma.surveyQuestion.update({ where: { id: question.id }, data: { helpText: "A teacher, say" } }),
      ),
    ).toEqual(refused);
  });
});

describe("the attendance page, sent after another save", () => {
  it("a teacher's return after the lead recorded one for the school", async () => {
    const { booking, teacher } = await pastBookingOfATeacher();
    const vrn = await lead();
    const recordedByLead = async () => {
      const { recordAttendance } = await import("~/models/attendance.server");
      await recordAttendance(vrn, booking.id, { year10: 25, comment: "", confirmHigh: false, notTakenDetail: "", version: undefined });
    };
    expect(
      await saveAfterAnother(
        await import("~/routes/bookings.$bookingId.attendance"),
        `/bookings/${booking.id}/attendance`,
        { bookingId: booking.id },
        teacher.id,
        [
          ["tookPlace", "YES"],
          ["year9", "30"],
          ["comment", "tab A"],
        ],
        recordedByLead,
      ),
    ).toEqual({ status: 409, text: expect.stringContaining("What is saved now differs from this form in “Year 9”, “Year 10” and “Comment”") });
    expect(await prisma.attendanceCount.findMany({ where: { return: { bookingId: booking.id } }, select: { yearGroup: true, pupils: true } })).toEqual([
      { yearGroup: 10, pupils: 25 },
    ]);
  });
});

/** A school's teacher and their confirmed booking of a session that ended yesterday, its return due. */
async function pastBookingOfATeacher() {
  const school = await createSchool();
  const teacher = await createUser({ role: "TEACHER", schoolId: school.id });
  const startsAt = new Date(Date.now() - 26 * 60 * 60_000);
  const delivery = await createDelivery({ startsAt });
  await prisma.delivery.update({ where: { id: delivery.id }, data: { endsAt: new Date(startsAt.getTime() + 60 * 60_000) } });
  const booking = await prisma.booking.create({
    data: {
      deliveryId: delivery.id,
      schoolId: school.id,
      status: "CONFIRMED",
      yearGroups: "9,10",
      expectedPupils: 40,
      contactName: "A Teacher",
      contactPhone: "0116 496 0000",
    },
  });
  return { booking, teacher };
}

describe("an edit page's fingerprint sent oddly", () => {
  it("twice, or too long for one, is taken as a stale page's: 409 with the message, never a 400 by a hidden field", async () => {
    const actor = await lead();
    const route = await import("~/routes/sessions.topics.$topicId");
    for (const odd of [["a", "b"], ["x".repeat(101)]]) {
      const topic = await createTopic();
      const { token } = await createSession(actor.id);
      const body = new URLSearchParams([
        ["title", `${topic.title} (renamed)`],
        ["durationMinutes", "60"],
        ["yearGroups", "7"],
        ["formats", "ONLINE"],
        ...odd.map((value) => ["version", value] as [string, string]),
      ]);
      const request = new Request(`http://localhost/sessions/topics/${topic.id}`, { method: "POST", headers: { Cookie: `vrn_session=${token}` }, body });
      const answered = await replyOf(await route.action({ request, context: routeContext(), params: { topicId: topic.id } }));
      expect(answered.status).toBe(409);
      expect(JSON.stringify(answered.body)).toContain("Nothing was saved");
    }
  });
});

/**
 * An edit page opened before another save (decision 0148): two tabs on one record, the first saves a
 * change, the second, still showing the old details, saves another. The second is refused, names the
 * fields that now differ from its form, writes nothing, and gives the fingerprint of what is saved, with
 * which saving again goes ahead. A form sent without any fingerprint is refused (a 400), since it would
 * put back what another save changed; a caller in code, with none, saves as asked.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { cohortSchema, lessonSchema, mentorSchema, moduleSchema, staffTrainingSchema } from "~/lib/mvp-schemas";
import { sectionSchema } from "~/lib/guide-forms";
import { questionSchema, templateSchema } from "~/lib/survey-schemas";
import { sectionVersion, updateSection } from "~/models/guide-sections.server";
import { createLesson, lessonVersion, updateLesson } from "~/models/mvp-lessons.server";
import { createTemplate, questionVersion, saveQuestion, templateDetailsVersion, updateTemplateDetails } from "~/models/survey-templates.server";
import { content, createGuideSection, createLead, createPublishedPage } from "./guide-fixtures";
import { getPageForEditing, saveDraft } from "~/models/guide-editor.server";
import { renameLocalitySchema } from "~/lib/localities";
import { schoolSchema } from "~/lib/school-form";
import { topicSchema } from "~/lib/delivery-schemas";
import { changedMeanwhileMessage, editVersionField, VERSION_NOT_SENT } from "~/lib/edit-version";
import { changedMeanwhile } from "~/models/edit-versions.server";
import { action as editSchool } from "~/routes/schools.$schoolId.edit";
import { replyOf } from "./support/reply";
import { routeContext, signedInPost } from "./support/route";
import { deliveryVersion, updateDelivery } from "~/models/delivery-changes.server";
import { localityVersion, renameLocality } from "~/models/localities.server";
import { cohortVersion, updateCohort } from "~/models/mvp-cohorts.server";
import { mentorVersion, updateMentor } from "~/models/mvp-mentors.server";
import { moduleVersion, updateModule } from "~/models/mvp-modules.server";
import { createStaffTraining, staffTrainingVersion, updateStaffTraining } from "~/models/mvp-staff.server";
import { schoolVersion, updateSchool } from "~/models/schools.server";
import { saveTopic, topicVersion } from "~/models/topics.server";
import { accessVersion, changeUserAccess } from "~/models/users.server";
import { saveTerms, termsForYear } from "~/models/terms.server";
import { suggestedTerms } from "~/lib/terms";
import { createDelivery, createTopic, deliveryInput, lead } from "./delivery-factories";
import { createSchool, createUser } from "./factories";
import { cohortWithMentors, curriculum, mvpSchool, vrnLead } from "./mvp-factories";

describe("a school's edit page opened before another save", () => {
  const form = (school: { urn: string; name: string }, over: Record<string, string> = {}) =>
    schoolSchema.parse({ urn: school.urn, name: school.name, localAuthority: "Leicester", type: "SECONDARY", numberOnRoll: "900", status: "OPEN", ...over });

  it("is refused, naming what differs, and keeps what the other save wrote", async () => {
    const actor = await lead();
    const school = await createSchool();
    const seen = schoolVersion(school);
    expect(await updateSchool(actor, school.id, form(school, { name: "Ash Academy", version: seen }))).toMatchObject({ ok: true, changed: true });

    const stale = await updateSchool(actor, school.id, form(school, { numberOnRoll: "950", version: seen }));
    const now = await prisma.school.findUniqueOrThrow({ where: { id: school.id } });
    expect(stale).toEqual({ ok: false, changedMeanwhile: { differs: ["School name", "Number on roll"], version: schoolVersion(now) } });
    expect(now).toMatchObject({ name: "Ash Academy", numberOnRoll: 900 });
    expect(await prisma.auditEvent.count({ where: { entityType: "School", entityId: school.id } })).toBe(1);

    // Told, the person may save their form over it: with the fingerprint they were given, it goes ahead.
    expect(await updateSchool(actor, school.id, form(school, { numberOnRoll: "950", version: schoolVersion(now) }))).toMatchObject({ changed: true });
    expect(await prisma.school.findUniqueOrThrow({ where: { id: school.id } })).toMatchObject({ name: school.name, numberOnRoll: 950 });
  });

  it("saves when nothing it shows has changed, when its form already says what is saved, and for a caller in code", async () => {
    const actor = await lead();
    const school = await createSchool();
    const seen = schoolVersion(school);
    expect(await updateSchool(actor, school.id, form(school, { postcode: "LE1 6ZG", version: seen }))).toMatchObject({ changed: true });
    // A second tab that made the same change: nothing to save, so nothing refused.
    expect(await updateSchool(actor, school.id, form(school, { postcode: "LE1 6ZG", version: seen }))).toMatchObject({ ok: true, changed: false });
    // A caller in code gives no fingerprint at all.
    expect(await updateSchool(actor, school.id, { ...form(school, { postcode: "LE2 1AA" }), version: undefined })).toMatchObject({ changed: true });
  });

  it("is refused with a 400 when the form sent no fingerprint, and keeps what another save wrote meanwhile", async () => {
    const actor = await lead();
    const school = await createSchool({ numberOnRoll: 900 });
    const path = `/schools/${school.id}/edit`;
    const fields = { urn: school.urn, name: school.name, localAuthority: "Leicester", type: "SECONDARY", status: "OPEN" };
    const send = async (sent: Record<string, string>) =>
      editSchool({ request: await signedInPost(path, actor.id, sent), context: routeContext(), params: { schoolId: school.id } });
    // Another tab saves a new number on roll; this form, without the number and without its fingerprint, would blank it.
    expect(((await send({ ...fields, numberOnRoll: "1111", version: schoolVersion(school) })) as Response).status).toBe(302);
    // Refused with the 400 page, not the form drawn again: its values, with the fingerprint of what is
    // saved, would save over the other tab's change at the next press.
    const refused = await send({ ...fields, name: "Renamed Academy" }).catch((thrown: unknown) => thrown);
    expect(refused).toBeInstanceOf(Response);
    expect(await replyOf(refused)).toMatchObject({
      status: 400,
      body: { message: "Nothing was saved: this form did not come from the page that changes this school. Open that page again and make the change there." },
    });
    expect(await prisma.school.findUniqueOrThrow({ where: { id: school.id } })).toMatchObject({ name: school.name, numberOnRoll: 1111 });
    // Every edit form reads a missing fingerprint so (one field, editVersionField); a caller in code has none.
    expect(editVersionField.parse(undefined)).toBe(VERSION_NOT_SENT);
    expect(changedMeanwhile({ name: "A" }, { name: "B" }, { name: "Name" }, VERSION_NOT_SENT)).toMatchObject({ ok: false, changedMeanwhile: { differs: [] } });
    expect(changedMeanwhile({ name: "A" }, { name: "B" }, { name: "Name" }, undefined)).toBeNull();
  });

  it("is refused after a change made by other means than the form (a GIAS import writes the same fields)", async () => {
    const actor = await lead();
    const school = await createSchool();
    const seen = schoolVersion(school);
    await prisma.school.update({ where: { id: school.id }, data: { numberOnRoll: 1010 } });
    expect(await updateSchool(actor, school.id, form(school, { name: "Birch School", version: seen }))).toMatchObject({
      changedMeanwhile: { differs: ["School name", "Number on roll"] },
    });
  });

  it("is refused for a fingerprint that is not one at all, as a stale page is", async () => {
    const actor = await lead();
    const school = await createSchool();
    expect(await updateSchool(actor, school.id, form(school, { name: "Cedar School", version: "not a fingerprint" }))).toMatchObject({
      ok: false,
      changedMeanwhile: { differs: ["School name"] },
    });
  });
});

describe("other edit pages opened before another save", () => {
  it("a session's", async () => {
    const actor = await lead();
    const delivery = await createDelivery();
    const seen = deliveryVersion(delivery);
    const base = deliveryInput(delivery, "2027-03-10", "10:00");
    expect(await updateDelivery(actor, delivery.id, { ...base, notes: "Hall B", version: seen })).toMatchObject({ ok: true, changed: true });
    const stale = await updateDelivery(actor, delivery.id, { ...base, facilitatorName: "PC Sam Lee", version: seen });
    const now = await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(stale).toEqual({ ok: false, changedMeanwhile: { differs: ["Facilitator's name", "Notes"], version: deliveryVersion(now) } });
    expect(now).toMatchObject({ notes: "Hall B", facilitatorName: delivery.facilitatorName });
  });

  it("a session's: a new date elsewhere is one field that differs, not its length and close of booking too", async () => {
    const actor = await lead();
    const delivery = await createDelivery({ startsAt: new Date("2027-03-09T10:00:00Z"), bookingClosesAt: new Date("2027-03-07T10:00:00Z") });
    const seen = deliveryVersion(delivery);
    const base = deliveryInput(delivery, "2027-03-09", "10:00");
    expect(await updateDelivery(actor, delivery.id, { ...base, date: "2027-03-11", version: seen })).toMatchObject({ changed: true });
    expect(await updateDelivery(actor, delivery.id, { ...base, notes: "Room 5", version: seen })).toMatchObject({
      changedMeanwhile: { differs: ["Date and start time", "Notes"] },
    });
  });

  it("a session's change is audited with what it was before, when its time or topic moved", async () => {
    const actor = await lead();
    const delivery = await createDelivery({ startsAt: new Date("2027-03-09T10:00:00Z") });
    const other = await createTopic();
    expect(await updateDelivery(actor, delivery.id, { ...deliveryInput(delivery, "2027-03-10", "11:00"), topicId: other.id })).toMatchObject({ changed: true });
    expect(
      await updateDelivery(actor, delivery.id, { ...deliveryInput({ ...delivery, topicId: other.id }, "2027-03-10", "11:00"), notes: "Hall B" }),
    ).toMatchObject({
      changed: true,
    });
    const audited = await prisma.auditEvent.findMany({ where: { entityType: "Delivery", entityId: delivery.id }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    const topic = await prisma.topic.findUniqueOrThrow({ where: { id: delivery.topicId } });
    expect(audited.map((a) => a.summary)).toEqual([
      `Changed the session on Wednesday 10 March 2027, 11am to 12pm (was Tuesday 9 March 2027, 10am to 11am, topic ${topic.title})`,
      "Changed the session on Wednesday 10 March 2027, 11am to 12pm",
    ]);
  });

  it("a topic's", async () => {
    const actor = await lead();
    const topic = await createTopic();
    const seen = topicVersion(topic);
    const form = (over: Record<string, unknown>) =>
      topicSchema.parse({
        title: topic.title,
        description: "",
        yearGroups: ["7", "8", "9", "10", "11"],
        durationMinutes: "60",
        formats: ["IN_SCHOOL", "ONLINE"],
        ...over,
      });
    expect(await saveTopic(actor, form({ durationMinutes: "90", version: seen }), topic.id)).toMatchObject({ ok: true, changed: true });
    const stale = await saveTopic(actor, form({ description: "For Years 7 to 11", version: seen }), topic.id);
    expect(stale).toMatchObject({ ok: false, changedMeanwhile: { differs: ["Description for teachers", "Length in minutes"] } });
    expect(await prisma.topic.findUniqueOrThrow({ where: { id: topic.id } })).toMatchObject({ durationMinutes: 90, description: "" });
  });

  it("a mentor cohort's, a mentor's and a record of staff training's", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, 2026, ["Aisha K."]);
    const cohortForm = (over: Record<string, unknown>) =>
      cohortSchema.parse({ academicYear: "2026", yearGroups: ["10"], trainingDates: cohort.trainingDates, trainers: cohort.trainers, ...over });
    const seenCohort = cohortVersion(cohort);
    expect(await updateCohort(mvpLead, cohort.id, cohortForm({ trainers: "R. Hall and S. Khan", version: seenCohort }))).toMatchObject({ changed: true });
    expect(await updateCohort(mvpLead, cohort.id, cohortForm({ yearGroups: ["10", "11"], version: seenCohort }))).toMatchObject({
      changedMeanwhile: { differs: ["Mentors' year groups", "Trainers"] },
    });
    expect(await prisma.mentorCohort.findUniqueOrThrow({ where: { id: cohort.id } })).toMatchObject({ yearGroups: "10", trainers: "R. Hall and S. Khan" });

    const mentor = cohort.mentors[0]!;
    const seenMentor = mentorVersion(mentor);
    expect(await updateMentor(mvpLead, mentor.id, mentorSchema.parse({ displayName: "Aisha K.", yearGroup: "11", version: seenMentor }))).toEqual({
      ok: true,
      changed: true,
    });
    // The same change from a second tab: nothing to save, nothing refused, nothing audited.
    const audited = () => prisma.auditEvent.count({ where: { entityType: "Mentor", entityId: mentor.id } });
    const auditedBefore = await audited();
    expect(await updateMentor(mvpLead, mentor.id, mentorSchema.parse({ displayName: "Aisha K.", yearGroup: "11", version: seenMentor }))).toEqual({
      ok: true,
      changed: false,
    });
    expect(await audited()).toBe(auditedBefore);
    expect(await updateMentor(mvpLead, mentor.id, mentorSchema.parse({ displayName: "Aisha Kh.", yearGroup: "10", version: seenMentor }))).toMatchObject({
      changedMeanwhile: { differs: ["First name and initial, or a pseudonym", "Year group"] },
    });
    expect(await prisma.mentor.findUniqueOrThrow({ where: { id: mentor.id } })).toMatchObject({ displayName: "Aisha K.", yearGroup: 11 });

    const staffForm = (over: Record<string, unknown>) =>
      staffTrainingSchema.parse({ name: "Dee Morgan", role: "Head of Year 9", trainedOn: "2026-10-05", trainer: "R. Hall", ...over });
    const record = await createStaffTraining(mvpLead, staffForm({}));
    if (!record.ok) throw new Error(record.message);
    const seenStaff = staffTrainingVersion(record);
    expect(await updateStaffTraining(mvpLead, record.id, staffForm({ role: "Pastoral lead", version: seenStaff }))).toMatchObject({ changed: true });
    expect(await updateStaffTraining(mvpLead, record.id, staffForm({ trainer: "S. Khan", version: seenStaff }))).toMatchObject({
      changedMeanwhile: { differs: ["Role", "Trainer"] },
    });
    expect(await prisma.staffTraining.findUniqueOrThrow({ where: { id: record.id } })).toMatchObject({ role: "Pastoral lead", trainer: "R. Hall" });
  });

  it("a training module's", async () => {
    const manager = await vrnLead();
    const module = (await curriculum()).find((m) => !m.required)!;
    const seen = moduleVersion(module);
    const form = (over: Record<string, unknown>) => moduleSchema.parse({ title: module.title, description: module.description, required: "no", ...over });
    expect(await updateModule(manager, module.id, form({ description: "Who runs county lines, and how", version: seen }))).toMatchObject({ changed: true });
    expect(await updateModule(manager, module.id, form({ required: "yes", version: seen }))).toMatchObject({
      changedMeanwhile: { differs: ["Description", "Must every mentor complete it to count as trained?"] },
    });
    expect(await prisma.trainingModule.findUniqueOrThrow({ where: { id: module.id } })).toMatchObject({ required: false });
  });

  it("a locality's rename and a person's role and school", async () => {
    const actor = await lead();
    const locality = await prisma.locality.create({ data: { name: `Braunstone ${Math.random()}`, localAuthority: "Leicester" } });
    const seen = localityVersion(locality);
    expect(await renameLocality(actor, locality.id, renameLocalitySchema.parse({ name: "Braunstone Town", version: seen }))).toMatchObject({ ok: true });
    expect(await renameLocality(actor, locality.id, renameLocalitySchema.parse({ name: "Braunstone Frith", version: seen }))).toMatchObject({
      changedMeanwhile: { differs: ["New name"] },
    });
    expect((await prisma.locality.findUniqueOrThrow({ where: { id: locality.id } })).name).toBe("Braunstone Town");

    const [first, second] = [await createSchool(), await createSchool()];
    const person = await createUser({ role: "TEACHER", schoolId: first.id });
    const seenAccess = accessVersion(person);
    expect(await changeUserAccess(actor, person.id, { role: "TEACHER", schoolId: second.id, version: seenAccess })).toMatchObject({ changed: true });
    expect(await changeUserAccess(actor, person.id, { role: "MVP_LEAD", schoolId: first.id, version: seenAccess })).toMatchObject({
      changedMeanwhile: { differs: ["Role", "School"] },
    });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({ role: "TEACHER", schoolId: second.id });
  });
});

describe("two saves from pages drawn alike, sent at the same moment", () => {
  it("land one: a locality's rename and a person's access compare inside the transaction that writes", async () => {
    const actor = await lead();
    const locality = await prisma.locality.create({ data: { name: `Aylestone ${Math.random()}`, localAuthority: "Leicester" } });
    const seen = localityVersion(locality);
    const renames = await Promise.all(
      ["Aylestone Park", "Aylestone Meadows"].map((name) => renameLocality(actor, locality.id, renameLocalitySchema.parse({ name, version: seen }))),
    );
    expect(renames.filter((result) => result && "changedMeanwhile" in result)).toHaveLength(1);
    const renamed = renames.find((result) => result?.ok);
    expect(renamed).toBeDefined();
    expect(await prisma.auditEvent.count({ where: { entityType: "Locality", entityId: locality.id, action: "update" } })).toBe(1);

    const [first, second] = [await createSchool(), await createSchool()];
    const person = await createUser({ role: "TEACHER", schoolId: first.id });
    const seenAccess = accessVersion(person);
    const changes = await Promise.all([
      changeUserAccess(actor, person.id, { role: "TEACHER", schoolId: second.id, version: seenAccess }),
      changeUserAccess(actor, person.id, { role: "MVP_LEAD", schoolId: first.id, version: seenAccess }),
    ]);
    expect(changes.filter((result) => "changedMeanwhile" in result)).toHaveLength(1);
    expect(changes.filter((result) => result.ok)).toHaveLength(1);
    expect(await prisma.auditEvent.count({ where: { entityType: "User", entityId: person.id } })).toBe(1);
  });

  it("land one: a guide page's words compare inside the transaction that adds the version", async () => {
    const guideLead = await createLead();
    const pageId = await createPublishedPage(guideLead, await createGuideSection(guideLead));
    const seen = (await getPageForEditing(guideLead, pageId))!.version;
    const saves = await Promise.all(
      ["Who to tell, and when.", "Where to get help."].map((summary) => saveDraft(guideLead, pageId, { ...content({ summary }), version: seen })),
    );
    expect(saves.filter((result) => result && "changedMeanwhile" in result)).toHaveLength(1);
    expect(await prisma.guideRevision.count({ where: { pageId } })).toBe(2);
  });
});

describe("edit pages of lessons, the guide and surveys opened before another save", () => {
  it("a mentor-led lesson's, its mentors included", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, 2025, ["Aisha K.", "Ben T."]);
    const [aisha, ben] = cohort.mentors.map((m) => m.id);
    const form = (over: Record<string, unknown>) =>
      lessonSchema.parse({
        deliveredOn: "2025-11-10",
        className: "8B",
        yearGroup: "8",
        pupilsPresent: "28",
        mentorIds: [aisha, ben],
        topic: "Online abuse",
        ...over,
      });
    const made = await createLesson(mvpLead, form({}));
    if (!made.ok) throw new Error(made.message);
    const seen = lessonVersion({ ...(await prisma.mentorLesson.findUniqueOrThrow({ where: { id: made.id } })), mentorIds: [ben!, aisha!] });
    expect(await updateLesson(mvpLead, made.id, form({ mentorIds: [aisha], version: seen }))).toMatchObject({ ok: true, changed: true });
    expect(await updateLesson(mvpLead, made.id, form({ pupilsPresent: "30", version: seen }))).toMatchObject({
      changedMeanwhile: { differs: ["Pupils present", "Mentors who led the lesson"] },
    });
    expect(await prisma.mentorLesson.findUniqueOrThrow({ where: { id: made.id }, include: { leaders: true } })).toMatchObject({
      pupilsPresent: 28,
      leaders: [{ mentorId: aisha }],
    });
  });

  it("a guide section's", async () => {
    const lead = await createLead();
    const section = await prisma.guideSection.findUniqueOrThrow({ where: { id: await createGuideSection(lead) } });
    const seen = sectionVersion(section);
    const form = (over: Record<string, unknown>) => sectionSchema.parse({ title: section.title, summary: "", slug: section.slug, ...over });
    expect(await updateSection(lead, section.id, form({ summary: "What schools can do", version: seen }))).toMatchObject({ changed: true });
    expect(await updateSection(lead, section.id, form({ title: "In the classroom", version: seen }))).toMatchObject({
      changedMeanwhile: { differs: ["Section title", "Summary"] },
    });
    expect(await prisma.guideSection.findUniqueOrThrow({ where: { id: section.id } })).toMatchObject({ title: section.title });
  });

  it("a guide page's words: the other's version stays the draft", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    const seen = (await getPageForEditing(lead, pageId))!.version;
    expect(await saveDraft(lead, pageId, { ...content({ summary: "Who to tell, and when." }), version: seen })).toMatchObject({
      ok: true,
      unchanged: false,
      version: 2,
    });
    expect(await saveDraft(lead, pageId, { ...content({ body: "## First heading\n\nOther words." }), version: seen })).toMatchObject({
      changedMeanwhile: { differs: ["Summary", "The page"] },
    });
    const editing = await getPageForEditing(lead, pageId);
    expect(editing?.status.draft?.number).toBe(2);
    expect(editing?.values?.summary).toBe("Who to tell, and when.");
  });

  it("a survey draft's details and one of its questions", async () => {
    const lead = await vrnLead();
    const details = { title: `Before the session ${Math.random()}`, intro: "", context: "BOOKING", phase: "BEFORE", topicId: "" } as const;
    const draft = await createTemplate(lead, details);
    const seen = templateDetailsVersion(draft);
    expect(await updateTemplateDetails(lead, draft.id, templateSchema.parse({ ...details, intro: "Five questions", version: seen }))).toMatchObject({
      changed: true,
    });
    expect(await updateTemplateDetails(lead, draft.id, templateSchema.parse({ ...details, phase: "AFTER", version: seen }))).toMatchObject({
      changedMeanwhile: { differs: ["Introduction", "When do pupils answer it?"] },
    });
    expect(await prisma.surveyTemplate.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({ intro: "Five questions", phase: "BEFORE", version: 1 });

    const question = (over: Record<string, unknown>) => questionSchema.parse({ type: "AGREEMENT", prompt: "I know who to tell", required: true, ...over });
    expect(await saveQuestion(lead, draft.id, null, question({}))).toEqual({ ok: true, changed: true });
    const stored = await prisma.surveyQuestion.findFirstOrThrow({ where: { templateId: draft.id } });
    const seenQuestion = questionVersion(stored);
    expect(await saveQuestion(lead, draft.id, stored.id, question({ prompt: "I know who to tell at school", version: seenQuestion }))).toEqual({
      ok: true,
      changed: true,
    });
    expect(await saveQuestion(lead, draft.id, stored.id, question({ helpText: "A teacher, say", version: seenQuestion }))).toMatchObject({
      changedMeanwhile: { differs: ["Question or statement", "Help text"] },
    });
    // The same change sent from a second tab is no conflict: it finds the question as it asks, and writes nothing.
    expect(await saveQuestion(lead, draft.id, stored.id, question({ prompt: "I know who to tell at school", version: seenQuestion }))).toEqual({
      ok: true,
      changed: false,
    });
    expect(await prisma.surveyQuestion.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({ prompt: "I know who to tell at school", helpText: "" });
  });
});

describe("the term dates page opened before another save", () => {
  it("is refused when the year was recorded meanwhile, naming the dates that differ", async () => {
    const actor = await lead();
    const { version: seen, recorded } = await termsForYear(actor, 2028);
    expect(recorded).toBe(false);
    const terms = suggestedTerms(2028);
    const autumnLater = terms.map((term) => (term.name === "autumn" ? { ...term, startsOn: "2028-09-05" } : term));
    expect(await saveTerms(actor, 2028, autumnLater, seen)).toEqual({ ok: true, changed: true });
    const springHalfTerm = terms.map((term) => (term.name === "spring" ? { ...term, halfTermStartsOn: "2029-02-12", halfTermEndsOn: "2029-02-16" } : term));
    expect(await saveTerms(actor, 2028, springHalfTerm, seen)).toMatchObject({
      changedMeanwhile: { differs: ["Autumn term: first day of term", "Spring term: first day of half-term", "Spring term: last day of half-term"] },
    });
    expect((await termsForYear(actor, 2028)).terms.find((term) => term.name === "autumn")?.startsOn).toBe("2028-09-05");
  });
});

describe("what a stale page is told", () => {
  it("says nothing was saved and names the fields, in the form's words", () => {
    expect(changedMeanwhileMessage("this school", ["School name", "Number on roll", "Status"])).toBe(
      "Nothing was saved: this school was changed by another save after this page was opened. What is saved now differs from this form in " +
        "“School name”, “Number on roll” and “Status”. Open the page again to see the saved details, or save again to replace them with this form's.",
    );
    expect(changedMeanwhileMessage("this topic", ["Title"])).toContain("differs from this form in “Title”.");
    expect(changedMeanwhileMessage("the term dates for 2026/27", ["Autumn term: first day of term"], { plural: true })).toMatch(
      /^Nothing was saved: the term dates for 2026\/27 were changed by another save/,
    );
  });
});

/**
 * A change sent when things are already as it asks (pressed twice, sent from a page left open, a form sent
 * back untouched) writes and audits nothing, and its page says nothing changed rather than that it was done.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { localityVersion } from "~/models/localities.server";
import { questionVersion } from "~/models/survey-templates.server";
import { cohortWithMentors, mvpSchool, vrnLead } from "./mvp-factories";
import { flashOf, routeContext, signedInPost } from "./support/route";

const audits = (entityId: string) => prisma.auditEvent.count({ where: { entityId } });

describe("a training module retired or brought back twice", () => {
  it("is retired and audited once, and the second time says it was already retired; the same for bringing it back", async () => {
    const { action } = await import("~/routes/mvp.modules.$moduleId");
    const lead = await vrnLead();
    const module = await prisma.trainingModule.create({ data: { title: "Healthy relationships", required: false, position: 20 } });
    const press = async (intent: "retire" | "restore") =>
      flashOf(
        (await action({
          request: await signedInPost(`/mvp/modules/${module.id}`, lead.id, { intent }),
          context: routeContext(),
          params: { moduleId: module.id },
        })) as Response,
      );

    expect(await press("retire")).toBe("Module retired");
    expect(await audits(module.id)).toBe(1);
    expect(await press("retire")).toBe("Nothing changed: module “Healthy relationships” was already retired");
    expect(await audits(module.id)).toBe(1);

    expect(await press("restore")).toBe("Module brought back");
    expect(await audits(module.id)).toBe(2);
    expect(await press("restore")).toBe("Nothing changed: module “Healthy relationships” was already live");
    expect(await audits(module.id)).toBe(2);
    expect(await prisma.trainingModule.findUniqueOrThrow({ where: { id: module.id }, select: { active: true } })).toEqual({ active: true });
  });
});

describe("a mentor made a mentor again who was not withdrawn", () => {
  it("says they were not withdrawn, and audits nothing; one who was is brought back, once", async () => {
    const { action } = await import("~/routes/mvp.mentors.$mentorId");
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, 2026, ["Nia P."]);
    const mentor = cohort.mentors[0]!;
    const press = async () =>
      flashOf(
        (await action({
          request: await signedInPost(`/mvp/mentors/${mentor.id}`, mvpLead.id, { intent: "reinstate" }),
          context: routeContext(),
          params: { mentorId: mentor.id },
        })) as Response,
      );

    expect(await press()).toBe("Nothing changed: Nia P. was not withdrawn");
    expect(await audits(mentor.id)).toBe(0);

    await prisma.mentor.update({ where: { id: mentor.id }, data: { withdrawnOn: new Date("2026-11-02T00:00:00Z") } });
    expect(await press()).toBe("Nia P. is a mentor again");
    expect(await audits(mentor.id)).toBe(1);
    expect(await press()).toBe("Nothing changed: Nia P. was not withdrawn");
    expect(await audits(mentor.id)).toBe(1);
  });
});

describe("a survey question saved as it is", () => {
  it("writes and audits nothing and says so; a change to any one field, the choices' order included, is saved", async () => {
    const { action } = await import("~/routes/admin.surveys.$templateId.questions.$questionId");
    const lead = await vrnLead();
    const draft = await prisma.surveyTemplate.create({
      data: { family: `unchanged-${Math.random()}`, version: 1, title: "After the session", context: "BOOKING", phase: "AFTER", status: "DRAFT" },
    });
    const question = await prisma.surveyQuestion.create({
      data: {
        templateId: draft.id,
        position: 1,
        type: "MULTIPLE_CHOICE",
        prompt: "Who would you tell?",
        helpText: "Choose any",
        required: true,
        lastChoiceExclusive: true,
        options: JSON.stringify(["A teacher", "A parent", "Nobody"]),
      },
    });
    const asStored: Record<string, string> = {
      type: "MULTIPLE_CHOICE",
      prompt: "Who would you tell?",
      helpText: "Choose any",
      required: "on",
      lastChoiceExclusive: "on",
      options: "A teacher\nA parent\nNobody",
      coreKey: "",
      version: questionVersion(question),
    };
    const save = async (fields: Record<string, string>) =>
      flashOf(
        (await action({
          request: await signedInPost(`/admin/surveys/${draft.id}/questions/${question.id}`, lead.id, fields),
          context: routeContext(),
          params: { templateId: draft.id, questionId: question.id },
        })) as Response,
      );
    const audited = () => audits(draft.id);

    expect(await save(asStored)).toBe("Nothing changed: the question was already up to date");
    expect(await audited()).toBe(0);
    expect(await prisma.surveyQuestion.findUniqueOrThrow({ where: { id: question.id } })).toEqual(question);

    expect(await save({ ...asStored, options: "A parent\nA teacher\nNobody" })).toBe("Question saved");
    expect(await audited()).toBe(1);
    expect(await save({ ...asStored, options: "A parent\nA teacher\nNobody" })).toBe("Nothing changed: the question was already up to date");
    const reordered = await prisma.surveyQuestion.findUniqueOrThrow({ where: { id: question.id } });
    // An unticked box is not sent at all.
    const unticked: Record<string, string> = { ...asStored, options: "A parent\nA teacher\nNobody", version: questionVersion(reordered) };
    delete unticked.lastChoiceExclusive;
    expect(await save(unticked)).toBe("Question saved");
    expect(await audited()).toBe(2);
  });
});

describe("a locality renamed to the name it has", () => {
  it("says it was already called that, and audits nothing", async () => {
    const { action } = await import("~/routes/schools.localities.$localityId.edit");
    const lead = await vrnLead();
    const locality = await prisma.locality.create({ data: { name: "Wreake Valley", localAuthority: "Leicestershire" } });
    const rename = async (name: string) =>
      flashOf(
        (await action({
          request: await signedInPost(`/schools/localities/${locality.id}/edit`, lead.id, { name, version: localityVersion(locality) }),
          context: routeContext(),
          params: { localityId: locality.id },
        })) as Response,
      );

    expect(await rename("Wreake Valley")).toBe("Nothing changed: the locality was already called Wreake Valley");
    expect(await audits(locality.id)).toBe(0);
    expect(await rename("Soar and Wreake")).toBe("The locality is now called Soar and Wreake");
    expect(await audits(locality.id)).toBe(1);
  });
});

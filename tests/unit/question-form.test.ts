import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { createTemplate } from "~/models/survey-templates.server";
import { createUser } from "./factories";
import { routeContext, signedInPost } from "./support/route";

/** The lead's form for a new question on draft `templateId`, as a browser without scripts sends it. */
async function addQuestion(templateId: string, leadId: string, fields: Record<string, string>) {
  const route = await import("~/routes/admin.surveys.$templateId.questions.$questionId");
  const request = await signedInPost(`/admin/surveys/${templateId}/questions/new`, leadId, { prompt: "Do you feel safe at school?", ...fields });
  return route.action({ request, context: routeContext(), params: { templateId, questionId: "new" } });
}

describe("the question form refuses what belongs to another type of question", () => {
  // Each was dropped without a word before: a lead who typed choices for a yes-or-no question saw the
  // question saved without them.
  it.each([
    [{ type: "YES_NO", options: "Yes\nNo\nNot sure" }, "options", "Only single and multiple choice questions have choices"],
    [{ type: "AGREEMENT", options: "Agree\nDisagree" }, "options", "Only single and multiple choice questions have choices"],
    [{ type: "FREE_TEXT", freeTextEnabled: "on", options: "One\nTwo" }, "options", "Only single and multiple choice questions have choices"],
    [{ type: "SINGLE_CHOICE", options: "One\nTwo", lastChoiceExclusive: "on" }, "lastChoiceExclusive", "Only a multiple choice question has a last choice"],
    [{ type: "SCALE_0_10", reverseScored: "on" }, "reverseScored", "Only agreement questions are scored in reverse"],
    [{ type: "YES_NO", freeTextEnabled: "on" }, "freeTextEnabled", "Only free text questions let pupils type an answer"],
  ])("%o is refused by its field, with nothing saved", async (fields, field, message) => {
    const lead = await createUser({ role: "VRN_LEAD" });
    const draft = await createTemplate(lead, { title: `Before ${Math.random()}`, intro: "", context: "BOOKING", phase: "BEFORE", topicId: "" });

    const result = (await addQuestion(draft.id, lead.id, fields)) as { init: ResponseInit; data: { form: { error: Record<string, string[]> } } };
    expect(result.init.status).toBe(400);
    expect(result.data.form.error[field]?.join(" ")).toContain(message);
    expect(await prisma.surveyQuestion.count({ where: { templateId: draft.id } })).toBe(0);
  });

  it("saves each type with only its own fields", async () => {
    const lead = await createUser({ role: "VRN_LEAD" });
    const draft = await createTemplate(lead, { title: `Before ${Math.random()}`, intro: "", context: "BOOKING", phase: "BEFORE", topicId: "" });
    const forms: Record<string, string>[] = [
      { type: "YES_NO" },
      { type: "AGREEMENT", reverseScored: "on", coreKey: "knife-safer" },
      { type: "MULTIPLE_CHOICE", options: "One\nTwo\nNone of these", lastChoiceExclusive: "on" },
      { type: "FREE_TEXT", freeTextEnabled: "on" },
    ];
    for (const fields of forms) {
      const result = await addQuestion(draft.id, lead.id, fields);
      expect(result, JSON.stringify(fields)).toBeInstanceOf(Response);
    }
    const saved = await prisma.surveyQuestion.findMany({ where: { templateId: draft.id }, orderBy: { position: "asc" } });
    expect(saved.map((q) => [q.type, q.options, q.reverseScored, q.lastChoiceExclusive, q.freeTextEnabled, q.coreKey])).toEqual([
      ["YES_NO", "[]", false, false, false, null],
      ["AGREEMENT", "[]", true, false, false, "knife-safer"],
      ["MULTIPLE_CHOICE", '["One","Two","None of these"]', false, true, false, null],
      ["FREE_TEXT", "[]", false, false, true, null],
    ]);
  });
});

import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { fieldName } from "~/lib/survey-answers";
import { answerSurvey, pupilPage } from "~/models/survey-pupil.server";
import { openRun } from "~/models/survey-runs.server";
import { createTemplate, draftToEdit } from "~/models/survey-templates.server";
import { createUser } from "./factories";
import { schoolWithBooking } from "./survey-factories";
import { routeContext, signedInPost } from "./support/route";

const WHO = ["A teacher or another adult at school", "A parent or carer", "I would not tell anyone"];

/** The lead's form for a new question on draft `templateId`, as a browser sends it. */
async function addQuestion(templateId: string, leadId: string, fields: Record<string, string>) {
  const route = await import("~/routes/admin.surveys.$templateId.questions.$questionId");
  const path = `/admin/surveys/${templateId}/questions/new`;
  const request = await signedInPost(path, leadId, { prompt: `Who could you tell? ${Math.random()}`, required: "on", ...fields });
  return route.action({ request, context: routeContext(), params: { templateId, questionId: "new" } });
}

function pupilContext(clientAddress: string) {
  const cookies: string[] = [];
  const context: AppLoadContext = { cspNonce: "", clientAddress, secureCookies: false, setCookie: (c: string) => void cookies.push(c) };
  return { context, cookies };
}

describe("a choice that is an answer on its own (decision 0161)", () => {
  it("is marked by the lead on a multiple-choice question only, and kept in the next version", async () => {
    const lead = await createUser({ role: "VRN_LEAD" });
    const draft = await createTemplate(lead, { title: `After ${Math.random()}`, intro: "", context: "BOOKING", phase: "AFTER", topicId: "" });

    const added = await addQuestion(draft.id, lead.id, { type: "MULTIPLE_CHOICE", options: WHO.join("\n"), lastChoiceExclusive: "on" });
    expect(added).toBeInstanceOf(Response);
    expect((added as Response).status).toBe(302);
    // A single choice is answered once anyway: the box, sent with one, is refused by it, not dropped.
    const single = await addQuestion(draft.id, lead.id, { type: "SINGLE_CHOICE", options: "Yes\nNo\nNot sure", lastChoiceExclusive: "on" });
    expect(single).toMatchObject({ init: { status: 400 } });
    expect(JSON.stringify(single)).toContain("Only a multiple choice question has a last choice that is an answer on its own");
    await addQuestion(draft.id, lead.id, { type: "SINGLE_CHOICE", options: "Yes\nNo\nNot sure" });
    const saved = await prisma.surveyQuestion.findMany({ where: { templateId: draft.id }, orderBy: { position: "asc" } });
    expect(saved.map((q) => [q.type, q.lastChoiceExclusive])).toEqual([
      ["MULTIPLE_CHOICE", true],
      ["SINGLE_CHOICE", false],
    ]);

    await prisma.surveyTemplate.update({ where: { id: draft.id }, data: { status: "PUBLISHED" } });
    const next = await draftToEdit(lead, draft.id);
    const copied = await prisma.surveyQuestion.findMany({ where: { templateId: next }, orderBy: { position: "asc" } });
    expect(copied.map((q) => q.lastChoiceExclusive)).toEqual([true, false]);
  });

  it("is refused with another choice, by the question and with nothing saved; alone it is saved", async () => {
    const { teacher, booking } = await schoolWithBooking();
    const template = await prisma.surveyTemplate.create({
      data: {
        family: `alone-${Math.random()}`,
        version: 1,
        title: "Who could you tell?",
        context: "BOOKING",
        phase: "AFTER",
        status: "PUBLISHED",
        questions: {
          create: [
            { position: 1, type: "YES_NO", prompt: "Was it useful?" },
            { position: 2, type: "MULTIPLE_CHOICE", prompt: "Who could you tell?", options: JSON.stringify(WHO), lastChoiceExclusive: true },
          ],
        },
      },
      include: { questions: { orderBy: { position: "asc" } } },
    });
    const [useful, who] = template.questions;
    const run = await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: false });
    if (!run.ok) throw new Error(run.message);

    const visit = pupilContext("192.0.2.61");
    const shown = await pupilPage({ request: new Request("http://localhost/s/X"), context: visit.context, code: run.code, thanks: false });
    if (shown.state !== "open") throw new Error("not open");
    const cookie = visit.cookies[0]!.split(";")[0]!;
    const send = (chosen: string[]) => {
      const form = new FormData();
      form.set("page", "1");
      form.set("pupil", shown.pupilTag);
      form.set(fieldName(useful!.id), "1");
      for (const value of chosen) form.append(fieldName(who!.id), value);
      const request = new Request(`http://localhost/s/${run.code}`, { method: "POST", headers: { Cookie: cookie } });
      return answerSurvey({ request, context: pupilContext("192.0.2.61").context, code: run.code, form });
    };

    expect(await send(["1", "2"])).toMatchObject({
      kind: "page",
      status: 400,
      page: {
        errors: { [who!.id]: "You chose “I would not tell anyone” and other answers to question 2: choose either “I would not tell anyone” or the others" },
        values: { [who!.id]: ["1", "2"] },
      },
    });
    expect(await prisma.surveyResponse.count({ where: { runId: run.id } })).toBe(0);

    expect(await send(["2"])).toEqual({ kind: "sent" });
    const answers = await prisma.surveyAnswer.findMany({ where: { questionId: who!.id }, select: { value: true } });
    expect(answers).toEqual([{ value: 2 }]);
  });
});

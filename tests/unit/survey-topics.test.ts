import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { newBrowserToken, submitResponse } from "~/models/survey-responses.server";
import { bookingComparison, topicComparison } from "~/models/survey-results.server";
import { openRun, templatesFor } from "~/models/survey-runs.server";
import { templateSchema } from "~/lib/survey-schemas";
import { createTemplate, draftToEdit } from "~/models/survey-templates.server";
import { SURVEY_TEMPLATES } from "../../prisma/seed/survey-templates";
import { createTopic, lead } from "./delivery-factories";
import { createSurveyTemplate, schoolWithBooking } from "./survey-factories";

type Template = Awaited<ReturnType<typeof createSurveyTemplate>>;

/** Ten pupils answer: law and knife-safer as given, yes. */
async function tenAnswers(runId: string, template: Template, law: number) {
  const [q1, q2, q3] = template.questions;
  for (let i = 0; i < 10; i++) {
    await submitResponse(runId, newBrowserToken(), [
      { questionId: q1!.id, value: law, text: null },
      { questionId: q2!.id, value: 2, text: null },
      { questionId: q3!.id, value: 1, text: null },
    ]);
  }
}

async function open(teacher: Parameters<typeof openRun>[0], bookingId: string, template: Template) {
  const run = await openRun(teacher, { bookingId }, { templateId: template.id, sharedDevices: false });
  if (!run.ok) throw new Error(run.message);
  return run.id;
}

describe("survey templates by topic", () => {
  it("a booking is offered its own topic's templates first, then those for any topic, then other topics'", async () => {
    const { delivery } = await schoolWithBooking();
    const other = await createTopic();
    const otherTopics = await createSurveyTemplate("BEFORE", { topicId: other.id });
    const anyTopic = await createSurveyTemplate("BEFORE");
    const own = await createSurveyTemplate("AFTER", { topicId: delivery.topicId });
    const offered = (await templatesFor("BOOKING", delivery.topicId)).map((t) => t.id);
    expect(offered[0]).toBe(own.id);
    expect(offered.indexOf(anyTopic.id)).toBeLessThan(offered.indexOf(otherTopics.id));
    expect((await templatesFor("BOOKING", delivery.topicId)).find((t) => t.id === own.id)?.forTopic).toBe("this");
  });

  it("compares before and after only within the session's topic's templates, never across topics", async () => {
    const { teacher, booking, delivery } = await schoolWithBooking();
    const other = await createTopic();
    const before = await createSurveyTemplate("BEFORE", { topicId: delivery.topicId });
    const afterOfAnotherTopic = await createSurveyTemplate("AFTER", { topicId: other.id });
    await tenAnswers(await open(teacher, booking.id, before), before, 2);
    await tenAnswers(await open(teacher, booking.id, afterOfAnotherTopic), afterOfAnotherTopic, 5);
    const mixed = (await bookingComparison(teacher, booking.id)).comparison;
    expect(mixed).toMatchObject({ beforeResponses: 10, afterResponses: 0 });

    const after = await createSurveyTemplate("AFTER", { topicId: delivery.topicId });
    await tenAnswers(await open(teacher, booking.id, after), after, 4);
    const same = (await bookingComparison(teacher, booking.id)).comparison;
    expect(same).toMatchObject({ beforeResponses: 10, afterResponses: 10 });
    expect(same.rows.find((r) => r.coreKey === "law")?.change.meanScore).toBe(2);

    const run = await prisma.surveyRun.findFirstOrThrow({ where: { bookingId: booking.id } });
    const forTopic = await topicComparison(await lead(), delivery.topicId, run.academicYear);
    expect(forTopic.comparison).toMatchObject({ beforeResponses: 10, afterResponses: 10 });
  });

  it("templates for any topic still compare with each other when the session has none of its own", async () => {
    const { teacher, booking } = await schoolWithBooking();
    const before = await createSurveyTemplate("BEFORE");
    const after = await createSurveyTemplate("AFTER");
    await tenAnswers(await open(teacher, booking.id, before), before, 3);
    await tenAnswers(await open(teacher, booking.id, after), after, 5);
    expect((await bookingComparison(teacher, booking.id)).comparison).toMatchObject({ beforeResponses: 10, afterResponses: 10 });
  });

  it("the lead writes a template for a topic, or for any topic; a topic not in the list is refused with 400", async () => {
    const topic = await createTopic();
    const theLead = await lead();
    const details = { title: "Bystanders: before", intro: "", context: "BOOKING" as const, phase: "BEFORE" as const };
    expect((await createTemplate(theLead, { ...details, topicId: topic.id })).topicId).toBe(topic.id);
    expect((await createTemplate(theLead, { ...details, topicId: "" })).topicId).toBeNull();
    const refused = await createTemplate(theLead, { ...details, topicId: "no-such-topic" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(400);
    const mvp = templateSchema.safeParse({ ...details, context: "MVP", topicId: topic.id });
    expect(mvp.success).toBe(false);
  });

  it("a new version of a template stays with its topic", async () => {
    const topic = await createTopic();
    const template = await createSurveyTemplate("BEFORE", { topicId: topic.id });
    const draftId = await draftToEdit(await lead(), template.id);
    expect((await prisma.surveyTemplate.findUniqueOrThrow({ where: { id: draftId } })).topicId).toBe(topic.id);
  });
});

describe("the templates every demo starts with", () => {
  const booking = SURVEY_TEMPLATES.filter((t) => t.context === "BOOKING");
  const coreKeys = (t: (typeof SURVEY_TEMPLATES)[number]) => t.questions.flatMap((q) => (q.coreKey ? [q.coreKey] : []));

  it("give county lines, online harms and healthy relationships a before and an after of their own, with the same core items", () => {
    for (const topic of ["Knife-crime awareness", "County lines", "Online harms", "Healthy relationships"]) {
      const before = booking.find((t) => t.topic === topic && t.phase === "BEFORE");
      const after = booking.find((t) => t.topic === topic && t.phase === "AFTER");
      expect(before?.title).toContain(topic);
      expect(after && coreKeys(after)).toEqual(before && coreKeys(before));
    }
    expect(booking.every((t) => t.topic)).toBe(true);
  });

  it("share a core item across topics only with the same words, and never reuse the knife-crime items elsewhere", () => {
    const prompts = new Map<string, Set<string>>();
    for (const t of booking) for (const q of t.questions) if (q.coreKey) prompts.set(q.coreKey, (prompts.get(q.coreKey) ?? new Set()).add(q.prompt));
    for (const [key, words] of prompts) expect(words.size, key).toBe(1);
    const knifeKeys = new Set(booking.filter((t) => t.topic === "Knife-crime awareness").flatMap(coreKeys));
    for (const t of booking.filter((t) => t.topic !== "Knife-crime awareness")) expect(coreKeys(t).filter((k) => knifeKeys.has(k))).toEqual([]);
    for (const t of booking) expect(t.title.toLowerCase().includes("knife")).toBe(t.topic === "Knife-crime awareness");
  });
});

/**
 * A core item asked by two questions of one survey adds up only the questions the run shows on their own.
 * Answers counted before each question moved in its own steps of ten (decision 0123) can leave one of them
 * with 3 answerers counted: the run's page says too few answered it, so no comparison or reach figure may
 * add those 3 to the other question's 12, or the difference gives back what the 3 pupils answered.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { coreItemAnswers } from "~/models/reach-queries.server";
import { bookingComparison, runResults } from "~/models/survey-results.server";
import { getRun } from "~/models/survey-runs.server";
import { recountSurveyRunTally } from "~/models/tallies.server";
import { lead } from "./delivery-factories";
import { booking, deliveryAt, repeat, school, surveyRun, surveyTemplate, topic } from "./reach-factories";

describe("a core item asked twice in one survey", () => {
  it("counts only the question shown on its own, in the tally, the comparison and reach", async () => {
    const place = await school(null, 900);
    const delivery = await deliveryAt((await topic("Asked twice")).id, "2025-11-05", "10:00");
    const booked = await booking(delivery.id, place.id, "DELIVERED");
    const template = await prisma.surveyTemplate.create({
      data: {
        family: "asked-twice",
        version: 1,
        title: "Asked twice",
        context: "BOOKING",
        phase: "BEFORE",
        status: "PUBLISHED",
        questions: {
          create: [
            { position: 1, type: "AGREEMENT", prompt: "Carrying a knife is against the law", coreKey: "law", required: false },
            { position: 2, type: "AGREEMENT", prompt: "It is a crime to carry a knife", coreKey: "law", required: false },
          ],
        },
      },
      include: { questions: { orderBy: { position: "asc" } } },
    });
    const [first, second] = template.questions;
    if (!first || !second) throw new Error("The template lost a question");
    const run = await prisma.surveyRun.create({
      data: {
        code: "TWICE001",
        templateId: template.id,
        schoolId: place.id,
        bookingId: booked.id,
        phase: "BEFORE",
        context: "BOOKING",
        academicYear: 2025,
        responseCount: 20,
      },
    });
    // Twenty responses counted as they were before decision 0123: every answer of a counted response counted.
    for (let i = 0; i < 20; i++) {
      const response = await prisma.surveyResponse.create({
        data: { runId: run.id, submittedOn: new Date("2025-11-05T00:00:00Z"), browserTokenHash: `twice-${i}`, inResults: true },
      });
      if (i < 12) await prisma.surveyAnswer.create({ data: { responseId: response.id, questionId: first.id, runId: run.id, value: 4, inResults: true } });
      else if (i < 15) await prisma.surveyAnswer.create({ data: { responseId: response.id, questionId: second.id, runId: run.id, value: 1, inResults: true } });
    }
    await recountSurveyRunTally(prisma, run.id);
    const theLead = await lead();

    // The run's own page: the first question over its 12, the second too few to show.
    const page = await runResults(theLead, await getRun(theLead, run.id), { withWritten: false });
    expect(page.questions.map((q) => (q.tooFew ? "too few" : q.answered))).toEqual([12, "too few"]);

    expect(await prisma.coreItemTally.findMany({ where: { runId: run.id }, select: { coreKey: true, answers: true, agreeing: true } })).toEqual([
      { coreKey: "law", answers: 12, agreeing: 12 },
    ]);
    const { comparison } = await bookingComparison(theLead, booked.id);
    expect(comparison.rows.find((r) => r.coreKey === "law")?.before).toMatchObject({ responses: 12, shareAgreeing: 1 });
    // Reach sets a booking's "before" only beside its own "after" (decision 0136): 10 pupils after.
    await surveyRun(await surveyTemplate("AFTER"), place.id, 2025, repeat(10, { law: 5 }), booked.id);
    const reach = await coreItemAnswers({ localAuthority: null, localityId: null, schoolType: null, topicId: null, schoolId: place.id }, 2025);
    expect(reach.filter((r) => r.coreKey === "law" && r.phase === "BEFORE").map((r) => ({ responses: r.responses, agreeing: r.agreeing }))).toEqual([
      { responses: 12, agreeing: 12 },
    ]);
  });
});

import { prisma } from "~/db.server";
import type { QuestionInput } from "~/lib/survey-schemas";
import { createSchool, createUser } from "./factories";
import { createDelivery } from "./delivery-factories";

let counter = 0;

/** A published template with two core agreement items (one reverse-scored), a yes/no and a free-text question. */
export async function createSurveyTemplate(
  phase: "BEFORE" | "AFTER" = "BEFORE",
  overrides: { context?: string; freeTextEnabled?: boolean; topicId?: string } = {},
) {
  counter += 1;
  return prisma.surveyTemplate.create({
    data: {
      family: `test-${phase.toLowerCase()}-${counter}`,
      version: 1,
      title: `Test survey ${counter} (${phase})`,
      context: overrides.context ?? "BOOKING",
      topicId: overrides.topicId ?? null,
      phase,
      status: "PUBLISHED",
      questions: {
        create: [
          { position: 1, type: "AGREEMENT", prompt: "I know the law.", coreKey: "law" },
          { position: 2, type: "AGREEMENT", prompt: "A knife makes you safer.", coreKey: "knife-safer", reverseScored: true },
          { position: 3, type: "YES_NO", prompt: "Was it useful?" },
          { position: 4, type: "FREE_TEXT", prompt: "Anything else?", required: false, freeTextEnabled: overrides.freeTextEnabled ?? false },
        ],
      },
    },
    include: { questions: { orderBy: { position: "asc" } } },
  });
}

/**
 * A school, its teacher and a confirmed booking of a session. The session began five minutes ago unless
 * `startsAt` says otherwise, so that surveys for before it (until 15 minutes in) and after it (from its
 * start) can both be opened now.
 */
export async function schoolWithBooking({
  startsAt = new Date(Date.now() - 5 * 60_000),
  status = "CONFIRMED",
}: { startsAt?: Date; status?: "CONFIRMED" | "REQUESTED" } = {}) {
  const school = await createSchool();
  const teacher = await createUser({ role: "TEACHER", schoolId: school.id });
  const delivery = await createDelivery({ startsAt });
  const booking = await prisma.booking.create({
    data: {
      deliveryId: delivery.id,
      schoolId: school.id,
      status,
      yearGroups: "9",
      expectedPupils: 30,
      contactName: "A Teacher",
      contactPhone: "0116 496 0000",
    },
  });
  return { school, teacher, booking, delivery };
}

/**
 * A published template whose questions after the first pupils may skip: "law" (core, required), "knife-safer"
 * (core, reverse-scored, optional), a yes/no, a multiple choice and, fifth, how worried they are (single choice,
 * optional), as the demo's knife-crime survey asks.
 */
export async function createTemplateWithOptionalQuestions(phase: "BEFORE" | "AFTER" = "BEFORE") {
  counter += 1;
  return prisma.surveyTemplate.create({
    data: {
      family: `optional-${phase.toLowerCase()}-${counter}`,
      version: 1,
      title: `Optional questions ${counter} (${phase})`,
      context: "BOOKING",
      phase,
      status: "PUBLISHED",
      questions: {
        create: [
          { position: 1, type: "AGREEMENT", prompt: "I know the law.", coreKey: "law" },
          { position: 2, type: "AGREEMENT", prompt: "A knife makes you safer.", coreKey: "knife-safer", reverseScored: true, required: false },
          { position: 3, type: "YES_NO", prompt: "Was it useful?", required: false },
          {
            position: 4,
            type: "MULTIPLE_CHOICE",
            prompt: "Where would you get help?",
            options: JSON.stringify(["Teacher", "Parent", "Childline"]),
            required: false,
          },
          {
            position: 5,
            type: "SINGLE_CHOICE",
            prompt: "How worried are you about knife crime where you live?",
            options: JSON.stringify(["Not at all worried", "A little worried", "Quite worried", "Very worried"]),
            required: false,
          },
        ],
      },
    },
    include: { questions: { orderBy: { position: "asc" } } },
  });
}

/** A question as the lead's question form gives it: a required agreement statement unless `overrides` say otherwise. */
export function questionInput(overrides: Partial<QuestionInput> = {}): QuestionInput {
  return {
    type: "AGREEMENT",
    prompt: "I know where to get help.",
    helpText: "",
    required: true,
    reverseScored: false,
    freeTextEnabled: false,
    lastChoiceExclusive: false,
    options: [],
    coreKey: null,
    ...overrides,
  };
}

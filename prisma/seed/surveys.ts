/**
 * Demo surveys: the templates, and runs with answers spread the way real classes answer (from a seeded
 * random generator, so every seed gives the same figures). The demo school (URN 990001) has before and
 * after runs around its Operation Sceptre knife-crime workshop showing a change, and a run with fewer
 * than 10 responses; other schools have runs this academic year and last.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { academicYearOf } from "~/lib/academic-year";
import { londonDateInputValue } from "~/lib/london-time";
import { choicesFor, standsAlone } from "~/lib/survey-answers";
import { generateSurveyCode } from "~/lib/survey-code";
import { responsesCounted } from "~/models/disclosure";
import { countAnswerersInSteps } from "~/models/survey-responses.server";
import { SURVEY_TEMPLATES } from "./survey-templates";

const DAY = 24 * 60 * 60 * 1000;

function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

type Template = {
  id: string;
  phase: string;
  context: string;
  questions: {
    id: string;
    type: string;
    reverseScored: boolean;
    options: string;
    required: boolean;
    freeTextEnabled: boolean;
    lastChoiceExclusive: boolean;
  }[];
};

/** How positive a class is, from 0 (before anything) to 1 (convinced): shifts every answer. */
type Mood = number;

function answersFor(template: Template, mood: Mood, random: () => number) {
  const answers: { questionId: string; value: number }[] = [];
  const lean = (spread: number) => mood + (random() - 0.5) * spread;
  for (const q of template.questions) {
    if (q.type === "FREE_TEXT") continue;
    if (!q.required && random() < 0.08) continue;
    if (q.type === "AGREEMENT") {
      if (random() < 0.07) {
        answers.push({ questionId: q.id, value: 0 });
        continue;
      }
      const score = Math.min(5, Math.max(1, Math.round(1.5 + lean(1.6) * 3.6)));
      answers.push({ questionId: q.id, value: q.reverseScored ? 6 - score : score });
    } else if (q.type === "YES_NO") {
      answers.push({ questionId: q.id, value: random() < 0.35 + mood * 0.5 ? 1 : 0 });
    } else if (q.type === "SCALE_0_10") {
      answers.push({ questionId: q.id, value: Math.min(10, Math.max(0, Math.round(3 + lean(1.2) * 7))) });
    } else {
      const options = JSON.parse(q.options) as string[];
      const choices = choicesFor({ type: q.type, options });
      const picks = q.type === "MULTIPLE_CHOICE" ? choices.filter(() => random() < 0.45) : [choices[Math.floor(random() * choices.length)]!];
      // An answer on its own is dropped when others were picked, as a pupil's form would be refused.
      const alone = standsAlone({ type: q.type, options, lastChoiceExclusive: q.lastChoiceExclusive });
      const kept = alone && picks.length > 1 ? picks.filter(([value]) => Number(value) !== alone.value) : picks;
      for (const [value] of kept.length ? kept : [choices[0]!]) answers.push({ questionId: q.id, value: Number(value) });
    }
  }
  return answers;
}

const londonDay = (instant: Date) => new Date(`${londonDateInputValue(instant)}T00:00:00.000Z`);

export async function seedSurveys(prisma: Prisma.TransactionClient, schools: readonly { id: string }[], leadId: string, now = new Date()) {
  const random = generator(6);
  const templates = new Map<string, Template>();
  const topics = new Map((await prisma.topic.findMany({ select: { id: true, title: true } })).map((t) => [t.title, t.id]));
  for (const t of SURVEY_TEMPLATES) {
    const created = await prisma.surveyTemplate.create({
      data: {
        family: t.family,
        topicId: t.topic ? (topics.get(t.topic) ?? null) : null,
        version: 1,
        title: t.title,
        intro: t.intro,
        context: t.context,
        phase: t.phase,
        status: "PUBLISHED",
        createdById: leadId,
        questions: {
          create: t.questions.map((q, i) => ({
            position: i + 1,
            type: q.type,
            prompt: q.prompt,
            helpText: q.helpText ?? "",
            required: q.required ?? true,
            reverseScored: q.reverseScored ?? false,
            lastChoiceExclusive: q.lastChoiceExclusive ?? false,
            options: JSON.stringify(q.options ?? []),
            coreKey: q.coreKey ?? null,
          })),
        },
      },
      include: { questions: { orderBy: { position: "asc" } } },
    });
    templates.set(t.family, created);
  }

  async function run(
    family: string,
    schoolId: string,
    opts: { bookingId?: string; openedAt: Date; responses: number; mood: Mood; closed?: boolean; closesOn?: Date },
  ) {
    const template = templates.get(family)!;
    const created = await prisma.surveyRun.create({
      data: {
        code: generateSurveyCode(),
        templateId: template.id,
        schoolId,
        bookingId: opts.bookingId ?? null,
        phase: template.phase,
        context: template.context,
        academicYear: academicYearOf(opts.openedAt),
        closesOn: opts.closesOn ? londonDay(opts.closesOn) : null,
        closedAt: opts.closed ? new Date(opts.openedAt.getTime() + 2 * DAY) : null,
        responseCount: opts.responses,
        createdById: leadId,
        createdAt: opts.openedAt,
      },
    });
    const responses = Array.from({ length: opts.responses }, (_, i) => ({
      id: randomUUID(),
      runId: created.id,
      inResults: i < responsesCounted(opts.responses),
      submittedOn: londonDay(new Date(opts.openedAt.getTime() + Math.floor(random() * 2) * DAY)),
      browserTokenHash: createHash("sha256")
        .update(`${created.id}:${randomBytes(32).toString("base64url")}`)
        .digest("hex"),
    }));
    await prisma.surveyResponse.createMany({ data: responses });
    const answers = responses.flatMap((r) =>
      answersFor(template, opts.mood + (random() - 0.5) * 0.3, random).map((a) => ({ ...a, responseId: r.id, runId: created.id })),
    );
    await prisma.surveyAnswer.createMany({ data: answers });
    await countAnswerersInSteps(prisma, created.id);
    return created;
  }

  const demo = schools[0]!;
  const knifeBookings = await prisma.booking.findMany({
    where: { delivery: { topic: { title: "Knife-crime awareness" } }, status: { in: ["CONFIRMED", "DELIVERED"] } },
    include: { delivery: { select: { startsAt: true } } },
    orderBy: { delivery: { startsAt: "asc" } },
  });
  const past = knifeBookings.filter((b) => b.delivery.startsAt < now);
  const demoPast = past.find((b) => b.schoolId === demo.id);
  const demoFuture = knifeBookings.find((b) => b.schoolId === demo.id && b.delivery.startsAt > now);

  // The demo school: before and after its knife-crime workshop, 20+ answers each, showing a change.
  if (demoPast) {
    const day = demoPast.delivery.startsAt;
    await run("knife-crime-before", demo.id, { bookingId: demoPast.id, openedAt: new Date(day.getTime() - 2 * DAY), responses: 24, mood: 0.3, closed: true });
    await run("knife-crime-after", demo.id, { bookingId: demoPast.id, openedAt: day, responses: 22, mood: 0.85, closed: true });
  }
  // Still open, with too few answers yet to show results.
  if (demoFuture)
    await run("knife-crime-before", demo.id, {
      bookingId: demoFuture.id,
      openedAt: new Date(now.getTime() - DAY),
      responses: 6,
      mood: 0.4,
      closesOn: demoFuture.delivery.startsAt,
    });

  // Other schools this year: before and after their visits.
  const seen = new Set<string>([demo.id]);
  for (const booking of past) {
    if (seen.has(booking.schoolId) || seen.size > 6) continue;
    seen.add(booking.schoolId);
    const day = booking.delivery.startsAt;
    const size = 14 + Math.floor(random() * 18);
    await run("knife-crime-before", booking.schoolId, {
      bookingId: booking.id,
      openedAt: new Date(day.getTime() - 3 * DAY),
      responses: size,
      mood: 0.3 + random() * 0.15,
      closed: true,
    });
    await run("knife-crime-after", booking.schoolId, { bookingId: booking.id, openedAt: day, responses: size - 3, mood: 0.6 + random() * 0.15, closed: true });
  }

  // MVP: the demo school's mentors this year; three other schools' mentors last year; lesson feedback.
  await run("mvp-mentors-before", demo.id, { openedAt: new Date(now.getTime() - 30 * DAY), responses: 14, mood: 0.4, closed: true });
  const lastYear = new Date(now.getTime() - 365 * DAY);
  for (const school of schools.slice(2, 5)) {
    await run("mvp-mentors-before", school.id, {
      openedAt: new Date(lastYear.getTime() - 40 * DAY),
      responses: 12 + Math.floor(random() * 6),
      mood: 0.4,
      closed: true,
    });
    await run("mvp-mentors-after", school.id, { openedAt: lastYear, responses: 11 + Math.floor(random() * 6), mood: 0.75, closed: true });
    await run("mvp-lesson-feedback", school.id, {
      openedAt: new Date(lastYear.getTime() + 60 * DAY),
      responses: 25 + Math.floor(random() * 8),
      mood: 0.65,
      closed: true,
    });
  }
}

import { prisma } from "~/db.server";
import type { ReachFilters } from "~/models/reach-rules";
import { londonInstantsOf } from "~/lib/london-time";
import type { BookingStatus, DeliveryStatus, SchoolStatus } from "~/lib/statuses";
import { responsesCounted } from "~/models/disclosure";
import { countAnswerersInSteps } from "~/models/survey-responses.server";
import { recountSessionTallies, recountSurveyRunTally } from "~/models/tallies.server";

let n = 0;

export async function locality(name: string, localAuthority = "Leicester") {
  return prisma.locality.create({ data: { name: `${name} ${++n}`, localAuthority } });
}

export async function school(
  localityId: string | null,
  numberOnRoll: number,
  extra: Partial<{ status: SchoolStatus; type: string; localAuthority: string; name: string; openedOn: Date; closedOn: Date }> = {},
) {
  n += 1;
  return prisma.school.create({
    data: {
      urn: String(700000 + n),
      name: extra.name ?? `Reach School ${n}`,
      localAuthority: extra.localAuthority ?? "Leicester",
      type: extra.type ?? "SECONDARY",
      numberOnRoll,
      localityId,
      status: extra.status ?? "OPEN",
      openedOn: extra.openedOn ?? null,
      closedOn: extra.closedOn ?? null,
    },
  });
}

export async function topic(title: string) {
  return prisma.topic.create({ data: { title: `${title} ${++n}`, yearGroups: "7,8,9,10,11", durationMinutes: 60, formats: "IN_SCHOOL,ONLINE" } });
}

/** A delivery starting at a London wall-clock date and time. */
export async function deliveryAt(topicId: string, date: string, time: string, status: DeliveryStatus = "SCHEDULED") {
  // The later of a time the clocks show twice (01:30 the night they go back), as a session at it is stored.
  const startsAt = londonInstantsOf(date, time).at(-1)!;
  return prisma.delivery.create({
    data: {
      topicId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      format: "ONLINE",
      facilitatorName: "PC Test",
      facilitatorOrg: "Police",
      capacity: 30,
      bookingClosesAt: startsAt,
      status,
    },
  });
}

/**
 * Dates the attendance returns of `bookingIds` as recorded at `recordedAt`, as a school returning them then
 * would have, and counts the running tallies again (DeliveryLocalityTally keeps when returns came in).
 */
export async function returnsRecordedAt(bookingIds: string[], recordedAt: Date) {
  await prisma.attendanceReturn.updateMany({ where: { bookingId: { in: bookingIds } }, data: { recordedAt } });
  const schools = await prisma.booking.findMany({ where: { id: { in: bookingIds } }, select: { schoolId: true } });
  await recountSessionTallies(
    prisma,
    schools.map((b) => b.schoolId),
  );
}

/** A booking; with counts per year group, an attendance return too. */
export async function booking(deliveryId: string, schoolId: string, status: BookingStatus, counts: Record<number, number> = {}) {
  const created = await prisma.booking.create({
    data: { deliveryId, schoolId, status, yearGroups: "7,8,9", expectedPupils: 60, contactName: "Head of Year", contactPhone: "0116 496 0000" },
  });
  const entries = Object.entries(counts);
  if (entries.length) {
    // Recorded the day after the session, as a school would, not whenever the test runs.
    const { startsAt } = await prisma.delivery.findUniqueOrThrow({ where: { id: deliveryId }, select: { startsAt: true } });
    await prisma.attendanceReturn.create({
      data: {
        bookingId: created.id,
        recordedAt: new Date(startsAt.getTime() + 24 * 3600_000),
        counts: { create: entries.map(([yearGroup, pupils]) => ({ yearGroup: Number(yearGroup), pupils })) },
      },
    });
  }
  // Written directly rather than through the models, so the running tallies are counted here as the models would.
  await recountSessionTallies(prisma, [schoolId]);
  return created;
}

let code = 0;

/** A survey template with core items, for runs to use. */
export async function surveyTemplate(phase: "BEFORE" | "AFTER", context: "BOOKING" | "MVP" = "BOOKING") {
  n += 1;
  return prisma.surveyTemplate.create({
    data: {
      family: `reach-${phase}-${n}`,
      version: 1,
      title: `Before and after ${n}`,
      context,
      phase,
      status: "PUBLISHED",
      questions: {
        create: [
          { position: 1, type: "AGREEMENT", prompt: "Carrying a knife is against the law", coreKey: "law" },
          { position: 2, type: "AGREEMENT", prompt: "Carrying a knife makes you safer", coreKey: "knife-safer", reverseScored: true },
          { position: 3, type: "YES_NO", prompt: "Have you been to a session before?" },
        ],
      },
    },
    include: { questions: { orderBy: { position: "asc" } } },
  });
}

/**
 * A run with one response per entry of `answers`: each a map from coreKey to the value chosen (a key
 * left out is a question not answered).
 */
export async function surveyRun(
  template: Awaited<ReturnType<typeof surveyTemplate>>,
  schoolId: string,
  academicYear: number,
  answers: Record<string, number>[],
  bookingId: string | null = null,
) {
  const run = await prisma.surveyRun.create({
    data: {
      code: `R${++code}X${n}`,
      templateId: template.id,
      schoolId,
      bookingId,
      phase: template.phase,
      context: template.context,
      academicYear,
      responseCount: answers.length,
    },
  });
  for (const [i, chosen] of answers.entries()) {
    const response = await prisma.surveyResponse.create({
      data: {
        runId: run.id,
        submittedOn: new Date(Date.UTC(academicYear, 10, 1)),
        browserTokenHash: `${run.id}-${i}`,
        inResults: i < responsesCounted(answers.length),
      },
    });
    const rows = template.questions
      .filter((q) => q.coreKey && chosen[q.coreKey] !== undefined)
      .map((q) => ({ responseId: response.id, questionId: q.id, runId: run.id, value: chosen[q.coreKey!]! }));
    await prisma.surveyAnswer.createMany({ data: rows });
  }
  await countAnswerersInSteps(prisma, run.id);
  await recountSurveyRunTally(prisma, run.id);
  return run;
}

export const repeat = <T>(count: number, value: T): T[] => Array.from({ length: count }, () => value);

/** Reach filters for the whole area in `year`, with `narrowing` (a term, a topic, a place, a type of school) on top. */
export const wholeArea = (year: number, narrowing: Partial<ReachFilters> = {}): ReachFilters => ({
  year,
  term: null,
  localityId: null,
  localAuthority: null,
  schoolType: null,
  topicId: null,
  ...narrowing,
});

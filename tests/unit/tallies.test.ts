/**
 * The running tallies always equal a recount from the rows they count. Random sequences of the real model
 * operations (attendance recorded and corrected, sessions that did not take place, whole deliveries that
 * did not happen, bookings cancelled or moved to another date, sessions moved to another day or topic, schools
 * moving locality, pupils answering surveys, mentors' training ticked and cleared, modules made required or
 * optional, retired or brought back) run one after another; after each, every tally is compared with a recount
 * written here, independently of app/models/tallies.server.ts (its own London months, its own grouping).
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { schoolSchema } from "~/lib/school-form";
import { recordAttendance } from "~/models/attendance.server";
import { moveBooking } from "~/models/booking-moves.server";
import { cancelBooking } from "~/models/bookings.server";
import { updateDelivery } from "~/models/delivery-changes.server";
import { markNotDelivered } from "~/models/delivery-status.server";
import { schoolVersion, updateSchool } from "~/models/schools.server";
import { newBrowserToken, submitResponse } from "~/models/survey-responses.server";
import { openRun } from "~/models/survey-runs.server";
import { setModuleActive, updateModule } from "~/models/mvp-modules.server";
import { gridCell, saveTrainingGrid } from "~/models/mvp-training.server";
import { recountAllTallies, recountDeliveryLocalities } from "~/models/tallies.server";
import { deliveryInput } from "./delivery-factories";
import { createUser } from "./factories";
import { cohortWithMentors, curriculum } from "./mvp-factories";
import { booking, deliveryAt, locality, school, topic } from "./reach-factories";
import { createSurveyTemplate } from "./survey-factories";

const NOW = new Date("2026-01-20T12:00:00Z");
/** London wall-clock starts; 1 October 00:30 is still 30 September in UTC, so a UTC month would be wrong. */
const STARTS = [
  ["2025-10-01", "00:30"],
  ["2025-10-15", "10:00"],
  ["2025-11-03", "14:00"],
  ["2026-01-12", "09:15"],
  ["2026-03-02", "10:00"],
] as const;
/**
 * Where a session may be moved to, on weekdays of the same academic year: 1 September 00:30 in London is still
 * 31 August in UTC; the last is after NOW, so a session already recorded cannot move there.
 */
const NEW_STARTS = [
  ["2025-09-01", "00:30"],
  ["2025-10-20", "09:00"],
  ["2025-12-01", "00:15"],
  ["2026-01-05", "10:00"],
  ["2026-02-02", "11:00"],
] as const;
/** Bookings are moved as if before term began, when every session was still open for booking. */
const BEFORE_TERM = new Date("2025-08-20T12:00:00Z");
const SCHOOLS = 3;

type World = {
  lead: Actor;
  schools: { id: string; urn: string; name: string; teacher: Actor }[];
  localities: string[];
  topics: string[];
  deliveries: string[];
  bookings: string[][];
  runs: { id: string; questions: { id: string; type: string }[] }[];
  mvpLead: Actor;
  cohort: { id: string; mentors: string[] };
  modules: { id: string; title: string }[];
};
let world: World;

beforeAll(async () => {
  const lead = await createUser({ role: "VRN_LEAD" });
  const localities = [(await locality("Tally A")).id, (await locality("Tally B")).id];
  const subjects = [(await topic("Tally one")).id, (await topic("Tally two")).id];
  const deliveries = [];
  for (const [i, [date, time]] of STARTS.entries()) deliveries.push((await deliveryAt(subjects[i % 2]!, date, time)).id);
  const schools = [];
  const bookings: string[][] = [];
  const runs: World["runs"] = [];
  const template = await createSurveyTemplate("AFTER");
  for (let s = 0; s < SCHOOLS; s++) {
    const own = await school(localities[s % 2]!, 400);
    const teacher = await createUser({ role: "TEACHER", schoolId: own.id });
    schools.push({ id: own.id, urn: own.urn, name: own.name, teacher });
    const row = [];
    for (const deliveryId of deliveries) row.push((await booking(deliveryId, own.id, "CONFIRMED")).id);
    bookings.push(row);
    const opened = await openRun(teacher, { bookingId: row[1]! }, { templateId: template.id, sharedDevices: false }, NOW);
    if (!opened.ok) throw new Error(opened.message);
    runs.push({ id: opened.id, questions: template.questions.map((q) => ({ id: q.id, type: q.type })) });
  }
  const mvpLead = await createUser({ role: "MVP_LEAD", schoolId: schools[0]!.id });
  const modules = (await curriculum()).map((m) => ({ id: m.id, title: m.title }));
  const cohort = await cohortWithMentors(schools[0]!.id, 2025, ["Aisha K.", "Ben T.", "Cal M."]);
  world = {
    lead,
    schools,
    localities,
    topics: subjects,
    deliveries,
    bookings,
    runs,
    mvpLead,
    cohort: { id: cohort.id, mentors: cohort.mentors.map((m) => m.id) },
    modules,
  };
});

/** A London month as its first day, by the runtime's own time-zone data (not the app's helper). */
function londonMonth(instant: Date): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit" }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part("year")}-${part("month")}-01`;
}

async function recount() {
  const bookings = await prisma.booking.findMany({
    where: { status: "DELIVERED", delivery: { status: "SCHEDULED" } },
    include: { delivery: true, school: { select: { localityId: true } }, attendance: { include: { counts: true } } },
  });
  const sessions: Record<string, { sessions: number; pupils: number; last: number }> = {};
  const groups: Record<string, number> = {};
  // Each delivery once per locality it reached (none: ""), however many of that locality's schools it reached,
  // with when the first and last of their returns were recorded (no first when a booking there has none).
  const reached: Record<string, { delivery: string; recorded: (number | null)[] }> = {};
  for (const b of bookings) {
    const there = (reached[`${b.deliveryId} ${b.school.localityId ?? ""}`] ??= {
      delivery: `${b.delivery.startsAt.getTime()} ${b.delivery.topicId}`,
      recorded: [],
    });
    there.recorded.push(b.attendance?.recordedAt.getTime() ?? null);
    const key = `${b.schoolId} ${londonMonth(b.delivery.startsAt)} ${b.delivery.topicId}`;
    const own = (sessions[key] ??= { sessions: 0, pupils: 0, last: 0 });
    own.sessions += 1;
    own.last = Math.max(own.last, b.delivery.startsAt.getTime());
    for (const c of b.attendance?.counts ?? []) {
      own.pupils += c.pupils;
      groups[`${key} ${c.yearGroup}`] = (groups[`${key} ${c.yearGroup}`] ?? 0) + c.pupils;
    }
  }
  const localities: Record<string, string> = {};
  for (const [key, { delivery, recorded }] of Object.entries(reached)) {
    const times = recorded.filter((time) => time !== null);
    const first = times.length < recorded.length ? null : Math.min(...times);
    localities[key] = `${delivery} ${first} ${times.length ? Math.max(...times) : null}`;
  }
  const answers: Record<string, number> = {};
  const counted: Record<string, number> = {};
  // Per run and core item (an AGREEMENT question with a key): answers, those on the scale, agreeing, and score.
  const coreItems: Record<string, { answers: number; counted: number; agreeing: number; scoreSum: number }> = {};
  const questions = new Map((await prisma.surveyQuestion.findMany()).map((q) => [q.id, q]));
  for (const run of await prisma.surveyRun.findMany({ include: { responses: { include: { answers: true } } } })) {
    counted[run.id] = run.responses.filter((r) => r.inResults).length;
    // Which answers are counted is the answers' own, set when their step of ten was reached (decision 0123):
    // only answers of counted responses, and each question's counted answerers in whole tens.
    const answerers: Record<string, number> = {};
    for (const response of run.responses) {
      for (const questionId of new Set(response.answers.filter((a) => a.inResults).map((a) => a.questionId))) {
        if (!response.inResults) throw new Error("An answer is counted whose response is not");
        answerers[questionId] = (answerers[questionId] ?? 0) + 1;
      }
    }
    if (Object.values(answerers).some((n) => n % 10 !== 0)) throw new Error(`A question counts answerers not in tens: ${JSON.stringify(answerers)}`);
    for (const response of run.responses) {
      for (const a of response.answers) {
        if (a.value === null || !a.inResults) continue;
        answers[`${run.id} ${a.questionId} ${a.value}`] = (answers[`${run.id} ${a.questionId} ${a.value}`] ?? 0) + 1;
        const question = questions.get(a.questionId)!;
        if (!question.coreKey || question.type !== "AGREEMENT") continue;
        const item = (coreItems[`${run.id} ${question.coreKey}`] ??= { answers: 0, counted: 0, agreeing: 0, scoreSum: 0 });
        item.answers += 1;
        if (a.value < 1 || a.value > 5) continue;
        item.counted += 1;
        if (a.value >= 4) item.agreeing += 1;
        item.scoreSum += question.reverseScored ? 6 - a.value : a.value;
      }
    }
  }
  // When each mentor became trained: the latest completion of the live required modules, once all are done.
  const modules = await prisma.trainingModule.findMany();
  const required = modules.filter((m) => m.required && m.active).map((m) => m.id);
  const trainedAt: Record<string, number | null> = {};
  for (const mentor of await prisma.mentor.findMany({ include: { completions: true } })) {
    const done = mentor.completions.filter((c) => required.includes(c.moduleId));
    trainedAt[mentor.id] = required.length > 0 && done.length === required.length ? Math.max(...done.map((c) => c.completedAt.getTime())) : null;
  }
  return { sessions, groups, localities, answers, counted, coreItems, trainedAt };
}

async function tallies() {
  const sessions: Record<string, { sessions: number; pupils: number; last: number }> = {};
  for (const t of await prisma.sessionTally.findMany()) {
    sessions[`${t.schoolId} ${t.month} ${t.topicId}`] = { sessions: t.sessions, pupils: t.pupils, last: t.lastStartsAt.getTime() };
  }
  const groups: Record<string, number> = {};
  for (const t of await prisma.sessionYearGroupTally.findMany()) groups[`${t.schoolId} ${t.month} ${t.topicId} ${t.yearGroup}`] = t.pupils;
  const localities: Record<string, string> = {};
  for (const t of await prisma.deliveryLocalityTally.findMany()) {
    localities[`${t.deliveryId} ${t.locality}`] =
      `${t.startsAt.getTime()} ${t.topicId} ${t.firstRecordedAt?.getTime() ?? null} ${t.lastRecordedAt?.getTime() ?? null}`;
  }
  const answers: Record<string, number> = {};
  for (const t of await prisma.surveyAnswerTally.findMany()) answers[`${t.runId} ${t.questionId} ${t.value}`] = t.answers;
  const counted: Record<string, number> = {};
  for (const run of await prisma.surveyRun.findMany({ select: { id: true, countedResponses: true } })) counted[run.id] = run.countedResponses;
  const coreItems: Record<string, { answers: number; counted: number; agreeing: number; scoreSum: number }> = {};
  for (const { runId, coreKey, ...sums } of await prisma.coreItemTally.findMany()) coreItems[`${runId} ${coreKey}`] = sums;
  const trainedAt: Record<string, number | null> = {};
  for (const mentor of await prisma.mentor.findMany({ select: { id: true, trainedAt: true } })) trainedAt[mentor.id] = mentor.trainedAt?.getTime() ?? null;
  return { sessions, groups, localities, answers, counted, coreItems, trainedAt };
}

/** How many sessions were changed and bookings moved, not refused, in all the sequences. */
const saved = { sessionsChanged: 0, bookingsMoved: 0 };

const pick = (list: readonly string[], index: number) => list[index % list.length]!;

const operation = fc.oneof(
  fc.record({
    kind: fc.constant("attend" as const),
    school: fc.nat(),
    delivery: fc.nat(),
    year7: fc.integer({ min: 0, max: 60 }),
    year9: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant("not-taken-place" as const), school: fc.nat(), delivery: fc.nat() }),
  fc.record({ kind: fc.constant("delivery-not-delivered" as const), delivery: fc.nat() }),
  // Cancelled now (refused once the session is past) or before term, which leaves a place to move a booking onto.
  fc.record({ kind: fc.constant("cancel" as const), school: fc.nat(), delivery: fc.nat(), beforeTerm: fc.boolean() }),
  fc.record({ kind: fc.constant("move-school" as const), school: fc.nat(), locality: fc.nat() }),
  // A session moved to another day or topic (refused, changing nothing, once a record forbids it).
  fc.record({ kind: fc.constant("change-session" as const), delivery: fc.nat(), to: fc.nat(), topic: fc.nat() }),
  // A school's booking moved to another session of its topic (`to` picks among them), with its own booking there
  // cancelled first or not (a move onto a session the school still holds is refused).
  fc.record({ kind: fc.constant("move-booking" as const), school: fc.nat(), delivery: fc.nat(), to: fc.nat(), cancelFirst: fc.boolean() }),
  // `skip`: the questions left unanswered, as bits (a pupil may skip any question here).
  fc.record({
    kind: fc.constant("answer" as const),
    run: fc.nat(),
    values: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 3, maxLength: 3 }),
    skip: fc.nat({ max: 7 }),
  }),
  // The grid as saved: which of the mentors and modules are ticked (bits of a number), on a day of its own.
  fc.record({ kind: fc.constant("train" as const), ticks: fc.nat({ max: 511 }), day: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ kind: fc.constant("module-required" as const), module: fc.nat(), required: fc.boolean() }),
  fc.record({ kind: fc.constant("module-active" as const), module: fc.nat(), active: fc.boolean() }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

async function apply(op: Operation) {
  const { lead, schools, deliveries, bookings, runs, localities } = world;
  switch (op.kind) {
    case "attend": {
      const year7 = op.year7 || undefined;
      await recordAttendance(
        lead,
        bookings[op.school % SCHOOLS]![op.delivery % deliveries.length]!,
        { tookPlace: "YES", year7: year7 ?? (op.year9 ? undefined : 1), year9: op.year9, comment: "", confirmHigh: true, notTakenDetail: "" },
        NOW,
      );
      return;
    }
    case "not-taken-place":
      await recordAttendance(
        lead,
        bookings[op.school % SCHOOLS]![op.delivery % deliveries.length]!,
        { tookPlace: "NO", notTakenReason: "SCHOOL_CLOSED", notTakenDetail: "", comment: "", confirmHigh: false },
        NOW,
      );
      return;
    case "delivery-not-delivered":
      await markNotDelivered(lead, pick(deliveries, op.delivery), "Snow", NOW);
      return;
    case "cancel":
      await cancelBooking(lead, bookings[op.school % SCHOOLS]![op.delivery % deliveries.length]!, "Exams", op.beforeTerm ? BEFORE_TERM : NOW);
      return;
    case "move-school": {
      const own = schools[op.school % SCHOOLS]!;
      const input = schoolSchema.parse({
        urn: own.urn,
        name: own.name,
        localAuthority: "Leicester",
        // The last choice is no locality at all.
        localityId: pick([...localities, ""], op.locality),
        type: "SECONDARY",
        numberOnRoll: "400",
        postcode: "",
        status: "OPEN",
        version: schoolVersion(await prisma.school.findUniqueOrThrow({ where: { id: own.id } })),
      });
      const saved = await updateSchool(lead, own.id, input);
      if (!saved?.ok) throw new Error(`The school was not saved: ${JSON.stringify(saved)}`);
      return;
    }
    case "change-session": {
      const id = pick(deliveries, op.delivery);
      const stored = await prisma.delivery.findUniqueOrThrow({ where: { id } });
      const [date, time] = NEW_STARTS[op.to % NEW_STARTS.length]!;
      const changed = await updateDelivery(lead, id, { ...deliveryInput(stored, date, time), topicId: pick(world.topics, op.topic) }, NOW);
      if (changed.ok && changed.changed) saved.sessionsChanged += 1;
      return;
    }
    case "move-booking": {
      const row = bookings[op.school % SCHOOLS]!;
      const from = op.delivery % deliveries.length;
      const { topicId } = await prisma.delivery.findUniqueOrThrow({ where: { id: deliveries[from]! }, select: { topicId: true } });
      const sameTopic = await prisma.delivery.findMany({ where: { id: { in: deliveries }, topicId }, select: { id: true } });
      const choices = deliveries.flatMap((id, i) => (i !== from && sameTopic.some((d) => d.id === id) ? [i] : []));
      if (choices.length === 0) return;
      const to = choices[op.to % choices.length]!;
      if (op.cancelFirst) await cancelBooking(lead, row[to]!, "Moving", BEFORE_TERM);
      const moved = await moveBooking(lead, row[from]!, deliveries[to]!, BEFORE_TERM);
      if (!moved.ok) return;
      saved.bookingsMoved += 1;
      // The booking now stands on the other session, and the one it left has the school's withdrawn booking
      // again, so every later operation still finds one booking per school and session. Written directly, as a
      // cancelled booking counts in no tally.
      row[to] = moved.id;
      const left = { deliveryId: deliveries[from]!, schoolId: schools[op.school % SCHOOLS]!.id, status: "CANCELLED" as const };
      row[from] = (
        await prisma.booking.create({ data: { ...left, yearGroups: "7", expectedPupils: 30, contactName: "Head of Year", contactPhone: "0116 496 0000" } })
      ).id;
      return;
    }
    case "answer": {
      const run = runs[op.run % runs.length]!;
      const answers = run.questions
        .slice(0, 3)
        .flatMap((q, i) => ((op.skip >> i) & 1 ? [] : [{ questionId: q.id, value: q.type === "YES_NO" ? op.values[i]! % 2 : op.values[i]!, text: null }]));
      await submitResponse(run.id, newBrowserToken(), answers, NOW);
      return;
    }
    case "train": {
      const { mentors } = world.cohort;
      const live = await prisma.trainingModule.findMany({ where: { active: true }, select: { id: true } });
      const done = mentors.flatMap((mentor, m) => live.flatMap((module, i) => ((op.ticks >> ((m * 3 + i) % 9)) & 1 ? [gridCell(mentor, module.id)] : [])));
      const saved = await saveTrainingGrid(
        world.mvpLead,
        world.cohort.id,
        { done, mentor: mentors, module: live.map((m) => m.id) },
        new Date(NOW.getTime() + op.day * 86_400_000),
      );
      if (!saved.ok) throw new Error(saved.message);
      return;
    }
    case "module-required": {
      const module = world.modules[op.module % world.modules.length]!;
      // Refused (nothing changed) when it would leave no live required module: the tallies must still match.
      await updateModule(lead, module.id, { title: module.title, description: "", required: op.required ? "yes" : "no" });
      return;
    }
    case "module-active":
      await setModuleActive(
        lead,
        pick(
          world.modules.map((m) => m.id),
          op.module,
        ),
        op.active,
      );
      return;
  }
}

describe("running tallies", () => {
  it("equal a recount from the rows after every operation, whatever the sequence", async () => {
    const seen = { sessions: 0, localities: 0, answers: 0, coreItems: 0, trained: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (operations) => {
        for (const op of operations) {
          await apply(op);
          expect(await tallies()).toEqual(await recount());
        }
        seen.sessions += await prisma.sessionTally.count();
        seen.localities += await prisma.deliveryLocalityTally.count();
        seen.answers += await prisma.surveyAnswerTally.count();
        seen.coreItems += await prisma.coreItemTally.count();
        seen.trained += await prisma.mentor.count({ where: { trainedAt: { not: null } } });
      }),
      // Random sequences may count no answers (a run's answers count ten at a time), so one sequence
      // that surely does runs first: a session attended, then a step of ten answers to one run.
      {
        numRuns: 12,
        examples: [
          [
            [
              { kind: "attend", school: 0, delivery: 0, year7: 30, year9: 12 },
              // A second school of its locality at the same session, returned later: its first and last returns differ.
              { kind: "attend", school: 2, delivery: 0, year7: 15, year9: undefined },
              // Its session moves a month earlier (into August in UTC) and to the other topic.
              { kind: "change-session", delivery: 0, to: 0, topic: 1 },
              // A booking moved onto a session the school had cancelled, then attended there.
              { kind: "cancel", school: 1, delivery: 2, beforeTerm: true },
              // With delivery 0 now of the other topic, delivery 2 is the only other of delivery 4's: `to` 0 picks it.
              { kind: "move-booking", school: 1, delivery: 4, to: 0, cancelFirst: false },
              { kind: "attend", school: 1, delivery: 2, year7: 25, year9: undefined },
              // Its session now counts in the other locality, then in none.
              { kind: "move-school", school: 0, locality: 1 },
              { kind: "move-school", school: 0, locality: 2 },
              ...[1, 2, 3, 4, 5, 1, 2, 3, 4, 5].map((i) => ({ kind: "answer" as const, run: 0, values: [i, 5 - i, i], skip: 0 })),
              { kind: "cancel", school: 0, delivery: 0, beforeTerm: false },
              // Every box ticked trains every mentor; a module made optional, then retired, changes when.
              { kind: "train", ticks: 511, day: 3 },
              { kind: "module-required", module: 1, required: false },
              { kind: "module-active", module: 0, active: false },
            ],
          ],
        ],
      },
    );
    // The sequences did reach pupils and count answers: the comparison was not of empty tables.
    expect(seen.sessions).toBeGreaterThan(0);
    expect(seen.localities).toBeGreaterThan(0);
    expect(seen.answers).toBeGreaterThan(0);
    expect(seen.coreItems).toBeGreaterThan(0);
    expect(seen.trained).toBeGreaterThan(0);
    expect(saved.sessionsChanged).toBeGreaterThan(0);
    expect(saved.bookingsMoved).toBeGreaterThan(0);
  }, 120_000);

  it("rewrite the localities of the sessions of more schools than a statement can name, as a national import may move", async () => {
    // A session that reached pupils, whatever the sequences before left, so there are rows to rewrite.
    await prisma.booking.update({ where: { id: world.bookings[1]![2]! }, data: { status: "DELIVERED" } });
    await prisma.delivery.update({ where: { id: world.deliveries[2]! }, data: { status: "SCHEDULED" } });
    await prisma.deliveryLocalityTally.deleteMany({});
    // 70,000 ids: more than either engine takes in one statement (SQLite 32,766 values, PostgreSQL 65,535).
    const many = [...Array.from({ length: 70_000 }, (_, i) => `no-such-school-${i}`), ...world.schools.map((s) => s.id)];
    await recountDeliveryLocalities(prisma, { schoolIds: many, deliveryIds: many.slice(0, 1_000) });
    const { localities } = await recount();
    expect(Object.keys(localities).length).toBeGreaterThan(0);
    expect((await tallies()).localities).toEqual(localities);
  });

  it("are rebuilt whole by the repair, from rows written behind the models' back", async () => {
    const written = await prisma.booking.findFirstOrThrow({ where: { schoolId: world.schools[0]!.id }, select: { id: true } });
    await prisma.booking.update({ where: { id: written.id }, data: { status: "DELIVERED" } });
    await prisma.delivery.updateMany({ data: { status: "SCHEDULED" } });
    await prisma.sessionTally.updateMany({ data: { pupils: { increment: 7 } } });
    // A delivery's locality missing, a locality it never reached, and one for a delivery no school booked.
    await prisma.deliveryLocalityTally.deleteMany({});
    const { topicId } = await prisma.delivery.findUniqueOrThrow({ where: { id: world.deliveries[0]! } });
    const unbooked = await deliveryAt(topicId, "2025-11-20", "10:00");
    await prisma.deliveryLocalityTally.createMany({
      data: [
        { deliveryId: unbooked.id, locality: world.localities[0]!, startsAt: unbooked.startsAt, topicId: unbooked.topicId },
        { deliveryId: world.deliveries[0]!, locality: "nowhere", startsAt: unbooked.startsAt, topicId: unbooked.topicId },
      ],
    });
    await prisma.surveyAnswerTally.deleteMany({});
    await prisma.coreItemTally.updateMany({ data: { scoreSum: { increment: 3 } } });
    await prisma.mentor.updateMany({ data: { trainedAt: new Date("2020-01-01T00:00:00Z") } });
    expect(await tallies()).not.toEqual(await recount());
    await recountAllTallies();
    expect(await tallies()).toEqual(await recount());
  });
});

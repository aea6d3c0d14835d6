/**
 * Reach read from the running tallies gives the figures the bookings and answers give themselves. On a
 * generated area (sessions on random days and times across two years, some near midnight and the clock
 * changes, every delivery and booking status, returns on bookings that do not count, survey runs on both
 * sides of the threshold), each period reach asks for (years, terms, years "to date" on random days) and
 * each filter is worked out both ways: from the tallies (sessionFigures, coreItemAnswers) and from the
 * rows, as reach did before the tallies (every reached booking; every counted answer).
 */
import { beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { prisma } from "~/db.server";
import { TERMS } from "~/lib/academic-year";
import { CORE_ITEM_SQL, phaseFigures } from "~/lib/survey-scoring";
import type { BookingStatus, DeliveryStatus } from "~/lib/statuses";
import { DISCLOSURE_SQL } from "~/models/disclosure";
import { comparisonWindow } from "~/models/reach-comparison";
import { selectRows } from "~/models/raw-sql.server";
import { coreItemAnswers, eachCount, instant, reachedBookings, type QueryFilters } from "~/models/reach-queries.server";
import { filterPeriod, type Period } from "~/models/reach-rules";
import { sessionFigures } from "~/models/reach-sessions.server";
import { topicComparison } from "~/models/survey-results.server";
import { lead } from "./delivery-factories";
import { booking, deliveryAt, locality, returnsRecordedAt, school, surveyRun, surveyTemplate, topic } from "./reach-factories";

/** A fixed pseudo-random sequence, so a failure can be replayed. */
let state = 73;
function random() {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 2 ** 32;
}
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

const scopes: QueryFilters[] = [];
const topicIds: string[] = [];
const NO_FILTER: QueryFilters = { localAuthority: null, localityId: null, schoolType: null, topicId: null, schoolId: null };

beforeAll(async () => {
  const places = [(await locality("Tallied A")).id, (await locality("Tallied B")).id];
  const topics = [(await topic("Tallied one")).id, (await topic("Tallied two")).id, (await topic("Tallied three")).id];
  topicIds.push(...topics);
  const schools = [];
  for (let i = 0; i < 8; i++) schools.push((await school(i === 7 ? null : places[i % 2]!, 300 + i * 50, { type: i % 3 ? "SECONDARY" : "SPECIAL" })).id);
  const templates = [await surveyTemplate("BEFORE"), await surveyTemplate("AFTER")];
  const times = ["00:15", "00:30", "09:00", "13:30", "23:30", "23:45"];
  for (let d = 0; d < 45; d++) {
    // Days from 1 September 2024 to 31 August 2026, with the clock-change weekends and month ends likely.
    const day = d % 5 === 0 ? pick(["2024-10-27", "2025-03-30", "2025-08-31", "2025-09-01", "2025-12-31", "2026-01-01", "2026-03-29", "2026-10-25"]) : null;
    const date = day ?? `${pick(["2024", "2025"])}-${String(between(1, 12)).padStart(2, "0")}-${String(between(1, 28)).padStart(2, "0")}`;
    const status: DeliveryStatus = random() < 0.15 ? pick(["CANCELLED", "NOT_DELIVERED"] as const) : "SCHEDULED";
    const delivery = await deliveryAt(pick(topics), date, pick(times), status);
    const booked = new Set<string>();
    for (let b = between(1, 4); b > 0; b--) booked.add(pick(schools));
    for (const schoolId of booked) {
      const bookingStatus: BookingStatus = random() < 0.7 ? "DELIVERED" : pick(["CONFIRMED", "CANCELLED", "NOT_DELIVERED"] as const);
      const counts = random() < 0.9 ? Object.fromEntries([7, 8, 9, 10].filter(() => random() < 0.6).map((group) => [group, between(0, 40)])) : {};
      const made = await booking(delivery.id, schoolId, bookingStatus, counts);
      // Returns recorded on the day of the session or up to three weeks later (not drawn from the sequence,
      // so the rest of the data stays as it was).
      if (Object.keys(counts).length > 0) {
        const hoursLater = (d * 97 + schoolId.length * 13 + Object.keys(counts).length * 29) % (21 * 24);
        await returnsRecordedAt([made.id], new Date(delivery.startsAt.getTime() + hoursLater * 3600_000));
      }
      // Surveys before and after, one side only, or none; each side with or without enough pupils to show.
      if (random() < 0.5) {
        for (const template of random() < 0.7 ? templates : [pick(templates)]) {
          const responses = Array.from({ length: between(3, 19) }, () => ({ law: between(0, 5), "knife-safer": between(1, 5) }));
          await surveyRun(template, schoolId, date < "2025-09-01" && date >= "2024-09-01" ? 2024 : 2025, responses, made.id);
        }
      }
    }
  }
  scopes.push(
    NO_FILTER,
    { ...NO_FILTER, localityId: places[0]! },
    { ...NO_FILTER, topicId: topics[1]! },
    { ...NO_FILTER, topicId: topics[1]!, localityId: places[0]! },
    { ...NO_FILTER, schoolType: "SPECIAL", localAuthority: "Leicester" },
    { ...NO_FILTER, schoolId: schools[2]! },
  );
  // A whole generated area, written row by row through the factories (and their tallies): longer than one test on a busy machine.
}, 180_000);

/**
 * The figures as reach added them up before the tallies: from every reached booking of the period (with
 * `asAt`, only those whose return was recorded before that moment, or with no return).
 */
async function fromBookings(scope: QueryFilters, period: Period, asAt: Date | null = null) {
  const recorded = new Map(
    (await prisma.attendanceReturn.findMany({ select: { recordedAt: true, booking: { select: { schoolId: true, deliveryId: true } } } })).map((r) => [
      `${r.booking.schoolId} ${r.booking.deliveryId}`,
      r.recordedAt,
    ]),
  );
  const keep = (fact: { schoolId: string; deliveryId: string }) => {
    const at = recorded.get(`${fact.schoolId} ${fact.deliveryId}`);
    return !asAt || !at || at < asAt;
  };
  const bySchool = new Map<string, { sessions: number; pupils: number; lastAt: string | null; topicIds: Set<string> }>();
  const topics = new Map<string, { pupils: number; deliveries: Set<string> }>();
  const yearGroups = new Map<number, number>();
  const deliveries = new Set<string>();
  const localityOf = new Map((await prisma.school.findMany({ select: { id: true, localityId: true } })).map((s) => [s.id, s.localityId ?? ""]));
  const byLocality = new Map<string, Set<string>>();
  let pupils = 0;
  for (const fact of (await reachedBookings(scope, period)).filter(keep)) {
    const locality = localityOf.get(fact.schoolId)!;
    byLocality.set(locality, (byLocality.get(locality) ?? new Set()).add(fact.deliveryId));
    const own = bySchool.get(fact.schoolId) ?? { sessions: 0, pupils: 0, lastAt: null, topicIds: new Set<string>() };
    own.sessions += 1;
    own.pupils += fact.pupils;
    if (!own.lastAt || fact.startsAt > own.lastAt) own.lastAt = fact.startsAt;
    own.topicIds.add(fact.topicId);
    bySchool.set(fact.schoolId, own);
    const topic = topics.get(fact.topicId) ?? { pupils: 0, deliveries: new Set<string>() };
    topic.pupils += fact.pupils;
    topic.deliveries.add(fact.deliveryId);
    topics.set(fact.topicId, topic);
    deliveries.add(fact.deliveryId);
    pupils += fact.pupils;
    eachCount(fact.counts, (group, count) => yearGroups.set(group, (yearGroups.get(group) ?? 0) + count));
  }
  return {
    bySchool,
    topics: new Map([...topics].map(([id, t]) => [id, { pupils: t.pupils, deliveries: t.deliveries.size }])),
    yearGroups,
    deliveries: deliveries.size,
    deliveriesByLocality: new Map([...byLocality].map(([id, reached]) => [id, reached.size])),
    pupils,
  };
}

/**
 * The core items as reach counted them before the tallies: every counted answer to an item its run shows
 * on its own, of bookings whose runs show that item both before and after (like with like, decision 0136),
 * and whose session took place or is still to come.
 */
async function coreFromAnswers(scope: QueryFilters, year: number) {
  const rows = await selectRows<Record<string, unknown>>(
    `SELECT q."coreKey" AS "coreKey", r."phase" AS "phase", r."bookingId" AS "bookingId", COUNT(*) AS "responses", ${CORE_ITEM_SQL.counted("a")} AS "counted",
       ${CORE_ITEM_SQL.agreeing("a")} AS "agreeing", ${CORE_ITEM_SQL.scoreSum("a", "q")} AS "scoreSum"
     FROM "SurveyRun" r JOIN "School" s ON s."id" = r."schoolId" JOIN "SurveyAnswer" a ON a."runId" = r."id" JOIN "SurveyQuestion" q ON q."id" = a."questionId"
     ${scope.topicId ? 'JOIN "Booking" b ON b."id" = r."bookingId" JOIN "Delivery" d ON d."id" = b."deliveryId"' : ""}
     WHERE r."phase" IN ('BEFORE', 'AFTER') AND q."coreKey" IS NOT NULL AND q."type" = 'AGREEMENT' AND ${DISCLOSURE_SQL.answerCounted("a")}
       AND (r."bookingId" IS NULL OR r."bookingId" IN (SELECT held."id" FROM "Booking" held WHERE held."status" IN ('REQUESTED', 'CONFIRMED', 'DELIVERED')))
       AND r."academicYear" = ? AND r."createdAt" < ?${scope.localityId ? ' AND s."localityId" = ?' : ""}${scope.topicId ? ' AND d."topicId" = ?' : ""}
     GROUP BY q."coreKey", r."phase", r."bookingId"`,
    year,
    instant(new Date("9999-12-31T00:00:00Z")),
    ...(scope.localityId ? [scope.localityId] : []),
    ...(scope.topicId ? [scope.topicId] : []),
  );
  const sides = new Map<string, Set<unknown>>();
  for (const r of rows) sides.set(`${r.bookingId} ${r.coreKey}`, (sides.get(`${r.bookingId} ${r.coreKey}`) ?? new Set()).add(r.phase));
  const sums = new Map<string, { coreKey: unknown; phase: unknown; responses: number; counted: number; agreeing: number; scoreSum: number }>();
  for (const r of rows.filter((row) => sides.get(`${row.bookingId} ${row.coreKey}`)!.size === 2)) {
    const key = `${r.coreKey} ${r.phase}`;
    const sum = sums.get(key) ?? { coreKey: r.coreKey, phase: r.phase, responses: 0, counted: 0, agreeing: 0, scoreSum: 0 };
    sum.responses += Number(r.responses);
    sum.counted += Number(r.counted);
    sum.agreeing += Number(r.agreeing);
    sum.scoreSum += Number(r.scoreSum);
    sums.set(key, sum);
  }
  return [...sums.values()].sort((a, b) => String(a.coreKey).localeCompare(String(b.coreKey)) || String(a.phase).localeCompare(String(b.phase)));
}

function periods(): { label: string; year: number; period: Period }[] {
  const list = [];
  for (const year of [2024, 2025]) {
    list.push({ label: `${year}`, year, period: filterPeriod({ year, term: null }) });
    for (const term of TERMS) list.push({ label: `${year} ${term}`, year, period: filterPeriod({ year, term }) });
  }
  // Years and terms "to date" on days through 2025/26, both the current span and the one a year before.
  for (const day of ["2025-09-01", "2025-10-26", "2025-12-31", "2026-01-01", "2026-03-29", "2026-03-30", "2026-05-17", "2026-08-31"]) {
    for (const term of [null, ...TERMS]) {
      const window = comparisonWindow({ year: 2025, term }, new Date(`${day}T12:00:00Z`));
      list.push({ label: `${day} ${term ?? "year"} now`, year: 2025, period: window.current });
      list.push({ label: `${day} ${term ?? "year"} a year before`, year: 2024, period: window.previous });
    }
  }
  return list;
}

describe("reach from the running tallies", () => {
  it("gives every session figure the bookings give, for every period and filter", async () => {
    // Today inside 2024/25, so that its whole year and spring term (and the spans a year before later ones that
    // end after March 2025) are read as two spans of months on SQLite: the months before this one, which its
    // year to date reads too, then the rest (`tallySpans`).
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2025-03-15T12:00:00Z") });
    onTestFinished(() => void vi.useRealTimers());
    let reached = 0;
    let lateSeen = 0;
    // Sessions counted in more localities than one: a count of distinct deliveries per locality was tested.
    let sharedInLocality = 0;
    for (const scope of scopes) {
      for (const { label, period } of periods()) {
        const tallied = await sessionFigures(scope, period);
        const counted = await fromBookings(scope, period);
        const context = `${label} ${JSON.stringify(scope)}`;
        expect(tallied.bySchool, context).toEqual(counted.bySchool);
        expect(tallied.topics, context).toEqual(counted.topics);
        expect(tallied.yearGroups, context).toEqual(counted.yearGroups);
        expect(tallied.deliveries, context).toBe(counted.deliveries);
        // The same period as its records stood at its end, as a span a year earlier is read (decision 0137).
        const asAt = await sessionFigures(scope, period, { recordedBefore: period.end });
        const countedAsAt = await fromBookings(scope, period, period.end);
        const sessionsAndPupils = (figures: Map<string, { sessions: number; pupils: number }>) =>
          new Map([...figures].map(([id, { sessions, pupils }]) => [id, { sessions, pupils }]));
        expect(sessionsAndPupils(asAt.bySchool), `${context} as at its end`).toEqual(sessionsAndPupils(countedAsAt.bySchool));
        expect(asAt.deliveries, `${context} as at its end`).toBe(countedAsAt.deliveries);
        if (counted.pupils !== countedAsAt.pupils) lateSeen += 1;
        // Each locality's sessions: from DeliveryLocalityTally for the whole area, a locality or a topic, else from the bookings.
        const localities = { withTopics: false, charts: false, deliveries: false, localityDeliveries: true };
        expect((await sessionFigures(scope, period, localities)).deliveriesByLocality, context).toEqual(counted.deliveriesByLocality);
        expect((await sessionFigures(scope, period, { ...localities, recordedBefore: period.end })).deliveriesByLocality, `${context} as at its end`).toEqual(
          countedAsAt.deliveriesByLocality,
        );
        sharedInLocality += [...counted.deliveriesByLocality.values()].reduce((a, b) => a + b, 0) - counted.deliveries;
        // The parts a view can leave out change nothing in what it reads.
        const schoolsOnly = await sessionFigures(scope, period, { withTopics: false, charts: false, deliveries: false });
        const withoutTopics = (figures: Map<string, { sessions: number; pupils: number; lastAt: string | null }>) =>
          new Map([...figures].map(([id, { sessions, pupils, lastAt }]) => [id, { sessions, pupils, lastAt }]));
        expect(withoutTopics(schoolsOnly.bySchool), context).toEqual(withoutTopics(counted.bySchool));
        expect([schoolsOnly.pupilsByMonth.size, schoolsOnly.topics.size, schoolsOnly.yearGroups.size, schoolsOnly.deliveries], context).toEqual([0, 0, 0, 0]);
        const noCharts = await sessionFigures(scope, period, { withTopics: false, charts: false });
        expect(noCharts.deliveries, context).toBe(counted.deliveries);
        expect([noCharts.pupilsByMonth.size, noCharts.topics.size, noCharts.yearGroups.size], context).toEqual([0, 0, 0]);
        expect(
          [...tallied.pupilsByMonth.values()].reduce((a, b) => a + b, 0),
          context,
        ).toBe(counted.pupils);
        reached += counted.pupils;
      }
    }
    expect(reached).toBeGreaterThan(0);
    expect(lateSeen).toBeGreaterThan(0);
    expect(sharedInLocality).toBeGreaterThan(0);
  });

  it("gives the lead's before-and-after comparison of each topic the figures the counted answers give", async () => {
    const theLead = await lead();
    let compared = 0;
    for (const topicId of topicIds) {
      for (const year of [2024, 2025]) {
        const { comparison } = await topicComparison(theLead, topicId, year);
        const fromAnswers = await coreFromAnswers({ ...NO_FILTER, topicId }, year);
        const phase = (coreKey: string, name: string) => {
          const row = fromAnswers.find((r) => r.coreKey === coreKey && r.phase === name);
          return phaseFigures(row?.responses ?? 0, row?.counted ?? 0, row?.agreeing ?? 0, row?.scoreSum ?? 0);
        };
        const keys = [...new Set(fromAnswers.map((r) => r.coreKey))].sort();
        const context = `${topicId} ${year}`;
        expect(comparison.rows.map((r) => r.coreKey).sort(), context).toEqual(keys);
        for (const row of comparison.rows) {
          expect({ before: row.before, after: row.after }, context).toEqual({ before: phase(row.coreKey, "BEFORE"), after: phase(row.coreKey, "AFTER") });
        }
        compared += fromAnswers.length;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it("gives every core item figure the counted answers give", async () => {
    expect((await coreFromAnswers(NO_FILTER, 2025)).length).toBeGreaterThan(0);
    expect((await coreFromAnswers(scopes[2]!, 2025)).length).toBeGreaterThan(0);
    for (const scope of [NO_FILTER, scopes[1]!, scopes[2]!]) {
      for (const year of [2024, 2025]) {
        const tallied = (await coreItemAnswers(scope, year))
          .map(({ coreKey, phase, responses, counted, agreeing, scoreSum }) => ({ coreKey, phase, responses, counted, agreeing, scoreSum }))
          .sort((a, b) => a.coreKey.localeCompare(b.coreKey) || a.phase.localeCompare(b.phase));
        expect(tallied).toEqual(await coreFromAnswers(scope, year));
      }
    }
  });
});

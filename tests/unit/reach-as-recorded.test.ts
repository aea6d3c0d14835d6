/**
 * A year so far is set against the same dates a year earlier as the records stood on that date (decision
 * 0137). This year's sessions of the last few days are still waiting for their attendance returns; last
 * year's of the same days have had a year to get theirs. Counting last year's late returns would compare a
 * year with gaps against a year without them and call the difference a fall.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { londonDayStart } from "~/lib/dates";
import { classNameKey } from "~/models/mvp-reach-rules";
import type { ReachFilters } from "~/models/reach-rules";
import type { QueryFilters } from "~/models/reach-queries.server";
import { sessionFigures } from "~/models/reach-sessions.server";
import { getReachDashboard, schoolReachRows } from "~/models/reach.server";
import { lead } from "./delivery-factories";
import { booking, deliveryAt, locality, returnsRecordedAt, school, surveyTemplate, topic } from "./reach-factories";

// 30 November 2026: 2026/27 so far, against 1 September to 30 November 2025.
const NOW = new Date("2026-11-30T12:00:00Z");
const A_YEAR_EARLIER = londonDayStart("2025-12-01");

const returnRecordedOn = (bookingId: string, day: string) => returnsRecordedAt([bookingId], londonDayStart(day));

describe("a year so far against the same dates a year earlier", () => {
  it("leaves out last year's returns, lessons and staff training recorded after the same date a year earlier", async () => {
    const localAuthority = `Recorded ${Math.random().toString(36).slice(2, 8)}`;
    const area = await locality("Recorded", localAuthority);
    const place = await school(area.id, 600, { localAuthority });
    const knife = await topic("Knife crime");

    // Last year: a session in October returned two days later, and one on 25 November returned in December.
    const october = await booking((await deliveryAt(knife.id, "2025-10-10", "10:00")).id, place.id, "DELIVERED", { 8: 20 });
    await returnRecordedOn(october.id, "2025-10-12");
    const lateNovember = await booking((await deliveryAt(knife.id, "2025-11-25", "10:00")).id, place.id, "DELIVERED", { 9: 30 });
    await returnRecordedOn(lateNovember.id, "2025-12-05");
    // This year: one session so far, returned.
    const thisYear = await booking((await deliveryAt(knife.id, "2026-10-10", "10:00")).id, place.id, "DELIVERED", { 8: 25 });
    await returnRecordedOn(thisYear.id, "2026-10-12");

    // Mentor-led lessons last year: one recorded the next day, one about 20 November recorded in December.
    const lesson = (className: string, pupilsPresent: number, deliveredOn: string, createdOn: string) =>
      prisma.mentorLesson.create({
        data: {
          schoolId: place.id,
          academicYear: 2025,
          deliveredOn: londonDayStart(deliveredOn),
          createdAt: londonDayStart(createdOn),
          className,
          classKey: classNameKey(className),
          yearGroup: 8,
          pupilsPresent,
          topic: "Bystanders",
        },
      });
    await lesson("8A", 20, "2025-10-01", "2025-10-02");
    await lesson("8C", 30, "2025-11-20", "2025-12-03");
    // At another school, staff trained on 1 November 2025, but only recorded in January.
    const training = await school(area.id, 900, { localAuthority });
    await prisma.staffTraining.create({
      data: {
        schoolId: training.id,
        academicYear: 2025,
        name: "Sam Patel",
        role: "PSHE lead",
        trainedOn: londonDayStart("2025-11-01"),
        createdAt: londonDayStart("2026-01-10"),
        trainer: "VRN",
      },
    });

    const filters: ReachFilters = { year: 2026, term: null, localAuthority, localityId: null, schoolType: null, topicId: null };
    const dashboard = await getReachDashboard(await lead(), filters, NOW);
    expect(dashboard.comparison.toDate).toBe(true);
    expect(dashboard.headline).toMatchObject({ pupils: 25, deliveries: 1 });
    // Not 50 and 2: the session of 25 November had no return on 30 November 2025.
    expect(dashboard.previousHeadline).toMatchObject({ pupils: 20, deliveries: 1, schoolsReached: 1, mvpPupils: 20 });

    // A term that is over is set whole against the whole term a year earlier, as the page says: every return.
    const autumnOver = await getReachDashboard(await lead(), { ...filters, term: "autumn" }, new Date("2027-02-15T12:00:00Z"));
    expect(autumnOver.comparison.toDate).toBe(false);
    expect(autumnOver.previousHeadline).toMatchObject({ pupils: 50, deliveries: 2 });

    const scope = { localAuthority, localityId: null, schoolType: null, topicId: null };
    const period = { start: londonDayStart("2025-09-01"), end: A_YEAR_EARLIER };
    const rows = async (recordedBefore: Date | null) => {
      const all = await schoolReachRows(scope, { year: 2025, period, cutOff: A_YEAR_EARLIER, recordedBefore });
      return { taught: all.find((r) => r.id === place.id)!, trained: all.find((r) => r.id === training.id)! };
    };
    const asRecorded = await rows(A_YEAR_EARLIER);
    expect(asRecorded.taught).toMatchObject({ pupils: 20, deliveries: 1, mvpPupils: 20 });
    expect(asRecorded.trained.mvpStage).toBe("NOT_STARTED");
    // The same dates read as the records stand now: every return, lesson and training since.
    const asNow = await rows(null);
    expect(asNow.taught).toMatchObject({ pupils: 50, deliveries: 2, mvpPupils: 50, lastDelivery: expect.stringContaining("2025-11-25") });
    expect(asNow.trained.mvpStage).toBe("STAFF_TRAINED");
  });

  it("reads a session's schools of one locality one by one when their returns came either side of the date, or on it", async () => {
    const localAuthority = `Either side ${Math.random().toString(36).slice(2, 8)}`;
    const area = await locality("Either side", localAuthority);
    const [early, late, unreturned] = [
      await school(area.id, 600, { localAuthority }),
      await school(area.id, 700, { localAuthority }),
      await school(area.id, 800, { localAuthority }),
    ];
    const knife = await topic("Knife crime");
    // One session: one school returned before the date, the other at its very start (too late to count).
    const november = await deliveryAt(knife.id, "2025-11-10", "10:00");
    await returnRecordedOn((await booking(november.id, early.id, "DELIVERED", { 8: 20 })).id, "2025-11-12");
    await returnRecordedOn((await booking(november.id, late.id, "DELIVERED", { 9: 30 })).id, "2025-12-01");
    // Another: one school returned after the date, and one marked delivered with no return at all, which
    // reach counts as reached whatever the date.
    const lateNovember = await deliveryAt(knife.id, "2025-11-20", "10:00");
    await returnRecordedOn((await booking(lateNovember.id, early.id, "DELIVERED", { 8: 10 })).id, "2025-12-03");
    await booking(lateNovember.id, unreturned.id, "DELIVERED");
    // A third, whose only return came at the start of the date: it had reached no one yet.
    const endOfNovember = await deliveryAt(knife.id, "2025-11-25", "10:00");
    await returnRecordedOn((await booking(endOfNovember.id, late.id, "DELIVERED", { 9: 25 })).id, "2025-12-01");

    const period = { start: londonDayStart("2025-09-01"), end: A_YEAR_EARLIER };
    const figures = async (scope: QueryFilters) => {
      const { deliveries, bySchool } = await sessionFigures(scope, period, { recordedBefore: A_YEAR_EARLIER });
      return { deliveries, bySchool: Object.fromEntries([...bySchool].map(([id, own]) => [id, { sessions: own.sessions, pupils: own.pupils }])) };
    };
    const expected = { deliveries: 2, bySchool: { [early.id]: { sessions: 1, pupils: 20 }, [unreturned.id]: { sessions: 1, pupils: 0 } } };
    // The locality's counts come from DeliveryLocalityTally; the local authority's from the bookings.
    expect(await figures({ localAuthority: null, localityId: area.id, schoolType: null, topicId: null })).toEqual(expected);
    expect(await figures({ localAuthority, localityId: null, schoolType: null, topicId: null })).toEqual(expected);
  });

  it("counts last year's survey responses given by the same date, not those of its runs given after it", async () => {
    const localAuthority = `Responses ${Math.random().toString(36).slice(2, 8)}`;
    const place = await school((await locality("Responses", localAuthority)).id, 600, { localAuthority });
    const template = await surveyTemplate("AFTER");
    /** A run opened on `openedOn`, with a response given on each of `givenOn`. */
    const run = async (academicYear: number, openedOn: string, givenOn: string[]) => {
      const { id } = await prisma.surveyRun.create({
        data: {
          code: `Y${Math.random().toString(36).slice(2, 9).toUpperCase()}`,
          templateId: template.id,
          schoolId: place.id,
          phase: "AFTER",
          context: "BOOKING",
          academicYear,
          responseCount: givenOn.length,
          createdAt: londonDayStart(openedOn),
        },
      });
      await prisma.surveyResponse.createMany({
        data: givenOn.map((day, i) => ({ runId: id, submittedOn: new Date(`${day}T00:00:00Z`), browserTokenHash: `${id}-${i}` })),
      });
    };
    // Last year: a run opened on the last day of the span, its class answering that day and the next three.
    await run(2025, "2025-11-30", ["2025-11-30", "2025-11-30", "2025-12-01", "2025-12-01", "2025-12-02", "2025-12-03"]);
    // A run opened in October, one of its answers given weeks later.
    await run(2025, "2025-10-06", ["2025-10-06", "2025-10-07", "2026-01-12"]);
    // This year so far: a run opened today, answered today.
    await run(2026, "2026-11-30", ["2026-11-30", "2026-11-30", "2026-11-30"]);

    const filters: ReachFilters = { year: 2026, term: null, localAuthority, localityId: null, schoolType: null, topicId: null };
    const dashboard = await getReachDashboard(await lead(), filters, NOW);
    expect(dashboard.headline.surveyResponses).toBe(3);
    // Not 9: four of last year's were given after 30 November 2025, when this year's count could not have them.
    expect(dashboard.previousHeadline.surveyResponses).toBe(4);
    // Once this year is over, it is set against the whole of last year: every response.
    const yearOver = await getReachDashboard(await lead(), filters, new Date("2027-09-15T12:00:00Z"));
    expect(yearOver.previousHeadline.surveyResponses).toBe(9);
  });
});

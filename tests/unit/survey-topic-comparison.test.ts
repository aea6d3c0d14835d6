import { describe, expect, it } from "vitest";
import { coreItemAnswers } from "~/models/reach-queries.server";
import { topicComparison } from "~/models/survey-results.server";
import { createUser } from "./factories";
import { booking, deliveryAt, locality, repeat, school, surveyRun, surveyTemplate, topic } from "./reach-factories";

const YEAR = 2025;

/**
 * Four schools booked on one knife-crime session, each surveyed before it with 10 pupils:
 * - `paired`: 10 after, both items answered;
 * - `beforeOnly`: no survey after;
 * - `tooFewAfter`: 6 after, too few to show;
 * - `lawOnlyAfter`: 10 after who all skipped "knife-safer".
 */
async function fourBookings() {
  const area = await locality("Gamma");
  const [paired, beforeOnly, tooFewAfter, lawOnlyAfter] = [
    await school(area.id, 300),
    await school(area.id, 300),
    await school(area.id, 300),
    await school(area.id, 300),
  ];
  const knife = await topic("Knife crime");
  const session = await deliveryAt(knife.id, "2025-10-14", "10:00");
  const [before, after] = [await surveyTemplate("BEFORE"), await surveyTemplate("AFTER")];
  const surveyed = async (place: { id: string }, beforeAnswers: Record<string, number>[], afterAnswers: Record<string, number>[] | null) => {
    const placeBooking = await booking(session.id, place.id, "DELIVERED", { 9: 30 });
    await surveyRun(before, place.id, YEAR, beforeAnswers, placeBooking.id);
    if (afterAnswers) await surveyRun(after, place.id, YEAR, afterAnswers, placeBooking.id);
  };
  await surveyed(paired, repeat(10, { law: 4, "knife-safer": 2 }), repeat(10, { law: 5, "knife-safer": 1 }));
  // Only before: a change against the others' "after" would set these pupils against other schools'.
  await surveyed(beforeOnly, repeat(10, { law: 1, "knife-safer": 5 }), null);
  await surveyed(tooFewAfter, repeat(10, { law: 1, "knife-safer": 5 }), repeat(6, { law: 5 }));
  await surveyed(lawOnlyAfter, repeat(10, { law: 2, "knife-safer": 4 }), repeat(10, { law: 5 }));
  return { knife, area };
}

describe("before and after over several bookings, like with like", () => {
  it("compares a topic's bookings only where each item is shown both before and after, and says how many were left out", async () => {
    const lead = await createUser({ role: "VRN_LEAD" });
    const { knife } = await fourBookings();
    const result = await topicComparison(lead, knife.id, YEAR);
    expect(result).toMatchObject({ bookings: 4, paired: 2, oneSided: 2 });
    expect(result.comparison).toMatchObject({ beforeResponses: 20, afterResponses: 20, runsLeftOut: 1 });
    const row = (key: string) => result.comparison.rows.find((r) => r.coreKey === key)!;
    // "law": the paired booking (10 agreeing) and the one whose pupils skipped the other item (10 not).
    expect(row("law").before).toMatchObject({ responses: 20, shareAgreeing: 0.5 });
    expect(row("law").after).toMatchObject({ responses: 20, shareAgreeing: 1 });
    // "knife-safer": the paired booking alone, as the other was not asked it after.
    expect(row("knife-safer").before).toMatchObject({ responses: 10, shareAgreeing: 0 });
    expect(row("knife-safer").after).toMatchObject({ responses: 10, shareAgreeing: 0 });
    // A topic surveyed before its sessions only has nothing to compare, and says why (no booking paired).
    const county = await topic("County lines");
    const place = await school(null, 300);
    const countySession = await deliveryAt(county.id, "2025-11-14", "10:00");
    await surveyRun(
      await surveyTemplate("BEFORE"),
      place.id,
      YEAR,
      repeat(10, { law: 4 }),
      (await booking(countySession.id, place.id, "DELIVERED", { 9: 30 })).id,
    );
    expect(await topicComparison(lead, county.id, YEAR)).toMatchObject({ bookings: 1, paired: 0, oneSided: 1, comparison: { rows: [] } });
  });

  it("gives reach the same pairs, and pairs a school's MVP surveys with each other", async () => {
    const { area } = await fourBookings();
    const [mvpSchool, mvpBeforeOnly] = [await school(area.id, 300), await school(area.id, 300)];
    const [mvpBefore, mvpAfter] = [await surveyTemplate("BEFORE", "MVP"), await surveyTemplate("AFTER", "MVP")];
    await surveyRun(mvpBefore, mvpSchool.id, YEAR, repeat(10, { law: 3 }));
    await surveyRun(mvpAfter, mvpSchool.id, YEAR, repeat(10, { law: 4 }));
    await surveyRun(mvpBefore, mvpBeforeOnly.id, YEAR, repeat(10, { law: 1 }));
    const rows = await coreItemAnswers({ localAuthority: null, localityId: area.id, schoolType: null, topicId: null }, YEAR);
    const figures = (key: string, phase: string) => rows.find((r) => r.coreKey === key && r.phase === phase);
    expect(figures("law", "BEFORE")).toMatchObject({ responses: 30, agreeing: 10 });
    expect(figures("law", "AFTER")).toMatchObject({ responses: 30, agreeing: 30 });
    expect(figures("knife-safer", "BEFORE")).toMatchObject({ responses: 10, agreeing: 0 });
    expect(figures("knife-safer", "AFTER")).toMatchObject({ responses: 10, agreeing: 0 });
  });
});

describe("before and after, only of sessions that took place or are to come", () => {
  it("leaves out the surveys of a booking cancelled, declined or recorded as not taking place, in the lead's comparison and in reach", async () => {
    const lead = await createUser({ role: "VRN_LEAD" });
    const area = await locality("Delta");
    const knife = await topic("Knife crime");
    const session = await deliveryAt(knife.id, "2025-10-21", "10:00");
    const [before, after] = [await surveyTemplate("BEFORE"), await surveyTemplate("AFTER")];
    const surveyed = async (status: "DELIVERED" | "CONFIRMED" | "CANCELLED" | "DECLINED" | "NOT_DELIVERED", law: [number, number]) => {
      const place = await school(area.id, 300);
      const placeBooking = await booking(session.id, place.id, status, status === "DELIVERED" ? { 9: 30 } : {});
      await surveyRun(before, place.id, YEAR, repeat(10, { law: law[0] }), placeBooking.id);
      await surveyRun(after, place.id, YEAR, repeat(10, { law: law[1] }), placeBooking.id);
    };
    // Held: 10 disagreeing before, 10 agreeing after. The others would pull "after" down to a third.
    await surveyed("DELIVERED", [2, 5]);
    await surveyed("CANCELLED", [5, 1]);
    await surveyed("DECLINED", [5, 1]);
    await surveyed("NOT_DELIVERED", [5, 1]);

    const result = await topicComparison(lead, knife.id, YEAR);
    expect(result).toMatchObject({ bookings: 1, paired: 1, oneSided: 0 });
    expect(result.comparison).toMatchObject({ beforeResponses: 10, afterResponses: 10, runsLeftOut: 0 });
    const law = result.comparison.rows.find((r) => r.coreKey === "law")!;
    expect(law.before).toMatchObject({ responses: 10, shareAgreeing: 0 });
    expect(law.after).toMatchObject({ responses: 10, shareAgreeing: 1 });

    const rows = await coreItemAnswers({ localAuthority: null, localityId: area.id, schoolType: null, topicId: null }, YEAR);
    expect(rows.filter((r) => r.coreKey === "law").map((r) => [r.phase, r.responses, r.agreeing])).toEqual(
      expect.arrayContaining([
        ["BEFORE", 10, 0],
        ["AFTER", 10, 10],
      ]),
    );
    expect(rows.filter((r) => r.coreKey === "law")).toHaveLength(2);
  });
});

/**
 * A school closed since it was reached: the register keeps only today's status, so it counted among no
 * year's open schools while its pupils were counted, and a past year said "220 pupils reached, 0 of 2
 * schools reached (0%)". It counts as open in a period it was reached in (decision 0014, amended).
 */
import { describe, expect, it } from "vitest";
import type { ReachFilters } from "~/models/reach-rules";
import { getReachGaps } from "~/models/reach-schools.server";
import { allLocalityReach, getReachDashboard } from "~/models/reach.server";
import { createUser } from "./factories";
import { booking, deliveryAt, locality, school, topic } from "./reach-factories";

const filters = (localityId: string, year: number): ReachFilters => ({
  year,
  term: null,
  localAuthority: null,
  localityId,
  schoolType: null,
  topicId: null,
});

describe("a school closed since it was reached", () => {
  it("counts among the open schools of the year it was reached in, and of no other", async () => {
    const place = await locality("Closing");
    await school(place.id, 300, { name: "Open One" });
    await school(place.id, 500, { name: "Open Two" });
    const closed = await school(place.id, 800, { name: "Closed Since", status: "CLOSED" });
    const knife = await topic("Knife crime, closing");
    const visit = await deliveryAt(knife.id, "2024-11-12", "10:00");
    await booking(visit.id, closed.id, "DELIVERED", { 9: 120, 10: 100 });
    const lead = await createUser({ role: "VRN_LEAD" });
    const now = new Date("2026-11-21T12:00:00Z");

    const reached = await getReachDashboard(lead, filters(place.id, 2024), now);
    expect(reached.headline).toMatchObject({ pupils: 220, schoolsReached: 1, openSchools: 3 });
    expect(reached.headline.coverage).toBeCloseTo(1 / 3);
    expect(reached.headline.rollShare).toBeCloseTo(220 / 1600);
    const [row] = (await allLocalityReach(lead, filters(place.id, 2024))).localities;
    expect(row).toMatchObject({ pupils: 220, schoolsReached: 1, openSchools: 3, roll: 1600 });
    const gaps = await getReachGaps(lead, filters(place.id, 2024), { notReached: 1, twoYears: 1 });
    expect([gaps.openSchools, gaps.notReached.total]).toEqual([3, 2]);

    // Whether it was open that year does not depend on the topic shown: another topic's figures count it too.
    const other = await topic("County lines, closing");
    const otherTopic = await getReachDashboard(lead, { ...filters(place.id, 2024), topicId: other.id }, now);
    expect(otherTopic.headline).toMatchObject({ pupils: 0, schoolsReached: 0, openSchools: 3 });
    const [otherRow] = (await allLocalityReach(lead, { ...filters(place.id, 2024), topicId: other.id })).localities;
    expect(otherRow).toMatchObject({ openSchools: 3, roll: 1600 });
    // A term it was not reached in is not known to have had it open.
    const spring = await getReachDashboard(lead, { ...filters(place.id, 2024), term: "spring" }, now);
    expect(spring.headline).toMatchObject({ pupils: 0, openSchools: 2 });

    // A year it was not reached in: closed, and not counted.
    const later = await getReachDashboard(lead, filters(place.id, 2025), now);
    expect(later.headline).toMatchObject({ pupils: 0, schoolsReached: 0, openSchools: 2 });
  });
});

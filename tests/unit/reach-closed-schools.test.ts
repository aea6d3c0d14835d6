/**
 * A school closed since it was reached: with only today's status, it counted among no year's open schools
 * while its pupils were counted, and a past year said "220 pupils reached, 0 of 2 schools reached (0%)".
 * It counts as open in a period it was reached in (decision 0014, amended). A school's opening and closing
 * days, where known, say which periods it was open in (decision 0158).
 */
import { describe, expect, it } from "vitest";
import type { ReachFilters } from "~/models/reach-rules";
import { getReachGaps, getSchoolReachHistory } from "~/models/reach-schools.server";
import { allLocalityReach, getReachDashboard } from "~/models/reach.server";
import { getAreaOverview } from "~/models/mvp-reach.server";
import { schoolsCsvRows } from "~/models/reach-export.server";
import { londonDayStart } from "~/lib/dates";
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

describe("a school's opening and closing days", () => {
  it("count it among the open schools of the periods it was open in, whatever its status today", async () => {
    const place = await locality("Opening and closing");
    const steady = await school(place.id, 400, { name: "Steady" });
    const closedInMarch = await school(place.id, 600, { name: "Closed In March", status: "CLOSED", closedOn: londonDayStart("2026-03-31") });
    await school(place.id, 700, { name: "Opened In September", openedOn: londonDayStart("2026-09-01") });
    await school(place.id, 900, { name: "Closed When Not Known", status: "CLOSED" });
    const knife = await topic("Knife crime, opening");
    await booking((await deliveryAt(knife.id, "2025-10-14", "10:00")).id, steady.id, "DELIVERED", { 9: 50 });
    const lead = await createUser({ role: "VRN_LEAD" });
    const now = new Date("2026-11-21T12:00:00Z");
    const pages = { notReached: 1, twoYears: 1 };
    const notReached = async (over: Partial<ReachFilters>) =>
      (await getReachGaps(lead, { ...filters(place.id, 2025), ...over }, pages)).notReached.items.map((row) => row.name).sort();

    // 2025/26: the school that closed in March was open for most of it; the one that opened in September 2026 was not yet.
    const year = await getReachDashboard(lead, filters(place.id, 2025), now);
    expect(year.headline).toMatchObject({ pupils: 50, schoolsReached: 1, openSchools: 2 });
    expect(year.headline.coverage).toBeCloseTo(1 / 2);
    const [row] = (await allLocalityReach(lead, filters(place.id, 2025))).localities;
    expect(row).toMatchObject({ openSchools: 2, roll: 1000 });
    expect(await notReached({})).toEqual(["Closed In March"]);
    // Its closing day is in the spring term, so it was open then and not in the summer term.
    expect(await notReached({ term: "spring" })).toEqual(["Closed In March", "Steady"]);
    expect(await notReached({ term: "summer" })).toEqual(["Steady"]);
    // 2026/27: the new school is open; the school closed in March is not.
    expect(await notReached({ year: 2026 })).toEqual(["Opened In September", "Steady"]);

    // The schools file of a year says whether each was open in that year, as the coverage counts it, and
    // apart from that its status today: one closed since was not "No (closed)" in a year it was open in.
    const file = async (year: number) => {
      const rows = [];
      for await (const row of schoolsCsvRows(lead, filters(place.id, year), false)) rows.push(row);
      const [header, ...body] = rows;
      const at = (name: string) => header!.indexOf(name);
      // The school rows, not the notes under them.
      const schools = body.filter((r) => r.length === header!.length);
      return Object.fromEntries(schools.map((r) => [r[0], [r[at("Open in the period")], r[at("Status today")]]]));
    };
    expect(await file(2025)).toEqual({ Steady: ["Yes", "Open"], "Closed In March": ["Yes", "Closed"] });
    expect(await file(2026)).toEqual({ Steady: ["Yes", "Open"], "Opened In September": ["Yes", "Open"] });

    // Its page of reach over the years says when it closed.
    expect((await getSchoolReachHistory(lead, closedInMarch.id, 1, now)).school).toMatchObject({ open: false, closedOn: londonDayStart("2026-03-31") });

    // The MVP overview's schools in the forum follow the same days.
    const inForum = async (year: number) =>
      (await getAreaOverview(lead, year, { includeNotStarted: true })).rows
        .map((r) => r.name)
        .filter((name) => ["Steady", "Closed In March", "Opened In September", "Closed When Not Known"].includes(name))
        .sort();
    expect(await inForum(2025)).toEqual(["Closed In March", "Steady"]);
    expect(await inForum(2026)).toEqual(["Opened In September", "Steady"]);
  });
});

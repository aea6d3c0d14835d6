import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { monthHasPassed, monthOptions, readDeliveryFilters } from "~/lib/delivery-schemas";
import { listBookableDeliveries } from "~/models/deliveries.server";
import { createDelivery, createSchoolTeacher, createTopic, DAY } from "./delivery-factories";

// A fixed day, so the months below are the past, this month and the months ahead whenever the tests run.
const NOW = new Date("2026-12-10T12:00:00Z");
const at = (iso: string) => new Date(iso);

describe("Book a session, filtered by month", () => {
  it("lists only the month's sessions still to come; a month that has passed lists none", async () => {
    const { user } = await createSchoolTeacher();
    const topic = await createTopic();
    const made = async (iso: string) => (await createDelivery({ topicId: topic.id, startsAt: at(iso) })).id;
    await made("2026-11-20T10:00:00Z");
    await made("2026-12-02T10:00:00Z");
    const laterThisMonth = await made("2026-12-18T10:00:00Z");
    const january = [await made("2027-01-05T10:00:00Z"), await made("2027-01-29T14:00:00Z")];
    await made("2027-02-01T00:30:00Z");
    const list = (month: string) => listBookableDeliveries(user, { topic: topic.id, month }, 1, NOW);

    const inJanuary = await list("2027-01");
    expect(inJanuary.deliveries.map((d) => d.id)).toEqual(january);
    expect(inJanuary.total).toBe(2);
    expect((await list("2026-12")).deliveries.map((d) => d.id)).toEqual([laterThisMonth]);
    // Before, the month gave way to "still to come" and every upcoming session was listed.
    expect(await list("2026-11")).toMatchObject({ deliveries: [], total: 0, page: 1, pageCount: 1 });
    expect(monthHasPassed("2026-11", NOW)).toBe(true);
    expect(monthHasPassed("2026-12", NOW)).toBe(false);
  });

  it("reads from the address only what the filter form offers, and says why it left out the rest", () => {
    const read = (query: string, withYearGroup = true) => readDeliveryFilters(new URLSearchParams(query), { topicIds: ["t1", "t2"], withYearGroup, now: NOW });
    expect(read("month=2027-01&topic=t2&format=ONLINE&yearGroup=9")).toEqual({
      filters: { month: "2027-01", topic: "t2", format: "ONLINE", yearGroup: 9 },
      problems: null,
    });
    // "All" for each is no problem.
    expect(read("month=&topic=&format=&yearGroup=")).toEqual({ filters: {}, problems: null });
    // Not a month, a month the form no longer (or not yet) lists, a topic since removed, a format or year
    // group it does not have: each is left out, so the list is for "All", as the form then shows.
    for (const query of ["month=2027-13", "month=2027-00", "month=2020-01", "month=2030-01"])
      expect(read(query)).toEqual({ filters: {}, problems: { month: "Choose a month from the list" } });
    expect(read("topic=gone&format=BY_POST&yearGroup=6&month=2027-01")).toEqual({
      filters: { month: "2027-01" },
      problems: {
        topic: "There is no such topic: choose one from the list",
        format: "Choose a format from the list",
        yearGroup: "Choose a year group from the list",
      },
    });
    // The lead's schedule has no year group: one in the address is not read.
    expect(read("yearGroup=9", false)).toEqual({ filters: {}, problems: null });
  });

  it("offers the months around London's month: at 00:30 on 1 June in London (23:30 UTC on 31 May), June's", () => {
    const lateMay = new Date("2026-05-31T23:30:00Z");
    const months = monthOptions(lateMay).map((m) => m.value);
    expect([months[0], months[2], months.at(-1)]).toEqual(["2026-04", "2026-06", "2027-04"]);
    // A session on 1 June at 00:30 in London can be asked for by its own month, and March is no longer offered.
    const read = (query: string) => readDeliveryFilters(new URLSearchParams(query), { topicIds: [], withYearGroup: false, now: lateMay });
    expect(read("month=2027-04").problems).toBeNull();
    expect(read("month=2026-03").problems).toEqual({ month: "Choose a month from the list" });
    // In winter London keeps UTC: 23:30 on 31 December is still December.
    expect(monthOptions(new Date("2026-12-31T23:30:00Z"))[2]!.value).toBe("2026-12");
  });
});

describe("Book a session, a page at a time", () => {
  it("counts every bookable session and pages through to the last", async () => {
    const { user } = await createSchoolTeacher();
    const topic = await createTopic();
    const first = NOW.getTime() + 3 * DAY;
    await prisma.delivery.createMany({
      data: Array.from({ length: 102 }, (_, i) => {
        const startsAt = new Date(first + i * 60 * 60 * 1000);
        return {
          topicId: topic.id,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 60 * 60 * 1000),
          format: "ONLINE",
          facilitatorName: "PC Jo Test",
          facilitatorOrg: "Leicestershire Police",
          capacity: 3,
          bookingClosesAt: new Date(startsAt.getTime() - 2 * DAY),
        };
      }),
    });
    const page = (n: number) => listBookableDeliveries(user, { topic: topic.id }, n, NOW);

    const one = await page(1);
    expect(one).toMatchObject({ total: 102, page: 1, pageCount: 5, pageSize: 25 });
    expect(one.deliveries).toHaveLength(25);
    expect(one.deliveries[0]!.startsAt).toEqual(new Date(first));

    const seen = [...one.deliveries];
    for (let n = 2; n <= one.pageCount; n++) seen.push(...(await page(n)).deliveries);
    expect(seen).toHaveLength(102);
    expect(new Set(seen.map((d) => d.id)).size).toBe(102);
    const starts = seen.map((d) => d.startsAt.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));

    const last = await page(5);
    expect(last).toMatchObject({ total: 102, page: 5, pageCount: 5 });
    expect(last.deliveries.map((d) => d.startsAt)).toEqual([new Date(first + 100 * 60 * 60 * 1000), new Date(first + 101 * 60 * 60 * 1000)]);
    // A page past the end shows the last page, with the same total.
    expect(await page(40)).toMatchObject({ total: 102, page: 5, deliveries: last.deliveries });
    // The places left still come with each row.
    expect(last.deliveries[0]!.placesLeft).toBe(3);
  });

  it("filters by year group exactly, and counts what it lists", async () => {
    const { user } = await createSchoolTeacher();
    const topic = await prisma.topic.create({
      data: { title: `Years 10 and 12 ${Math.random()}`, yearGroups: "10,12", durationMinutes: 60, formats: "ONLINE" },
    });
    await createDelivery({ topicId: topic.id, startsAt: new Date(NOW.getTime() + 5 * DAY) });
    const list = (yearGroup: number) => listBookableDeliveries(user, { topic: topic.id, yearGroup }, 1, NOW);
    expect((await list(10)).total).toBe(1);
    expect((await list(12)).total).toBe(1);
    expect(await list(11)).toMatchObject({ deliveries: [], total: 0 });
  });
});

import { describe, expect, it } from "vitest";
import { scheduleStateOf } from "~/lib/statuses";
import { scheduleViewFrom } from "~/lib/delivery-schemas";
import { listSchedule } from "~/models/deliveries.server";
import { createDelivery, createTopic, DAY, lead } from "./delivery-factories";

const NOW = new Date("2027-02-10T12:00:00Z");
const ended = { status: "SCHEDULED", endsAt: new Date("2027-02-09T11:00:00Z") };

describe("a session's state on the lead's schedule", () => {
  it("is its own status when cancelled or recorded as not taking place, whatever the bookings say", () => {
    expect(scheduleStateOf({ ...ended, status: "CANCELLED" }, ["CANCELLED"], NOW)).toBe("CANCELLED");
    expect(scheduleStateOf({ ...ended, status: "NOT_DELIVERED" }, ["NOT_DELIVERED"], NOW)).toBe("DID_NOT_TAKE_PLACE");
  });

  it("is scheduled until the session ends, then follows the schools' returns", () => {
    expect(scheduleStateOf({ status: "SCHEDULED", endsAt: new Date("2027-02-10T12:30:00Z") }, ["CONFIRMED"], NOW)).toBe("UPCOMING");
    expect(scheduleStateOf(ended, ["DELIVERED", "CONFIRMED"], NOW)).toBe("AWAITING_RETURNS");
    expect(scheduleStateOf(ended, ["REQUESTED"], NOW)).toBe("AWAITING_RETURNS");
    expect(scheduleStateOf(ended, ["DELIVERED", "NOT_DELIVERED", "CANCELLED"], NOW)).toBe("DELIVERED");
    expect(scheduleStateOf(ended, ["NOT_DELIVERED", "NOT_DELIVERED"], NOW)).toBe("DID_NOT_TAKE_PLACE");
    expect(scheduleStateOf(ended, ["CANCELLED", "DECLINED"], NOW)).toBe("NO_SCHOOLS");
    expect(scheduleStateOf(ended, [], NOW)).toBe("NO_SCHOOLS");
  });
});

describe("the schedule's view from its address", () => {
  const view = (query: string) => scheduleViewFrom(new URLSearchParams(query));
  it("defaults to upcoming sessions, first page, for anything it does not know", () => {
    expect(view("")).toEqual({ when: "upcoming", page: 1, newIds: [] });
    expect(view("when=yesterday&page=-3&new=%27%3B%20DROP")).toEqual({ when: "upcoming", page: 1, newIds: [] });
    expect(view("when=past&page=2")).toEqual({ when: "past", page: 2, newIds: [] });
    expect(view("new=abc123,def456").newIds).toEqual(["abc123", "def456"]);
    expect(view(`new=${Array.from({ length: 16 }, (_, i) => `id${i}`).join(",")}`).newIds).toEqual([]);
  });
});

describe("the lead's schedule", () => {
  it("lists upcoming sessions soonest first, 25 a page, and past ones latest first, each with its state", async () => {
    const vrn = await lead();
    const topic = await createTopic();
    const now = new Date();
    // Made out of date order, so the order on the page is the query's.
    for (let i = 30; i >= 1; i--) await createDelivery({ topicId: topic.id, startsAt: new Date(now.getTime() + i * DAY) });
    for (let i = 1; i <= 3; i++) await createDelivery({ topicId: topic.id, startsAt: new Date(now.getTime() - i * DAY) });
    const filters = { topic: topic.id };

    const first = await listSchedule(vrn, filters, { when: "upcoming", page: 1, newIds: [] }, now);
    expect(first).toMatchObject({ total: 30, page: 1, pageCount: 2 });
    expect(first.deliveries).toHaveLength(25);
    const starts = first.deliveries.map((d) => d.startsAt.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts[0]).toBe(now.getTime() + DAY);
    expect(new Set(first.deliveries.map((d) => d.state))).toEqual(new Set(["UPCOMING"]));

    // A page past the end shows the last page.
    const beyond = await listSchedule(vrn, filters, { when: "upcoming", page: 99, newIds: [] }, now);
    expect(beyond).toMatchObject({ page: 2 });
    expect(beyond.deliveries).toHaveLength(5);

    const past = await listSchedule(vrn, filters, { when: "past", page: 1, newIds: [] }, now);
    expect(past.deliveries.map((d) => d.startsAt.getTime())).toEqual([1, 2, 3].map((i) => now.getTime() - i * DAY));
    expect(new Set(past.deliveries.map((d) => d.state))).toEqual(new Set(["NO_SCHOOLS"]));

    const justMade = await listSchedule(vrn, {}, { when: "upcoming", page: 1, newIds: [first.deliveries[3]!.id, first.deliveries[1]!.id] }, now);
    expect(justMade.deliveries.map((d) => d.id)).toEqual([first.deliveries[1]!.id, first.deliveries[3]!.id]);
  });
});

/**
 * A list of sessions with none in it says "No sessions match. Try fewer filters." only when a filter is in
 * use. The lead's schedule said it of an address naming sessions just scheduled that it could not find (the
 * page then shows no filters at all), and of an empty schedule with no filter chosen, as on a new service.
 */
import { describe, expect, it } from "vitest";
import { NO_SESSIONS_MATCH, noSessionsText } from "~/lib/delivery-schemas";
import { loader as schedule } from "~/routes/sessions.schedule";
import { createTopic, lead } from "./delivery-factories";
import { routeContext, signedInGet } from "./support/route";

async function scheduleEmptyText(query: string) {
  const user = await lead();
  const response = await schedule({ request: await signedInGet(`/sessions/schedule${query}`, user.id), context: routeContext(), params: {} });
  return (response as unknown as { data: { deliveries: unknown[]; empty: string } }).data;
}

describe("what an empty list of sessions says", () => {
  it("tells the reader to try fewer filters only when a filter is in use", () => {
    expect(noSessionsText({}, "No sessions are taking bookings at the moment.")).toBe("No sessions are taking bookings at the moment.");
    expect(noSessionsText({ topic: "t" }, "unused")).toBe(NO_SESSIONS_MATCH);
    expect(noSessionsText({ yearGroup: 12 }, "unused")).toBe(NO_SESSIONS_MATCH);
  });

  it("says on the schedule that sessions an address names as just scheduled are not on it, with no word of filters", async () => {
    const page = await scheduleEmptyText("?new=cmxnosuchsession0000000000");
    expect(page.deliveries).toEqual([]);
    expect(page.empty).toBe("None of the sessions this address names is on the schedule.");
  });

  it("says to try fewer filters on the schedule when a filter chose nothing", async () => {
    const topic = await createTopic();
    const page = await scheduleEmptyText(`?topic=${topic.id}`);
    expect(page.deliveries).toEqual([]);
    expect(page.empty).toBe(NO_SESSIONS_MATCH);
  });
});

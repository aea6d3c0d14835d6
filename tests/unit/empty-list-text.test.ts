/**
 * An empty list says "… match. Try fewer filters." only when a filter is in use. The lead's schedule said it
 * of an address naming sessions just scheduled that it could not find (the page then shows no filters at
 * all), and the schedule and the schools list said it when empty with no filter chosen, as on a new service.
 * Each test file has a database of its own: this one starts with no schools and no sessions.
 */
import { describe, expect, it } from "vitest";
import { NO_SESSIONS_MATCH, noSessionsText } from "~/lib/delivery-schemas";
import { loader as schedule } from "~/routes/sessions.schedule";
import { loader as sessions } from "~/routes/sessions._index";
import { loader as schools } from "~/routes/schools._index";
import { createSchoolTeacher, createTopic, lead } from "./delivery-factories";
import { routeContext, signedInGet } from "./support/route";

async function scheduleEmptyText(query: string) {
  const user = await lead();
  const response = await schedule({ request: await signedInGet(`/sessions/schedule${query}`, user.id), context: routeContext(), params: {} });
  return (response as unknown as { data: { deliveries: unknown[]; empty: string } }).data;
}

describe("what an empty list of schools says", () => {
  // First in the file, while it has no schools.
  it("says there are none yet with no filter chosen, and to try fewer filters with one", async () => {
    const user = await lead();
    const emptyText = async (query: string) => {
      const response = await schools({ request: await signedInGet(`/schools${query}`, user.id), context: routeContext(), params: {} });
      const page = (response as unknown as { data: { schools: unknown[]; empty: string } }).data;
      expect(page.schools).toEqual([]);
      return page.empty;
    };
    expect(await emptyText("")).toBe("There are no schools yet. Add a school, or import them from GIAS.");
    expect(await emptyText("?q=Herondale")).toBe("No schools match your search. Try fewer filters, or part of the name.");
  });
});

describe("what an empty list of sessions says", () => {
  it("tells the reader to try fewer filters only when a filter is in use", () => {
    expect(noSessionsText({}, "No sessions are taking bookings at the moment.")).toBe("No sessions are taking bookings at the moment.");
    expect(noSessionsText({ topic: "t" }, "unused")).toBe(NO_SESSIONS_MATCH);
    expect(noSessionsText({ yearGroup: 12 }, "unused")).toBe(NO_SESSIONS_MATCH);
  });

  it("says there are none, with no word of filters, on an empty schedule and an empty list to book", async () => {
    expect((await scheduleEmptyText("")).empty).toBe("There are no sessions to come.");
    expect((await scheduleEmptyText("?when=past")).empty).toBe("There are no past sessions yet.");
    const { user: teacher } = await createSchoolTeacher();
    const response = await sessions({ request: await signedInGet("/sessions", teacher.id), context: routeContext(), params: {} });
    const { listed } = (response as unknown as { data: { listed: { deliveries: unknown[]; empty: string } } }).data;
    expect(listed.deliveries).toEqual([]);
    expect(listed.empty).toBe("No sessions are taking bookings at the moment.");
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

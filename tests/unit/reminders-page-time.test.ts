import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { createUser } from "./factories";
import { routeContext, signedInPost } from "./support/route";

/** The lead's "Remind all" on /sessions/returns, with the page's time as `shownAt`. */
async function remindAll(leadId: string, shownAt: string) {
  const route = await import("~/routes/sessions.returns");
  const request = await signedInPost("/sessions/returns", leadId, { intent: "remind-all", shownAt });
  return route.action({ request, context: routeContext(), params: {} }).catch((thrown: unknown) => thrown);
}

describe("the time a reminders page was drawn", () => {
  // JavaScript's own reading of dates took each of these as a time, and so as a page drawn then.
  it.each([" 12 ", "1", "-5", "March 7", "23:60", "2027-02-30T00:00:00.000Z", "2026-12-05T10:00:00Z", "2026-12-05"])(
    "refuses %j, as no page wrote it, with a 400 and no reminder",
    async (shownAt) => {
      const lead = await createUser({ role: "VRN_LEAD" });
      const outboxBefore = await prisma.outboxMessage.count();
      const answer = await remindAll(lead.id, shownAt);
      expect(answer).toBeInstanceOf(Response);
      expect((answer as Response).status).toBe(400);
      expect(await prisma.outboxMessage.count()).toBe(outboxBefore);
    },
  );

  it("takes the time as the page wrote it", async () => {
    const lead = await createUser({ role: "VRN_LEAD" });
    const answer = await remindAll(lead.id, new Date(Date.now() - 60_000).toISOString());
    expect((answer as Response).status).toBe(302);
  });
});

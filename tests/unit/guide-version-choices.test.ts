/**
 * The versions a comparison of a guide page's versions shows come from its address, as any filter's
 * choices do: one the page does not have is refused by its field with a 400, the picker still there with
 * what could be used, as other filters are, not a whole-page 404. A version's own page (`/versions/9`) is
 * an address of its own, and one the page does not have is a 404.
 */
import { describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { readComparison } from "~/lib/guide-forms";
import { createGuideSection, createLead, createPublishedPage, editAndPublish } from "./guide-fixtures";
import { replyOf } from "./support/reply";
import { routeContext } from "./support/route";

const params = (text: string) => new URLSearchParams(text);

describe("the versions a comparison's address asks for", () => {
  it("uses each version the page has, and says by its field why another was not used", () => {
    expect(readComparison(params("from=1&to=3"), 3)).toEqual({ chosen: { from: 1, to: 3 }, problems: null });
    expect(readComparison(params("from=2&to=2"), 3)).toEqual({ chosen: { from: 2, to: 2 }, problems: null });
    expect(readComparison(params("from=1&to=9"), 3)).toEqual({
      chosen: { from: 1 },
      problems: { to: "This page has no version 9: choose the version to compare it with" },
    });
    expect(readComparison(params("from=4&to=4"), 3)).toEqual({
      chosen: {},
      problems: { from: "This page has no version 4: choose the version to compare", to: "This page has no version 4: choose the version to compare it with" },
    });
    expect(readComparison(params("from=one&to=0"), 3)).toEqual({
      chosen: {},
      problems: { from: "Choose the version to compare", to: "Choose the version to compare it with" },
    });
    expect(readComparison(params("from=99999999999&to=2"), 3)).toEqual({ chosen: { to: 2 }, problems: { from: "Choose the version to compare" } });
    expect(readComparison(params(""), 3)).toEqual({
      chosen: {},
      problems: { from: "Choose the version to compare", to: "Choose the version to compare it with" },
    });
  });
});

describe("the editor's comparison of two versions", () => {
  it("answers a version the page does not have with a 400 and the message by its choice, keeping the other", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead, "Versions"));
    await editAndPublish(lead, pageId, { summary: "Changed once, for a second version." });
    const { loader } = await import("~/routes/admin.guide.pages.$pageId.compare");
    const { token } = await createSession(lead.id);
    const compare = async (query: string) => {
      const request = new Request(`http://localhost/admin/guide/pages/${pageId}/compare?${query}`, { headers: { Cookie: `vrn_session=${token}` } });
      return replyOf(await loader({ request, context: routeContext(), params: { pageId } }));
    };

    const refused = await compare("from=1&to=7");
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      numbers: [2, 1],
      chosen: { from: 1 },
      errors: { to: "This page has no version 7: choose the version to compare it with" },
      comparison: null,
    });
    const shown = await compare("from=1&to=2");
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ chosen: { from: 1, to: 2 }, errors: {}, comparison: { from: { number: 1 }, to: { number: 2 } } });
  });

  it("still answers a version's own page the page does not have with a 404", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead, "One version"));
    const { loader } = await import("~/routes/admin.guide.pages.$pageId.versions.$number");
    const { token } = await createSession(lead.id);
    const request = new Request(`http://localhost/admin/guide/pages/${pageId}/versions/7`, { headers: { Cookie: `vrn_session=${token}` } });
    await expect(loader({ request, context: routeContext(), params: { pageId, number: "7" } })).rejects.toMatchObject({ status: 404 });
  });
});

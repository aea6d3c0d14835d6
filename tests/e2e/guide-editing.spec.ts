import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { openDatabase, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { FROM_OWN_PAGE } from "./support/origin";

function seededPageId(sectionSlug: string, pageSlug: string): string {
  const db = openDatabase();
  try {
    const row = db
      .prepare("SELECT p.id FROM GuidePage p JOIN GuideSection s ON s.id = p.sectionId WHERE s.slug = ? AND p.slug = ?")
      .get(sectionSlug, pageSlug) as { id: string };
    return row.id;
  } finally {
    db.close();
  }
}

async function fillPage(page: Page, fields: { title?: string; body: string }) {
  if (fields.title) await page.getByLabel("Title", { exact: true }).fill(fields.title);
  await page.getByLabel("The page", { exact: true }).fill(fields.body);
}

test.describe("the VRN lead keeps the guide current", () => {
  test("writes a page, previews, publishes, edits, compares and restores an earlier version", async ({ page }) => {
    // One long journey with a dozen pages, each checked with axe: give it three times the usual time.
    test.slow();
    // A page of its own, so the journeys that read the seeded guide are never affected.
    const unique = randomBytes(4).toString("hex");
    const title = `Lunchtime supervision ${unique}`;
    const firstWords = `Staff stand at the gate at ${unique}-first.`;
    const secondWords = `Two staff walk the field at ${unique}-second.`;

    await signInAs(page, "lead@example.org");
    await page.goto("/admin/guide");
    await expectAccessible(page);
    await expect(page.getByRole("heading", { name: "Reviews due" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Pages past their review date" })).toContainText("Referral routes and partners");

    await page.getByRole("link", { name: "Add a page" }).click();
    await expectAccessible(page);
    await page.getByLabel("Section").selectOption({ label: "A whole-school approach" });
    await page.getByLabel("Summary").fill("How supervision at lunchtime keeps pupils safe.");
    await page.getByLabel("Who this page is for").fill("Lunchtime supervisors");
    await page.getByLabel("Review by").fill("2027-07-31");
    await fillPage(page, { title, body: `## Where staff stand\n\n${firstWords}` });
    await page.getByRole("button", { name: "Save draft" }).click();

    await expect(page.getByRole("status")).toContainText("Draft saved");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page.locator("#guide-content")).toContainText(firstWords);
    // Where readers will find the feedback form, which is for anyone, not only those signed in.
    await expect(page.getByText("Readers of the published page see a form here")).toContainText("Anyone can answer, signed in or not");
    await expectAccessible(page);
    const publicUrl = `/guide/whole-school-approach/lunchtime-supervision-${unique}`;
    expect((await page.request.get(publicUrl)).status()).toBe(404);

    await page.getByRole("button", { name: "Publish the draft" }).click();
    await expect(page.getByRole("status")).toContainText("Published");
    await expectAccessible(page);

    // Edit the published page: readers keep the published words until the draft is published.
    await fillPage(page, { body: `## Where staff stand\n\n${secondWords}` });
    await page.getByLabel("What did you change? (optional)").fill("Moved staff to the field");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByRole("status")).toContainText("Draft saved as version 2");
    await expect(page.locator("#guide-content")).toContainText(secondWords);
    await expectAccessible(page);
    expect(await (await page.request.get(publicUrl)).text()).toContain(firstWords);

    await page.getByRole("button", { name: "Publish the draft" }).click();
    await expect(page.getByRole("status")).toContainText("Published");
    await page.goto(publicUrl);
    await expect(page.locator("#guide-content")).toContainText(secondWords);
    await expectAccessible(page);

    // History, what changed, and restoring version 1.
    await page.goto("/admin/guide");
    await expectAccessible(page);
    await page.getByRole("link", { name: title, exact: true }).click();
    await expectAccessible(page);
    await page.getByRole("navigation", { name: "This page in the editor" }).getByRole("link", { name: "Feedback" }).click();
    await expect(page.getByText("Feedback from readers, signed in or not")).toBeVisible();
    await expect(page.getByText("Nobody has given feedback on this page yet.")).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("navigation", { name: "This page in the editor" }).getByRole("link", { name: "History" }).click();
    await expectAccessible(page);
    const versions = page.getByRole("table", { name: "Versions, newest first" });
    await expect(versions.getByRole("row").filter({ hasText: "Moved staff to the field" })).toContainText("Readers see this");
    await expect(versions.getByRole("row").filter({ hasText: "First draft" })).toContainText("Published before");

    await page.getByRole("button", { name: "Show what changed" }).click();
    await expect(page).toHaveURL(/compare\?from=1&to=2/);
    await expectAccessible(page);
    await expect(page.locator("del")).toContainText(firstWords);
    await expect(page.locator("ins")).toContainText(secondWords);

    await page.getByRole("link", { name: "Back to the history" }).click();
    await page.getByRole("link", { name: "View version 1" }).click();
    await expect(page.locator("#guide-content")).toContainText(firstWords);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Restore version 1" }).click();
    await expect(page.getByRole("status")).toContainText("Version 1 has been restored as a new draft (version 3)");
    await expect(page.locator("#guide-content")).toContainText(firstWords);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Publish the draft" }).click();
    await expect(page.getByRole("status")).toContainText("Published");

    await page.goto(publicUrl);
    await expect(page.locator("#guide-content")).toContainText(firstWords);
    await expectAccessible(page);
    await page.goto(`/guide/search?q=${unique}`);
    await expect(page.locator(".guide-search-results li")).toHaveCount(1);
    await expectAccessible(page);
  });

  test("changes a section's address without breaking links to its pages, and withdraws a linked page knowing what links to it", async ({ page }) => {
    test.slow();
    const unique = randomBytes(4).toString("hex");
    const [sectionTitle, before, after] = [`Help lines ${unique}`, `help-lines-${unique}`, `who-to-ring-${unique}`];
    const targetTitle = `Numbers to ring ${unique}`;
    const linkingTitle = `Before a session ${unique}`;

    async function addPage(section: string, title: string, slug: string, body: string) {
      await page.goto("/admin/guide/pages/new");
      await expectAccessible(page);
      await page.getByLabel("Section").selectOption({ label: section });
      await page.getByLabel("Summary").fill("A page of this journey's own.");
      await page.getByLabel("Who this page is for").fill("All school staff");
      await page.getByLabel("Review by").fill("2027-07-31");
      await page.getByLabel("Web address (optional)").fill(slug);
      await fillPage(page, { title, body });
      await page.getByRole("button", { name: "Save draft" }).click();
      await expect(page.getByRole("status")).toContainText("Draft saved");
      await expectAccessible(page);
      await page.getByRole("button", { name: "Publish the draft" }).click();
      await expect(page.getByRole("status")).toContainText("Published");
      await expectAccessible(page);
    }

    await signInAs(page, "lead@example.org");
    await page.goto("/admin/guide/sections/new");
    await expectAccessible(page);
    await page.getByLabel("Section title").fill(sectionTitle);
    await page.getByLabel("Web address (optional)").fill(before);
    await page.getByRole("button", { name: "Add section" }).click();
    await expect(page.getByRole("status")).toContainText(`Section "${sectionTitle}" added.`);
    await addPage(sectionTitle, targetTitle, `numbers-${unique}`, "## Out of hours\n\nRing the duty team.");
    const oldHref = `/guide/${before}/numbers-${unique}`;
    await addPage("A whole-school approach", linkingTitle, `before-${unique}`, `Keep [the numbers to ring](${oldHref}) to hand.`);

    // The section's address changes: its edit page lists the old one, which still leads to its pages.
    await page.goto("/admin/guide");
    await expectAccessible(page);
    await page.getByRole("link", { name: `Change the section ${sectionTitle}` }).click();
    await page.getByLabel("Web address (optional)").fill(after);
    await page.getByRole("button", { name: "Save section" }).click();
    await expect(page.getByRole("status")).toContainText(`Section "${sectionTitle}" saved.`);
    await page.getByRole("link", { name: `Change the section ${sectionTitle}` }).click();
    const oldAddresses = page.getByRole("region", { name: "An address this section had before" });
    await expect(oldAddresses).toContainText(`/guide/${before}`);
    await expect(oldAddresses).toContainText("A published page has a link that uses it:");
    await expect(oldAddresses.getByRole("link", { name: linkingTitle })).toBeVisible();
    await expectAccessible(page);

    await page.goto(`/guide/whole-school-approach/before-${unique}`);
    await expectAccessible(page);
    await page.getByRole("link", { name: "the numbers to ring" }).click();
    await expect(page).toHaveURL(`/guide/${after}/numbers-${unique}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(targetTitle);
    // Feedback sent from the page as read at its old address reaches the same page.
    const sentToOld = await page.request.post(oldHref, { form: { helpful: "yes" }, headers: FROM_OWN_PAGE, maxRedirects: 0 });
    // Thanked at the page's address now: a redirect on from the old one would have lost the message.
    expect([sentToOld.status(), sentToOld.headers().location]).toEqual([302, `/guide/${after}/numbers-${unique}`]);
    await page.goto(`/guide/${before}`);
    await expect(page).toHaveURL(`/guide#${after}`);
    await expectAccessible(page);
    // A link to the contents by the old address lands in the section's heading.
    await expect(page.getByRole("heading", { name: sectionTitle }).locator(`[id="${before}"]`)).toHaveCount(1);
    const odd = await page.request.get(`/guide/${before}/a%0D%0Ab%2F%2E%2E?q=1`, { maxRedirects: 0 });
    expect([odd.status(), odd.headers().location]).toEqual([302, `/guide/${after}/a%0D%0Ab%2F..?q=1`]);

    // The editor says which published page links here before it is withdrawn.
    await page.goto("/admin/guide");
    await expect(page.getByRole("link", { name: `1 yes, 0 no for ${targetTitle}` })).toBeVisible();
    await page.getByRole("link", { name: targetTitle, exact: true }).click();
    await expect(page.getByText("This published page links to this one.")).toBeVisible();
    await expect(page.getByRole("link", { name: linkingTitle })).toHaveAttribute("href", /^\/admin\/guide\/pages\/\w+$/);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Withdraw the page" }).click();
    await expect(page.getByRole("status")).toContainText("The page has been withdrawn");

    // The link now leads to a page that says so, and where the guide is.
    await page.goto(`/guide/whole-school-approach/before-${unique}`);
    await page.getByRole("link", { name: "the numbers to ring" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This page has been withdrawn");
    await expect(page.getByText(`“${targetTitle}” out of the Schools Guide`)).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("link", { name: "Go to the guide's contents" }).click();
    await expect(page).toHaveURL("/guide");
    await expectAccessible(page);
    expect((await page.request.get(`/guide/${after}/numbers-${unique}`)).status()).toBe(410);
    // Feedback from the page as a reader had it open is not taken, and the reader is told so.
    const late = await page.request.post(oldHref, { form: { helpful: "no" }, headers: FROM_OWN_PAGE, maxRedirects: 0 });
    expect([late.status(), late.headers().location]).toEqual([302, `/guide/${after}/numbers-${unique}`]);
    await page.goto(`/guide/${after}/numbers-${unique}`);
    await expect(page.getByRole("status")).toContainText("Your feedback was not sent: the page has been withdrawn from the guide.");
    await expectAccessible(page);
    expect((await page.request.get(`/guide/${after}/no-such-page-${unique}`)).status()).toBe(404);

    // Let go, the old address leads nowhere, and another section may be given it.
    await page.goto("/admin/guide");
    await page.getByRole("link", { name: `Change the section ${sectionTitle}` }).click();
    await page.getByRole("button", { name: `Let this address go (/guide/${before})` }).click();
    await expect(page.getByRole("status")).toContainText(`/guide/${before} no longer leads to this section`);
    await expect(page.getByRole("region", { name: "An address this section had before" })).toHaveCount(0);
    await expectAccessible(page);
    expect((await page.request.get(oldHref, { maxRedirects: 0 })).status()).toBe(404);
  });

  test("a page with mistakes comes back with a message by each field", async ({ page }) => {
    await signInAs(page, "lead@example.org");
    await page.goto("/admin/guide/pages/new");
    await expectAccessible(page);
    await page.getByLabel("Review by").fill("");
    await page.getByRole("button", { name: "Save draft" }).click();
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("There is a problem");
    await expect(summary.getByRole("link", { name: "Choose a section" })).toBeVisible();
    await expect(summary.getByRole("link", { name: "Enter a title" })).toBeVisible();
    await summary.getByRole("link", { name: "Enter a title" }).click();
    await expect(page.getByLabel("Title", { exact: true })).toBeFocused();
    await expectAccessible(page);
  });
});

test.describe("bad requests to the editor", () => {
  test("bad input is a 400 with messages, and unknown pages and versions are 404s", async ({ page }) => {
    const pageId = seededPageId("getting-help", "where-to-get-help");
    await signInAs(page, "lead@example.org");
    const forms: Record<string, string>[] = [
      {},
      { intent: "save", title: "x", summary: "short", audience: "", reviewBy: "2027-02-30", body: "" },
      {
        intent: "save",
        title: "A fine title",
        summary: "A fine summary for the page.",
        audience: "All staff",
        reviewBy: "2027-01-01",
        body: "b".repeat(60_000),
      },
    ];
    for (const form of forms) {
      const response = await page.request.post("/admin/guide/pages/new", { headers: FROM_OWN_PAGE, form, maxRedirects: 0 });
      expect(response.status()).toBe(400);
      expect(await response.text()).toContain("There is a problem");
    }
    const edit = await page.request.post(`/admin/guide/pages/${pageId}?index`, { headers: FROM_OWN_PAGE, form: forms[1] ?? {}, maxRedirects: 0 });
    expect(edit.status()).toBe(400);
    expect((await page.request.post(`/admin/guide/pages/${pageId}?index`, { headers: FROM_OWN_PAGE, form: { intent: "nonsense" } })).status()).toBe(400);

    for (const path of [
      "/admin/guide/pages/no-such-page",
      `/admin/guide/pages/${pageId}/versions/999`,
      `/admin/guide/pages/${pageId}/versions/abc`,
      "/admin/guide/sections/no-such-section",
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      // A not-found page of the service's own, titled as such, with the editor's menu and a way home.
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
      await expect(page).toHaveTitle("Page not found – VRN Schools Forum");
      await expect(page.getByRole("link", { name: "Go to the home page" })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Guide editor" })).toBeVisible();
      await expectAccessible(page);
    }
    const badCompare = await page.goto(`/admin/guide/pages/${pageId}/compare?from=one&to=`);
    expect(badCompare?.status()).toBe(400);
    await expect(page.getByText("Error: Choose the version to compare", { exact: true })).toBeVisible();
    // The summary names both, each linking to its own choice, and the title says there is a problem.
    const summary = page.getByRole("alert");
    await expect(summary.getByRole("link")).toHaveText(["Choose the version to compare", "Choose the version to compare it with"]);
    await expect(page).toHaveTitle(/^Error: What changed/);
    await expectAccessible(page);
  });

  test("a comparison asking for a version the page does not have says so by that choice, and the picker still compares", async ({ page }) => {
    const pageId = seededPageId("getting-help", "where-to-get-help");
    await signInAs(page, "lead@example.org");
    const response = await page.goto(`/admin/guide/pages/${pageId}/compare?from=1&to=999`);
    expect(response?.status()).toBe(400);
    const message = "This page has no version 999: choose the version to compare it with";
    await expect(page.getByRole("alert")).toContainText(message);
    await expect(page).toHaveTitle(/^Error: What changed/);
    const to = page.getByLabel("with version", { exact: true });
    await expect(to).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText(`Error: ${message}`, { exact: true })).toBeVisible();
    // The version the page has stays chosen; the other asks for a choice.
    await expect(page.getByLabel("Compare version", { exact: true })).toHaveValue("1");
    await expect(to).toHaveValue("");
    await page.getByRole("alert").getByRole("link", { name: message }).click();
    await expect(to).toBeFocused();
    await expectAccessible(page);

    await to.selectOption("1");
    await page.getByRole("button", { name: "Show what changed" }).click();
    await expect(page).toHaveURL(/compare\?from=1&to=1$/);
    await expect(page.getByText("These two versions are the same.")).toBeVisible();
    await expectAccessible(page);
  });
});

test.describe("only the VRN lead can edit the guide", () => {
  test("a teacher is refused every editor page", async ({ page }) => {
    const pageId = seededPageId("getting-help", "where-to-get-help");
    await signInAs(page, "teacher@example.org");
    for (const path of [
      "/admin/guide",
      "/admin/guide/pages/new",
      `/admin/guide/pages/${pageId}`,
      `/admin/guide/pages/${pageId}/history`,
      `/admin/guide/pages/${pageId}/feedback`,
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("You do not have access to this page");
      await expect(page).toHaveTitle("You do not have access to this page – VRN Schools Forum");
      await expectAccessible(page);
    }
    const post = await page.request.post(`/admin/guide/pages/${pageId}?index`, { headers: FROM_OWN_PAGE, form: { intent: "withdraw" } });
    expect(post.status()).toBe(403);
  });

  test("someone not signed in is asked to sign in", async ({ page }) => {
    await page.goto("/admin/guide");
    await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fadmin%2Fguide/);
    await expectAccessible(page);
  });
});

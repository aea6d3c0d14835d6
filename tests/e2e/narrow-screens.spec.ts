import type { Page } from "@playwright/test";
import { createTeacher, signInAs } from "./support/auth";
import { createTestDelivery } from "./support/sessions";
import { expect, expectAccessible, test } from "./support/fixtures";

const PHONE = { width: 360, height: 740 };

/** The page is never wider than the phone: anything wide scrolls inside its own region. */
async function expectNoSidewaysScroll(page: Page, path: string) {
  await page.goto(path);
  await expectAccessible(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${path} is ${width}px wide`).toBeLessThanOrEqual(PHONE.width);
}

async function mainPagesOf(page: Page): Promise<string[]> {
  await page.goto("/");
  const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
  return links.evaluateAll((anchors) => anchors.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

test.describe("every main page on a phone", () => {
  test.use({ viewport: PHONE });

  test("the public's pages", async ({ page }) => {
    // A long unbroken word (here a search for 190 letters) wraps rather than widening the page.
    for (const path of [
      "/",
      "/guide",
      "/guide/search?q=knife",
      `/guide/search?q=${"a".repeat(190)}`,
      "/guide/understanding-violence-prevention/public-health-approach",
      "/s",
      "/sign-in",
    ]) {
      await expectNoSidewaysScroll(page, path);
    }
  });

  for (const email of ["lead@example.org", "teacher@example.org", "mvp@example.org"]) {
    test(`${email}'s pages`, async ({ page }) => {
      await signInAs(page, email);
      const paths = await mainPagesOf(page);
      expect(paths.length).toBeGreaterThan(4);
      for (const path of [...new Set([...paths, "/sessions", "/account"])]) await expectNoSidewaysScroll(page, path);
    });
  }

  test("a long unbroken name in the header wraps rather than widening every page", async ({ page }) => {
    // A name may be up to 100 characters; the page's `break-word` did not wrap it inside the header's flex row.
    const name = `Priya${"Venkataramanasubramaniam".repeat(3)}`;
    await signInAs(page, createTeacher(name));
    await expectNoSidewaysScroll(page, "/");
    await expect(page.getByRole("banner")).toContainText(name);
  });

  test("Book a session shows each session's places left without scrolling", async ({ page }) => {
    await signInAs(page, "teacher@example.org");
    await page.goto("/sessions");
    await expectAccessible(page);
    const table = page.getByRole("region", { name: /Sessions taking bookings/ });
    await expect(table).toBeVisible();
    const placesLeft = table.locator("tbody tr").first().locator('td[data-label="Places left"]');
    await expect(placesLeft).toHaveText(/Full|\d+ of \d+/);
    const box = (await placesLeft.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await table.evaluate((region) => region.scrollWidth <= region.clientWidth)).toBe(true);
  });
});

test.describe("the narrowest screens WCAG's reflow asks for", () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test("a session's details put each label above its value, so nothing is wider than 320 px", async ({ page }) => {
    const delivery = createTestDelivery({});
    await signInAs(page, "lead@example.org");
    await page.goto(`/sessions/deliveries/${delivery.id}`);
    await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    const status = page.locator(".summary-list .tag").first();
    await expect(status).toBeVisible();
    const box = (await status.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(320);
  });
});

import type { Page } from "@playwright/test";
import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createTestDelivery } from "./support/sessions";

/** Books a test delivery of its own for teacher2's school; the page is left on the booking, showing "Booking confirmed". */
async function bookASession(page: Page) {
  const delivery = createTestDelivery({ daysAhead: 40 });
  const other = createTestDelivery({ daysAhead: 47 });
  await signInAs(page, "teacher2@example.org");
  await page.goto(`/sessions/deliveries/${delivery.id}/book`);
  await expectAccessible(page);
  await page.getByLabel("Year 10").check();
  await page.getByLabel("How many pupils do you expect?").fill("30");
  await page.getByLabel("Contact on the day").fill("Ms Kim Rowe");
  await page.getByLabel("Contact's phone number").fill("0116 496 0888");
  await page.getByRole("button", { name: "Book this session" }).click();
  await expect(page.getByRole("status")).toContainText("Booking confirmed");
  await expectAccessible(page);
  return { other };
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled, viewport: { width: 1280, height: 800 } });

    test("a one-off message shows on the page the action led to, and on no page reached from there", async ({ page }) => {
      const { other } = await bookASession(page);
      await page.getByRole("link", { name: "Move to another date" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Move this booking" })).toBeVisible();
      await expect(page.getByRole("status")).toHaveCount(0);
      await expectAccessible(page);
      await page.locator(`input[name="deliveryId"][value="${other.id}"]`).check();
      await page.getByRole("button", { name: "Move booking" }).click();
      await expect(page.getByRole("status")).toContainText("Booking moved");
      await expectAccessible(page);

      await page.getByRole("link", { name: "Cancel this booking" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Cancel");
      await expect(page.getByRole("status")).toHaveCount(0);
      await expectAccessible(page);

      await page.getByRole("navigation").getByRole("link", { name: "Sessions", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByRole("status")).toHaveCount(0);
      await expectAccessible(page);
      // Back on the booking, the message its move left has gone. Each step back lands before the next
      // (a second step taken while the first page's data is still coming aborts that request).
      await page.goBack();
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Cancel");
      await page.goBack();
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByRole("status")).toHaveCount(0);
      await expectAccessible(page);
    });
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a one-off message whose redirect lands on an error page shows there, once", async ({ page }) => {
    const guidePage = "/guide/whole-school-approach/trauma-informed-practice";
    // The feedback's redirect is sent on to a page that is not found, as a redirect to a record removed
    // meanwhile would be; the one-off message cookie it carries is kept.
    await page.route(`**${guidePage}`, async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      const response = await route.fetch({ maxRedirects: 0 });
      await route.fulfill({ response, headers: { ...response.headers(), location: "/guide/whole-school-approach/no-such-page" } });
    });
    await page.goto(guidePage);
    await expectAccessible(page);
    const form = page.getByRole("region", { name: "Tell the VRN team what you think" });
    await form.getByRole("radio", { name: "Yes" }).check();
    await form.getByRole("button", { name: "Send feedback" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expect(page.getByRole("status")).toContainText("Thank you. Your feedback has gone to the VRN team.");
    await expectAccessible(page);

    await page.goto("/guide");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("status")).toHaveCount(0);
    await expectAccessible(page);
  });
});

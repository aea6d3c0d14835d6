import { createHash } from "node:crypto";
import type { Page } from "@playwright/test";
import { createTeacher, DEMO_PASSWORD, openDatabase, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";

const IPHONE_SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

async function signInWithFormAs(page: Page, email: string) {
  await page.goto("/sign-in");
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
  await expectAccessible(page);
}

test("signing in as someone else in the same browser ends the previous person's session", async ({ page }) => {
  const first = createTeacher("Alex Previous");
  const second = createTeacher("Sam Next");
  // The sign-in page was open before the first person signed in (in another tab, say).
  await page.goto("/sign-in");
  await expectAccessible(page);
  await signInAs(page, first);
  const token = (await page.context().cookies()).find((cookie) => cookie.name === "vrn_session")?.value ?? "";
  await page.getByLabel("Email address").fill(second);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
  await expectAccessible(page);

  const db = openDatabase();
  try {
    const left = db.prepare("SELECT COUNT(*) AS n FROM Session WHERE id = ?").get(createHash("sha256").update(token).digest("hex")) as { n: number };
    expect(left.n).toBe(0);
  } finally {
    db.close();
  }
});

test("the account page lists where you are signed in, and signs out one device or every other one", async ({ page, browser, baseURL }) => {
  const email = createTeacher("Robin Devices");
  const phoneContext = await browser.newContext({ baseURL, userAgent: IPHONE_SAFARI });
  const phone = await phoneContext.newPage();
  await signInWithFormAs(phone, email);
  const laptopContext = await browser.newContext({ baseURL });
  const laptop = await laptopContext.newPage();
  await signInWithFormAs(laptop, email);
  await signInWithFormAs(page, email);

  await page.goto("/account");
  const devices = page.getByRole("list", { name: "Where you are signed in" }).getByRole("listitem");
  await expect(devices).toHaveCount(3);
  await expect(devices.first()).toContainText("This device");
  await expect(devices.first()).toContainText("Chrome on Linux (computer)");
  await expect(devices.filter({ hasText: "Safari on iOS (phone)" })).toHaveCount(1);
  await expectAccessible(page);

  await devices
    .filter({ hasText: "Safari on iOS (phone)" })
    .getByRole("button", { name: /^Sign out/ })
    .click();
  await expect(page.getByRole("status")).toContainText("That device has been signed out.");
  await expect(devices).toHaveCount(2);
  await expect(devices.filter({ hasText: "Safari on iOS" })).toHaveCount(0);
  await expectAccessible(page);
  await phone.goto("/account");
  await expect(phone).toHaveURL(/\/sign-in\?redirectTo=%2Faccount/);
  await expectAccessible(phone);

  await page.getByRole("button", { name: "Sign out of every other device" }).click();
  await expect(page.getByRole("status")).toContainText("Signed out of 1 other device. You are still signed in here.");
  await expect(devices).toHaveCount(1);
  await expect(page.getByText("You are not signed in anywhere else.")).toBeVisible();
  await expectAccessible(page);
  await laptop.goto("/account");
  await expect(laptop).toHaveURL(/\/sign-in\?redirectTo=%2Faccount/);
  await expectAccessible(laptop);

  await phoneContext.close();
  await laptopContext.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a new password that is trivial, common or the account's own details gets a message by the field", async ({ page }) => {
    const email = createTeacher("Morgan Keyes");
    await signInAs(page, email);
    await page.goto("/account");
    await expectAccessible(page);
    const tries: [string, string][] = [
      [" ".repeat(10), "Password must not be only spaces"],
      ["aaaaaaaaaa", "Password must not be one character repeated"],
      [email, "Password must not be an email address"],
      [email.split("@")[0]!.replace(/\./g, " "), "Password must not be your email address"],
      ["Morgan Keyes", "Password must not be your name"],
      ["basketball", "This password is too common. Choose one that is harder to guess"],
    ];
    for (const [password, message] of tries) {
      await page.getByLabel("Current password").fill(DEMO_PASSWORD);
      await page.getByLabel("New password", { exact: true }).fill(password);
      await page.getByLabel("Confirm new password").fill(password);
      await page.getByRole("button", { name: "Change password" }).click();
      await expect(page.getByRole("alert").getByRole("link", { name: message })).toBeVisible();
      await expect(page.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(new RegExp(message.replace(/\./g, "\\.")));
      await expectAccessible(page);
    }
  });
});

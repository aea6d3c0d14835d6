import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";

const PAGE_URL = "/guide/whole-school-approach/trauma-informed-practice";
const PAGE_TITLE = "Trauma-informed practice";

async function giveFeedback(page: Page, comment: string) {
  await page.goto(PAGE_URL);
  await expectAccessible(page);
  const form = page.getByRole("region", { name: "Tell the VRN team what you think" });
  await form.getByRole("button", { name: "Send feedback" }).click();
  await expect(page.getByRole("alert")).toContainText("Select yes if this page was useful");
  await expect(form.getByText("Error: Select yes if this page was useful")).toBeVisible();
  // With scripts or without, the summary takes focus and so is read out and in view.
  await expect(page.getByRole("alert")).toBeFocused();
  await expect(page.getByRole("alert")).toBeInViewport();
  await expectAccessible(page);

  await form.getByRole("radio", { name: "Yes" }).check();
  await form.getByLabel("Anything to add? (optional)").fill(comment);
  await form.getByRole("button", { name: "Send feedback" }).click();
  await expect(page.getByRole("status")).toContainText("Thank you. Your feedback has gone to the VRN team.");
  await expect(page.getByRole("status")).toBeInViewport();
  await expectAccessible(page);
}

async function leadSeesFeedback(page: Page, comment: string, from = "Teacher") {
  await page.context().clearCookies();
  await signInAs(page, "lead@example.org");
  await page.goto("/admin/guide");
  await expectAccessible(page);
  await page.getByRole("link", { name: new RegExp(`yes, \\d+ no for ${PAGE_TITLE}`) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(PAGE_TITLE);
  const row = page.getByRole("table", { name: "Feedback, newest first" }).getByRole("row").filter({ hasText: comment });
  await expect(row).toContainText("Yes");
  await expect(row).toContainText(from);
  await expectAccessible(page);
}

test.describe("school staff tell the VRN team whether a page was useful", () => {
  test("a teacher gives feedback and the lead reads it", async ({ page }) => {
    const comment = `The table of responses helped our lunchtime team ${randomBytes(4).toString("hex")}`;
    await signInAs(page, "teacher@example.org");
    await giveFeedback(page, comment);
    await leadSeesFeedback(page, comment);
  });

  test("a comment that is too long is refused with a message by the field", async ({ page }) => {
    await signInAs(page, "mvp@example.org");
    await page.goto(PAGE_URL);
    await expectAccessible(page);
    const form = page.getByRole("region", { name: "Tell the VRN team what you think" });
    await form.getByRole("radio", { name: "No" }).check();
    await form.getByLabel("Anything to add? (optional)").fill("x".repeat(1001));
    await form.getByRole("button", { name: "Send feedback" }).click();
    await expect(page.getByRole("alert")).toContainText("Your comment must be 1000 characters or fewer");
    await expectAccessible(page);
  });

  test("a comment of 600 emoji and line breaks is within the 1,000 characters the hint gives", async ({ page }) => {
    await signInAs(page, "teacher@example.org");
    await page.goto(PAGE_URL);
    const form = page.getByRole("region", { name: "Tell the VRN team what you think" });
    await form.getByRole("radio", { name: "Yes" }).check();
    // 1,200 code units, and each line break sent as two: the browser's check and the server's both count 605.
    await form.getByLabel("Anything to add? (optional)").fill(Array.from({ length: 6 }, () => "😀".repeat(100)).join("\n"));
    await form.getByRole("button", { name: "Send feedback" }).click();
    await expect(page.getByRole("status")).toContainText("Thank you. Your feedback has gone to the VRN team.");
  });
});

test.describe("anyone reading the guide says whether a page was useful", () => {
  test("a member of the public answers on a phone, told not to include names, and only the lead reads it", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const comment = `Clear steps, thank you ${randomBytes(4).toString("hex")}`;
    await page.goto(PAGE_URL);
    await expectAccessible(page);
    const form = page.getByRole("region", { name: "Tell the VRN team what you think" });
    await expect(form).toContainText("You do not need an account");
    await expect(form.getByText("Do not include names or any personal details")).toBeVisible();
    await form.getByRole("radio", { name: "Yes" }).check();
    await form.getByLabel("Anything to add? (optional)").fill(comment);
    await form.getByRole("button", { name: "Send feedback" }).click();
    await expect(page.getByRole("status")).toContainText("Thank you. Your feedback has gone to the VRN team.");
    await expectAccessible(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await leadSeesFeedback(page, comment, "A member of the public");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a teacher gives feedback, with a mistake first", async ({ page }) => {
    const comment = `Shared with our pastoral team ${randomBytes(4).toString("hex")}`;
    await signInAs(page, "teacher2@example.org");
    await giveFeedback(page, comment);
    await leadSeesFeedback(page, comment);
  });

  test("a member of the public answers without an account, with a mistake first", async ({ page }) => {
    const comment = `Printed it for our governors ${randomBytes(4).toString("hex")}`;
    await giveFeedback(page, comment);
    await leadSeesFeedback(page, comment, "A member of the public");
  });

  test("a member of the public's answer that reaches the server twice is saved once, and they are told it was received", async ({ page }) => {
    const comment = `Sent twice on a slow connection ${randomBytes(4).toString("hex")}`;
    // The form's request reaches the server twice (a double click, or the browser sending it again), and
    // the browser is given the second answer.
    await page.route(PAGE_URL, async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      await route.fetch({ maxRedirects: 0 });
      await route.fulfill({ response: await route.fetch({ maxRedirects: 0 }) });
    });
    // The page carries this reader's own token: no shared cache may keep it for another.
    expect((await page.goto(PAGE_URL))?.headers()["cache-control"]).toBe("private, no-cache");
    await expectAccessible(page);
    const form = page.getByRole("region", { name: "Tell the VRN team what you think" });
    await form.getByRole("radio", { name: "Yes" }).check();
    await form.getByLabel("Anything to add? (optional)").fill(comment);
    await form.getByRole("button", { name: "Send feedback" }).click();
    await expect(page.getByRole("status")).toHaveText("This form had been sent already, and your answer received then: nothing more was saved.");
    await expect(page.getByRole("status")).toBeInViewport();
    await expectAccessible(page);
    // The page drawn again has a token of its own: another answer is the reader's to send.
    await page.unroute(PAGE_URL);
    await leadSeesFeedback(page, comment, "A member of the public");
    await expect(page.getByRole("table", { name: "Feedback, newest first" }).getByRole("row").filter({ hasText: comment })).toHaveCount(1);
  });
});

import type { Page } from "@playwright/test";
import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createTestRun } from "./support/surveys";

async function expectHelpPanel(page: Page) {
  const help = page.getByRole("complementary", { name: "If you are worried or need to talk" });
  await expect(help).toContainText("trusted adult");
  await expect(help.getByRole("link", { name: "0800 1111" })).toHaveAttribute("href", "tel:08001111");
  await expect(help.getByRole("link", { name: "Fearless.org" })).toHaveAttribute("href", "https://www.fearless.org");
  await expect(help.getByRole("link", { name: "999" })).toHaveAttribute("href", "tel:999");
}

const question = (page: Page, prompt: RegExp | string) => page.getByRole("group", { name: prompt });

/** The second page of the "after" survey: who they could tell, and whether they would recommend it; then send. */
async function answerKnifeAfterPageTwo(page: Page) {
  await expect(page.getByText("Page 2 of 2")).toBeVisible();
  await expectAccessible(page);
  await question(page, /who could you tell/)
    .getByLabel("A parent or carer")
    .check();
  await question(page, /who could you tell/)
    .getByLabel("Childline")
    .check();
  await question(page, /recommend/)
    .getByLabel("Yes")
    .check();
  await page.getByRole("button", { name: "Send my answers" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Thank you" })).toBeVisible();
}

async function answerKnifeBefore(page: Page) {
  await question(page, /what the law says/)
    .getByLabel("Agree", { exact: true })
    .check();
  await question(page, /makes you safer/)
    .getByLabel("Strongly disagree")
    .check();
  await question(page, /where to get help/)
    .getByLabel("Not sure")
    .check();
  await question(page, /tell a trusted adult/)
    .getByLabel("Strongly agree")
    .check();
  await question(page, /lesson or talk about knife crime/)
    .getByLabel("No")
    .check();
}

test("a teacher trying the survey while signed in sees a preview, and nothing they send is counted", async ({ page }) => {
  const run = createTestRun({ urn: "990002" });
  await signInAs(page, "teacher2@example.org");
  await page.goto(`/s/${run.code}`);
  await expect(page.getByText("Preview: answers sent from this browser are not saved")).toBeVisible();
  await expectAccessible(page);
  await answerKnifeBefore(page);
  await page.getByRole("button", { name: "Send my answers" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Preview finished: nothing was saved" })).toBeVisible();
  await expect(page).toHaveTitle("Preview finished: nothing was saved – Pupil survey – VRN Schools Forum");
  await expectHelpPanel(page);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Back to your surveys" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pupil surveys" })).toBeVisible();
  await expectAccessible(page);
  await page.goto(`/surveys/${run.id}`);
  await expect(page.getByText("0 pupils have answered so far.")).toBeVisible();
  await expectAccessible(page);
});

test.describe("a pupil on a phone", () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test("types the code, answers, sees help on every page, and cannot answer twice", async ({ page }) => {
    const run = createTestRun();
    await page.goto("/s");
    await expect(page.getByRole("heading", { level: 1, name: "Answer a survey" })).toBeVisible();
    await expectHelpPanel(page);
    await expectAccessible(page);
    await page.getByLabel("Survey code").fill(` ${run.formatted.toLowerCase()} `);
    await page.getByRole("button", { name: "Start the survey" }).click();
    await expect(page).toHaveURL(new RegExp(`/s/${run.code}$`));
    await expect(page.getByRole("heading", { level: 1, name: "Knife-crime awareness: before the session" })).toBeVisible();
    // Each state of a pupil's page has a title of its own: the first thing a screen reader says.
    await expect(page).toHaveTitle("Knife-crime awareness: before the session – Pupil survey – VRN Schools Forum");
    await expect(page.getByRole("navigation")).toHaveCount(0);
    await expectHelpPanel(page);
    await expectAccessible(page);
    // The page is plain HTML: it loads no script at all, so it is quick on any device.
    await expect(page.locator("script, link[rel=modulepreload]")).toHaveCount(0);
    // Nothing is wider than the phone's screen, and the choices are big enough to tap.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    const choice = await question(page, /what the law says/)
      .locator("label")
      .first()
      .boundingBox();
    expect(choice!.height).toBeGreaterThanOrEqual(44);

    await answerKnifeBefore(page);
    await page.getByRole("button", { name: "Send my answers" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Thank you" })).toBeVisible();
    await expect(page).toHaveTitle("Thank you: your answers have been sent – Pupil survey – VRN Schools Forum");
    await expectHelpPanel(page);
    await expectAccessible(page);

    await page.goto(`/s/${run.code}`);
    await expect(page.getByRole("heading", { level: 1, name: "You've already answered this survey – thank you" })).toBeVisible();
    await expect(page).toHaveTitle("You have already answered this survey – Pupil survey – VRN Schools Forum");
    await expectHelpPanel(page);
    await expectAccessible(page);
  });

  test("a closed code and an unknown code get clear pages with help", async ({ page }) => {
    const closed = createTestRun({ closed: true });
    await page.goto(`/s/${closed.code}`);
    await expect(page.getByRole("heading", { level: 1, name: "This survey has closed" })).toBeVisible();
    await expect(page).toHaveTitle("This survey has closed – Pupil survey – VRN Schools Forum");
    await expectHelpPanel(page);
    await expectAccessible(page);

    await page.goto("/s/ZZZZ-ZZZ2");
    await expect(page).toHaveURL(/\/s\/ZZZZZZZ2$/);
    await expect(page.getByRole("heading", { level: 1, name: "There is no survey with that code" })).toBeVisible();
    await expect(page).toHaveTitle("Error: There is no survey with that code – Pupil survey – VRN Schools Forum");
    // The code is the field's error: summarised, focused, and by the field, which holds the code typed.
    await expect(page.getByRole("alert")).toContainText("No survey has this code");
    await expect(page.getByRole("alert")).toBeFocused();
    await expect(page.getByLabel("Survey code")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Survey code")).toHaveValue("ZZZZZZZ2");
    await expectHelpPanel(page);
    await expectAccessible(page);

    await page.getByLabel("Survey code").fill("OOPS");
    await page.getByRole("button", { name: "Start the survey" }).click();
    await expect(page.getByRole("alert")).toContainText("Enter the code your teacher gave you");
    await expectAccessible(page);
  });
});

test.describe("a pupil without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 375, height: 700 } });

  test("answers a two-page survey, corrects a missed question and sees the help panel", async ({ page }) => {
    const run = createTestRun({ family: "knife-crime-after" });
    await page.goto(`/s/${run.code}`);
    await expect(page.getByText("Page 1 of 2")).toBeVisible();
    await expectHelpPanel(page);
    await expectAccessible(page);

    await question(page, /what the law says/)
      .getByLabel("Strongly agree")
      .check();
    await question(page, /makes you safer/)
      .getByLabel("Disagree", { exact: true })
      .check();
    await question(page, /where to get help/)
      .getByLabel("Agree", { exact: true })
      .check();
    await page.getByRole("button", { name: "Next page" }).click();
    await expect(page.getByRole("alert")).toContainText("There is a problem");
    // With no script to move it, the page itself puts focus on the summary, so it is read first.
    await expect(page.getByRole("alert")).toBeFocused();
    await expect(page.getByRole("alert")).toContainText("Choose an answer to question 4");
    await expect(page).toHaveTitle(/^Error: /);
    await expect(question(page, /tell a trusted adult/)).toContainText("Choose an answer to question 4");
    await expect(question(page, /what the law says/).getByLabel("Strongly agree")).toBeChecked();
    await expectAccessible(page);
    // The summary's link, followed without scripts on a phone, shows the question it names with its message, and
    // the next Tab reaches its first answer.
    await page.getByRole("alert").getByRole("link", { name: "Choose an answer to question 4" }).click();
    const missed = question(page, /tell a trusted adult/);
    await expect(missed).toBeFocused();
    await expect(missed.locator("legend")).toBeInViewport({ ratio: 1 });
    await page.keyboard.press("Tab");
    await expect(missed.getByRole("radio").first()).toBeFocused();

    await question(page, /tell a trusted adult/)
      .getByLabel("Agree", { exact: true })
      .check();
    await question(page, /How useful/)
      .getByLabel("8")
      .check();
    await page.getByRole("button", { name: "Next page" }).click();

    // "I would not tell anyone" comes after an "or": chosen with another answer, the question says so.
    const who = question(page, /who could you tell/);
    await expect(who.getByText("or", { exact: true })).toBeVisible();
    await who.getByLabel("The police").check();
    await who.getByLabel("I would not tell anyone").check();
    await page.getByRole("button", { name: "Send my answers" }).click();
    await expect(page.getByRole("alert")).toContainText("You chose “I would not tell anyone” and other answers to question 6");
    await expect(who).toContainText("choose either “I would not tell anyone” or the others");
    await expect(who.getByLabel("I would not tell anyone")).toBeChecked();
    await expectAccessible(page);
    await who.getByLabel("The police").uncheck();
    await who.getByLabel("I would not tell anyone").uncheck();
    await answerKnifeAfterPageTwo(page);
    await expectHelpPanel(page);
    await expectAccessible(page);
  });

  test("a browser that forgets its cookie between the pages of a survey still sends the answers", async ({ page, context }) => {
    const run = createTestRun({ family: "knife-crime-after" });
    await page.goto(`/s/${run.code}`);
    await expectAccessible(page);
    // Cleared between pages (a browser that drops cookies on restart, or one that expired): the first
    // page's post comes with none, and the page that comes back must belong to the one it is given.
    await context.clearCookies();
    for (const [prompt, answer] of [
      [/what the law says/, "Strongly agree"],
      [/makes you safer/, "Disagree"],
      [/where to get help/, "Agree"],
      [/tell a trusted adult/, "Agree"],
      [/How useful/, "8"],
    ] as const) {
      await question(page, prompt).getByLabel(answer, { exact: true }).check();
    }
    await page.getByRole("button", { name: "Next page" }).click();
    await answerKnifeAfterPageTwo(page);
    await expectAccessible(page);
  });

  test("on a shared computer, 'Next pupil' lets the next person start", async ({ page }) => {
    const run = createTestRun({ sharedDevices: true });
    await page.goto(`/s/${run.code}`);
    await expectAccessible(page);
    await answerKnifeBefore(page);
    await page.getByRole("button", { name: "Send my answers" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Thank you" })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Next pupil" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Knife-crime awareness: before the session" })).toBeVisible();
    await expectAccessible(page);
  });
});

test.describe("a pupil on a phone using a keyboard", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("sees the whole answer tile show focus, on a page that loads no script", async ({ page }) => {
    const run = createTestRun();
    await page.goto(`/s/${run.code}`);
    await expectAccessible(page);
    await expect(page.locator("script, link[rel=modulepreload]")).toHaveCount(0);
    const firstChoice = question(page, /what the law says/)
      .getByRole("radio")
      .first();
    // Tab from the top of the page until the first answer's radio has focus.
    for (let i = 0; i < 40 && !(await firstChoice.evaluate((input) => input === document.activeElement)); i++) await page.keyboard.press("Tab");
    await expect(firstChoice).toBeFocused();
    const tile = question(page, /what the law says/)
      .locator("label")
      .first();
    const outline = await tile.evaluate((label) => {
      const style = getComputedStyle(label);
      return { style: style.outlineStyle, width: style.outlineWidth, color: style.outlineColor };
    });
    expect(outline).toEqual({ style: "solid", width: "3px", color: "rgb(255, 221, 0)" });
    const otherTile = question(page, /what the law says/)
      .locator("label")
      .nth(1);
    expect(await otherTile.evaluate((label) => getComputedStyle(label).outlineStyle)).toBe("none");
  });
});

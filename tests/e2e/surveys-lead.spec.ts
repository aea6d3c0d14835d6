import { randomBytes } from "node:crypto";
import { openDatabase, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";

test.describe("the lead's surveys", () => {
  test("builds a template, publishes it, and editing it afterwards makes the next version", async ({ page }) => {
    test.slow();
    await signInAs(page, "lead@example.org");
    const title = `Lesson check-in ${randomBytes(3).toString("hex")}`;
    await page.goto("/admin/surveys");
    await expect(page.getByRole("table", { name: "Templates and their versions" })).toContainText("Knife-crime awareness: before the session");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Create a template" }).click();
    await expectAccessible(page);
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Mentors in Violence Prevention").check();
    await page.getByLabel("Feedback on a lesson led by mentors").check();
    await page.getByRole("button", { name: "Create draft" }).click();
    await expect(page.getByRole("status")).toContainText("Draft created");
    await expectAccessible(page);

    await page.getByRole("link", { name: "Add a question" }).click();
    await expectAccessible(page);
    await page.getByLabel("Type of question").selectOption("SINGLE_CHOICE");
    await page.getByLabel("Question or statement").fill("Which part helped most?");
    await page.getByRole("button", { name: "Add question" }).click();
    await expect(page.getByRole("alert")).toContainText("Enter at least 2 choices, one a line");
    await expectAccessible(page);
    await page.getByLabel("Choices (single and multiple choice only)").fill("The role-play\nThe discussion\nThe video");
    await page.getByRole("button", { name: "Add question" }).click();
    await expect(page.getByRole("status")).toContainText("Question added");
    await expectAccessible(page);

    await page.getByRole("link", { name: "Add a question" }).click();
    await expectAccessible(page);
    await page.getByLabel("Question or statement").fill("The mentors listened to us.");
    await page.getByRole("button", { name: "Add question" }).click();
    await expect(page.getByRole("status")).toContainText("Question added");
    await expectAccessible(page);

    await page.getByRole("link", { name: "Add a question" }).click();
    await expectAccessible(page);
    await page.getByLabel("Type of question").selectOption("FREE_TEXT");
    await page.getByLabel("Question or statement").fill("Anything else?");
    await page.getByLabel("Pupils must answer it").uncheck();
    await page.getByLabel("Turn on: let pupils type an answer").check();
    await page.getByRole("button", { name: "Add question" }).click();
    await expect(page.getByRole("note")).toContainText("Safeguarding: free text can prompt a disclosure");
    await expectAccessible(page);

    await page.getByRole("button", { name: "Move up question 2" }).click();
    await expect(page.getByRole("listitem").filter({ hasText: "The mentors listened to us." }).first()).toContainText("1. The mentors listened to us.");
    await expectAccessible(page);

    await page.getByRole("button", { name: "Publish this version" }).click();
    await expect(page.getByRole("status")).toContainText("Published");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Edit (makes a new draft version)" }).click();
    await expect(page.getByRole("status")).toContainText("new draft version");
    await expect(page.getByText("Version 2:")).toBeVisible();
    await expect(page.getByText("1. The mentors listened to us.")).toBeVisible();
    await expectAccessible(page);
  });

  test("a change sent from a page drawn before the version was published is refused, saying why", async ({ page }) => {
    // A draft for MVP lessons (no school's session offers it), with one question.
    const templateId = `twotabs${randomBytes(6).toString("hex")}`;
    const db = openDatabase();
    try {
      db.prepare(
        "INSERT INTO SurveyTemplate (id, family, version, title, context, phase, status) VALUES (?, ?, 1, 'Two tabs', 'MVP', 'FEEDBACK', 'DRAFT')",
      ).run(templateId, templateId);
      db.prepare("INSERT INTO SurveyQuestion (id, templateId, position, type, prompt) VALUES (?, ?, 1, 'AGREEMENT', 'The mentors listened to us.')").run(
        `${templateId}q`,
        templateId,
      );
    } finally {
      db.close();
    }
    await signInAs(page, "lead@example.org");
    await page.goto(`/admin/surveys/${templateId}`);
    await expectAccessible(page);
    const questionPage = (await page.getByRole("link", { name: "Edit question 1" }).getAttribute("href")) ?? "";

    // A second tab of the draft, then the version is published in the first.
    const other = await page.context().newPage();
    await other.goto(page.url());
    await expectAccessible(other);
    await page.getByRole("button", { name: "Publish this version" }).click();
    await expect(page.getByRole("status")).toContainText("Published");

    await other.getByRole("button", { name: "Remove question 1" }).click();
    const notADraft = "This version is now “Published”: only a draft can be changed, so nothing was changed.";
    await expect(other.getByRole("alert")).toContainText(notADraft);
    await expectAccessible(other);
    await other.goto(questionPage);
    await expect(other).toHaveURL(/\/admin\/surveys\/[^/]+$/);
    await expect(other.getByRole("status")).toContainText(notADraft);
    await expect(other.getByText("1. The mentors listened to us.")).toBeVisible();
    await expectAccessible(other);
  });

  test("compares before and after across all bookings of a topic", async ({ page }) => {
    await signInAs(page, "lead@example.org");
    await page.goto("/surveys");
    await expectAccessible(page);
    // The lead opens a session's surveys from its bookings in the schedule: never from a page they cannot open.
    await expect(page.getByRole("link", { name: "the schedule" })).toHaveAttribute("href", "/sessions/schedule");
    await expect(page.locator('main a[href="/bookings"]')).toHaveCount(0);
    await page.getByRole("link", { name: "Compare before and after across all bookings of a topic" }).click();
    const table = page.getByRole("table", { name: /Core statements before and after Knife-crime awareness sessions/ });
    await expect(table.getByRole("row", { name: /I know what the law says about carrying a knife/ })).toBeVisible();
    await expect(table.getByRole("row", { name: /Carrying a knife makes you safer/ })).toContainText("Worded negatively");
    await expectAccessible(page);
  });
});

import { createTeacher, DEMO_PASSWORD, signInAs, signInWithForm } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";

const ACCOUNTS = [
  { email: "lead@example.org", role: "VRN schools lead", nav: "Users" },
  { email: "teacher@example.org", role: "Teacher", nav: "My school" },
  { email: "mvp@example.org", role: "MVP lead", nav: "My school" },
  { email: "teacher2@example.org", role: "Teacher", nav: "My school" },
];

test.describe("signing in and out", () => {
  for (const account of ACCOUNTS) {
    test(`${account.email} signs in, sees their role's pages and signs out`, async ({ page }) => {
      await page.goto("/");
      await expectAccessible(page);
      await expect(page).toHaveTitle("VRN Schools Forum");
      await page.getByRole("link", { name: "Sign in" }).first().click();
      await signInWithForm(page, account.email);
      await expectAccessible(page);
      await expect(page.getByRole("banner")).toContainText(account.role);
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: account.nav })).toBeVisible();

      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
      await expectAccessible(page);
      // The old session is gone: a protected page sends us back to sign in.
      await page.goto("/account");
      await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Faccount/);
      await expectAccessible(page);
    });
  }

  test("a wrong password and an unknown email get the same message, next to a usable form", async ({ page }) => {
    await page.goto("/sign-in");
    await expectAccessible(page);
    await page.getByLabel("Email address").fill("teacher@example.org");
    await page.getByLabel("Password", { exact: true }).fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("There is a problem");
    await expect(summary).toContainText("The email address or password is not right");
    await expect(summary).toBeFocused();
    await expectAccessible(page);
    const wrongPasswordMessage = await summary.textContent();

    await page.getByLabel("Email address").fill("nobody@example.org");
    await page.getByLabel("Password", { exact: true }).fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText(wrongPasswordMessage ?? "");
  });

  test("an empty form says what is missing beside each field", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").getByRole("link", { name: "Enter your email address" })).toBeVisible();
    await expect(page.getByRole("alert").getByRole("link", { name: "Enter your password" })).toBeVisible();
    await expect(page.getByRole("alert")).toBeFocused();
    await page.getByRole("alert").getByRole("link", { name: "Enter your email address" }).click();
    await expect(page.getByLabel("Email address")).toBeFocused();
    // Each key typed changes the errors shown; the summary must not take focus back from the field.
    await page.keyboard.type("teacher@example.org", { delay: 20 });
    await expect(page.getByLabel("Email address")).toBeFocused();
    await expect(page.getByLabel("Email address")).toHaveValue("teacher@example.org");
    // Sent again, still short of a password: the summary takes focus once more.
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toBeFocused();
    await expectAccessible(page);
  });

  test("signing in returns you to the page you asked for", async ({ page }) => {
    await page.goto("/account");
    await expect(page).toHaveURL(/redirectTo/);
    await expectAccessible(page);
    await page.getByLabel("Email address").fill("teacher@example.org");
    await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    await expectAccessible(page);
  });
});

test("a password longer than any can be is told so in plain words, checked in the browser as on the server", async ({ page }) => {
  await signInAs(page, createTeacher("Long Paster"));
  await page.goto("/account");
  await expectAccessible(page);
  await page.getByLabel("Current password").fill("x".repeat(1001));
  await page.getByLabel("New password", { exact: true }).fill("a long new password 2026");
  await page.getByLabel("Confirm new password").fill("a long new password 2026");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert")).toContainText("That is longer than any password here can be: check what you entered");
  await expect(page.getByLabel("Current password")).toHaveAccessibleDescription(/longer than any password here can be/);
  await expect(page.getByText(/character\(s\)/)).toHaveCount(0);
  await expectAccessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("signing in, a wrong password and signing out all work", async ({ page }) => {
    await page.goto("/sign-in");
    await expectAccessible(page);
    await page.getByLabel("Email address").fill("mvp@example.org");
    await page.getByLabel("Password", { exact: true }).fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("The email address or password is not right");
    // The email comes back to save typing; the password is never sent back to the page.
    await expect(page.getByLabel("Email address")).toHaveValue("mvp@example.org");
    await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
    await expectAccessible(page);

    await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
    await expectAccessible(page);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });

  test("changing the password with a mistake, then correctly", async ({ page }) => {
    // A teacher of its own: the change signs the account out everywhere else.
    await signInAs(page, createTeacher("Password Changer"));
    await page.goto("/account");
    await expectAccessible(page);
    await page.getByLabel("Current password").fill(DEMO_PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill("password123");
    await page.getByLabel("Confirm new password").fill("password123");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("alert")).toContainText("too common");
    await expectAccessible(page);

    // Put the demo password back, so the change is real but leaves the demo account usable.
    await page.getByLabel("Current password").fill(DEMO_PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByLabel("Confirm new password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status")).toContainText("Your password has been changed");
    await expectAccessible(page);
  });
});

import { expect, expectAccessible, test } from "./support/fixtures";
import { codeFor, createPerson, setUpApp, signOut, submitPassword } from "./support/two-step";

test.describe("two-step sign-in", () => {
  test("a teacher turns it on from their account, then signs in with a code and with a recovery code, once", async ({ page }) => {
    const email = createPerson("TEACHER", "teacher-2fa");
    await submitPassword(page, email);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
    await page.goto("/account");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Set up or change two-step sign-in" }).click();

    // A wrong code is refused by the field, and nothing is turned on.
    await page.getByLabel("Code from your authenticator app").fill("12345");
    await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
    await expect(page.getByRole("alert")).toContainText("Enter the 6 digits your authenticator app shows");
    await expectAccessible(page);
    const { key, recoveryCodes } = await setUpApp(page, { heading: "Two-step sign-in" });
    await page.getByRole("link", { name: "I have saved my codes: back to your account" }).click();
    await expectAccessible(page);
    await signOut(page);

    // The password alone opens no session: the code step comes first, and a protected page still asks to sign in.
    await submitPassword(page, email);
    await expect(page.getByRole("heading", { level: 1, name: "Enter your code" })).toBeVisible();
    await expectAccessible(page);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Faccount/);
    await expectAccessible(page);
    await page.goto("/sign-in/two-step");
    // The code the set-up used cannot be used again; the next step's code is accepted.
    const nextCode = codeFor(key, 1);
    await page.getByLabel("Code from your authenticator app").fill(nextCode);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
    await expectAccessible(page);
    await signOut(page);

    // The same code again (a replay) is refused; a recovery code works once.
    await submitPassword(page, email);
    await page.getByLabel("Code from your authenticator app").fill(nextCode);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("The code is not right, or it has been used already");
    await expectAccessible(page);
    await page.getByLabel("Code from your authenticator app").fill(recoveryCodes[0] ?? "");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("status")).toContainText("You signed in with a recovery code, which cannot be used again. You have 9 recovery codes left");
    await expectAccessible(page);
    await signOut(page);

    await submitPassword(page, email);
    await page.getByLabel("Code from your authenticator app").fill(recoveryCodes[0] ?? "");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("The code is not right, or it has been used already");
    await page.getByLabel("Code from your authenticator app").fill((recoveryCodes[1] ?? "").toUpperCase());
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("status")).toContainText("You have 8 recovery codes left");
    await expectAccessible(page);

    // New recovery codes replace the old, and turning off needs the password and a code, as signing in does.
    await page.goto("/account/two-step");
    await expect(page.getByRole("main")).toContainText("You have 8 unused recovery codes");
    await expectAccessible(page);
    await page.getByRole("textbox", { name: "Your password" }).first().fill("demo-password-2026");
    await page.getByRole("button", { name: "Make new recovery codes" }).click();
    await expect(page.getByRole("alert")).toContainText("Enter the code from your authenticator app, or a recovery code");
    await expectAccessible(page);
    await page.getByRole("textbox", { name: "Your password" }).first().fill("demo-password-2026");
    await page
      .getByLabel("Code from your authenticator app")
      .first()
      .fill(recoveryCodes[2] ?? "");
    await page.getByRole("button", { name: "Make new recovery codes" }).click();
    const newCodes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    await expect(newCodes).toHaveCount(10);
    const newCode = (await newCodes.first().innerText()).trim();
    await expectAccessible(page);
    await page.goto("/account/two-step");
    await page.getByLabel("Your password").last().fill("not-my-password");
    await page.getByLabel("Code from your authenticator app").last().fill(newCode);
    await page.getByRole("button", { name: "Turn off two-step sign-in" }).click();
    await expect(page.getByRole("alert")).toContainText("Your password is not right");
    await expectAccessible(page);
    // The old recovery codes no longer work.
    await page.getByLabel("Your password").last().fill("demo-password-2026");
    await page
      .getByLabel("Code from your authenticator app")
      .last()
      .fill(recoveryCodes[3] ?? "");
    await page.getByRole("button", { name: "Turn off two-step sign-in" }).click();
    await expect(page.getByRole("alert")).toContainText("The code is not right");
    await page.getByLabel("Your password").last().fill("demo-password-2026");
    await page.getByLabel("Code from your authenticator app").last().fill(newCode);
    await page.getByRole("button", { name: "Turn off two-step sign-in" }).click();
    await expect(page.getByRole("status")).toContainText("Two-step sign-in is off");
    await expectAccessible(page);
    await signOut(page);
    await submitPassword(page, email);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
  });
});

test.describe("two-step sign-in without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("setting it up and signing in with a code both work", async ({ page }) => {
    const email = createPerson("TEACHER", "nojs-2fa");
    await submitPassword(page, email);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
    await page.goto("/account/two-step");
    const { key } = await setUpApp(page, { heading: "Two-step sign-in" });
    await signOut(page);

    await submitPassword(page, email);
    await expect(page.getByRole("heading", { level: 1, name: "Enter your code" })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel("Code from your authenticator app").fill("000");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("Enter the 6-digit code from your authenticator app, or a recovery code");
    await expectAccessible(page);
    await page.getByLabel("Code from your authenticator app").fill(codeFor(key, 1));
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
    await expectAccessible(page);
  });
});

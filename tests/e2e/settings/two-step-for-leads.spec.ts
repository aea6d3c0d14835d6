import { createHash, randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { openDatabase } from "../support/auth";
import { GOOD_PASSWORD } from "../support/people";
import { expect, expectAccessible, test } from "../support/fixtures";
import { createPerson, setUpApp, signOut, submitPassword } from "../support/two-step";

// Turning the requirement on ends the sessions of every lead without two-step, so this runs in its own
// project after every other test, and leaves the setting off whatever happens.
test.afterAll(() => {
  const db = openDatabase();
  try {
    db.prepare("DELETE FROM Setting WHERE key = 'signIn.requireTwoStepForLeads'").run();
  } finally {
    db.close();
  }
});

test("the lead requires two-step for leads, and a lead without it sets it up before reaching anything else", async ({ page }) => {
  const leadWithout = createPerson("VRN_LEAD", "lead-without");
  const lead = createPerson("VRN_LEAD", "lead-2fa");
  const otherLead = createPerson("VRN_LEAD", "other-lead");

  // A lead without two-step cannot require it (they would lock themselves out).
  await submitPassword(page, leadWithout);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
  await expectAccessible(page);
  await page.goto("/admin/security");
  await expectAccessible(page);
  await page.getByLabel("Require two-step sign-in for VRN leads").check();
  await page.getByRole("button", { name: "Save setting" }).click();
  await expect(page.getByRole("alert")).toContainText("Turn on two-step sign-in for your own account before you require it for leads");
  await expectAccessible(page);
  await signOut(page);

  // A lead with two-step on turns the requirement on.
  await submitPassword(page, lead);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
  await expectAccessible(page);
  await page.goto("/account/two-step");
  await setUpApp(page, { heading: "Two-step sign-in" });
  await page.goto("/admin/security");
  await expectAccessible(page);
  await page.getByLabel("Require two-step sign-in for VRN leads").check();
  await page.getByRole("button", { name: "Save setting" }).click();
  await expect(page.getByRole("status")).toContainText("Two-step sign-in is now required for VRN leads.");
  await expect(page.getByLabel("Require two-step sign-in for VRN leads")).toBeChecked();
  await expectAccessible(page);
  await signOut(page);

  // Another lead's password now leads to setting two-step up, with no session until it is done.
  await page.goto("/reach");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Freach/);
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(otherLead);
  await page.getByLabel("Password", { exact: true }).fill("demo-password-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in\/set-up-two-step$/);
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fadmin%2Fusers/);
  await expectAccessible(page);
  await page.goto("/sign-in/set-up-two-step");
  await setUpApp(page, { heading: "Set up two-step sign-in" });
  await page.getByRole("link", { name: "I have saved my codes: continue" }).click();
  await expect(page).toHaveURL(/\/reach$/);
  await expectAccessible(page);
  await signOut(page);

  // A teacher is not asked.
  await submitPassword(page, createPerson("TEACHER", "teacher-unaffected"));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
  await expectAccessible(page);
});

test("while it is required, a teacher made a lead signs in again to set it up, and an invited lead sets it up before their first page", async ({ page }) => {
  const teacher = createPerson("TEACHER", "teacher-made-lead");
  await submitPassword(page, teacher);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
  await expectAccessible(page);

  // As the service makes them: 160 random bits in lower-case base32.
  const token = encodeBase32LowerCaseNoPadding(randomBytes(20));
  const db = openDatabase();
  try {
    db.prepare("INSERT INTO Setting (key, value) VALUES ('signIn.requireTwoStepForLeads', 'true') ON CONFLICT(key) DO UPDATE SET value = 'true'").run();
    // The lead makes the teacher a lead, while the teacher is signed in.
    db.prepare("UPDATE User SET role = 'VRN_LEAD', schoolId = NULL WHERE email = ?").run(teacher);
    const inviter = db.prepare("SELECT id FROM User WHERE email = 'lead@example.org'").get() as { id: string };
    db.prepare("INSERT INTO Invitation (id, email, name, role, tokenHash, expiresAt, invitedById) VALUES (?, ?, 'Invited Lead', 'VRN_LEAD', ?, ?, ?)").run(
      `e2e${randomBytes(8).toString("hex")}`,
      `invited-lead-${randomBytes(4).toString("hex")}@example.org`,
      createHash("sha256").update(token).digest("hex"),
      new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString(),
      inviter.id,
    );
  } finally {
    db.close();
  }

  await page.goto("/reach");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Freach/);
  await expectAccessible(page);

  await page.goto(`/invitations/${token}`);
  await expectAccessible(page);
  await page.getByLabel("Your name").fill("Invited Lead");
  await page.getByLabel("Create a password").fill(GOOD_PASSWORD);
  await page.getByLabel("Confirm your password").fill(GOOD_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/sign-in\/set-up-two-step$/);
  await expect(page.getByRole("status")).toContainText("Set up two-step sign-in to finish signing in");
  await expectAccessible(page);
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fadmin%2Fusers/);
  await expectAccessible(page);
});

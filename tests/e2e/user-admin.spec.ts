import { randomUUID } from "node:crypto";
import { openDatabase, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { freshBrowser, inviteThroughForm, LEAD, londonToday, openSchool, uniqueEmail } from "./support/people";
import { FROM_OWN_PAGE } from "./support/origin";

test.describe("managing a user", () => {
  test("the lead changes a user's role and school, then deactivates them, which ends their session at once", async ({ page, browser }) => {
    test.slow(); // a long journey: many pages, each checked with axe
    const email = uniqueEmail("leaver");
    const [first, second] = [openSchool(7), openSchool(8)];
    const db = openDatabase();
    const now = new Date().toISOString();
    db.prepare("INSERT INTO User (id, email, name, passwordHash, role, schoolId, active, updatedAt) VALUES (?, ?, ?, 'not-a-hash', 'TEACHER', ?, 1, ?)").run(
      randomUUID(),
      email,
      "Leo Leaver",
      first.id,
      now,
    );
    db.close();

    const leaver = await freshBrowser(browser);
    await signInAs(leaver.page, email);
    await leaver.page.goto("/account");
    await expect(leaver.page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    await expectAccessible(leaver.page);

    await signInAs(page, LEAD);
    await page.goto("/admin/users");
    await expectAccessible(page);
    await page.getByLabel("Name or email address").fill(email);
    await page.getByLabel("Role").selectOption({ label: "Teacher" });
    await page.getByLabel("Status").selectOption({ label: "Active" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByRole("table", { name: /People with an account/ })).toHaveAccessibleName(/\(1 match\)/);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Leo Leaver" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Leo Leaver" })).toBeVisible();
    await expectAccessible(page);

    // A VRN lead cannot have a school: the form says so beside the field.
    await page.getByLabel("Role").selectOption({ label: "VRN schools lead" });
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("alert")).toContainText("A VRN schools lead does not belong to a school");
    await expectAccessible(page);
    await page.getByLabel("Role").selectOption({ label: "MVP lead" });
    await page.getByLabel("School").selectOption({ label: second.name });
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status")).toContainText("Leo Leaver's role and school were saved");
    await expect(page.getByRole("definition").filter({ hasText: second.name })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("button", { name: "Deactivate account" }).click();
    await expect(page.getByRole("status")).toContainText("Leo Leaver's account was deactivated");
    await expect(page.getByRole("main")).toContainText("Deactivated");
    await expect(page.getByRole("main")).toContainText("0 devices");
    await expectAccessible(page);

    await leaver.page.goto("/account");
    await expect(leaver.page).toHaveURL(/\/sign-in\?redirectTo=%2Faccount/);
    await expectAccessible(leaver.page);
    await leaver.close();

    await page.getByRole("button", { name: "Reactivate account" }).click();
    await expect(page.getByRole("status")).toContainText("Leo Leaver's account was reactivated");
    await expectAccessible(page);
  });

  test("the lead can neither deactivate themselves nor give up their own lead role", async ({ page }) => {
    await signInAs(page, LEAD);
    const db = openDatabase();
    const lead = db.prepare("SELECT id FROM User WHERE email = ?").get(LEAD) as { id: string };
    db.close();
    await page.goto(`/admin/users/${lead.id}`);
    await expectAccessible(page);
    await expect(page.getByRole("button", { name: "Deactivate account" })).toHaveCount(0);
    await expect(page.getByRole("main")).toContainText("You cannot deactivate your own account");

    await page.getByLabel("Role").selectOption({ label: "Teacher" });
    await page.getByLabel("School").selectOption({ index: 1 });
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("alert")).toContainText("You cannot remove your own VRN schools lead role");
    await expectAccessible(page);

    const forced = await page.request.post(`/admin/users/${lead.id}`, { headers: FROM_OWN_PAGE, form: { intent: "deactivate" }, maxRedirects: 0 });
    expect(forced.status()).toBe(400);
    const row = openDatabase();
    expect(row.prepare("SELECT role, active FROM User WHERE id = ?").get(lead.id)).toEqual({ role: "VRN_LEAD", active: 1 });
    row.close();

    const missing = await page.goto("/admin/users/no-such-user");
    expect(missing?.status()).toBe(404);
    await expectAccessible(page);
  });
});

test.describe("the audit log", () => {
  test("the lead browses and filters it and sees the invitation events", async ({ page }) => {
    test.slow(); // a long journey: many pages, each checked with axe
    const email = uniqueEmail("audited");
    await signInAs(page, LEAD);
    await inviteThroughForm(page, { email, role: "VRN schools lead" });
    await page.getByRole("button", { name: `Revoke the invitation to ${email}` }).click();
    await expect(page.getByRole("status")).toContainText("was withdrawn");
    await expectAccessible(page);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel("From").fill(londonToday());
    await page.getByLabel("To", { exact: true }).fill("2020-01-01");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByRole("alert")).toContainText("The end date must be the same as or after the start date");
    await expectAccessible(page);

    // Actions and record types read as words, not as the log stores them ("remove-names", "AttendanceReturn").
    await page.getByLabel("Action").selectOption({ label: "Create" });
    for (const label of await page.getByLabel("Record type").locator("option").allTextContents()) expect(label).not.toMatch(/[a-z][A-Z]/);
    for (const label of await page.getByLabel("Action").locator("option").allTextContents()) expect(label).not.toMatch(/-/);
    await page.getByLabel("Record type").selectOption("Invitation");
    await page.getByLabel("Done by (email contains)").fill("lead@example");
    await page.getByLabel("To", { exact: true }).fill(londonToday());
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/what=create/);
    const invited = page.getByRole("row", { name: new RegExp(`Invited ${email}`) });
    await expect(invited).toContainText("lead@example.org");
    await expect(invited.getByRole("cell", { name: "Create", exact: true })).toBeVisible();
    await expect(page.getByRole("main")).not.toContainText(`Withdrew the invitation to ${email}`);
    await expectAccessible(page);

    await page.getByLabel("Action").selectOption({ label: "Revoke" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByRole("row", { name: new RegExp(`Withdrew the invitation to ${email}`) })).toBeVisible();
    await expectAccessible(page);

    const impossible = await page.goto("/admin/audit?from=2026-02-31");
    expect(impossible?.status()).toBe(400);
    await expect(page.getByRole("alert")).toContainText("Enter a real date");
    await expectAccessible(page);
  });
});

test.describe("who may manage users", () => {
  test("a teacher gets 403 on every admin page", async ({ page }) => {
    await signInAs(page, "teacher@example.org");
    for (const path of ["/admin/users", "/admin/users/invite", "/admin/outbox", "/admin/audit"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { level: 1, name: "You do not have access to this page" })).toBeVisible();
      await expectAccessible(page);
    }
    const post = await page.request.post("/admin/users/invite", {
      headers: FROM_OWN_PAGE,
      form: { email: "x@e2e.example.test", role: "VRN_LEAD" },
      maxRedirects: 0,
    });
    expect(post.status()).toBe(403);
  });
});

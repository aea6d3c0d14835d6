import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { freshBrowser, GOOD_PASSWORD, inviteThroughForm, latestLinkFor, LEAD, openSchool, readLinkFromOutbox, uniqueEmail } from "./support/people";
import { FROM_OWN_PAGE } from "./support/origin";

test.describe("inviting a teacher", () => {
  test("the lead invites, the teacher accepts by the emailed link and is signed in; the link then stops working", async ({ page, browser }) => {
    test.slow(); // a long journey: many pages, each checked with axe
    const email = uniqueEmail("teacher");
    const school = openSchool(2);
    await signInAs(page, LEAD);
    await page.goto("/admin/users");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Invite a person" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Invite a person" })).toBeVisible();
    await expectAccessible(page);

    // Mistakes first: a malformed address, and a teacher without a school.
    await page.getByLabel("Email address").fill("not-an-email");
    await page.getByLabel("Role").selectOption({ label: "Teacher" });
    await page.getByRole("button", { name: "Send invitation" }).click();
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("There is a problem");
    await expect(summary.getByRole("link", { name: /Enter an email address in the correct format/ })).toBeVisible();
    await expect(summary.getByRole("link", { name: "Select the school this person works at" })).toBeVisible();
    await expectAccessible(page);

    // Only the server knows the address already has an account.
    await page.getByLabel("Email address").fill("teacher@example.org");
    await page.getByLabel("School").selectOption({ label: school.name });
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("alert")).toContainText("There is already an account with this email address");
    await expectAccessible(page);

    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("status")).toContainText(`The invitation for ${email} is in the outbox`);
    await expect(page.getByRole("row", { name: new RegExp(email) })).toContainText(school.name);
    await expectAccessible(page);

    const link = await readLinkFromOutbox(page, email);

    const invitee = await freshBrowser(browser);
    await invitee.page.goto(link);
    await expect(invitee.page.getByRole("heading", { level: 1, name: "Join the VRN Schools Forum" })).toBeVisible();
    await expect(invitee.page.getByRole("main")).toContainText(`Sam Okafor has invited you to join as Teacher for ${school.name}`);
    await expectAccessible(invitee.page);

    await invitee.page.getByLabel("Your name").fill("Nadia Hussain");
    await invitee.page.getByLabel("Create a password").fill("too-short");
    await invitee.page.getByLabel("Confirm your password").fill("too-short");
    await invitee.page.getByRole("button", { name: "Create account" }).click();
    await expect(invitee.page.getByRole("alert")).toContainText("Password must be at least 10 characters");
    await expectAccessible(invitee.page);

    await invitee.page.getByLabel("Create a password").fill("password123");
    await invitee.page.getByLabel("Confirm your password").fill("password123");
    await invitee.page.getByRole("button", { name: "Create account" }).click();
    await expect(invitee.page.getByRole("alert")).toContainText("This password is too common");
    await expectAccessible(invitee.page);

    await invitee.page.getByLabel("Create a password").fill(GOOD_PASSWORD);
    await invitee.page.getByLabel("Confirm your password").fill(GOOD_PASSWORD);
    await invitee.page.getByRole("button", { name: "Create account" }).click();
    await expect(invitee.page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Nadia Hussain");
    await expect(invitee.page).toHaveURL(/\/$/);
    await expect(invitee.page.getByRole("status")).toContainText("Welcome to the VRN Schools Forum, Nadia Hussain");
    await expect(invitee.page.getByRole("banner")).toContainText("Teacher");
    await expect(invitee.page.getByRole("main")).toContainText(`forum contact for ${school.name}`);
    await expectAccessible(invitee.page);

    const again = await invitee.page.goto(link);
    expect(again?.status()).toBe(410);
    await expect(invitee.page.getByRole("heading", { level: 1, name: "This invitation has already been used" })).toBeVisible();
    await expectAccessible(invitee.page);
    await invitee.close();

    // The invitation has left the waiting list and the person is now a user.
    await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
    await expect(page.getByRole("row", { name: new RegExp(email) })).toContainText("Nadia Hussain");
    await expect(page.getByRole("main")).not.toContainText("Resend the invitation to " + email);
    await expectAccessible(page);
  });

  test("bad input to the invitation form is a 400 with messages, never a server error", async ({ page }) => {
    await signInAs(page, LEAD);
    const bad: Record<string, string>[] = [
      {},
      { email: "x@y.example.test", role: "HEADTEACHER" },
      { email: "lead2@e2e.example.test", role: "VRN_LEAD", schoolId: openSchool(0).id },
      { email: "t@e2e.example.test", role: "TEACHER", schoolId: "no-such-school" },
      { email: "e".repeat(300) + "@x.test", role: "VRN_LEAD" },
    ];
    for (const form of bad) {
      const response = await page.request.post("/admin/users/invite", { headers: FROM_OWN_PAGE, form, maxRedirects: 0 });
      expect(response.status(), JSON.stringify(form)).toBe(400);
      expect(await response.text()).toContain("There is a problem");
    }
  });
});

test.describe("resending and withdrawing invitations", () => {
  test("resend replaces the link; revoke stops the new one", async ({ page, browser }) => {
    test.slow(); // a long journey: many pages, each checked with axe
    const email = uniqueEmail("mvp");
    const school = openSchool(5);
    await signInAs(page, LEAD);
    await inviteThroughForm(page, { email, role: "MVP lead", school: school.name });
    const firstLink = latestLinkFor(email);

    await page.getByRole("button", { name: `Resend the invitation to ${email}` }).click();
    await expect(page.getByRole("status")).toContainText(
      `A new invitation for ${email} is in the outbox: no mail server is set up, so it has not been sent. The earlier link no longer works.`,
    );
    // The table says when the invitation was made, never that it was sent: with no mail server, it was not.
    await expect(page.getByRole("columnheader", { name: "Invited on" })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "Sent", exact: true })).toHaveCount(0);
    await expectAccessible(page);
    const secondLink = latestLinkFor(email);
    expect(secondLink).not.toBe(firstLink);

    await page.getByRole("button", { name: `Revoke the invitation to ${email}` }).click();
    await expect(page.getByRole("status")).toContainText(`The invitation to ${email} was withdrawn`);
    await expect(page.getByRole("main")).not.toContainText(`Revoke the invitation to ${email}`);
    await expectAccessible(page);

    const invitee = await freshBrowser(browser);
    const old = await invitee.page.goto(firstLink);
    expect(old?.status()).toBe(404);
    await expect(invitee.page.getByRole("heading", { level: 1, name: "This invitation link does not work" })).toBeVisible();
    await expect(invitee.page).toHaveTitle("This invitation link does not work – VRN Schools Forum");
    await expectAccessible(invitee.page);
    const withdrawn = await invitee.page.goto(secondLink);
    expect(withdrawn?.status()).toBe(410);
    await expect(invitee.page.getByRole("heading", { level: 1, name: "This invitation has been withdrawn" })).toBeVisible();
    await expectAccessible(invitee.page);
    await invitee.close();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the lead invites and the invitee accepts, with every mistake caught by the server", async ({ page }) => {
    test.slow(); // a long journey: many pages, each checked with axe
    const email = uniqueEmail("nojs");
    const school = openSchool(11);
    await signInAs(page, LEAD);
    await page.goto("/admin/users/invite");
    await expectAccessible(page);
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Role").selectOption({ label: "VRN schools lead" });
    await page.getByLabel("School").selectOption({ label: school.name });
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("alert")).toContainText("A VRN schools lead does not belong to a school");
    await expectAccessible(page);

    await page.getByLabel("Role").selectOption({ label: "Teacher" });
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("status")).toContainText(`The invitation for ${email} is in the outbox`);
    await expectAccessible(page);
    const link = await readLinkFromOutbox(page, email);

    await page.context().clearCookies();
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1, name: "Join the VRN Schools Forum" })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel("Your name").fill("Olu Adeyemi");
    await page.getByLabel("Create a password").fill("qwertyuiop");
    await page.getByLabel("Confirm your password").fill("something else");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("alert")).toContainText("This password is too common");
    await expect(page.getByRole("alert")).toContainText("The passwords do not match");
    await expect(page.getByLabel("Create a password")).toHaveValue("");
    await expectAccessible(page);

    await page.getByLabel("Create a password").fill(GOOD_PASSWORD);
    await page.getByLabel("Confirm your password").fill(GOOD_PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Olu Adeyemi");
    await expect(page.getByRole("status")).toContainText("Your account is ready");
    await expect(page.getByRole("main")).toContainText(school.name);
    await expectAccessible(page);

    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1, name: "This invitation has already been used" })).toBeVisible();
    await expectAccessible(page);
  });
});

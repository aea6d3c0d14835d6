import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { openDatabase, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { freshBrowser, GOOD_PASSWORD, LEAD, uniqueEmail } from "./support/people";
import { createTestDelivery, unusedUrn } from "./support/sessions";

const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");

/** A teacher of their own for one test (with the demo password), so resetting it disturbs no other test. */
function createTeacher(label: string) {
  const email = uniqueEmail(label);
  const db = openDatabase();
  try {
    const demo = db.prepare("SELECT passwordHash, schoolId FROM User WHERE email = 'teacher@example.org'").get() as { passwordHash: string; schoolId: string };
    const id = `e2e${randomBytes(8).toString("hex")}`;
    const now = iso(new Date());
    db.prepare("INSERT INTO User (id, email, name, passwordHash, role, schoolId, active, createdAt, updatedAt) VALUES (?, ?, ?, ?, 'TEACHER', ?, 1, ?, ?)").run(
      id,
      email,
      "Robin Achebe",
      demo.passwordHash,
      demo.schoolId,
      now,
      now,
    );
    return { id, email };
  } finally {
    db.close();
  }
}

/** As the lead, finds the newest "Set a new password" email to `email` in the outbox and returns its link. */
async function resetLinkFromOutbox(page: Page, email: string) {
  await page.goto(`/admin/outbox?to=${encodeURIComponent(email)}`);
  // The page that asks answers at once and the email follows: wait for it to land.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("link", { name: /Set a new password for the VRN Schools Forum/ }).first()).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expectAccessible(page);
  await page
    .getByRole("link", { name: /Set a new password for the VRN Schools Forum/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Set a new password for the VRN Schools Forum" })).toBeVisible();
  await expectAccessible(page);
  const href = await page.getByRole("link", { name: /\/reset-password\// }).getAttribute("href");
  expect(href).toMatch(/^http:\/\/localhost:\d+\/reset-password\/[a-z2-7]{32}$/);
  return href ?? "";
}

async function askForLink(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgotten your password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Forgotten your password?" })).toBeVisible();
  await expect(page.getByText("This service sends no email yet")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  // The browser tests' server has no mail server: the page says the link waits in the outbox, not that it was emailed.
  await expect(page.getByRole("heading", { level: 1, name: "Ask the VRN schools lead for your link" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("This service has no mail server set up yet, so it sends no email.");
  // The page reads the same whatever happened, so it also covers the case where the hourly limit made no link.
  await expect(page.getByRole("status")).toContainText("No more than 3 links are made for one account in an hour");
  await expectAccessible(page);
  return (await page.getByRole("status").innerText()).replace(email, "ADDRESS");
}

/**
 * The whole journey. `person` is the one who forgot (the test's own page, with or without JavaScript);
 * the lead reads the outbox, and another device where the person was signed in, in browsers of their own.
 */
async function forgottenPasswordJourney(person: Page, browser: Browser, { checkErrors }: { checkErrors: boolean }) {
  const teacher = createTeacher("forgot");
  const elsewhere = await freshBrowser(browser);
  await signInAs(elsewhere.page, teacher.email);
  await elsewhere.page.goto("/");
  await expect(elsewhere.page.getByRole("heading", { level: 1 })).toContainText("Welcome");

  if (checkErrors) {
    await person.goto("/forgotten-password");
    await person.getByRole("button", { name: "Send me a link" }).click();
    await expect(person.getByRole("alert")).toContainText("Enter your email address");
    await expectAccessible(person);
  }

  // The same words whether or not the address has an account.
  const forAccount = await askForLink(person, teacher.email);
  const forNobody = await askForLink(person, uniqueEmail("nobody"));
  expect(forNobody).toBe(forAccount);

  const lead = await freshBrowser(browser);
  await signInAs(lead.page, LEAD);
  const link = await resetLinkFromOutbox(lead.page, teacher.email);

  await person.goto(link);
  await expect(person.getByRole("heading", { level: 1, name: "Set a new password" })).toBeVisible();
  await expect(person.getByRole("main")).toContainText(teacher.email);
  await expectAccessible(person);
  await person.getByLabel("New password", { exact: true }).fill(GOOD_PASSWORD);
  await person.getByLabel("Confirm your new password").fill("something else entirely");
  await person.getByRole("button", { name: "Set new password" }).click();
  await expect(person.getByRole("alert")).toContainText("The passwords do not match");
  await expectAccessible(person);
  await person.getByLabel("New password", { exact: true }).fill(GOOD_PASSWORD);
  await person.getByLabel("Confirm your new password").fill(GOOD_PASSWORD);
  await person.getByRole("button", { name: "Set new password" }).click();
  await expect(person.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(person.getByRole("status")).toContainText("Your new password is set and you have been signed out on every device");
  await expectAccessible(person);

  await person.getByLabel("Email address").fill(teacher.email);
  await person.getByLabel("Password", { exact: true }).fill(GOOD_PASSWORD);
  await person.getByRole("button", { name: "Sign in" }).click();
  await expect(person.getByRole("heading", { level: 1 })).toContainText("Welcome");
  await expectAccessible(person);

  const again = await person.goto(link);
  expect(again?.status()).toBe(410);
  await expect(person.getByRole("heading", { level: 1, name: "This link has already been used" })).toBeVisible();
  await expectAccessible(person);

  await elsewhere.page.goto("/bookings");
  await expect(elsewhere.page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await lead.close();
  await elsewhere.close();
}

test("a forgotten password is reset through the emailed link, ending every session", async ({ page, browser }) => {
  test.slow(); // a long journey: many pages, each checked with axe
  await forgottenPasswordJourney(page, browser, { checkErrors: true });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a forgotten password is reset through the emailed link", async ({ page, browser }) => {
    test.slow();
    await forgottenPasswordJourney(page, browser, { checkErrors: false });
  });
});

test("the lead sends a user a link to set a new password", async ({ page }) => {
  const teacher = createTeacher("sent-by-lead");
  await signInAs(page, LEAD);
  await page.goto(`/admin/users/${teacher.id}`);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Send password link" }).click();
  await expect(page.getByRole("status")).toContainText(
    `A link to set a new password for ${teacher.email} is in the outbox: no mail server is set up, so it has not been sent. It works once, for 1 hour, and any link sent before it stops working.`,
  );
  await expectAccessible(page);
  await resetLinkFromOutbox(page, teacher.email);
  await expect(page.getByRole("main")).toContainText("Sam Okafor has sent you a link to set a new password");
});

test("confirming a request from a school with no accounts says nobody was told, with a link to invite someone", async ({ page }) => {
  const delivery = createTestDelivery({ needsConfirmation: true });
  const db = openDatabase();
  const school = { id: `e2e${randomBytes(8).toString("hex")}`, name: `Nobody Here Academy ${randomBytes(2).toString("hex")}` };
  try {
    const now = iso(new Date());
    db.prepare(
      "INSERT INTO School (id, urn, name, localAuthority, type, numberOnRoll, status, createdAt, updatedAt) VALUES (?, ?, ?, 'Leicester', 'SECONDARY', 800, 'OPEN', ?, ?)",
    ).run(school.id, unusedUrn(db), school.name, now, now);
    db.prepare(
      "INSERT INTO Booking (id, deliveryId, schoolId, status, yearGroups, expectedPupils, contactName, contactPhone, createdAt, updatedAt) VALUES (?, ?, ?, 'REQUESTED', '8', 40, 'Office', '0116 496 0100', ?, ?)",
    ).run(`e2e${randomBytes(8).toString("hex")}`, delivery.id, school.id, now, now);
  } finally {
    db.close();
  }
  await signInAs(page, LEAD);
  await page.goto("/sessions/requests");
  await page.getByRole("button", { name: `Confirm ${school.name}` }).click();
  const status = page.getByRole("status");
  await expect(status).toContainText(`Booking confirmed. No teacher at ${school.name} has an active account, so nobody there has been told by email.`);
  await expectAccessible(page);
  await status.getByRole("link", { name: `Invite someone from ${school.name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Invite a person" })).toBeVisible();
  await expect(page.getByLabel("School")).toHaveValue(school.id);
  await expect(page.getByLabel("Role")).toHaveValue("TEACHER");
  await expectAccessible(page);
});

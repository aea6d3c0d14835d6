import { randomBytes } from "node:crypto";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, openDatabase } from "./auth";
import { expect, expectAccessible } from "./fixtures";
import { uniqueEmail } from "./people";

/** Helpers for the two-step sign-in journeys: people made for one test, and codes computed from the key a page shows. */

/** A new active account with the demo password, made straight in the database so a test owns it alone. */
export function createPerson(role: "VRN_LEAD" | "TEACHER", label: string): string {
  const db = openDatabase();
  try {
    const email = uniqueEmail(label);
    const { passwordHash } = db.prepare("SELECT passwordHash FROM User WHERE email = 'lead@example.org'").get() as { passwordHash: string };
    const schoolId = role === "TEACHER" ? (db.prepare("SELECT id FROM School WHERE status = 'OPEN' ORDER BY name LIMIT 1").get() as { id: string }).id : null;
    const now = new Date().toISOString();
    db.prepare("INSERT INTO User (id, email, name, passwordHash, role, schoolId, active, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)").run(
      `e2e${randomBytes(8).toString("hex")}`,
      email,
      `Two-step ${label}`,
      passwordHash,
      role,
      schoolId,
      now,
      now,
    );
    return email;
  } finally {
    db.close();
  }
}

/**
 * The code an authenticator app would show for the key on the set-up page, `stepsAhead` 30-second
 * steps from now (the server accepts one step either side, and never the same step twice).
 */
export function codeFor(key: string, stepsAhead = 0): string {
  const step = Math.floor(Date.now() / 1000 / 30) + stepsAhead;
  return generateHOTP(decodeBase32IgnorePadding(key.replace(/\s/g, "")), BigInt(step), 6);
}

/** Fills in the password form; the page it lands on depends on the account's two-step state. */
export async function submitPassword(page: Page, email: string) {
  await page.goto("/sign-in");
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * On a set-up page: reads the key written out for manual entry, checks the page fits 360 px, types
 * the app's current code and returns the key and the recovery codes shown once.
 */
export async function setUpApp(page: Page, buttonPage: { heading: string }) {
  await expect(page.getByRole("heading", { level: 1, name: buttonPage.heading })).toBeVisible();
  await expect(page.getByRole("img", { name: /QR code for your authenticator app/ })).toBeVisible();
  await expectAccessible(page);
  const key = (await page.locator("#two-step-key").textContent()) ?? "";
  expect(key).toMatch(/^[A-Z2-7 ]{32,}$/);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  if (size) await page.setViewportSize(size);

  await page.getByLabel("Code from your authenticator app").fill(codeFor(key, 0));
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Your recovery codes" })).toBeVisible();
  await expectAccessible(page);
  const recoveryCodes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allTextContents();
  expect(recoveryCodes).toHaveLength(10);
  return { key, recoveryCodes };
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expectAccessible(page);
}

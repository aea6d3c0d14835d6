import { createHash, randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import type { Page } from "@playwright/test";
import Database from "better-sqlite3";
import { expect, expectAccessible } from "./fixtures";

export const DEMO_PASSWORD = "demo-password-2026";
const port = Number(process.env.E2E_PORT ?? 3210);
export const databaseFile = path.resolve(`tests/.data/e2e-${port}.db`);

export function openDatabase() {
  const db = new Database(databaseFile);
  db.pragma("busy_timeout = 5000");
  return db;
}

/**
 * Signs in without the form, as the server would: a session row holding the token's hash, and the
 * token in the cookie. Journeys that are about signing in use the form instead.
 */
export async function signInAs(page: Page, email: string) {
  const db = openDatabase();
  try {
    const user = db.prepare("SELECT id FROM User WHERE email = ?").get(email) as { id: string } | undefined;
    if (!user) throw new Error(`No demo user ${email}`);
    const token = randomBytes(20).toString("hex");
    const id = createHash("sha256").update(token).digest("hex");
    const expiresAt = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString();
    db.prepare("INSERT INTO Session (id, userId, expiresAt) VALUES (?, ?, ?)").run(id, user.id, expiresAt);
    await page.context().addCookies([{ name: "vrn_session", value: token, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax" }]);
  } finally {
    db.close();
  }
}

export async function signInWithForm(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
}

export function schoolIdByUrn(urn: string): string {
  const db = openDatabase();
  try {
    return (db.prepare("SELECT id FROM School WHERE urn = ?").get(urn) as { id: string }).id;
  } finally {
    db.close();
  }
}

/**
 * A teacher of their own at the first demo school, with the demo password, for a journey that ends every
 * session of its account (signing out "every other device", changing the password): on a demo account
 * that would sign out another test using it at the same time. Returns the email address.
 */
export function createTeacher(name: string): string {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${randomUUID().slice(0, 8)}@example.org`;
  const db = openDatabase();
  try {
    const demo = db.prepare("SELECT passwordHash, schoolId FROM User WHERE email = 'teacher@example.org'").get() as { passwordHash: string; schoolId: string };
    db.prepare("INSERT INTO User (id, email, name, passwordHash, role, schoolId, active, updatedAt) VALUES (?, ?, ?, ?, 'TEACHER', ?, 1, ?)").run(
      randomUUID(),
      email,
      name,
      demo.passwordHash,
      demo.schoolId,
      new Date().toISOString(),
    );
  } finally {
    db.close();
  }
  return email;
}

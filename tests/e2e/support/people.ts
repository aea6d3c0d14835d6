import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { openDatabase } from "./auth";
import { expect, expectAccessible, preloadAxe } from "./fixtures";

/** Helpers for the journeys about people: invitations, users and the audit log. */
export const LEAD = "lead@example.org";
export const GOOD_PASSWORD = "kettle-orbit-lantern-42";

// The e2e database is shared by tests running side by side, so every test invents its own people.
export const uniqueEmail = (label: string) => `${label}-${Date.now()}-${randomBytes(3).toString("hex")}@e2e.example.test`;

export function openSchool(offset: number): { id: string; name: string } {
  const db = openDatabase();
  try {
    return db.prepare("SELECT id, name FROM School WHERE status = 'OPEN' ORDER BY name LIMIT 1 OFFSET ?").get(offset) as { id: string; name: string };
  } finally {
    db.close();
  }
}

export function latestLinkFor(email: string): string {
  const db = openDatabase();
  try {
    const row = db.prepare('SELECT text FROM OutboxMessage WHERE "to" = ? ORDER BY createdAt DESC, rowid DESC LIMIT 1').get(email) as
      { text: string } | undefined;
    const link = /https?:\/\/\S+\/invitations\/[a-z2-7]+/.exec(row?.text ?? "")?.[0];
    if (!link) throw new Error(`No invitation email for ${email}`);
    return link;
  } finally {
    db.close();
  }
}

/** Today's date in London, as a date input wants it. */
export const londonToday = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());

/** A second browser with nobody signed in, whose console errors are collected like the fixture's. */
export async function freshBrowser(browser: Browser, javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled });
  await preloadAxe(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return {
    page,
    close: async () => {
      await context.close();
      expect(errors, "errors in the second browser's console").toEqual([]);
    },
  };
}

export async function inviteThroughForm(page: Page, { email, role, school }: { email: string; role: string; school?: string }) {
  await page.goto("/admin/users/invite");
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role").selectOption({ label: role });
  if (school) await page.getByLabel("School").selectOption({ label: school });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`The invitation for ${email} is in the outbox`);
  await expectAccessible(page);
}

/** Opens the newest outbox message to `email` in the app and returns the link in it. */
export async function readLinkFromOutbox(page: Page, email: string): Promise<string> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Outbox" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Recipient's email address contains").fill(email);
  await page.getByRole("button", { name: "Find messages" }).click();
  await expect(page.getByRole("table")).toContainText(email);
  await expect(page.getByRole("caption")).toContainText("(1 message)");
  await expectAccessible(page);
  await page.getByRole("link", { name: new RegExp(`You are invited .*${email.replace(/[.]/g, "\\.")}`) }).click();
  await expect(page.getByRole("heading", { level: 1, name: "You are invited to the VRN Schools Forum" })).toBeVisible();
  await expectAccessible(page);
  await expect(page.getByRole("main")).toContainText("Sam Okafor (lead@example.org) has invited you");
  await expect(page.getByRole("main")).toContainText("expires in 7 days");
  const href = await page.getByRole("link", { name: /\/invitations\// }).getAttribute("href");
  expect(href).toMatch(/^http:\/\/localhost:\d+\/invitations\/[a-z2-7]{32}$/);
  return href ?? "";
}

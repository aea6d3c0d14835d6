import { randomBytes } from "node:crypto";
import { waitForRoomInWindow } from "../support/one-window";
import { openDatabase, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { FROM_OWN_PAGE } from "./support/origin";

/**
 * A lead of their own for each test: limits are counted per person, and the demo lead is busy in
 * other journeys running at the same time.
 */
function createLead(): string {
  const db = openDatabase();
  try {
    const email = `lead-${randomBytes(4).toString("hex")}@e2e.example.test`;
    const now = new Date().toISOString();
    db.prepare(
      "INSERT INTO User (id, email, name, passwordHash, role, active, createdAt, updatedAt) VALUES (?, ?, 'Limit Tester', 'x', 'VRN_LEAD', 1, ?, ?)",
    ).run(`e2e${randomBytes(8).toString("hex")}`, email, now, now);
    return email;
  } finally {
    db.close();
  }
}

test("too many CSV downloads in a minute get a 429 page that says when to try again", async ({ page, baseURL }) => {
  await signInAs(page, createLead());
  // Twenty downloads a minute (LIMITS.exports), counted in the clock's minutes: all in one of them.
  await waitForRoomInWindow(60_000, 30_000);
  for (let i = 0; i < 20; i++) expect((await page.request.get("/reach/localities.csv")).status()).toBe(200);
  const refused = await page.request.get("/reach/localities.csv");
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);

  await page.goto(`${baseURL}/reach/localities.csv`);
  await expect(page.getByRole("heading", { name: "Too many downloads" })).toBeVisible();
  await expect(page.getByText(/Wait \d+ (seconds?|minutes?), then try again/)).toBeVisible();
  await expectAccessible(page);
});

test("a lead sending invitation after invitation is paused with a 429 page, and nothing more is sent", async ({ page }) => {
  await signInAs(page, createLead());
  const stamp = randomBytes(3).toString("hex");
  const invite = (i: number) =>
    page.request.post("/admin/users/invite", {
      form: { email: `invitee-${stamp}-${i}@e2e.example.test`, role: "VRN_LEAD" },
      headers: FROM_OWN_PAGE,
      maxRedirects: 0,
    });
  await page.goto("/admin/users/invite");
  await expectAccessible(page);
  // Forty invitations an hour (LIMITS.invitations), counted in the clock's hours: all in one of them.
  await waitForRoomInWindow(60 * 60_000, 60_000);
  for (let i = 0; i < 40; i++) expect((await invite(i)).status()).toBe(302);
  // A form posted without JavaScript gets the refusal as a whole page: it says when to try again too.
  const refused = await invite(40);
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  expect(refused.headers()["cache-control"]).toBe("private, no-store");

  await page.getByLabel("Email address").fill(`invitee-${stamp}-last@e2e.example.test`);
  await page.getByLabel("Role").selectOption({ label: "VRN schools lead" });
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.getByRole("button", { name: /Send invitation/ }).click(),
  ]);
  expect(response.status()).toBe(429);
  await expect(page.getByRole("heading", { name: "Too many attempts" })).toBeVisible();
  // At least a minute of the hour was left when the invitations began: the wait is in minutes or, near
  // the hour's end, seconds.
  await expect(page.getByText(/Wait \d+ (seconds?|minutes?), then try again/)).toBeVisible();
  await expectAccessible(page);

  const db = openDatabase();
  try {
    const sent = db.prepare("SELECT COUNT(*) AS n FROM Invitation WHERE email LIKE ?").get(`invitee-${stamp}-%`) as { n: number };
    expect(sent.n).toBe(40);
  } finally {
    db.close();
  }
});

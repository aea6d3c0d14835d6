import { randomBytes } from "node:crypto";
import type { APIResponse } from "@playwright/test";
import { openDatabase, schoolIdByUrn, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createTestDelivery } from "./support/sessions";

/** The directives of a Content-Security-Policy header, by name. */
function directives(policy: string | undefined): Record<string, string[]> {
  expect(policy, "a Content-Security-Policy header").toBeTruthy();
  return Object.fromEntries(
    (policy ?? "")
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values]),
  );
}

function nonceOf(response: APIResponse): string {
  const scriptSrc = directives(response.headers()["content-security-policy"])["script-src"] ?? [];
  const nonces = scriptSrc.filter((v) => v.startsWith("'nonce-"));
  expect(nonces).toHaveLength(1);
  return nonces[0]!.slice("'nonce-".length, -1);
}

function expectCommonHeaders(response: APIResponse) {
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
  // Served over plain HTTP here, so no HSTS (it is only sent over HTTPS).
  expect(headers["strict-transport-security"]).toBeUndefined();
  const csp = directives(headers["content-security-policy"]);
  expect(csp["default-src"]).toEqual(["'self'"]);
  expect(csp["object-src"]).toEqual(["'none'"]);
  expect(csp["base-uri"]).toEqual(["'none'"]);
  expect(csp["frame-ancestors"]).toEqual(["'none'"]);
  expect(csp["form-action"]).toEqual(["'self'"]);
  expect(csp["style-src"]).toEqual(["'self'"]);
  expect(csp["img-src"]).toEqual(["'self'", "data:"]);
  expect(csp["script-src"]?.[0]).toBe("'self'");
  expect(csp["script-src"]).not.toContain("'unsafe-inline'");
  expect(csp["script-src"]).not.toContain("'unsafe-eval'");
  expect(headers["content-security-policy-report-only"]).toBeUndefined();
}

test.describe("security headers", () => {
  test("a page carries them all, with a fresh nonce that its scripts bear", async ({ request }) => {
    const first = await request.get("/sign-in");
    const second = await request.get("/sign-in");
    expect(first.status()).toBe(200);
    for (const response of [first, second]) expectCommonHeaders(response);

    const headers = first.headers();
    expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
    expect(headers["x-frame-options"]).toBe("DENY");
    const permissions = headers["permissions-policy"] ?? "";
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]) {
      expect(permissions).toContain(`${feature}=()`);
    }

    const nonce = nonceOf(first);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonceOf(second)).not.toBe(nonce);

    // Every script in the page, inline or not, carries this response's nonce (browsers hide it from the
    // DOM, so the raw HTML is read).
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/\sstyle="/);
  });

  test("a resource route (a calendar file) and a static file carry them too", async ({ page }) => {
    const { id: deliveryId } = createTestDelivery();
    const bookingId = `e2e${randomBytes(8).toString("hex")}`;
    const db = openDatabase();
    try {
      const now = new Date().toISOString();
      db.prepare(
        `INSERT INTO Booking (id, deliveryId, schoolId, status, yearGroups, expectedPupils, contactName, contactPhone, createdAt, updatedAt)
         VALUES (?, ?, ?, 'CONFIRMED', '9', 30, 'Ms Test', '0116 000 0000', ?, ?)`,
      ).run(bookingId, deliveryId, schoolIdByUrn("990001"), now, now);
    } finally {
      db.close();
    }
    await signInAs(page, "teacher@example.org");

    const ics = await page.request.get(`/bookings/${bookingId}/calendar.ics`);
    expect(ics.status()).toBe(200);
    expect(ics.headers()["content-type"]).toContain("text/calendar");
    expectCommonHeaders(ics);

    const favicon = await page.request.get("/favicon.svg");
    expect(favicon.status()).toBe(200);
    expectCommonHeaders(favicon);

    // A built asset, named in the page's own module preloads.
    const html = await (await page.request.get("/sign-in")).text();
    const asset = /href="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const script = await page.request.get(asset ?? "");
    expect(script.status()).toBe(200);
    expectCommonHeaders(script);

    // A refusal from the server itself (not from the app) carries them as well.
    const refused = await page.request.post("/sign-out", { headers: { "Sec-Fetch-Site": "cross-site" }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    expectCommonHeaders(refused);
  });

  test("pages still run their scripts under the policy", async ({ page }) => {
    await signInAs(page, "lead@example.org");
    await page.goto("/sessions");
    await expectAccessible(page);
    // Hydrated: the app's client-side router handles the next click (no full page load).
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
    let fullLoads = 0;
    page.on("load", () => fullLoads++);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Schools" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Schools" })).toBeVisible();
    await expectAccessible(page);
    expect(fullLoads).toBe(0);
  });

  test("an inline script without the nonce is refused by the browser", async ({ browser, baseURL }) => {
    // Its own browser, not the test fixture's: this violation is the point of the test.
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    try {
      const reports: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy/.test(m.text())) reports.push(m.text());
      });
      await page.goto("/sign-in");
      const ran = await page.evaluate(() => {
        const w = window as unknown as { injected?: boolean };
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        // An inline script runs as it is inserted, if it runs at all, so there is nothing to wait for.
        document.body.append(script);
        return w.injected === true;
      });
      expect(ran).toBe(false);
      await expect.poll(() => reports.length).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });
});

test.describe("caching and one header of each kind", () => {
  test("every signed-in page, and its data requests, says private, no-store", async ({ page }) => {
    await signInAs(page, "teacher@example.org");
    for (const path of ["/", "/account", "/sessions", "/guide"]) {
      const response = await page.request.get(path);
      expect(response.status(), path).toBe(200);
      expect(response.headers()["cache-control"], path).toBe("private, no-store");
    }
    const data = await page.request.get("/account.data");
    expect(data.headers()["cache-control"]).toBe("private, no-store");
  });

  test("every pupil page says private, no-store, with or without a session", async ({ request }) => {
    for (const path of ["/s", "/s/NOSUCHCODE"]) {
      const response = await request.get(path);
      expect(response.headers()["cache-control"], path).toBe("private, no-store");
    }
  });

  test("a public page for someone not signed in may be cached", async ({ request }) => {
    const response = await request.get("/guide");
    expect(response.headers()["cache-control"]).toBeUndefined();
  });

  test("an invitation page sends one Referrer-Policy, its own", async ({ request }) => {
    const response = await request.get("/invitations/no-such-invitation");
    const policies = response.headersArray().filter((h) => h.name.toLowerCase() === "referrer-policy");
    expect(policies.map((h) => h.value)).toEqual(["same-origin"]);
  });
});

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import Database from "better-sqlite3";
import { freePort, root, startServer } from "../../scripts/lib/harness.mjs";
import { DEMO_PASSWORD } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";

/**
 * `npm start`, the production start, on a new empty database: a server of its own (the built app,
 * started as `node scripts/start.mjs --no-build`) beside the demo server the other journeys use.
 */
test.describe("the production start", () => {
  test.slow();

  let dir: string;
  test.beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "vrn-production-"));
  });
  test.afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The newest setup link in the server's output (printed once it listens). */
  async function printedLink(output: () => string) {
    await expect.poll(() => output()).toContain("/setup/");
    return [...output().matchAll(/http:\/\/localhost:\d+\/setup\/[a-z0-9]+/g)].at(-1)![0];
  }

  async function setUpLead(page: Page, link: string, fields: { name: string; email?: string; password: string }) {
    await page.goto(link);
    await expectAccessible(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Set up the VRN Schools Forum");
    await page.getByLabel("Your name").fill(fields.name);
    if (fields.email) await page.getByLabel("Your email address").fill(fields.email);
    await page.getByLabel("Create a password").fill(fields.password);
    await page.getByLabel("Confirm your password").fill(fields.password);
    await page.getByRole("button", { name: "Create the lead account" }).click();
    await expect(page.getByText(`Welcome, ${fields.name}.`)).toBeVisible();
    await expectAccessible(page);
  }

  test("has no demo accounts, says it is being set up, and its printed link sets up the first lead once", async ({ page, request }) => {
    const port = await freePort();
    const server = await startServer({ databaseFile: path.join(dir, "app.db"), port });
    try {
      const link = await printedLink(server.output);
      const origin = `http://localhost:${port}`;
      expect(server.output()).not.toContain("Demo logins");
      // No APP_URL here: the operator is told where emailed links will point.
      expect(server.output()).toContain(`Warning: APP_URL is not set, so links in emails (invitations, new passwords) point at ${origin}`);
      // No SMTP_URL here: the operator is told that emails stay in the outbox, not that they are sent.
      expect(server.output()).toContain(
        "Email: no mail server (SMTP_URL is not set), so emails wait in the outbox, which the VRN schools lead reads: nobody else receives them.",
      );
      // The harness turns scheduled work off, so the operator is told no backups are taken.
      expect(server.output()).toContain("Backups: none taken by the server (SCHEDULED_WORK=off)");

      // Every page but the link: 503, a plain page that says so. Signing in is not even offered.
      for (const address of ["/", "/sign-in", "/schools", "/s/KM7P4XQD"]) {
        const response = await request.get(`${origin}${address}`);
        expect(response.status(), address).toBe(503);
        expect(await response.text()).toContain("The VRN Schools Forum is being set up");
      }
      // A proxy's request id is kept when it is a safe short token, replaced when it is not.
      const tagged = await request.get(`${origin}/s/KM7P4XQD?email=a.parent@example.com`, { headers: { "X-Request-Id": "edge-7f3a.2_Q" } });
      expect(tagged.headers()["x-request-id"]).toBe("edge-7f3a.2_Q");
      const forged = await request.get(`${origin}/guide`, { headers: { "X-Request-Id": 'x", "status": 200, "y' } });
      expect(forged.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);

      const signIn = await request.post(`${origin}/sign-in`, {
        form: { email: "lead@example.org", password: DEMO_PASSWORD },
        headers: { Origin: origin },
        maxRedirects: 0,
      });
      expect(signIn.status()).toBe(503);

      // A weak password is refused by the field, by the password rules.
      await page.goto(link);
      await page.getByLabel("Your name").fill("Priya Shah");
      await page.getByLabel("Your email address").fill("priya.shah@vrn.example.net");
      await page.getByLabel("Create a password").fill("short");
      await page.getByLabel("Confirm your password").fill("short");
      await page.getByRole("button", { name: "Create the lead account" }).click();
      await expect(page.getByRole("heading", { name: "There is a problem" })).toBeVisible();
      await expectAccessible(page);

      await setUpLead(page, link, { name: "Priya Shah", email: "priya.shah@vrn.example.net", password: "lantern orchard violin" });
      // Production pages carry no demo banner.
      await expect(page.getByRole("complementary", { name: "Demonstration" })).toHaveCount(0);

      // The link works once.
      await page.context().clearCookies();
      await page.goto(link);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("This setup link has already been used");
      await expectAccessible(page);

      // The demo lead does not exist here.
      await page.goto(`${origin}/sign-in`);
      await page.getByLabel("Email address").fill("lead@example.org");
      await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("heading", { name: "There is a problem" })).toBeVisible();
      await expectAccessible(page);

      // One JSON line per request, of one shape, with no codes, tokens, emails or query strings.
      const logLines = server
        .output()
        .split("\n")
        .filter((line) => line.startsWith("{"));
      const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const requests = entries.filter((entry) => entry.msg === "request");
      expect(requests.length).toBeGreaterThan(10);
      for (const entry of requests) {
        // With more than one worker (one per core), each line also names its worker: slot and process id.
        // A request whose sender went before its answer was complete (a navigation the browser cut short) says so.
        const own = Object.keys(entry).filter((key) => key !== "worker" && key !== "pid" && key !== "senderGone");
        expect(own.sort()).toEqual(["durationMs", "level", "method", "msg", "requestId", "route", "status", "time"]);
        if ("senderGone" in entry) expect(entry.senderGone).toBe(true);
        if ("worker" in entry) expect([entry.worker, entry.pid]).toEqual([expect.any(Number), expect.any(Number)]);
        expect(new Date(entry.time as string).toISOString()).toBe(entry.time);
        expect(entry.durationMs).toEqual(expect.any(Number));
      }
      expect(requests.find((entry) => entry.requestId === "edge-7f3a.2_Q")).toMatchObject({ method: "GET", route: "/s/:param", status: 503 });
      expect(requests).toContainEqual(expect.objectContaining({ method: "POST", route: expect.stringMatching(/^\/setup\/:param(\.data)?$/) }));
      const logged = logLines.join("\n");
      for (const secret of ["KM7P4XQD", "a.parent@example.com", "priya.shah", "Priya", link.split("/setup/")[1]!, "?"]) {
        expect(logged, secret).not.toContain(secret);
      }
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });

  test("npm run create-lead prints a link for a fixed email, and older links stop working", async ({ page }) => {
    const port = await freePort();
    const databaseFile = path.join(dir, "app.db");
    const server = await startServer({ databaseFile, port });
    try {
      const startLink = await printedLink(server.output);
      const created = spawnSync(
        process.execPath,
        [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/create-lead.ts", "--email", "Head.Of.Schools@VRN.example.net"],
        {
          cwd: root,
          encoding: "utf8",
          env: { ...process.env, DATABASE_URL: `file:${databaseFile}`, PORT: String(port), APP_URL: "" },
        },
      );
      expect(created.status, created.stderr).toBe(0);
      const link = /http:\/\/localhost:\d+\/setup\/[a-z0-9]+/.exec(created.stdout)?.[0];
      expect(link, created.stdout).toBeTruthy();

      await page.goto(startLink);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("A newer setup link replaced this one");
      await expectAccessible(page);

      await page.goto(link!);
      await expect(page.getByText("head.of.schools@vrn.example.net")).toBeVisible();
      await expect(page.getByLabel("Your email address")).toHaveCount(0);
      await setUpLead(page, link!, { name: "Sam Okafor", password: "pebble harbour quartz" });

      // Once a lead exists, create-lead refuses.
      const again = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/create-lead.ts", "--email", "x@vrn.example.net"], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: `file:${databaseFile}` },
      });
      expect(again.status).toBe(1);
      expect(again.stderr).toContain("already has an active VRN schools lead");
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });

  test("works out as it starts the class keys its migration left to it, and says so", async () => {
    const databaseFile = path.join(dir, "app.db");
    const prepared = spawnSync(process.execPath, ["scripts/prepare-db.mjs"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: `file:${databaseFile}` },
    });
    expect(prepared.status, prepared.stderr).toBe(0);
    // As the migration leaves lessons written before it: a name outside ASCII with no key, one in ASCII keyed in SQL.
    const at = "2025-11-10T00:00:00.000+00:00";
    const db = new Database(databaseFile);
    db.prepare(
      `INSERT INTO "School" ("id", "urn", "name", "localAuthority", "type", "updatedAt") VALUES ('ash', '100001', 'Ash Academy', 'Leicester', 'SECONDARY', ?)`,
    ).run(at);
    const lesson = db.prepare(
      `INSERT INTO "MentorLesson" ("id", "schoolId", "academicYear", "deliveredOn", "className", "classKey", "yearGroup", "pupilsPresent", "topic") VALUES (?, 'ash', 2025, ?, ?, ?, 8, 20, 'Bystanders')`,
    );
    lesson.run("accented", at, "7é", "");
    lesson.run("plain", at, "8b", "8B");
    db.close();

    const server = await startServer({ databaseFile, port: await freePort() });
    try {
      await expect.poll(() => server.output()).toContain("Class keys written for 1 mentor-led lesson whose names the migration could not key in SQL");
      const after = new Database(databaseFile, { readonly: true });
      expect(after.prepare(`SELECT "id", "classKey" FROM "MentorLesson" ORDER BY "id"`).all()).toEqual([
        { id: "accented", classKey: "7É" },
        { id: "plain", classKey: "8B" },
      ]);
      after.close();
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });

  test("demo mode shows the demonstration banner on every page, staff and pupil", async ({ page }) => {
    for (const address of ["/sign-in", "/s"]) {
      await page.goto(address);
      await expectAccessible(page);
      await expect(page.getByRole("complementary", { name: "Demonstration" })).toContainText("This is a demonstration");
    }
  });
});

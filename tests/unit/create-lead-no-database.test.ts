import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";

const run = promisify(execFile);
const dir = path.join(inject("runDirectory"), `create-lead-${process.pid}`);
fs.mkdirSync(dir, { recursive: true });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A command's script (and its arguments) run by tsx on the database at `url`, as npm runs it. */
const command = (script: string[], url: string, appUrl = "https://schools.vrn.example.net") =>
  run(process.execPath, ["node_modules/tsx/dist/cli.mjs", ...script], {
    env: { ...process.env, DATABASE_URL: url, APP_URL: appUrl },
  }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

/** `npm run create-lead -- --email …` on the database at `url`. */
const createLead = (url: string, appUrl?: string) => command(["scripts/create-lead.ts", "--email", "head@vrn.example.net"], url, appUrl);

describe.skipIf(inject("testEngine") !== "sqlite")("npm run create-lead", () => {
  it("refuses a DATABASE_URL naming no SQLite file, and makes none", async () => {
    const mistyped = path.join(dir, "mistyped", "app.db");
    expect(await createLead(`file:${mistyped}`)).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `No database at ${mistyped}: check DATABASE_URL, or start the service once with npm start, which creates it.\n`,
    });
    expect(fs.existsSync(path.dirname(mistyped))).toBe(false);
  }, 60_000);

  it("refuses an address at the demonstration's domain, which would make the database's backups look like the demonstration's", async () => {
    const file = path.join(dir, "demo-address.db");
    fs.copyFileSync(inject("baseDatabase"), file);
    const refused = await command(["scripts/create-lead.ts", "--email", "lead@example.org"], `file:${file}`);
    expect(refused).toMatchObject({ code: 2, stdout: "" });
    expect(refused.stderr).toContain("lead@example.org: Enter the person's real email address: addresses at example.org are kept for the demonstration");
  }, 60_000);

  it("still prints a setup link on the database the server made", async () => {
    const file = path.join(dir, "app.db");
    fs.copyFileSync(inject("baseDatabase"), file);
    const created = await createLead(`file:${file}`);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^ {2}https:\/\/schools\.vrn\.example\.net\/setup\/[a-z0-9]+$/m);
    // An APP_URL ending in "/" is the same address: the link is not "…net//setup/…", which the server does not know.
    const slashed = await createLead(`file:${file}`, "https://schools.vrn.example.net/");
    expect(slashed.stdout).toMatch(/^ {2}https:\/\/schools\.vrn\.example\.net\/setup\/[a-z0-9]+$/m);
  }, 60_000);
});

describe.skipIf(inject("testEngine") !== "sqlite")("npm run jobs and npm run tallies:repair", () => {
  it("refuse a DATABASE_URL naming no SQLite file, and make none", async () => {
    for (const script of [["scripts/run-jobs.ts"], ["scripts/repair-tallies.ts"]]) {
      // In a folder that is there, where opening the file would make it.
      const mistyped = path.join(dir, "ap.db");
      expect(await command(script, `file:${mistyped}`)).toMatchObject({
        code: 1,
        stdout: "",
        stderr: `No database at ${mistyped}: check DATABASE_URL, or start the service once with npm start, which creates it.\n`,
      });
      expect(fs.readdirSync(dir).filter((file) => file.startsWith("ap.db"))).toEqual([]);
    }
  }, 60_000);
});

import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";

const run = promisify(execFile);
const dir = path.join(inject("runDirectory"), `create-lead-${process.pid}`);
fs.mkdirSync(dir, { recursive: true });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `npm run create-lead -- --email …` on the database at `url`. */
const createLead = (url: string) =>
  run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/create-lead.ts", "--email", "head@vrn.example.net"], {
    env: { ...process.env, DATABASE_URL: url, APP_URL: "https://schools.vrn.example.net" },
  }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

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

  it("still prints a setup link on the database the server made", async () => {
    const file = path.join(dir, "app.db");
    fs.copyFileSync(inject("baseDatabase"), file);
    const created = await createLead(`file:${file}`);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^ {2}https:\/\/schools\.vrn\.example\.net\/setup\/[a-z0-9]+$/m);
  }, 60_000);
});

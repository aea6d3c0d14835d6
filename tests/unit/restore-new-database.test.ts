import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const run = promisify(execFile);
const dir = path.join(inject("runDirectory"), `restore-new-${process.pid}`);
fs.mkdirSync(dir, { recursive: true });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `npm run restore -- …args` with DATABASE_URL naming `file`: its exit code and output. */
const restore = (args: string[], file: string) =>
  run(process.execPath, ["scripts/restore.mjs", ...args], { env: { ...process.env, DATABASE_URL: `file:${file}` } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

describe.skipIf(inject("testEngine") !== "sqlite")("npm run restore where there is no database", () => {
  const backup = path.join(dir, "app-2026-11-21T021500Z.db");
  // In a hook, not as the file is read: on PostgreSQL, where this is skipped, the base is a database's name.
  beforeAll(() => fs.copyFileSync(inject("baseDatabase"), backup));

  it("refuses, since a mistyped DATABASE_URL would leave the real database as it was, and makes nothing", async () => {
    const missing = path.join(dir, "x", "nothere.db");
    const refused = await restore([backup], missing);
    expect(refused).toMatchObject({
      code: 1,
      stdout: "",
      stderr: expect.stringContaining(`Restore refused: there is no database at ${missing}: check DATABASE_URL.`),
    });
    expect(refused.stderr).toContain("npm run restore -- --new");
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  }, 60_000);

  it("makes a new database from the backup with --new, and says that is what it did", async () => {
    const fresh = path.join(dir, "new-machine", "app.db");
    const restored = await restore(["--new", backup], fresh);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`into a new database at ${fresh}, as there was none there (integrity_check: ok`);
    expect(fs.existsSync(fresh)).toBe(true);
    // --new says there is none: where there is one, it is refused, and the database stays as it was.
    const before = fs.readFileSync(fresh);
    const again = await restore([backup, "--new"], fresh);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining(`Restore refused: --new, but there is a database at ${fresh}`) });
    expect(fs.readFileSync(fresh).equals(before)).toBe(true);
  }, 60_000);

  it("finishes a restore that stopped before its end, without --new, as the start tells the operator to", async () => {
    const folder = path.join(dir, "stopped");
    fs.mkdirSync(folder);
    const database = path.join(folder, "app.db");
    // Stopped after the database was kept aside and before the backup took its place.
    fs.copyFileSync(inject("baseDatabase"), `${database}.before-restore-2026-12-05T191500Z`);
    const restored = await restore([backup], database);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`into ${database} (integrity_check: ok`);
    expect(fs.existsSync(database)).toBe(true);
  }, 60_000);
});

describe("npm run restore -- --new on PostgreSQL", () => {
  it("is refused before it connects: the backup goes into the database DATABASE_URL names, never a new one", async () => {
    const refused = await run(process.execPath, ["scripts/restore.mjs", "--new", "backups/app.dump"], {
      env: { ...process.env, DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining("Restore refused: --new is for an SQLite file.") });
  }, 60_000);
});

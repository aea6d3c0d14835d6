import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";

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
  fs.copyFileSync(inject("baseDatabase"), backup);

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
});

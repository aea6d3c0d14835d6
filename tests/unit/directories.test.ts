import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";
import { makeDirectory, requireWritableDirectory } from "../../scripts/lib/directories.mjs";

const run = promisify(execFile);
const dir = path.join(inject("runDirectory"), `directories-${process.pid}`);
fs.mkdirSync(dir, { recursive: true });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A script of `scripts/` run as npm runs it, stopped after 30 s: a command that hangs fails the test. */
const script = (args: string[], env: Record<string, string>) =>
  run(process.execPath, args, { env: { ...process.env, ...env }, timeout: 30_000 }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: "", killed: false }),
    (error: { code: number; stdout: string; stderr: string; killed: boolean }) => error,
  );

// Linux's /proc takes no new folders, and answers each with "no such file": Node's recursive mkdir looped on it.
const noNewFolders = "/proc/vrn-schools-forum-test";

describe("making a folder a command was given", () => {
  it("makes the folder and its missing parents, and keeps one that is there", () => {
    const wanted = path.join(dir, "a", "b", "c");
    expect(makeDirectory(wanted)).toBe(wanted);
    expect(fs.statSync(wanted).isDirectory()).toBe(true);
    expect(makeDirectory(wanted)).toBe(wanted);
  });

  it("says which folder it could not make, instead of hanging", () => {
    const file = path.join(dir, "a-file");
    fs.writeFileSync(file, "");
    expect(() => makeDirectory(path.join(file, "backups"))).toThrow(`Cannot make the folder ${path.join(file, "backups")}: ${file} is a file, not a folder`);
    if (fs.existsSync("/proc/self")) {
      expect(() => makeDirectory(`${noNewFolders}/backups`)).toThrow(`Cannot make the folder ${noNewFolders}: ENOENT`);
    }
  });

  it.skipIf(inject("testEngine") !== "sqlite" || !fs.existsSync("/proc/self"))(
    "npm run backup and the database's preparation stop with a message for a folder that cannot be made",
    async () => {
      const file = path.join(dir, "app.db");
      fs.copyFileSync(inject("baseDatabase"), file);
      const backup = await script(["scripts/backup.mjs", `${noNewFolders}/backups`], { DATABASE_URL: `file:${file}` });
      expect(backup).toMatchObject({ code: 1, killed: false });
      expect(backup.stderr).toContain(`Backup failed: Cannot make the folder ${noNewFolders}: ENOENT`);

      const prepare = await script(["scripts/prepare-db.mjs"], { DATABASE_URL: `file:${noNewFolders}/app.db` });
      expect(prepare).toMatchObject({ code: 1, killed: false });
      expect(prepare.stderr).toContain(`Cannot make the folder ${noNewFolders}: ENOENT`);
    },
    90_000,
  );
});

describe("a folder written to long after it is named (BACKUP_DIR)", () => {
  it("is made when missing and proved writable, leaving nothing in it", () => {
    const wanted = path.join(dir, "nightly", "backups");
    expect(requireWritableDirectory(wanted)).toBe(wanted);
    expect(fs.readdirSync(wanted)).toEqual([]);
  });
});

import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { backupByUrl, restoreByUrl, restoreDatabase } from "../../scripts/lib/backup.mjs";
import { createDatabase, dropDatabase } from "../../scripts/lib/postgres.mjs";

const run = promisify(execFile);
const root = process.cwd();
const dir = path.join(inject("runDirectory"), `restore-demo-${process.pid}`);
fs.mkdirSync(dir, { recursive: true });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sqlite = inject("testEngine") === "sqlite";

/** The demo database as `npm run demo` makes it, at `url`: migrated, with the demo data loaded. */
const makeDemo = (url: string) => run(process.execPath, [path.join(root, "scripts/prepare-db.mjs"), "--demo"], { env: { ...process.env, DATABASE_URL: url } });

/** `npm run restore -- --new backup` with `DATABASE_URL` naming a database not yet made, run in `cwd`; its exit code and output. */
const restore = (backup: string, url: string, cwd = root) =>
  run(process.execPath, [path.join(root, "scripts/restore.mjs"), "--new", backup], { cwd, env: { ...process.env, DATABASE_URL: url } }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

describe.skipIf(!sqlite)("npm run restore of a backup holding demo data", () => {
  const migrationsDirectory = path.resolve("prisma/migrations");
  const demo = path.join(dir, "demo.db");

  beforeAll(() => makeDemo(`file:${demo}`), 60_000);

  it("refuses it into the production database, changing nothing", async () => {
    const production = path.join(dir, "app.db");
    fs.copyFileSync(inject("baseDatabase"), production);
    const before = fs.readFileSync(production);
    expect(() => restoreDatabase(demo, production, { migrationsDirectory })).toThrow(
      `${demo} holds demo data (4 active demo account(s) @example.org, whose password is public): it goes only into the demo database, ${path.resolve("prisma/data/demo.db")}, never into ${production}.`,
    );
    expect(fs.readFileSync(production).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).filter((name) => name.includes("before-restore"))).toEqual([]);

    // The command as an operator runs it, into a database not yet made: refused, and none is made.
    const fresh = path.join(dir, "new", "app.db");
    const refused = await restore(demo, `file:${fresh}`);
    expect(refused).toMatchObject({ code: 1, stdout: "", stderr: expect.stringMatching(/^Restore refused: .* holds demo data \(4 active demo account\(s\)/) });
    expect(fs.existsSync(fresh)).toBe(false);
  }, 60_000);

  it("restores it into the demo database, prisma/data/demo.db", async () => {
    // A working folder of its own, so that its prisma/data/demo.db is this test's, not the repository's.
    const home = path.join(dir, "home");
    fs.mkdirSync(path.join(home, "prisma/data"), { recursive: true });
    const restored = await restore(demo, "file:./prisma/data/demo.db", home);
    expect(restored).toMatchObject({ code: 0, stdout: expect.stringContaining(`into a new database at ${path.join(home, "prisma/data/demo.db")}`) });
  }, 60_000);

  it("restores a production backup whose demo accounts were deactivated, as npm start asks", () => {
    const backup = path.join(dir, "deactivated.db");
    fs.copyFileSync(demo, backup);
    new Database(backup).exec(`UPDATE "User" SET "active" = 0 WHERE "email" LIKE '%@example.org'`).close();
    const production = path.join(dir, "production.db");
    fs.copyFileSync(inject("baseDatabase"), production);
    expect(restoreDatabase(backup, production, { migrationsDirectory })).toMatchObject({ restored: production });
  });
});

describe.skipIf(sqlite)("npm run restore of a demo dump on PostgreSQL", () => {
  const server = inject("postgresqlServer");
  const name = `restore_demo_${process.pid}`;
  afterAll(() => dropDatabase(server, name));

  it("refuses it, changing nothing and keeping no copy", async () => {
    const url = await createDatabase(server, name);
    await makeDemo(url);
    const { file } = backupByUrl(url, path.join(dir, "pg"));
    expect(() => restoreByUrl(file, url, { migrationsDirectory: path.resolve("prisma/postgresql/migrations") })).toThrow(
      `${file} holds demo data (4 active demo account(s) @example.org, whose password is public): it goes only into the demo database, prisma/data/demo.db, never into a PostgreSQL one.`,
    );
    expect(fs.readdirSync(path.join(dir, "pg"))).toEqual([path.basename(file)]);
  }, 120_000);
});

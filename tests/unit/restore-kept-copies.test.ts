import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, describe, expect, inject, it } from "vitest";
import { backupByUrl, restoreByUrl, restoreDatabase } from "../../scripts/lib/backup.mjs";
import { createDatabase, dropDatabase, withClient } from "../../scripts/lib/postgres.mjs";

const run = promisify(execFile);
const dir = path.join(inject("runDirectory"), `restore-kept-${process.pid}`);
fs.mkdirSync(dir, { recursive: true });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sqlite = inject("testEngine") === "sqlite";

/** A migrated database of this service at a path of its own, that says which one it is. */
function labelled(name: string, label: string) {
  const file = path.join(dir, name);
  fs.copyFileSync(inject("baseDatabase"), file);
  const db = new Database(file);
  db.exec("CREATE TABLE Label (name TEXT NOT NULL)");
  db.prepare("INSERT INTO Label (name) VALUES (?)").run(label);
  db.close();
  return file;
}
const labelOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM Label").get() as { name: string }).name;
  } finally {
    db.close();
  }
};

describe.skipIf(!sqlite)("two restores in the same second", () => {
  const migrationsDirectory = path.resolve("prisma/migrations");

  it("keep both databases they replaced, each under a name of its own", () => {
    const target = labelled("app.db", "live");
    const first = labelled("first.db", "first backup");
    const second = labelled("second.db", "second backup");
    const now = new Date("2026-11-21T20:00:00.250Z");

    const one = restoreDatabase(first, target, { migrationsDirectory, now });
    const two = restoreDatabase(second, target, { migrationsDirectory, now: new Date("2026-11-21T20:00:00.750Z") });

    expect(one.keptAside).toBe(`${target}.before-restore-2026-11-21T200000Z`);
    expect(two.keptAside).toBe(`${target}.before-restore-2026-11-21T200000Z-2`);
    expect(labelOf(one.keptAside!)).toBe("live");
    expect(labelOf(two.keptAside!)).toBe("first backup");
    expect(labelOf(target)).toBe("second backup");
  });

  it("print the names of the files they really kept", async () => {
    const target = labelled("cli.db", "live");
    const backup = labelled("cli-backup.db", "backup");
    const restore = () => run(process.execPath, ["scripts/restore.mjs", backup], { env: { ...process.env, DATABASE_URL: `file:${target}` } });
    const kept = [];
    for (let i = 0; i < 2; i++) {
      const { stdout } = await restore();
      kept.push(/the database it replaced is kept as (.+)$/m.exec(stdout)?.[1]);
    }
    expect(new Set(kept).size).toBe(2);
    expect(kept.map((file) => labelOf(file!))).toEqual(["live", "backup"]);
  }, 60_000);
});

describe.skipIf(sqlite)("two restores in the same second on PostgreSQL", () => {
  const server = inject("postgresqlServer");
  const name = `restore_kept_${process.pid}`;
  afterAll(() => dropDatabase(server, name));

  it("keep both dumps of the database they replaced, each under a name of its own", async () => {
    const url = await createDatabase(server, name, { template: inject("baseDatabase") });
    const { file } = backupByUrl(url, path.join(dir, "pg"));
    const migrationsDirectory = path.resolve("prisma/postgresql/migrations");
    await withClient(url, (client) => client.query(`CREATE TABLE "Label" ("name" TEXT NOT NULL)`));

    const one = restoreByUrl(file, url, { migrationsDirectory, now: new Date("2026-11-21T20:00:00.250Z") });
    const firstKept = fs.readFileSync(one.keptAside!);
    const two = restoreByUrl(file, url, { migrationsDirectory, now: new Date("2026-11-21T20:00:00.750Z") });

    expect(one.keptAside).toBe(file.replace(/\.dump$/, ".before-restore-2026-11-21T200000Z.dump"));
    expect(two.keptAside).toBe(file.replace(/\.dump$/, ".before-restore-2026-11-21T200000Z-2.dump"));
    // The first copy (which held the Label table the restore took away) is as the first restore left it.
    expect(fs.readFileSync(one.keptAside!).equals(firstKept)).toBe(true);
    expect(fs.statSync(two.keptAside!).size).toBeGreaterThan(0);
  }, 120_000);
});

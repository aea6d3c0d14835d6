import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { backupByUrl, backupDatabase, checkDatabaseFile, pruneBackups, restoreByUrl, restoreDatabase } from "../../scripts/lib/backup.mjs";
import { checkPostgresqlDump, postgresqlTool } from "../../scripts/lib/backup-postgresql.mjs";
import { createDatabase, dropDatabase } from "../../scripts/lib/postgres.mjs";
import { withClient } from "../../scripts/lib/postgres.mjs";
import { holdServerPresence, PRESENCE_APPLICATION_NAME } from "~/lib/server-presence.server";

const dir = path.join(inject("runDirectory"), `backup-${process.pid}`);
fs.mkdirSync(dir, { recursive: true });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A database of this service (migrated, from the run's base) at a path of its own. */
function freshDatabase(name: string) {
  const file = path.join(dir, name);
  fs.copyFileSync(inject("baseDatabase"), file);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE WriteProbe (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO WriteProbe (payload) VALUES (?)");
  db.transaction(() => {
    for (let i = 0; i < 4000; i++) insert.run("x".repeat(1000));
  })();
  db.close();
  return file;
}

const count = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT COUNT(*) AS n, MAX(id) AS top FROM WriteProbe").get() as { n: number; top: number };
  } finally {
    db.close();
  }
};

// The SQLite half: VACUUM INTO copies of a file (the PostgreSQL half is at the end).
const sqlite = inject("testEngine") === "sqlite";

describe.skipIf(!sqlite)("npm run backup", () => {
  it("takes an intact copy holding every committed row while another process keeps writing", async () => {
    const file = freshDatabase("live.db");
    // The other process: one committed row per transaction, as fast as it can, until told to stop.
    const writer = spawn(
      process.execPath,
      [
        "-e",
        `const db = new (require("better-sqlite3"))(${JSON.stringify(file)});
         db.pragma("busy_timeout = 10000");
         const insert = db.prepare("INSERT INTO WriteProbe (payload) VALUES (?)");
         let stop = false; process.on("SIGTERM", () => { stop = true; });
         (function loop() { for (let i = 0; i < 20; i++) insert.run("y".repeat(500)); if (stop) { db.close(); process.exit(0); } setImmediate(loop); })();`,
      ],
      { cwd: process.cwd(), stdio: ["ignore", "inherit", "inherit"] },
    );
    const exited = new Promise<number | null>((resolve) => writer.on("exit", (code) => resolve(code)));
    // Waits for conditions, not for a time: a slow machine only takes longer to get there.
    const patiently = { timeout: 60_000, interval: 20 };
    await vi.waitFor(() => expect(count(file).n).toBeGreaterThanOrEqual(4200), patiently);

    const committedBefore = count(file).n;
    const { file: copy, bytes } = backupDatabase(file, path.join(dir, "backups"), { now: new Date("2026-11-21T19:04:12Z") });
    const writtenDuring = await vi.waitFor(() => {
      const { n } = count(file);
      expect(n).toBeGreaterThan(committedBefore);
      return n;
    }, patiently);
    writer.kill("SIGTERM");
    expect(await exited).toBe(0);

    expect(path.basename(copy)).toBe("app-2026-11-21T190412Z.db");
    expect(bytes).toBe(fs.statSync(copy).size);
    // Children's data: readable by the service's user alone, whatever the umask.
    expect(fs.statSync(copy).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${copy}-wal`)).toBe(false);
    expect(checkDatabaseFile(copy)).toMatchObject({ ok: true, problems: [] });
    // A snapshot: every row committed before the backup began, and no gap (no half of a later moment).
    const copied = count(copy);
    expect(copied.n).toBeGreaterThanOrEqual(committedBefore);
    expect(copied.top).toBe(copied.n);
    // The writer was not held up: it went on committing while and after the copy was made.
    expect(writtenDuring).toBeGreaterThan(committedBefore);
  });

  it("leaves nothing named as a backup when it is killed part-way, and the next backup is whole", async () => {
    const file = freshDatabase("killed.db");
    const db = new Database(file);
    const insert = db.prepare("INSERT INTO WriteProbe (payload) VALUES (?)");
    db.transaction(() => {
      for (let i = 0; i < 40_000; i++) insert.run("z".repeat(1000));
    })();
    db.close();
    const backups = path.join(dir, "killed-backups");
    const module = JSON.stringify(path.resolve("scripts/lib/backup.mjs"));
    const copying = spawn(
      process.execPath,
      ["--input-type=module", "-e", `import { backupDatabase } from ${module}; backupDatabase(${JSON.stringify(file)}, ${JSON.stringify(backups)});`],
      { stdio: ["ignore", "inherit", "inherit"] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) => copying.on("exit", (_code, signal) => resolve(signal)));
    // Killed as soon as the copy has begun to be written (a 40 MB copy takes far longer to finish).
    const giveUpAt = Date.now() + 60_000;
    while (copying.exitCode === null && Date.now() < giveUpAt && !(fs.existsSync(backups) && fs.readdirSync(backups).length > 0)) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    copying.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    expect(fs.readdirSync(backups).filter((name) => /^app-.*\.db$/.test(name))).toEqual([]);
    const [leftover] = fs.readdirSync(backups);
    expect(leftover).toMatch(/^app-.*\.db\.partial$/);
    const { file: copy } = backupDatabase(file, backups, { now: new Date(Date.now() + 60_000) });
    expect(checkDatabaseFile(copy)).toMatchObject({ ok: true, problems: [] });
    expect(count(copy).n).toBe(44_000);
    // The copy cut short holds the data as a backup does: pruning deletes it once it is clearly left
    // behind (six hours untouched), and never one that may still be being written.
    const sevenHoursOn = Date.now() + 7 * 60 * 60 * 1000;
    expect(pruneBackups(backups, 1)).toEqual({ backups: [], unfinished: [] });
    expect(pruneBackups(backups, 1, { now: sevenHoursOn })).toMatchObject({ backups: [], unfinished: expect.arrayContaining([path.join(backups, leftover!)]) });
    expect(fs.readdirSync(backups)).toEqual([path.basename(copy)]);
  });
});

describe.skipIf(!sqlite)("npm run restore", () => {
  const migrationsDirectory = path.resolve("prisma/migrations");

  it("refuses a corrupt file and a file that is not one of this service's databases, changing nothing", () => {
    const target = freshDatabase("target-1.db");
    const before = fs.readFileSync(target);

    const garbage = path.join(dir, "garbage.db");
    fs.writeFileSync(garbage, Buffer.alloc(8192, 7));
    expect(() => restoreDatabase(garbage, target, { migrationsDirectory })).toThrow(/cannot be restored: it cannot be read as an SQLite database/);

    // A real backup with pages overwritten in the middle.
    const { file: damaged } = backupDatabase(target, path.join(dir, "damaged"));
    const fd = fs.openSync(damaged, "r+");
    fs.writeSync(fd, Buffer.alloc(4096 * 4, 0xab), 0, 4096 * 4, 4096 * 20);
    fs.closeSync(fd);
    expect(() => restoreDatabase(damaged, target, { migrationsDirectory })).toThrow(/cannot be restored/);

    const stranger = path.join(dir, "stranger.db");
    new Database(stranger).exec("CREATE TABLE Notes (id INTEGER PRIMARY KEY)").close();
    expect(() => restoreDatabase(stranger, target, { migrationsDirectory })).toThrow(/lacks tables this service needs: _prisma_migrations, User/);

    expect(fs.readFileSync(target).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.includes("before-restore"))).toEqual([]);
  });

  it("refuses while the server is running", async () => {
    const target = freshDatabase("target-2.db");
    const { file: backup } = backupDatabase(target, path.join(dir, "running"));
    const pidFile = `${target}.server-pid`;
    // A live Node process other than this one stands for the server (the restore runs in a process of its own).
    const server = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    await new Promise((resolve) => server.once("spawn", resolve));
    try {
      fs.writeFileSync(pidFile, String(server.pid));
      expect(() => restoreDatabase(backup, target, { pidFile, migrationsDirectory })).toThrow(/The server is running \(process \d+/);
    } finally {
      server.kill();
    }
    fs.writeFileSync(pidFile, "999999999"); // left behind by a server that is gone
    expect(() => restoreDatabase(backup, target, { pidFile, migrationsDirectory })).not.toThrow();
  });

  it("refuses while any other process has the database open, however it was started", async () => {
    const target = freshDatabase("target-4.db");
    const { file: backup } = backupDatabase(target, path.join(dir, "open"));
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `const db = new (require("better-sqlite3"))(${JSON.stringify(target)}); db.prepare("SELECT 1").get(); console.log("open"); setInterval(() => {}, 1000);`,
      ],
      {
        cwd: process.cwd(),
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    await new Promise((resolve) => holder.stdout.once("data", resolve));
    try {
      expect(() => restoreDatabase(backup, target, { migrationsDirectory })).toThrow(new RegExp(`open in process ${holder.pid}`));
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("leaves a start refusing, not making an empty database, where a restore stopped before its end", async () => {
    const folder = path.join(dir, "stopped-restore");
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, "app.db");
    fs.copyFileSync(freshDatabase("kept-aside.db"), `${file}.before-restore-2026-12-05T081500Z`);
    const started = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ["scripts/prepare-db.mjs"], { env: { ...process.env, DATABASE_URL: `file:${file}` } });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk));
      child.on("close", (code) => resolve({ code, output }));
    });
    expect(started.code).toBe(1);
    expect(started.output).toContain(`There is no database at ${file}, but a restore left ${file}.before-restore-2026-12-05T081500Z beside it`);
    expect(fs.readdirSync(folder)).toEqual(["app.db.before-restore-2026-12-05T081500Z"]);
  }, 60_000);

  it("leaves the database in place when the copy fails part-way, so 'refused' is still true", () => {
    const target = freshDatabase("target-4.db");
    const { file: backup } = backupDatabase(target, path.join(dir, "copy-fails"));
    const before = fs.readFileSync(target);
    fs.chmodSync(target, 0o640);
    // The copy cannot be written where it goes (as on a full disk): a folder stands in its way.
    fs.mkdirSync(`${target}.restoring`);
    expect(() => restoreDatabase(backup, target, { migrationsDirectory })).toThrow(/failed .*the database is as it was: nothing was moved/);
    expect(fs.readFileSync(target).equals(before)).toBe(true);
    // Back as it was, its mode too.
    expect(fs.statSync(target).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("target-4.db.before-restore"))).toEqual([]);
    fs.rmSync(`${target}.restoring`, { recursive: true });
  });

  it("restores a good backup, keeping the database it replaces and dropping its stale -wal and -shm", () => {
    const target = freshDatabase("target-3.db");
    const { file: backup } = backupDatabase(target, path.join(dir, "good"));
    // Later changes that the restore takes back, one of them still only in the -wal file.
    const live = new Database(target);
    live.pragma("wal_autocheckpoint = 0");
    live.prepare("DELETE FROM WriteProbe WHERE id > 10").run();
    expect(fs.existsSync(`${target}-wal`)).toBe(true);
    const walCopy = `${target}-wal.copy`;
    fs.copyFileSync(`${target}-wal`, walCopy);
    fs.copyFileSync(`${target}-shm`, `${target}-shm.copy`);
    live.close(); // closing checkpoints and removes the -wal; put a stale pair back as a crash would leave it
    fs.renameSync(walCopy, `${target}-wal`);
    fs.renameSync(`${target}-shm.copy`, `${target}-shm`);

    const result = restoreDatabase(backup, target, { migrationsDirectory, now: new Date("2026-11-21T20:00:00Z") });
    expect(result.keptAside).toBe(`${target}.before-restore-2026-11-21T200000Z`);
    expect(fs.statSync(result.keptAside!).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${target}-wal`)).toBe(false);
    expect(fs.existsSync(`${target}-shm`)).toBe(false);
    expect(fs.existsSync(`${result.keptAside}-wal`)).toBe(true);
    expect(count(target).n).toBe(4000);
    expect(checkDatabaseFile(target)).toMatchObject({ ok: true });
    expect(count(result.keptAside!).n).toBe(10);
  });
});

// The same commands on PostgreSQL: pg_dump's custom format, restored in one transaction.
describe.skipIf(sqlite)("npm run backup and restore on PostgreSQL", () => {
  const server = inject("postgresqlServer");
  const base = inject("baseDatabase");
  const migrationsDirectory = path.resolve("prisma/postgresql/migrations");
  const made: string[] = [];
  afterAll(async () => {
    for (const name of made) await dropDatabase(server, name);
  });

  /** A migrated database of this service with `rows` probe rows, and its URL. */
  async function freshPostgresql(rows: number) {
    const name = `backup_${process.pid}_${made.length}`;
    made.push(name);
    const url = await createDatabase(server, name, { template: base });
    await withClient(url, async (client) => {
      await client.query(`CREATE TABLE "WriteProbe" ("id" SERIAL PRIMARY KEY, "payload" TEXT NOT NULL)`);
      await client.query(`INSERT INTO "WriteProbe" ("payload") SELECT repeat('x', 1000) FROM generate_series(1, $1::int)`, [rows]);
    });
    return url;
  }
  const probe = (url: string) =>
    withClient(
      url,
      async (client) => (await client.query(`SELECT count(*)::int AS n, max("id") AS top FROM "WriteProbe"`)).rows[0] as { n: number; top: number },
    );

  it("takes a checked copy holding every committed row while another process keeps writing", async () => {
    const url = await freshPostgresql(4000);
    const writer = spawn(
      process.execPath,
      [
        "-e",
        `const pg = require("pg"); const client = new pg.Client({ connectionString: ${JSON.stringify(url)} });
         let stop = false; process.on("SIGTERM", () => { stop = true; });
         client.connect().then(async () => { while (!stop) await client.query("INSERT INTO \\"WriteProbe\\" (\\"payload\\") VALUES ('y')"); await client.end(); process.exit(0); });`,
      ],
      { cwd: process.cwd(), stdio: ["ignore", "inherit", "inherit"] },
    );
    const exited = new Promise<number | null>((resolve) => writer.on("exit", (code) => resolve(code)));
    const patiently = { timeout: 60_000, interval: 20 };
    await vi.waitFor(async () => expect((await probe(url)).n).toBeGreaterThanOrEqual(4100), patiently);
    const committedBefore = (await probe(url)).n;

    const { file, bytes, migrations } = backupByUrl(url, path.join(dir, "pg-backups"), { now: new Date("2026-11-21T19:04:12Z") });
    const writtenDuring = await vi.waitFor(async () => {
      const { n } = await probe(url);
      expect(n).toBeGreaterThan(committedBefore);
      return n;
    }, patiently);
    writer.kill("SIGTERM");
    expect(await exited).toBe(0);

    expect(path.basename(file)).toBe("app-2026-11-21T190412Z.dump");
    expect(bytes).toBe(fs.statSync(file).size);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(migrations).toEqual(fs.readdirSync(migrationsDirectory).filter((name) => /^\d/.test(name)));
    expect(checkPostgresqlDump(file)).toMatchObject({ ok: true, problems: [] });
    expect(writtenDuring).toBeGreaterThan(committedBefore);

    // Restored, the copy is one moment: every row committed before it began, and no gap.
    const target = await freshPostgresql(10);
    restoreByUrl(file, target, { migrationsDirectory, now: new Date("2026-11-21T20:00:00Z") });
    const copied = await probe(target);
    expect(copied.n).toBeGreaterThanOrEqual(committedBefore);
    expect(copied.top).toBe(copied.n);
  });

  it("refuses a damaged dump, a stranger's dump and a database someone is connected to, changing nothing", async () => {
    const url = await freshPostgresql(50);
    const { file } = backupByUrl(url, path.join(dir, "pg-refusals"));
    const damaged = path.join(dir, "pg-refusals", "damaged.dump");
    const bytes = fs.readFileSync(file);
    bytes.fill(0xab, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 512);
    fs.writeFileSync(damaged, bytes);
    expect(() => restoreByUrl(damaged, url, { migrationsDirectory })).toThrow(/cannot be restored/);

    const garbage = path.join(dir, "pg-refusals", "garbage.dump");
    fs.writeFileSync(garbage, Buffer.alloc(8192, 7));
    expect(() => restoreByUrl(garbage, url, { migrationsDirectory })).toThrow(/cannot be read as a PostgreSQL dump/);

    const strangerUrl = await createDatabase(server, `backup_${process.pid}_stranger`);
    made.push(`backup_${process.pid}_stranger`);
    await withClient(strangerUrl, (client) => client.query(`CREATE TABLE "Notes" ("id" INTEGER PRIMARY KEY)`));
    // A database that is not this service's is not even backed up: its copy fails the check and is removed.
    expect(() => backupByUrl(strangerUrl, path.join(dir, "pg-stranger"))).toThrow(/lacks tables this service needs: _schema_migrations, User/);
    expect(fs.readdirSync(path.join(dir, "pg-stranger"))).toEqual([]);

    await withClient(url, async () => {
      expect(() => restoreByUrl(file, url, { migrationsDirectory })).toThrow(/Sessions are open on the database: process \d+/);
    });
    // Another restore's or backup's session, even one of a process with this process's id (on another machine),
    // is someone else's: only this restore's own are not counted.
    const another = new URL(url);
    another.searchParams.set("application_name", `vrn-schools-forum backup ${process.pid}`);
    await withClient(another.toString(), async () => {
      expect(() => restoreByUrl(file, url, { migrationsDirectory })).toThrow(/Sessions are open on the database: process \d+ \(vrn-schools-forum backup \d+\)/);
    });
    expect((await probe(url)).n).toBe(50);

    // A server with nothing to do keeps a connection of its own open, by name, which the restore sees;
    // cut off (a failover), it opens another.
    const presence = holdServerPresence(url, { retryMs: 50 });
    try {
      await presence.opened;
      expect(() => restoreByUrl(file, url, { migrationsDirectory })).toThrow(
        /Sessions are open on the database: process \d+ \(vrn-schools-forum server\)\. Stop the server/,
      );
      const held = () =>
        withClient(url, async (client) =>
          (
            await client.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [PRESENCE_APPLICATION_NAME])
          ).rows.map((row) => Number(row.pid)),
        );
      const [first] = await held();
      await withClient(url, (client) => client.query(`SELECT pg_terminate_backend($1)`, [first]));
      await expect.poll(async () => (await held()).filter((pid) => pid !== first), { timeout: 10_000 }).toHaveLength(1);
      expect(await held()).not.toContain(first);
    } finally {
      await presence.stop();
    }
    expect((await probe(url)).n).toBe(50);
  });

  it("restores a good dump in place of later changes, keeping the database it replaced", async () => {
    const url = await freshPostgresql(40);
    const { file } = backupByUrl(url, path.join(dir, "pg-good"));
    await withClient(url, (client) => client.query(`DELETE FROM "WriteProbe" WHERE "id" > 10`));
    const result = restoreByUrl(file, url, { migrationsDirectory, now: new Date("2026-11-21T20:00:00Z") });
    expect(result.keptAside).toBe(file.replace(/\.dump$/, ".before-restore-2026-11-21T200000Z.dump"));
    expect((await probe(url)).n).toBe(40);
    expect(checkPostgresqlDump(result.keptAside!)).toMatchObject({ ok: true });
    // Pruning counts the backups, never the copies kept aside by a restore.
    expect(pruneBackups(path.join(dir, "pg-good"), 1)).toEqual({ backups: [], unfinished: [] });
    expect(fs.existsSync(result.keptAside!)).toBe(true);
  });

  it("waits for a session that is closing, and restores once it has gone", async () => {
    const url = await freshPostgresql(30);
    const { file } = backupByUrl(url, path.join(dir, "pg-closing"));
    await withClient(url, (client) => client.query(`DELETE FROM "WriteProbe" WHERE "id" > 3`));
    // A shell that ends half a second after the restore begins: listed then, gone soon after.
    const shell = spawn(postgresqlTool("psql"), ["-X", "-q", "-d", url, "-c", "SELECT pg_sleep(0.5)"], {
      env: { ...process.env, PGAPPNAME: "closing soon" },
      stdio: "ignore",
    });
    const ended = new Promise((resolve) => shell.on("exit", resolve));
    const listed = () =>
      withClient(url, async (client) => (await client.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'closing soon'`)).rowCount);
    await expect.poll(listed, { timeout: 10_000, interval: 20 }).toBe(1);

    expect(restoreByUrl(file, url, { migrationsDirectory })).toMatchObject({ keptAside: expect.stringContaining(".before-restore-") });
    expect(await ended).toBe(0);
    expect((await probe(url)).n).toBe(30);
  });

  it("backs up and restores through an address with the parameters only Node's drivers know, which PostgreSQL's own tools refuse", async () => {
    const url = new URL(await freshPostgresql(5));
    // node-postgres's libpq-compatible TLS modes (deploy.md) and Prisma's pool settings.
    url.search = "?sslmode=disable&uselibpqcompat=true&connection_limit=5";
    const { file } = backupByUrl(url.toString(), path.join(dir, "pg-parameters"));
    expect(checkPostgresqlDump(file)).toMatchObject({ ok: true });
    expect(restoreByUrl(file, url.toString(), { migrationsDirectory })).toMatchObject({ keptAside: expect.stringContaining(".before-restore-") });
    expect((await probe(url.toString())).n).toBe(5);
  });
});

// @ts-check
// Online backups and offline restores of the SQLite database, and the choice of engine by DATABASE_URL
// (PostgreSQL's twin is backup-postgresql.mjs). `npm run backup`, `npm run restore` and the nightly job
// are thin wrappers; the Vitest suite drives these functions directly.
// See docs/decisions/0018-backups-and-restores.md and 0081-postgresql-backups-with-pg-dump.md.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { DEMO_DATABASE_URL, DEMO_EMAIL_LIKE } from "../env.mjs";
import { backupPostgresql, createPrivately, reserveName, restorePostgresql } from "./backup-postgresql.mjs";
import { makeDirectory } from "./directories.mjs";
import { engineOf } from "./engines.mjs";

/** Tables a database of this service always has; a file without them is not one of our backups. */
const EXPECTED_TABLES = ["_prisma_migrations", "User", "School", "Session", "AuditEvent", "Delivery", "Booking"];

/** 2026-11-21T190412Z: sortable, safe in file names on every system, and in UTC. */
function timestamp(date = new Date()) {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "");
}

/**
 * A consistent copy of the live database, taken while the server keeps serving. `VACUUM INTO` reads
 * one snapshot (a WAL read transaction, which never blocks the server's writes) and writes a compact,
 * self-contained file. Then the copy is checked with `PRAGMA integrity_check`.
 */
/** @param {string} databaseFile @param {string} directory @param {{ now?: Date }} [options] */
export function backupDatabase(databaseFile, directory, { now = new Date() } = {}) {
  if (!fs.existsSync(databaseFile)) throw new Error(`There is no database at ${databaseFile}`);
  makeDirectory(directory);
  const target = path.join(directory, `app-${timestamp(now)}.db`);
  if (fs.existsSync(target)) throw new Error(`${target} already exists`);
  // Written and checked under a name pruning does not count as a backup, and given its own name only
  // once whole: a copy cut short (the process killed, the disk full) never passes for a backup.
  const partial = `${target}.partial`;
  // With the rollback journal SQLite may leave beside a copy cut short.
  const removePartial = () => [partial, `${partial}-journal`].forEach((file) => fs.rmSync(file, { force: true }));
  removePartial();
  createPrivately(partial);
  const source = new Database(databaseFile, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 10000");
    source.prepare("VACUUM INTO ?").run(partial);
  } catch (error) {
    removePartial();
    throw error;
  } finally {
    source.close();
  }
  const check = checkDatabaseFile(partial);
  if (!check.ok) {
    removePartial();
    throw new Error(`The copy failed its check and was removed: ${check.problems.join("; ")}`);
  }
  fs.renameSync(partial, target);
  return { file: target, bytes: fs.statSync(target).size, migrations: check.migrations };
}

/** The names the backups get (app-2026-11-21T190412Z.db, or .dump from PostgreSQL), and nothing else. */
const BACKUP_NAME = /^app-\d{4}-\d{2}-\d{2}T\d{6}Z\.(db|dump)$/;

/**
 * A copy still being written, or left by a backup that stopped before it was whole (see backupDatabase),
 * with the rollback journal SQLite may leave beside it.
 */
const UNFINISHED_NAME = /^app-\d{4}-\d{2}-\d{2}T\d{6}Z\.(db|dump)\.partial(-journal)?$/;

/**
 * How old an unfinished copy must be to be taken for one left behind: far longer than a backup takes, so
 * one being written meanwhile (by `npm run backup`, say) is never touched.
 */
const UNFINISHED_LEFT_AFTER_MS = 6 * 60 * 60 * 1000;

/**
 * Keeps the newest `keep` backups in `directory` (by the time in their names) and deletes the older
 * ones, and deletes each unfinished copy (`<backup name>.partial`) last changed over six hours before
 * `now`: they hold children's data as a backup does. Only files named as backupDatabase names them are
 * counted or touched. Returns the deleted paths: `backups` and `unfinished`.
 * @param {string} directory @param {number} keep @param {{ now?: number }} [options]
 */
export function pruneBackups(directory, keep, { now = Date.now() } = {}) {
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`The number of backups to keep must be a whole number from 1, not ${keep}`);
  const names = fs.readdirSync(directory);
  const backups = names
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .reverse()
    .slice(keep)
    .map((name) => path.join(directory, name));
  const unfinished = names
    .filter((name) => UNFINISHED_NAME.test(name))
    .map((name) => path.join(directory, name))
    .filter((file) => now - fs.statSync(file).mtimeMs > UNFINISHED_LEFT_AFTER_MS);
  for (const file of [...backups, ...unfinished]) fs.rmSync(file, { force: true });
  return { backups, unfinished };
}

/** Is `file` an intact database of this service? Never changes the file. */
/** @param {string} file @param {{ knownMigrations?: string[] }} [options] */
export function checkDatabaseFile(file, { knownMigrations } = {}) {
  /** @type {string[]} */
  const problems = [];
  let db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = /** @type {{ integrity_check: string }[]} */ (db.pragma("integrity_check")).map((row) => row.integrity_check);
    if (integrity.length !== 1 || integrity[0] !== "ok") problems.push(`integrity_check says: ${integrity.slice(0, 5).join(", ")}`);
    const tables = new Set(/** @type {{ name: string }[]} */ (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).map((r) => r.name));
    const missing = EXPECTED_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) problems.push(`it lacks tables this service needs: ${missing.join(", ")}`);
    const migrations = tables.has("_prisma_migrations")
      ? /** @type {{ migration_name: string }[]} */ (
          db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name").all()
        ).map((r) => r.migration_name)
      : [];
    if (knownMigrations) {
      const unknown = migrations.filter((m) => !knownMigrations.includes(m));
      if (unknown.length > 0) problems.push(`it was made by a newer version of the service (migrations ${unknown.join(", ")} are not in this one)`);
    }
    return { ok: problems.length === 0, problems, migrations };
  } catch (error) {
    problems.push(`it cannot be read as an SQLite database (${error instanceof Error ? error.message : error})`);
    return { ok: false, problems, migrations: [] };
  } finally {
    db?.close();
  }
}

/** Whether DATABASE_URL names a PostgreSQL database rather than an SQLite file. @param {string} url */
const isPostgresql = (url) => engineOf(url) === "postgresql";

/**
 * A checked backup of the database DATABASE_URL names into `directory`: VACUUM INTO for an SQLite file,
 * pg_dump for PostgreSQL. Returns the copy's path, its size in bytes and the migrations it holds.
 * @param {string} url @param {string} directory @param {{ now?: Date }} [options]
 */
export function backupByUrl(url, directory, options) {
  return isPostgresql(url) ? backupPostgresql(url, directory, options) : backupDatabase(path.resolve(url.replace(/^file:/, "")), directory, options);
}

/**
 * Puts `backupFile` in place of the database DATABASE_URL names, as restoreDatabase (SQLite) or
 * restorePostgresql do; `keptAside` is where the replaced database is kept.
 * @param {string} backupFile @param {string} url
 * @param {{ pidFile?: string, migrationsDirectory?: string, now?: Date }} [options]
 * @returns {{ restored: string, keptAside?: string, migrations: string[] }}
 */
export function restoreByUrl(backupFile, url, { pidFile, migrationsDirectory, now } = {}) {
  if (!isPostgresql(url)) return restoreDatabase(backupFile, path.resolve(url.replace(/^file:/, "")), { pidFile, migrationsDirectory, now });
  return restorePostgresql(backupFile, url, { knownMigrations: migrationsDirectory ? knownMigrations(migrationsDirectory) : undefined, now });
}

/**
 * The migrations this copy of the code knows (folder names under prisma/migrations).
 * @param {string} migrationsDirectory
 */
function knownMigrations(migrationsDirectory) {
  return fs
    .readdirSync(migrationsDirectory, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
}

/**
 * The process id in `pidFile` if a Node process by that id, other than this one, is alive; undefined
 * otherwise. A file left by a server that is gone is ignored, and so, where /proc can be read (Linux), is one
 * whose id now belongs to another program, as it may after a restart of the machine.
 * @param {string} pidFile
 * @returns {number | undefined}
 */
export function runningServerPid(pidFile) {
  const text = fs.readFileSync(pidFile, "utf8").trim();
  const pid = Number(text);
  // This very process is not another server: a restart given the same id (always 1 in a container) finds
  // the file its last run could not remove.
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EPERM") return undefined;
  }
  let program;
  try {
    program = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0] ?? "";
  } catch {
    return pid; // No /proc here (or the process ended meanwhile): taken as alive, the safer mistake.
  }
  return program === "" || /node/i.test(path.basename(program)) ? pid : undefined;
}

/**
 * Other processes that have `file` (or its -wal) open, found through /proc on Linux: a server started
 * some other way than `npm start`, a job, a shell. Empty where /proc cannot be read.
 * @param {string} file
 */
function processesUsing(file) {
  let targets;
  try {
    const real = fs.realpathSync(file);
    targets = new Set([real, `${real}-wal`]);
  } catch {
    return [];
  }
  /** @type {number[]} */
  const found = [];
  /** @type {string[]} */
  let entries = [];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid);
  } catch {
    return [];
  }
  for (const pid of entries) {
    /** @type {string[]} */
    let fds = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (targets.has(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))) {
          found.push(Number(pid));
          break;
        }
      } catch {
        // The descriptor closed while we looked.
      }
    }
  }
  return found;
}

/**
 * Throws unless nothing is using the SQLite file `databaseFile`: no live server in `pidFile` (which
 * `npm start` writes beside the database) and, on Linux, no other process with the file open. Whatever
 * replaces or copies the file (a restore, a move to PostgreSQL) must not run beside a server still
 * writing to it; `then` names that step in the message.
 * @param {string} databaseFile @param {{ pidFile?: string, then: string }} options
 */
export function requireDatabaseUnused(databaseFile, { pidFile, then }) {
  const pid = pidFile && fs.existsSync(pidFile) ? runningServerPid(pidFile) : undefined;
  if (pid) throw new Error(`The server is running (process ${pid}, from ${pidFile}). Stop it first, then ${then}.`);
  const holders = fs.existsSync(databaseFile) ? processesUsing(databaseFile) : [];
  if (holders.length > 0) throw new Error(`The database is open in process ${holders.join(", ")}. Stop the server (and any job) first, then ${then}.`);
}

/**
 * The active demo accounts in an SQLite database of this service: an @example.org address (the demo
 * data's, whose password is public), active. The accounts `npm start` warns of.
 * @param {string} file
 */
function demoAccountsIn(file) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return /** @type {{ n: number }} */ (db.prepare(`SELECT COUNT(*) AS "n" FROM "User" WHERE "email" LIKE '${DEMO_EMAIL_LIKE}' AND "active"`).get()).n;
  } finally {
    db.close();
  }
}

/**
 * Puts `backupFile` in place of `databaseFile`. Only while the server is stopped (its pid file names no
 * live process), and a backup holding demo accounts only into the demo database (prisma/data/demo.db):
 * the production database never loads demo data. The current database, with any -wal/-shm beside it, is
 * kept as `<name>.before-restore-<time>` (`…-2` and on when a restore in the same second kept one under
 * that name); the backup is copied beside the target first, while the database stays in place, then renamed
 * over it, so the database is never half-written and a restore stopped during the copy leaves it as it was.
 */
/**
 * @param {string} backupFile
 * @param {string} databaseFile
 * @param {{ pidFile?: string, migrationsDirectory?: string, now?: Date }} [options]
 */
export function restoreDatabase(backupFile, databaseFile, { pidFile, migrationsDirectory, now = new Date() } = {}) {
  if (!fs.existsSync(backupFile)) throw new Error(`There is no file at ${backupFile}`);
  requireDatabaseUnused(databaseFile, { pidFile, then: "restore" });
  const check = checkDatabaseFile(backupFile, { knownMigrations: migrationsDirectory ? knownMigrations(migrationsDirectory) : undefined });
  if (!check.ok) throw new Error(`${backupFile} cannot be restored: ${check.problems.join("; ")}`);
  const demoDatabase = path.resolve(DEMO_DATABASE_URL.replace(/^file:/, ""));
  const demoAccounts = demoAccountsIn(backupFile);
  if (demoAccounts > 0 && path.resolve(databaseFile) !== demoDatabase) {
    throw new Error(
      `${backupFile} holds demo data (${demoAccounts} active demo account(s) @example.org, whose password is public): it goes only into the demo database, ${demoDatabase}, never into ${databaseFile}.`,
    );
  }

  // The slow part, the copy, is made first, beside the database, which stays where it is until the copy is
  // whole: a restore stopped part-way (Ctrl-C, a full disk, a killed process) leaves the database as it was,
  // and only renames follow.
  makeDirectory(path.dirname(databaseFile));
  const incoming = `${databaseFile}.restoring`;
  try {
    fs.copyFileSync(backupFile, incoming);
  } catch (error) {
    try {
      fs.rmSync(incoming, { force: true });
    } catch {
      // Whatever stands there is not ours to remove.
    }
    throw new Error(`Copying ${backupFile} failed (${error instanceof Error ? error.message : error}); the database is as it was: nothing was moved.`);
  }

  const present = ["", "-wal", "-shm"].filter((suffix) => fs.existsSync(`${databaseFile}${suffix}`));
  const aside = present.length > 0 ? reserveName(`${databaseFile}.before-restore-${timestamp(now)}`, "", ["-wal", "-shm"]) : "";
  // Only a -wal or -shm without its database: the name was taken for them, and the empty file goes.
  if (present.length > 0 && !present.includes("")) fs.rmSync(aside);
  const keptAside = [];
  /** Each file's mode before it was kept aside, to give it back with the file if the restore fails. */
  const modes = new Map();
  for (const suffix of present) {
    modes.set(`${aside}${suffix}`, fs.statSync(`${databaseFile}${suffix}`).mode & 0o7777);
    fs.renameSync(`${databaseFile}${suffix}`, `${aside}${suffix}`);
    keptAside.push(`${aside}${suffix}`);
    // A file moved aside keeps its own mode: a copy kept is made private, as a backup is.
    fs.chmodSync(`${aside}${suffix}`, 0o600);
  }
  try {
    fs.renameSync(incoming, databaseFile);
  } catch (error) {
    // The copy could not take the database's place: put the database that was there back, so "refused" stays true.
    try {
      fs.rmSync(incoming, { force: true });
    } catch {
      // Whatever stands there is not ours to remove; the database going back matters more.
    }
    for (const kept of keptAside) {
      fs.chmodSync(kept, modes.get(kept));
      fs.renameSync(kept, `${databaseFile}${kept.slice(aside.length)}`);
    }
    throw new Error(`Putting ${backupFile} in place failed (${error instanceof Error ? error.message : error}); the database that was there is back in place.`);
  }
  return { restored: databaseFile, keptAside: keptAside[0], migrations: check.migrations };
}

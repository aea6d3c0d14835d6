// @ts-check
// Creates the SQLite database if needed and applies migrations (on PostgreSQL, our own runner applies
// prisma/postgresql/migrations to the database DATABASE_URL names, which must exist). With --demo (npm run demo, npm run dev)
// it also loads demo data into an empty database; without it (npm start) it never does.
// `node scripts/prepare-db.mjs --reseed` (npm run db:seed) replaces the demo database's data with fresh
// demo data, and refuses a database that holds anyone but the demo accounts.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_DATABASE_URL, DEMO_DATABASE_URL, DEMO_EMAIL_LIKE } from "./env.mjs";
import { queryRows } from "./lib/database.mjs";
import { makeDirectory } from "./lib/directories.mjs";
import { engineOf } from "./lib/engines.mjs";
import { migratePostgresql } from "./lib/postgresql-migrations.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const databaseUrl = () => process.env.DATABASE_URL || DEFAULT_DATABASE_URL;

/** The SQLite file a `file:` URL names (relative to the working directory). */
export function databasePath(url = databaseUrl()) {
  return path.resolve(url.replace(/^file:/, ""));
}

/**
 * Throws when there is no database at `file` but a restore left its files beside where it should be (the
 * database it kept aside, `<name>.before-restore-…`, or its copy, `<name>.restoring`): a restore stopped
 * before its end. Making a new, empty database there would look like a service wiped clean, the data
 * still in the file kept aside; the message names the files and what to do.
 * @param {string} file
 */
export function refuseAfterUnfinishedRestore(file) {
  if (fs.existsSync(file)) return;
  const folder = path.dirname(file);
  const name = path.basename(file);
  const left = fs.existsSync(folder)
    ? fs.readdirSync(folder).filter((entry) => entry === `${name}.restoring` || (entry.startsWith(`${name}.before-restore-`) && !/-(wal|shm)$/.test(entry)))
    : [];
  if (left.length === 0) return;
  throw new Error(
    `There is no database at ${file}, but a restore left ${left.map((entry) => path.join(folder, entry)).join(" and ")} beside it: it stopped before its end. ` +
      `Run npm run restore again with the backup you meant, or rename the database kept aside (…before-restore-…) to ${name} to go back to it. ` +
      `Nothing was started, so no empty database was made in its place.`,
  );
}

/** The first 16 bytes of every SQLite database file (https://www.sqlite.org/fileformat.html, 1.3). */
const SQLITE_HEADER = "SQLite format 3\0";

/**
 * Checks that the SQLite database `file` can be served, before anything opens it, and keeps it private:
 * a database of children's records is for the service's user alone. A new file is made empty with mode
 * 600, whatever the umask (SQLite gives its -wal and -shm files the database's mode); an existing one that
 * every user on the machine may read loses those rights (its group keeps its own), and the line returned
 * says so (or, for a file another user owns, that its owner must). Throws an Error saying what is wrong, in
 * words an operator can act on, when the path is a folder, something other than a file, a link to nothing,
 * a file this user cannot read and write, one on a file system mounted read-only, a file that is not an
 * SQLite database, or in a folder this user cannot write (SQLite writes its -wal and -shm files there).
 * @param {string} file absolute path
 * @returns {string[]} lines to print: what was changed
 */
export function prepareDatabaseFile(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  const folder = path.dirname(file);
  if (!stat && fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) {
    throw new Error(`${file} is a link to ${fs.readlinkSync(file)}, which is not there: check DATABASE_URL, or the link.`);
  }
  if (stat?.isDirectory())
    throw new Error(`${file} is a folder, not a database file: DATABASE_URL must name a file in it, such as file:${path.join(file, "app.db")}.`);
  if (stat && !stat.isFile()) throw new Error(`${file} is not a file, so it cannot be the database: check DATABASE_URL.`);
  if (stat) {
    const refused = whyNot(file, fs.constants.R_OK | fs.constants.W_OK);
    if (refused === "EROFS") throw new Error(`${file} is on a file system mounted read-only: the database must be where it can be written.`);
    if (refused) throw new Error(`${file} cannot be read and written by this user (${userName()}): give the service's user the file, or check DATABASE_URL.`);
    if (stat.size > 0 && !startsAsSqlite(file)) throw new Error(`${file} is not an SQLite database: check DATABASE_URL.`);
  }
  makeDirectory(folder);
  const folderRefused = whyNot(folder, fs.constants.W_OK | fs.constants.X_OK);
  if (folderRefused === "EROFS") throw new Error(`${folder} is on a file system mounted read-only: the database must be where it can be written.`);
  if (folderRefused) {
    throw new Error(
      `This user (${userName()}) cannot write to ${folder}, where the database ${stat ? "keeps its -wal and -shm files" : "would be made"}: give the service's user the folder, or check DATABASE_URL.`,
    );
  }
  if (!stat) {
    fs.writeFileSync(file, "", { mode: 0o600, flag: "wx" });
    fs.chmodSync(file, 0o600);
    return [];
  }
  /** @type {string[]} */
  const made = [];
  for (const each of [file, `${file}-wal`, `${file}-shm`]) {
    const mode = (fs.statSync(each, { throwIfNoEntry: false })?.mode ?? 0) & 0o777;
    if ((mode & 0o007) === 0) continue;
    try {
      fs.chmodSync(each, mode & ~0o007);
    } catch {
      // Another user's file (the service's user may still read and write it): its owner must change it.
      made.push(`Warning: ${each} is open to every user on this machine (mode ${mode.toString(8)}), and only its owner can change that: chmod o-rwx ${each}`);
      continue;
    }
    made.push(`${each} was open to every user on this machine (mode ${mode.toString(8)}): now to its owner and group alone (${(mode & ~0o007).toString(8)}).`);
  }
  return made;
}

/**
 * Why this user may not use `file` as `mode` asks (the error's code, such as "EACCES", or "EROFS" for a file
 * system mounted read-only), or undefined when it may.
 * @param {string} file @param {number} mode
 * @returns {string | undefined}
 */
function whyNot(file, mode) {
  try {
    fs.accessSync(file, mode);
    return undefined;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code ?? "EACCES";
  }
}

/** @param {string} file */
function startsAsSqlite(file) {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const descriptor = fs.openSync(file, "r");
  try {
    fs.readSync(descriptor, header, 0, header.length, 0);
  } finally {
    fs.closeSync(descriptor);
  }
  return header.toString("latin1") === SQLITE_HEADER;
}

const userName = () => {
  try {
    return os.userInfo().username;
  } catch {
    return `uid ${process.getuid?.()}`;
  }
};

/**
 * For a command that works on the service's database (`npm run jobs`, `npm run tallies:repair`,
 * `npm run create-lead`): stops it, saying why, when DATABASE_URL names an SQLite file that is not there. That
 * is a mistyped address or a service never started, and opening it would make a new, empty database that
 * the server does not serve. Call it before anything opens the database.
 */
export function requireExistingDatabase() {
  const url = databaseUrl();
  if (engineOf(url) !== "sqlite" || fs.existsSync(databasePath(url))) return;
  console.error(`No database at ${databasePath(url)}: check DATABASE_URL, or start the service once with npm start, which creates it.`);
  process.exit(1);
}

/** How to name the database at `url` to a person: the SQLite file, or the PostgreSQL URL without its password. */
export function describeDatabase(url = databaseUrl()) {
  if (engineOf(url) === "sqlite") return databasePath(url);
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "*****";
  return parsed.toString();
}

/**
 * The file `npm start` writes its process id to while it serves this database, beside the database.
 * `npm run restore` refuses to run while the process it names is alive.
 * @param {string} [url]
 */
export function pidFile(url) {
  return `${databasePath(url)}.server-pid`;
}

/**
 * @param {string[]} args
 * @param {string} label
 */
function run(args, label) {
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrl() },
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`${label} failed`);
  }
}

/**
 * Applies migrations to the database at DATABASE_URL (creating a SQLite file if needed). `demo` loads the
 * demo data into a database without users; `reseed` replaces the data with fresh demo data. Neither touches
 * a database that holds a real account (any email outside example.org): it throws instead.
 * @param {{ demo?: boolean, reseed?: boolean, quiet?: boolean }} [options]
 */
export async function prepareDatabase({ demo = false, reseed = false, quiet = false } = {}) {
  const url = databaseUrl();
  if (engineOf(url) === "postgresql") {
    await migratePostgresql(url, { log: quiet ? undefined : (line) => console.log(line) });
  } else {
    refuseAfterUnfinishedRestore(databasePath(url));
    for (const line of prepareDatabaseFile(databasePath(url))) if (!quiet) console.log(line);
    run([path.join(root, "scripts/prisma.mjs"), "migrate", "deploy"], "Applying migrations");
  }
  if (!demo && !reseed) return;

  const [counts] = await queryRows(
    url,
    `SELECT COUNT(*) AS "users", SUM(CASE WHEN "email" NOT LIKE '${DEMO_EMAIL_LIKE}' THEN 1 ELSE 0 END) AS "real" FROM "User"`,
  );
  const users = Number(counts?.users ?? 0);
  const real = Number(counts?.real ?? 0);
  if (real > 0) {
    throw new Error(`${describeDatabase(url)} holds ${real} real account(s) (outside example.org): demo mode and demo data only ever use a demo database`);
  }
  if (users === 0 || reseed) {
    if (!quiet) console.log("Loading demo data...");
    run([path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "prisma/seed.ts")], "Loading demo data");
  } else if (!quiet) {
    // Kept as an earlier run left it, changes and all: said, so nobody takes it for a fresh start.
    console.log(`Using the demo data already in ${describeDatabase(url)}, with the changes made in it since. \`npm run db:seed\` loads it afresh.`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const demo = process.argv.includes("--demo") || process.argv.includes("--reseed");
  if (demo) process.env.DATABASE_URL ||= DEMO_DATABASE_URL;
  try {
    await prepareDatabase({ demo, reseed: process.argv.includes("--reseed") });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  console.log(`Database ready: ${describeDatabase()}`);
}

// @ts-check
// Backups and restores of a PostgreSQL database with PostgreSQL's own tools: pg_dump's custom format
// (-Fc) for the copy, pg_restore to read it back, psql to restore it in one transaction. The SQLite
// twin is scripts/lib/backup.mjs, which calls these when DATABASE_URL is a postgresql:// address.
// See docs/decisions/0081-postgresql-backups-with-pg-dump.md.
import { randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { DEMO_EMAIL_LIKE } from "../env.mjs";
import { makeDirectory } from "./directories.mjs";

/** The tables a database of this service always has (the SQLite twin checks the same ones). */
const EXPECTED_TABLES = ["User", "School", "Session", "AuditEvent", "Delivery", "Booking"];
/** Where scripts/lib/postgresql-migrations.mjs records the migrations applied (their names in "name"). */
const MIGRATIONS_TABLE = "_schema_migrations";

/**
 * Query parameters Prisma or node-postgres understand but libpq (pg_dump, psql) refuses as "invalid URI
 * query parameter": Prisma's pool settings, and node-postgres's `uselibpqcompat`, which gives its `sslmode`
 * libpq's meaning (libpq's own tools have that meaning already).
 */
const NODE_ONLY_PARAMETERS = [
  "schema",
  "connection_limit",
  "pool_timeout",
  "pgbouncer",
  "statement_cache_size",
  "socket_timeout",
  "sslaccept",
  "uselibpqcompat",
];

/**
 * A DATABASE_URL as PostgreSQL's own tools accept it: the same address without the Node drivers' parameters
 * and without its password, which goes to them in PGPASSWORD (see connectionFor), never on a command line
 * that any local user can read.
 * @param {string} url
 */
function libpqUrl(url) {
  const parsed = new URL(url);
  for (const name of NODE_ONLY_PARAMETERS) parsed.searchParams.delete(name);
  parsed.password = "";
  return parsed.toString();
}

/**
 * The name this process's own psql and pg_dump sessions give PostgreSQL (pg_stat_activity.application_name),
 * so a restore can tell them, still closing, from someone else's. The process id and a random part keep two
 * restores at once apart, even from two machines or containers whose processes have the same id: each sees
 * the other's.
 */
const OWN_SESSIONS = `vrn-schools-forum backup ${process.pid} ${randomUUID().slice(0, 8)}`;

/**
 * The arguments and environment that connect a PostgreSQL tool to `url`.
 * @param {string} url
 * @returns {{ args: string[], env: Record<string, string> }}
 */
function connectionFor(url) {
  const password = new URL(url).password;
  // In the address itself, where an application_name of DATABASE_URL's would otherwise win over PGAPPNAME.
  const named = new URL(libpqUrl(url));
  named.searchParams.set("application_name", OWN_SESSIONS);
  return { args: ["-d", named.toString()], env: password ? { PGPASSWORD: decodeURIComponent(password) } : {} };
}

/**
 * How long a restore waits for other sessions to close before it refuses, in milliseconds. A session whose
 * program has just ended is still listed until its server process has finished exiting (a few milliseconds,
 * longer on a busy machine); a server or a shell left open stays, and is refused.
 */
const CLOSING_SESSIONS_WAIT_MS = 3000;

/**
 * The other sessions open on the database at `url`, as "pid (program), …", or "" when none is left within
 * CLOSING_SESSIONS_WAIT_MS; this process's own closing ones are not counted.
 * @param {string} url
 */
function otherSessions(url) {
  const deadline = Date.now() + CLOSING_SESSIONS_WAIT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    // Each session by its backend's process id and the name its program gave (a server holds one open, named
    // "vrn-schools-forum server", however idle it is: app/lib/server-presence.server.ts).
    const others = queryOne(
      url,
      `SELECT string_agg(pid::text || COALESCE(' (' || NULLIF(application_name, '') || ')', ''), ', ' ORDER BY pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name IS DISTINCT FROM '${OWN_SESSIONS}'`,
    );
    if (!others || Date.now() >= deadline) return others;
    Atomics.wait(pause, 0, 0, 100);
  }
}

/**
 * The path of a PostgreSQL client program: on PATH if it is there, otherwise the newest version under
 * /usr/lib/postgresql/<version>/bin (where Debian puts them without linking every one onto PATH).
 * @param {string} name pg_dump, pg_restore or psql
 */
export function postgresqlTool(name) {
  const onPath = (process.env.PATH ?? "").split(path.delimiter).map((dir) => path.join(dir, name));
  const debian = fs.existsSync("/usr/lib/postgresql")
    ? fs
        .readdirSync("/usr/lib/postgresql")
        .filter((version) => /^\d+$/.test(version))
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => path.join("/usr/lib/postgresql", version, "bin", name))
    : [];
  const found = [...onPath, ...debian].find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`${name} was not found on PATH or under /usr/lib/postgresql/*/bin; install PostgreSQL's client tools`);
  return found;
}

/**
 * Runs a PostgreSQL tool and returns its standard output (kept small: data goes through files); throws
 * with its own error words when it fails.
 * @param {string} name @param {string[]} args
 * @param {{ input?: string, connection?: { args: string[], env: Record<string, string> } }} [options]
 */
function runTool(name, args, { input, connection } = {}) {
  const result = spawnSync(postgresqlTool(name), [...args, ...(connection?.args ?? [])], {
    input,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ...connection?.env },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${name} failed: ${(result.stderr || result.stdout).trim().split("\n").slice(-3).join(" ")}`);
  return result.stdout;
}

/** A file name as psql's \i reads it: in single quotes, a quote inside doubled. @param {string} file */
const psqlQuoted = (file) => `'${file.replace(/'/g, "''")}'`;

/** One value from one query, through psql (so backups need no driver loaded). @param {string} url @param {string} sql */
function queryOne(url, sql) {
  return runTool("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql], { connection: connectionFor(url) }).trim();
}

/** 2026-11-21T190412Z, as the SQLite backups are named. @param {Date} date */
function timestamp(date) {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "");
}

/**
 * Creates `file`, empty, readable and writable by this service's user alone (0600, whatever the umask
 * allows more): a backup holds children's data, so it is made private before a byte is written into it,
 * wherever it is kept. SQLite's `VACUUM INTO` and pg_dump both write into an empty file given to them.
 * @param {string} file
 * @throws when `file` exists (EEXIST)
 */
export function createPrivately(file) {
  fs.closeSync(fs.openSync(file, "wx", 0o600));
  fs.chmodSync(file, 0o600);
}

/**
 * A name for a copy kept aside that no file has yet: `stem` + `ending`, or `stem-2` + `ending`, `stem-3`…
 * when a copy made earlier (a restore within the same second) holds it, and none of `alsoFree` (names
 * with these suffixes) is taken either. The name is taken at once, as an empty file made only if none
 * stands there (O_EXCL), so even a second restore at the same moment gets another; the caller writes
 * over it. The SQLite twin (backup.mjs) names its copies with it too.
 * @param {string} stem @param {string} ending @param {string[]} [alsoFree]
 */
export function reserveName(stem, ending, alsoFree = []) {
  for (let n = 1; ; n++) {
    const name = `${stem}${n === 1 ? "" : `-${n}`}${ending}`;
    if (alsoFree.some((suffix) => fs.existsSync(`${name}${suffix}`))) continue;
    try {
      createPrivately(name);
      return name;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EEXIST") throw error;
    }
  }
}

/**
 * A consistent copy of the live database, taken while the server keeps serving: pg_dump reads one
 * snapshot (a repeatable-read transaction, which blocks no writer) and writes its compressed custom
 * format. Then the copy is checked with checkPostgresqlDump.
 * @param {string} url @param {string} directory @param {{ now?: Date }} [options]
 */
export function backupPostgresql(url, directory, { now = new Date() } = {}) {
  makeDirectory(directory);
  const target = path.join(directory, `app-${timestamp(now)}.dump`);
  if (fs.existsSync(target)) throw new Error(`${target} already exists`);
  // As for SQLite: the copy has its own name only once it is whole and checked.
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  createPrivately(partial);
  try {
    runTool("pg_dump", ["-Fc", "--no-owner", "--no-privileges", "-f", partial], { connection: connectionFor(url) });
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  const check = checkPostgresqlDump(partial);
  if (!check.ok) {
    fs.rmSync(partial, { force: true });
    throw new Error(`The copy failed its check and was removed: ${check.problems.join("; ")}`);
  }
  fs.renameSync(partial, target);
  return { file: target, bytes: fs.statSync(target).size, migrations: check.migrations };
}

/**
 * Is `file` an intact pg_dump of this service? pg_restore reads the whole archive (every compressed
 * block, so damage anywhere shows) without a database; the table of contents must hold this service's
 * tables; the applied migrations are read from the copy of the migrations table. Never changes the file.
 * @param {string} file @param {{ knownMigrations?: string[] }} [options]
 */
export function checkPostgresqlDump(file, { knownMigrations } = {}) {
  /** @type {string[]} */
  const problems = [];
  try {
    runTool("pg_restore", ["-f", "/dev/null", file]);
    const contents = runTool("pg_restore", ["--list", file]);
    const tables = new Set([...contents.matchAll(/ TABLE public (\S+) /g)].map((match) => String(match[1]).replace(/^"|"$/g, "")));
    const missing = [MIGRATIONS_TABLE, ...EXPECTED_TABLES].filter((table) => !tables.has(table));
    if (missing.length > 0) problems.push(`it lacks tables this service needs: ${missing.join(", ")}`);
    const migrations = tables.has(MIGRATIONS_TABLE) ? appliedMigrationsInDump(file) : [];
    if (knownMigrations) {
      const unknown = migrations.filter((m) => !knownMigrations.includes(m));
      if (unknown.length > 0) problems.push(`it was made by a newer version of the service (migrations ${unknown.join(", ")} are not in this one)`);
    }
    return { ok: problems.length === 0, problems, migrations };
  } catch (error) {
    problems.push(`it cannot be read as a PostgreSQL dump (${error instanceof Error ? error.message : error})`);
    return { ok: false, problems, migrations: [] };
  }
}

/**
 * The rows of `table` as the dump holds them, read from its COPY without a database: each value as
 * COPY's text writes it (t/f for a boolean, \N for NULL).
 * @param {string} file @param {string} table
 * @returns {Record<string, string>[]}
 */
function rowsInDump(file, table) {
  const sql = runTool("pg_restore", ["--data-only", "--table", table, "-f", "-", file]);
  const copy = sql.match(/^COPY \S+ \(([^)]*)\) FROM stdin;\n([\s\S]*?)^\\\.$/m);
  if (!copy) return [];
  const columns = String(copy[1])
    .split(", ")
    .map((c) => c.replace(/^"|"$/g, ""));
  return String(copy[2])
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const values = line.split("\t");
      return Object.fromEntries(columns.map((column, i) => [column, String(values[i])]));
    });
}

/** The names of the migrations applied when the dump was taken. @param {string} file */
function appliedMigrationsInDump(file) {
  return rowsInDump(file, MIGRATIONS_TABLE)
    .map((row) => String(row.name))
    .sort();
}

/**
 * The active demo accounts in the dump: the same rule as the SQLite twin's (an @example.org address,
 * active), which `npm start` warns of.
 * @param {string} file
 */
function demoAccountsInDump(file) {
  return rowsInDump(file, "User").filter((row) => String(row.email).endsWith(DEMO_EMAIL_LIKE.slice(1)) && row.active === "t").length;
}

/**
 * Puts the dump `backupFile` in place of the database at `url`, only while nothing else is connected to
 * it (the server, a job, a shell), and never a dump holding demo accounts. The current database is first
 * dumped beside the backup as `<backup>.before-restore-<time>.dump` (`…-2.dump` and on when a restore in
 * the same second kept one under that name); then, in ONE transaction, the public schema is dropped and the
 * dump's schema and rows are loaded, so a failure part-way leaves the database exactly as it was.
 * @param {string} backupFile @param {string} url
 * @param {{ knownMigrations?: string[], now?: Date }} [options]
 */
export function restorePostgresql(backupFile, url, { knownMigrations, now = new Date() } = {}) {
  if (!fs.existsSync(backupFile)) throw new Error(`There is no file at ${backupFile}`);
  const others = otherSessions(url);
  if (others) throw new Error(`Sessions are open on the database: process ${others}. Stop the server (and any job) first, then restore.`);
  const check = checkPostgresqlDump(backupFile, { knownMigrations });
  if (!check.ok) throw new Error(`${backupFile} cannot be restored: ${check.problems.join("; ")}`);
  // The demo database is an SQLite file; a PostgreSQL database is never it.
  const demoAccounts = demoAccountsInDump(backupFile);
  if (demoAccounts > 0) {
    throw new Error(
      `${backupFile} holds demo data (${demoAccounts} active demo account(s) @example.org, whose password is public): it goes only into the demo database, prisma/data/demo.db, never into a PostgreSQL one.`,
    );
  }

  const keptAside = reserveName(`${backupFile.replace(/\.dump$/, "")}.before-restore-${timestamp(now)}`, ".dump");
  try {
    runTool("pg_dump", ["-Fc", "--no-owner", "--no-privileges", "-f", keptAside], { connection: connectionFor(url) });
  } catch (error) {
    fs.rmSync(keptAside, { force: true });
    throw error;
  }
  // The dump's SQL goes through a file beside it, not memory: a region's database is gigabytes of it.
  const script = `${keptAside}.restoring.sql`;
  try {
    runTool("pg_restore", ["--no-owner", "--no-privileges", "-f", script, backupFile]);
    // pg_restore's script sets search_path to nothing; the schema is dropped and made again first.
    runTool("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"], {
      input: `DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n\\i ${psqlQuoted(script)}\n`,
      connection: connectionFor(url),
    });
  } finally {
    fs.rmSync(script, { force: true });
  }
  return { restored: url.replace(/\/\/[^@/]*@/, "//"), keptAside, migrations: check.migrations };
}

// @ts-check
// Authors a migration offline, for both engines: `npm run db:migration -- <name>`.
// `prisma migrate dev` needs a native schema engine, so instead, for each engine, we diff the schema
// snapshot kept in that engine's newest migration folder against prisma/schema.prisma (for PostgreSQL,
// its twin written by scripts/lib/engines.mjs), write the SQL, and keep a new snapshot beside it. Both
// folders get the same name (a test checks they stay in step). Review both SQL files before committing.
//
// `npm run db:migration -- --twins` writes the PostgreSQL twin of every SQLite migration that has none
// (say, after merging a branch that added SQLite migrations only), each from that migration's own snapshot.
//
// PostgreSQL diffs need a running server: POSTGRESQL_URL (or a postgresql:// DATABASE_URL) when set, else
// a throwaway cluster (scripts/lib/postgres.mjs). The diff only reads the server; it changes nothing.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_DATABASE_URL } from "./env.mjs";
import { makeDirectory } from "./lib/directories.mjs";
import { POSTGRESQL_MIGRATIONS, postgresqlSchemaFrom, SQLITE_MIGRATIONS, SQLITE_SCHEMA, writePostgresqlSchema } from "./lib/engines.mjs";
import { startCluster } from "./lib/postgres.mjs";

const twins = process.argv[2] === "--twins";
const name = process.argv[2];
if (!twins && (!name || !/^[a-z0-9_]+$/.test(name))) {
  console.error("Usage: npm run db:migration -- <name_in_snake_case>   (or -- --twins)");
  process.exit(1);
}

/** @param {string} directory */
const migrationFolders = (directory) =>
  fs.existsSync(directory)
    ? fs
        .readdirSync(directory, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];

/** @param {string} sql */
const changesSomething = (sql) => /\b(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE)\b/.test(sql);

/**
 * The SQL that takes a database from schema `from` (a file, or null for empty) to schema `to`.
 * @param {string[]} prismaArgs how to run the Prisma CLI for the engine
 * @param {string | null} from
 * @param {string} to
 * @param {string} databaseUrl
 */
function diff(prismaArgs, from, to, databaseUrl) {
  const fromArgs = from && fs.existsSync(from) ? ["--from-schema-datamodel", from] : ["--from-empty"];
  return execFileSync(process.execPath, ["scripts/prisma.mjs", ...prismaArgs, "migrate", "diff", ...fromArgs, "--to-schema-datamodel", to, "--script"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

/**
 * Writes one migration folder.
 * @param {string} directory
 * @param {string} folder
 * @param {string} sql
 * @param {string} snapshot the schema text to keep beside it
 */
function writeMigration(directory, folder, sql, snapshot) {
  const dir = path.join(directory, folder);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
  fs.writeFileSync(path.join(dir, "schema.prisma"), snapshot);
  console.log(`Wrote ${path.join(path.relative(process.cwd(), dir), "migration.sql")}`);
}

/** A PostgreSQL server to diff against, and how to let it go. */
async function postgresqlForDiffs() {
  const given = process.env.POSTGRESQL_URL || (/^postgres/.test(process.env.DATABASE_URL ?? "") ? process.env.DATABASE_URL : undefined);
  if (given) return { url: given, stop: () => undefined };
  const cluster = await startCluster();
  return { url: cluster.url, stop: cluster.stop };
}

const newestPostgresqlSnapshot = (before = "\uffff") => {
  const previous = migrationFolders(POSTGRESQL_MIGRATIONS)
    .filter((folder) => folder < before)
    .at(-1);
  return previous ? path.join(POSTGRESQL_MIGRATIONS, previous, "schema.prisma") : null;
};

// A PostgreSQL migration for SQL the schema cannot show (a SQLite-only table option, a virtual table)
// that has no PostgreSQL counterpart: kept so both sets have the same folders.
const NOTHING_TO_DO =
  "-- Nothing changes on PostgreSQL: the SQLite migration of this name changes nothing the schema shows.\n" +
  "-- If it holds SQL written by hand (a table option, a virtual table, a trigger), write its PostgreSQL twin here.\n";

if (twins) {
  const existing = new Set(migrationFolders(POSTGRESQL_MIGRATIONS));
  const missing = migrationFolders(SQLITE_MIGRATIONS).filter((folder) => !existing.has(folder) && folder > (migrationFolders(POSTGRESQL_MIGRATIONS)[0] ?? ""));
  if (missing.length === 0) {
    console.log("Every SQLite migration has its PostgreSQL twin: nothing to write.");
    process.exit(0);
  }
  const server = await postgresqlForDiffs();
  const scratch = path.join(POSTGRESQL_MIGRATIONS, "..", ".twin-schema.prisma");
  try {
    for (const folder of missing) {
      const sqliteSnapshot = path.join(SQLITE_MIGRATIONS, folder, "schema.prisma");
      if (!fs.existsSync(sqliteSnapshot)) throw new Error(`${folder} keeps no schema.prisma snapshot: write its PostgreSQL twin by hand`);
      const snapshot = postgresqlSchemaFrom(fs.readFileSync(sqliteSnapshot, "utf8"));
      fs.writeFileSync(scratch, snapshot);
      const sql = diff(["--postgresql"], newestPostgresqlSnapshot(folder), scratch, server.url);
      writeMigration(POSTGRESQL_MIGRATIONS, folder, changesSomething(sql) ? sql : NOTHING_TO_DO, snapshot);
    }
  } finally {
    fs.rmSync(scratch, { force: true });
    server.stop();
  }
  console.log("Review each against its SQLite migration (hand-written SQL needs a hand-written twin), then commit.");
  process.exit(0);
}

// The JS engine opens the SQLite database file even to diff two schemas, so its folder must exist.
const sqliteUrl = /^file:/.test(process.env.DATABASE_URL ?? "") ? /** @type {string} */ (process.env.DATABASE_URL) : DEFAULT_DATABASE_URL;
makeDirectory(path.dirname(sqliteUrl.replace(/^file:/, "")));
const previousSqlite = migrationFolders(SQLITE_MIGRATIONS).at(-1);
const sqliteSql = diff([], previousSqlite ? path.join(SQLITE_MIGRATIONS, previousSqlite, "schema.prisma") : null, SQLITE_SCHEMA, sqliteUrl);

const postgresqlSchema = writePostgresqlSchema();
const server = await postgresqlForDiffs();
let postgresqlSql;
try {
  postgresqlSql = diff(["--postgresql"], newestPostgresqlSnapshot(), postgresqlSchema, server.url);
} finally {
  server.stop();
}

if (!changesSomething(sqliteSql) && !changesSomething(postgresqlSql)) {
  console.log("The schema has not changed since the last migration: nothing to write.");
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const folder = `${stamp}_${name}`;
writeMigration(SQLITE_MIGRATIONS, folder, sqliteSql, fs.readFileSync(SQLITE_SCHEMA, "utf8"));
writeMigration(POSTGRESQL_MIGRATIONS, folder, changesSomething(postgresqlSql) ? postgresqlSql : NOTHING_TO_DO, fs.readFileSync(postgresqlSchema, "utf8"));
console.log("Review both, then: npm start (it applies them).");

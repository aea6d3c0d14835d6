// @ts-check
// The two database engines the app runs on, chosen by DATABASE_URL, and the PostgreSQL schema written
// from the one schema source (prisma/schema.prisma). See docs/decisions/0076.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The schema source, for SQLite; its migrations are in prisma/migrations. */
export const SQLITE_SCHEMA = path.join(root, "prisma/schema.prisma");
export const SQLITE_MIGRATIONS = path.join(root, "prisma/migrations");
/** Written from the source by `writePostgresqlSchema` (never edited by hand, not committed). */
const POSTGRESQL_SCHEMA = path.join(root, "prisma/postgresql/schema.prisma");
export const POSTGRESQL_MIGRATIONS = path.join(root, "prisma/postgresql/migrations");

/**
 * The engine a database URL names: `file:` is SQLite, `postgresql://` or `postgres://` PostgreSQL.
 * @param {string} url
 * @returns {"sqlite" | "postgresql"}
 */
export function engineOf(url) {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}

/**
 * The PostgreSQL twin of a schema written for SQLite: the datasource provider swapped and the client
 * generated into its own folder. Everything else (models, enums, indexes) is shared as it is.
 * @param {string} source the text of a schema.prisma written for SQLite
 * @param {string} outputFromSchemaFolder the generator output, relative to the folder the result is written to
 */
export function postgresqlSchemaFrom(source, outputFromSchemaFolder = "../../app/generated/prisma-postgresql") {
  const provider = /(datasource db \{[^}]*?provider\s*=\s*)"sqlite"/;
  const output = /(generator client \{[^}]*?output\s*=\s*)"[^"]*"/;
  if (!provider.test(source) || !output.test(source)) {
    throw new Error("The schema no longer has the datasource provider or generator output this script rewrites");
  }
  return (
    "// Written by scripts/lib/engines.mjs from prisma/schema.prisma: edit that file, not this one.\n" +
    source.replace(provider, '$1"postgresql"').replace(output, `$1"${outputFromSchemaFolder}"`)
  );
}

/** Writes prisma/postgresql/schema.prisma from prisma/schema.prisma; returns its path. */
export function writePostgresqlSchema() {
  fs.mkdirSync(path.dirname(POSTGRESQL_SCHEMA), { recursive: true });
  fs.writeFileSync(POSTGRESQL_SCHEMA, postgresqlSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  return POSTGRESQL_SCHEMA;
}

/**
 * The SQL from `marker` to the end of the migration in `folder` (SQLITE_MIGRATIONS or POSTGRESQL_MIGRATIONS)
 * whose folder name ends with `name`: a migration's fill of rows already there, run again by the national
 * generator on the rows it writes, and by tests on rows written since.
 * @param {string} folder
 * @param {string} name
 * @param {string} marker a comment line that starts the fill, such as "-- Fill the tally"
 * @returns {string}
 * @throws {Error} when no migration's name ends so, or it has no such marker
 */
export function migrationFill(folder, name, marker) {
  const migration = fs.readdirSync(folder).find((entry) => entry.endsWith(name));
  if (!migration) throw new Error(`No migration in ${folder} ends with ${name}`);
  const sql = fs.readFileSync(path.join(folder, migration, "migration.sql"), "utf8");
  const start = sql.indexOf(marker);
  if (start === -1) throw new Error(`No "${marker}" in ${migration}`);
  return sql.slice(start);
}

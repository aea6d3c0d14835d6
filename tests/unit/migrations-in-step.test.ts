import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, inject, it } from "vitest";
import { POSTGRESQL_MIGRATIONS, postgresqlSchemaFrom, SQLITE_MIGRATIONS } from "../../scripts/lib/engines.mjs";
import { queryRows } from "../../scripts/lib/database.mjs";

// Both engines' migrations must make the same database (docs/decisions/0077). `npm run db:migration`
// writes both; `npm run db:migration -- --twins` writes PostgreSQL twins for SQLite migrations merged without.

/**
 * Tables one engine has and the other must not compare: SQLite's full-text index of the guide (an FTS5
 * virtual table and the shadow tables SQLite makes for it), SQLite's own tables (sqlite_sequence) and each
 * engine's record of applied migrations.
 * The guide's search on PostgreSQL is compared by its own tests.
 */
const ENGINE_SPECIFIC_TABLES = /^(GuideSearch(_\w+)?|sqlite_\w+|_prisma_migrations|_schema_migrations)$/;

const folders = (directory: string) =>
  fs
    .readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

const sqliteFolders = folders(SQLITE_MIGRATIONS);
const postgresqlFolders = folders(POSTGRESQL_MIGRATIONS);
/** The PostgreSQL baseline stands for every SQLite migration up to and including its own name. */
const baseline = postgresqlFolders[0]!;

describe("the two engines' migrations", () => {
  it("have the same folders from the PostgreSQL baseline on, so neither lacks a change the other has", () => {
    expect(sqliteFolders).toContain(baseline);
    expect(postgresqlFolders).toEqual(sqliteFolders.filter((folder) => folder >= baseline));
  });

  it("were written from the same schema, migration by migration", () => {
    for (const folder of postgresqlFolders) {
      const sqliteSnapshot = path.join(SQLITE_MIGRATIONS, folder, "schema.prisma");
      const postgresqlSnapshot = path.join(POSTGRESQL_MIGRATIONS, folder, "schema.prisma");
      if (!fs.existsSync(sqliteSnapshot)) continue;
      expect(fs.existsSync(postgresqlSnapshot), `${folder} keeps its PostgreSQL schema snapshot`).toBe(true);
      expect(fs.readFileSync(postgresqlSnapshot, "utf8"), folder).toBe(postgresqlSchemaFrom(fs.readFileSync(sqliteSnapshot, "utf8")));
    }
  });

  it.runIf(inject("testEngine") === "postgresql")("make the same tables, columns and indexes when applied to empty databases", async () => {
    // This file's PostgreSQL database is a copy of the base the PostgreSQL migrations made (global-setup.ts).
    const postgresqlColumns = await queryRows(
      process.env.DATABASE_URL!,
      `SELECT "table_name" AS "table", "column_name" AS "column", "is_nullable" = 'YES' AS "nullable"
       FROM information_schema.columns WHERE "table_schema" = current_schema()`,
    );
    const postgresqlIndexes = await queryRows(
      process.env.DATABASE_URL!,
      `SELECT t.relname AS "table", ix.indisunique AS "unique",
         array_to_string(ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n), ',') AS "columns"
       FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace
       WHERE ns.nspname = current_schema() AND NOT ix.indisprimary`,
    );
    const file = path.join(inject("runDirectory"), "sqlite-migrations-in-step.db");
    execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${file}` }, stdio: "ignore" });
    const sqlite = new Database(file, { readonly: true });
    const sqliteColumns = sqlite
      .prepare(
        `SELECT m.name AS "table", p.name AS "column", p."notnull" = 0 AND p.pk = 0 AS "nullable"
         FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'`,
      )
      .all() as { table: string; column: string; nullable: number }[];
    const sqliteIndexes = sqlite
      .prepare(
        `SELECT m.tbl_name AS "table", l."unique" AS "unique",
           (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(m.name) ORDER BY seqno)) AS "columns"
         FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name
         WHERE m.type = 'index' AND m.name NOT LIKE 'sqlite_autoindex%'`,
      )
      .all() as { table: string; unique: number; columns: string }[];
    sqlite.close();

    const describeColumns = (rows: Record<string, unknown>[]) =>
      rows
        .filter((row) => !ENGINE_SPECIFIC_TABLES.test(String(row.table)))
        .map((row) => `${row.table}.${row.column}${row.nullable ? " (optional)" : ""}`)
        .sort();
    const describeIndexes = (rows: Record<string, unknown>[]) =>
      rows
        .filter((row) => !ENGINE_SPECIFIC_TABLES.test(String(row.table)))
        // By columns, not name: PostgreSQL cuts names at 63 characters, SQLite does not.
        .map((row) => `${row.table} (${row.columns})${row.unique ? " unique" : ""}`)
        .sort();
    expect(describeColumns(postgresqlColumns)).toEqual(describeColumns(sqliteColumns));
    expect(describeIndexes(postgresqlIndexes)).toEqual(describeIndexes(sqliteIndexes));
  });
});

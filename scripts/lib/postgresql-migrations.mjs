// @ts-check
// Applies the PostgreSQL migrations (prisma/postgresql/migrations/<name>/migration.sql) in name order,
// each in its own transaction together with the row that records it in "_schema_migrations". Our own
// runner, since `prisma migrate deploy` fails through the driver adapter (docs/decisions/0077).
// A migration already applied whose file has since changed stops the run: migrations are never edited.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { POSTGRESQL_MIGRATIONS } from "./engines.mjs";

/** Held while migrating, so two app servers starting together apply each migration once. */
const MIGRATION_LOCK_KEY = 0x6d696772617465n;

/**
 * The migrations in a folder, oldest first.
 * @param {string} [directory]
 * @returns {{ name: string, sql: string, checksum: string }[]}
 */
function postgresqlMigrations(directory = POSTGRESQL_MIGRATIONS) {
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(directory, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(directory, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Brings the database at `url` up to date. Returns the names applied now (empty when it was up to date).
 * Throws, naming the migration, when one fails (that one is rolled back; earlier ones stay) or when an
 * applied migration's file has changed.
 * @param {string} url a postgresql:// URL
 * @param {{ directory?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<string[]>}
 */
export async function migratePostgresql(url, { directory, log = () => undefined } = {}) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    await client.query(`CREATE TABLE IF NOT EXISTS "_schema_migrations" (
      "name" TEXT PRIMARY KEY,
      "checksum" TEXT NOT NULL,
      "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query(`SELECT "name", "checksum" FROM "_schema_migrations"`);
    const applied = new Map(rows.map((row) => [row.name, row.checksum]));
    const done = [];
    for (const migration of postgresqlMigrations(directory)) {
      const checksum = applied.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new Error(`Migration ${migration.name} was changed after it was applied: write a new migration instead`);
        }
        continue;
      }
      try {
        await client.query("BEGIN");
        await client.query(migration.sql);
        await client.query(`INSERT INTO "_schema_migrations" ("name", "checksum") VALUES ($1, $2)`, [migration.name, migration.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new Error(`Migration ${migration.name} failed: ${error instanceof Error ? error.message : error}`);
      }
      log(`Applied ${migration.name}`);
      done.push(migration.name);
    }
    return done;
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`).catch(() => undefined);
    await client.end();
  }
}

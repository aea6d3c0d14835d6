// @ts-check
// Reads from the database at a URL of either engine, for scripts that run before or beside the app
// (start-up messages, the demo data guard) and so cannot use its Prisma client.
import Database from "better-sqlite3";
import pg from "pg";
import { engineOf } from "./engines.mjs";

/**
 * The rows `sql` returns from the database at `url`. Write `sql` for both engines: double-quoted
 * identifiers, no engine-only functions. Counts come back as numbers on both (PostgreSQL's bigint
 * arrives as a string, and is converted where it looks like a whole number).
 * @param {string} url
 * @param {string} sql
 * @returns {Promise<Record<string, unknown>[]>}
 */
export async function queryRows(url, sql) {
  if (engineOf(url) === "sqlite") {
    const db = new Database(url.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
    try {
      return /** @type {Record<string, unknown>[]} */ (db.prepare(sql).all());
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows, fields } = await client.query(sql);
    const bigints = new Set(fields.filter((field) => field.dataTypeID === 20 || field.dataTypeID === 1700).map((field) => field.name));
    return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, bigints.has(key) && value !== null ? Number(value) : value])));
  } finally {
    await client.end();
  }
}

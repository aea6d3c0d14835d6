// @ts-check
// Moves a SQLite deployment's data into an empty PostgreSQL database: the PostgreSQL migrations first,
// then every table copied in foreign-key order, in batches, inside ONE transaction (so a failure leaves
// the target as empty as it was), sequences set past the copied ids, and the row counts compared.
// `npm run db:move-to-postgresql` is the command; docs/deploy.md says when to use it.
import Database from "better-sqlite3";
import pg from "pg";
import { migratePostgresql } from "./postgresql-migrations.mjs";

/** A table or column name as SQL (double quotes, doubled inside), on both engines. @param {string} name */
const quoteName = (name) => `"${name.replaceAll('"', '""')}"`;
/** Rows sent in one INSERT, bounded so that rows × columns stays under PostgreSQL's 65,535 parameters. */
const BATCH_ROWS = 1000;
/** Not data: SQLite's own tables, Prisma's record of SQLite migrations, FTS5's shadow tables. */
const isSqliteOnly = (/** @type {string} */ name) => name.startsWith("sqlite_") || name === "_prisma_migrations" || /^GuideSearch_/.test(name);
/** PostgreSQL's own record of its migrations, written by the migration runner, not copied. */
const POSTGRESQL_ONLY = new Set(["_schema_migrations"]);

/**
 * @typedef {{ name: string, type: string, generated: boolean }} TargetColumn
 * @typedef {{ table: string, rows: number }} TableCount
 */

/**
 * A SQLite value as PostgreSQL takes it for a column of `type` (information_schema's data_type):
 * SQLite keeps booleans as 0/1 and Prisma's dates as milliseconds since 1970 (or, for values written
 * by SQL defaults, as "YYYY-MM-DD HH:MM:SS" in UTC); JSON, enums and text pass as text.
 * @param {unknown} value @param {string} type
 */
export function toPostgresqlValue(value, type) {
  if (value === null || value === undefined) return null;
  if (type === "boolean") return value === 1 || value === 1n || value === true || value === "1" || value === "true";
  if (type.startsWith("timestamp") || type === "date") {
    if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
    const text = String(value);
    if (/^\d+$/.test(text)) return new Date(Number(text));
    // SQLite's CURRENT_TIMESTAMP has no zone and means UTC.
    return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(" ", "T")}Z`);
  }
  if (typeof value === "bigint") return value.toString();
  return value;
}

/**
 * A value as a query parameter. An instant goes as ISO text in UTC: node-postgres would write a Date in
 * the local time of the machine running the move, with an offset that a `timestamp without time zone`
 * column silently drops, so on a machine on London time every summer instant would move an hour.
 * @param {unknown} value
 */
const asParameter = (value) => (value instanceof Date ? value.toISOString() : value);

/**
 * The tables in an order where each comes after the tables it refers to. Where references go round in
 * a circle (a guide page and its published revision), the reference from the table taken early is
 * "deferred": copied as NULL, then set once every table is in.
 * @param {Map<string, { column: string, table: string, nullable: boolean }[]>} references each table's foreign keys
 * @returns {{ order: string[], deferred: Map<string, string[]> }}
 */
export function copyOrder(references) {
  const order = [];
  /** @type {Map<string, string[]>} */
  const deferred = new Map();
  const left = new Set(references.keys());
  while (left.size > 0) {
    const ready = [...left].filter((table) => (references.get(table) ?? []).every((ref) => ref.table === table || !left.has(ref.table)));
    // A circle: take a table whose references still waiting may all be empty for a while, and defer those.
    const breaker = [...left].find((table) => waiting(table).every((ref) => ref.nullable));
    if (ready.length === 0 && !breaker) throw new Error(`The tables ${[...left].join(", ")} refer to each other through required columns`);
    const next = ready.length > 0 ? ready : [/** @type {string} */ (breaker)];
    for (const table of next) {
      const late = (references.get(table) ?? []).filter((ref) => ref.table !== table && left.has(ref.table)).map((ref) => ref.column);
      if (late.length > 0) deferred.set(table, late);
      order.push(table);
      left.delete(table);
    }
  }
  return { order, deferred };

  /** @param {string} table */
  function waiting(table) {
    return (references.get(table) ?? []).filter((ref) => ref.table !== table && left.has(ref.table));
  }
}

/**
 * Moves everything in the SQLite file `from` into the PostgreSQL database `to`.
 * Refuses (changing nothing) when the target already holds rows, or when the two schemas differ.
 * @param {{ from: string, to: string, log?: (line: string) => void }} options `from` a file: URL, `to` a postgresql:// URL
 * @returns {Promise<TableCount[]>} the rows in each table, the same on both sides
 */
export async function moveToPostgresql({ from, to, log = () => undefined }) {
  const source = new Database(from.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
  const target = new pg.Client({ connectionString: to });
  try {
    const applied = await migratePostgresql(to);
    log(applied.length > 0 ? `Applied ${applied.length} PostgreSQL migrations to the target` : "The target's schema is up to date");
    await target.connect();
    const targetColumns = await columnsOf(target);
    const tables = sourceTables(source);
    const missing = tables.filter((table) => !targetColumns.has(table));
    const extra = [...targetColumns.keys()].filter((table) => !tables.includes(table));
    if (missing.length > 0 || extra.length > 0) {
      throw new Error(
        `The two databases' schemas differ (${[...missing.map((t) => `only SQLite has ${t}`), ...extra.map((t) => `only PostgreSQL has ${t}`)].join("; ")}). ` +
          "Start the service once on the SQLite file to bring it up to date, and use this version's code for both.",
      );
    }
    for (const table of tables) {
      const { rows } = await target.query(`SELECT EXISTS (SELECT 1 FROM ${quoteName(table)}) AS "holds"`);
      if (rows[0].holds) throw new Error(`The target already holds data (in ${table}); moving needs an empty database, so nothing was copied.`);
    }

    const { order, deferred } = copyOrder(await foreignKeys(target, tables));
    await target.query("BEGIN");
    try {
      for (const table of order) {
        const copied = await copyTable(source, target, table, /** @type {TargetColumn[]} */ (targetColumns.get(table)), deferred.get(table) ?? []);
        log(`Copied ${copied} rows of ${table}`);
      }
      for (const [table, columns] of deferred) await setDeferred(source, target, table, columns, /** @type {TargetColumn[]} */ (targetColumns.get(table)));
      await resetSequences(target);
      await target.query("COMMIT");
    } catch (error) {
      await target.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
    return await compareCounts(source, target, order);
  } finally {
    source.close();
    await target.end().catch(() => undefined);
  }
}

/** @param {import("better-sqlite3").Database} source */
function sourceTables(source) {
  const rows = /** @type {{ name: string }[]} */ (source.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all());
  return rows.map((row) => row.name).filter((name) => !isSqliteOnly(name));
}

/**
 * Each table's foreign keys, as the target declares them (SQLite's full-text table has none, while its
 * PostgreSQL twin refers to the guide page). Only single-column keys exist in this schema.
 * @param {pg.Client} target @param {string[]} tables
 */
async function foreignKeys(target, tables) {
  const { rows } = await target.query(
    `SELECT source.relname AS "table", attribute.attname AS "column", referred.relname AS "refers", NOT attribute.attnotnull AS "nullable"
     FROM pg_constraint AS constraint_row
     JOIN pg_class AS source ON source.oid = constraint_row.conrelid
     JOIN pg_class AS referred ON referred.oid = constraint_row.confrelid
     JOIN pg_attribute AS attribute ON attribute.attrelid = constraint_row.conrelid AND attribute.attnum = ANY (constraint_row.conkey)
     WHERE constraint_row.contype = 'f' AND source.relnamespace = current_schema()::regnamespace`,
  );
  /** @type {Map<string, { column: string, table: string, nullable: boolean }[]>} */
  const references = new Map(tables.map((table) => [table, []]));
  for (const row of rows) references.get(row.table)?.push({ column: row.column, table: row.refers, nullable: row.nullable });
  return references;
}

/** @param {import("better-sqlite3").Database} source @param {string} table */
function primaryKey(source, table) {
  const rows = /** @type {{ name: string, pk: number }[]} */ (source.prepare(`SELECT name, pk FROM pragma_table_info(?)`).all(table));
  const key = rows
    .filter((row) => row.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((row) => row.name);
  if (key.length === 0) throw new Error(`${table} has no primary key to set its deferred references by`);
  return key;
}

/** Every table's columns in the target, as PostgreSQL describes them. @param {pg.Client} target */
async function columnsOf(target) {
  const { rows } = await target.query(
    `SELECT "table_name", "column_name", "data_type", "is_generated" FROM information_schema.columns
     WHERE "table_schema" = current_schema() ORDER BY "table_name", "ordinal_position"`,
  );
  /** @type {Map<string, TargetColumn[]>} */
  const tables = new Map();
  for (const row of rows) {
    if (POSTGRESQL_ONLY.has(row.table_name)) continue;
    const list = tables.get(row.table_name) ?? [];
    list.push({ name: row.column_name, type: row.data_type, generated: row.is_generated === "ALWAYS" });
    tables.set(row.table_name, list);
  }
  return tables;
}

/**
 * Copies one table in batches; the columns in `late` are written as NULL for now.
 * @param {import("better-sqlite3").Database} source @param {pg.Client} target @param {string} table
 * @param {TargetColumn[]} columns @param {string[]} late
 */
async function copyTable(source, target, table, columns, late) {
  const written = columns.filter((column) => !column.generated);
  const names = written.map((column) => quoteName(column.name)).join(", ");
  const perBatch = Math.max(1, Math.min(BATCH_ROWS, Math.floor(60000 / written.length)));
  /** @type {unknown[][]} */
  let batch = [];
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const values = batch.flat().map(asParameter);
    const placeholders = batch.map((_, row) => `(${written.map((__, col) => `$${row * written.length + col + 1}`).join(", ")})`).join(", ");
    await target.query(`INSERT INTO ${quoteName(table)} (${names}) VALUES ${placeholders}`, values);
    copied += batch.length;
    batch = [];
  };
  const rows = source
    .prepare(`SELECT * FROM ${quoteName(table)}`)
    .safeIntegers(true)
    .iterate();
  for (const row of /** @type {Iterable<Record<string, unknown>>} */ (rows)) {
    batch.push(written.map((column) => (late.includes(column.name) ? null : toPostgresqlValue(row[column.name], column.type))));
    if (batch.length >= perBatch) await flush();
  }
  await flush();
  return copied;
}

/**
 * Sets the references copied as NULL, row by row, now that the rows they point at are in.
 * @param {import("better-sqlite3").Database} source @param {pg.Client} target @param {string} table
 * @param {string[]} late @param {TargetColumn[]} columns
 */
async function setDeferred(source, target, table, late, columns) {
  const key = primaryKey(source, table);
  const typeOf = (/** @type {string} */ name) => columns.find((column) => column.name === name)?.type ?? "text";
  const assignments = late.map((column, i) => `${quoteName(column)} = $${i + 1}`).join(", ");
  const match = key.map((column, i) => `${quoteName(column)} = $${late.length + i + 1}`).join(" AND ");
  const select = [...late, ...key].map(quoteName).join(", ");
  const rows = source
    .prepare(`SELECT ${select} FROM ${quoteName(table)} WHERE ${late.map((column) => `${quoteName(column)} IS NOT NULL`).join(" OR ")}`)
    .safeIntegers(true)
    .iterate();
  for (const row of /** @type {Iterable<Record<string, unknown>>} */ (rows)) {
    const values = [...late, ...key].map((column) => asParameter(toPostgresqlValue(row[column], typeOf(column))));
    await target.query(`UPDATE ${quoteName(table)} SET ${assignments} WHERE ${match}`, values);
  }
}

/** Sets each serial column's sequence past the highest id copied, so new rows get new ids. @param {pg.Client} target */
async function resetSequences(target) {
  const { rows } = await target.query(
    `SELECT "table_name", "column_name" FROM information_schema.columns
     WHERE "table_schema" = current_schema() AND "column_default" LIKE 'nextval(%'`,
  );
  for (const { table_name: table, column_name: column } of rows) {
    await target.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${quoteName(column)}) FROM ${quoteName(table)}), 1), (SELECT count(*) > 0 FROM ${quoteName(table)}))`,
      [quoteName(table), column],
    );
  }
}

/**
 * The rows in each table on both sides; throws, naming the tables, when any differ.
 * @param {import("better-sqlite3").Database} source @param {pg.Client} target @param {string[]} tables
 * @returns {Promise<TableCount[]>}
 */
async function compareCounts(source, target, tables) {
  const counts = [];
  const differing = [];
  for (const table of tables) {
    const sqliteRows = Number(/** @type {{ n: number }} */ (source.prepare(`SELECT count(*) AS n FROM ${quoteName(table)}`).get()).n);
    const { rows } = await target.query(`SELECT count(*)::int AS "n" FROM ${quoteName(table)}`);
    if (rows[0].n !== sqliteRows) differing.push(`${table}: ${sqliteRows} in SQLite, ${rows[0].n} in PostgreSQL`);
    counts.push({ table, rows: sqliteRows });
  }
  if (differing.length > 0) {
    // The copy is already committed: say so, rather than that the move was refused.
    const error = new Error(
      `The copy in PostgreSQL does not match the SQLite file (was the service still running?): ${differing.join("; ")}. ` +
        "PostgreSQL keeps what was copied; empty that database, stop the service and move again.",
    );
    throw Object.assign(error, { committed: true });
  }
  return counts;
}

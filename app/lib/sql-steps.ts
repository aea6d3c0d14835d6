/**
 * A write transaction written as plain SQL statements, so that one definition can run on either engine:
 * on SQLite in one synchronous go, on PostgreSQL through a Prisma interactive transaction
 * (`writeInOneGo` in app/db.server.ts; docs/decisions/0101-answers-written-in-one-go.md).
 *
 * The work is a generator: it yields each statement and is given back that statement's rows (none for a
 * statement without RETURNING or SELECT), so it can decide the next statement from them; what it returns
 * is the transaction's result, and anything it throws rolls the whole transaction back.
 */

/** A value bound to a `?`: dates are stored as each engine's Prisma client stores them; booleans are written in the SQL. */
export type SqlValue = string | number | bigint | Date | null;

/**
 * One statement written once for both engines: every table and column name in double quotes, `?` for each
 * value in order, TRUE and FALSE written as such, no engine-only functions.
 */
export type SqlStatement = { sql: string; values: readonly SqlValue[] };

/** A row as a statement returns it: counts may come as bigint and dates as text or Date, by engine; read them with `numberFromRow` and `dateFromRow`. */
export type SqlRow = Record<string, unknown>;

/** A transaction's work: yields its statements one at a time and receives each one's rows. */
export type StatementSteps<T> = Generator<SqlStatement, T, SqlRow[]>;

/** Shorthand for a statement: `sql` with its values. */
export const statement = (sql: string, ...values: SqlValue[]): SqlStatement => ({ sql, values });

/**
 * Turns `?` placeholders into PostgreSQL's numbered `$1, $2...`, leaving any `?` inside quoted text or
 * quoted names alone. SQLite takes `?` as written.
 */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (match) => (match === "?" ? `$${++n}` : match));
}

/** A count or whole number from a row, whichever type the engine returned it as (number, bigint or numeric text). */
export function numberFromRow(value: unknown): number {
  const number = typeof value === "bigint" ? Number(value) : typeof value === "string" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isFinite(number)) throw new TypeError(`Expected a number from the database, got ${String(value)}`);
  return number;
}

/** A DateTime column's value from a row, or null: SQLite returns the text Prisma stored, PostgreSQL a Date. */
export function dateFromRow(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new TypeError(`Expected a date from the database, got ${String(value)}`);
  return date;
}

/**
 * Runs `steps` by awaiting `run` for each statement, one after another, handing each one's rows back: the
 * way for an engine whose statements are asynchronous. What the steps return, or what they throw; a
 * statement that fails ends the steps (their `finally` blocks run) and is thrown.
 */
export async function runStepsOneByOne<T>(steps: StatementSteps<T>, run: (statement: SqlStatement) => Promise<SqlRow[]>): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    let rows: SqlRow[];
    try {
      rows = await run(next.value);
    } catch (error) {
      steps.return(undefined as T);
      throw error;
    }
    next = steps.next(rows);
  }
  return next.value;
}

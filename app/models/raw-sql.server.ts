import type { Prisma } from "~/generated/prisma/client";
import { byEngine, engine, prisma, queryThroughAdapter } from "~/db.server";
import { argTypeOf, rowsOf } from "~/lib/result-set";
import { numberedPlaceholders } from "~/lib/sql-steps";

/** A bigint (SQLite's COUNT and SUM, as Prisma's client gives them) or a Decimal as a plain number. */
function plainNumber(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value !== null && typeof value === "object" && "toNumber" in value && typeof value.toNumber === "function") return value.toNumber();
  return value;
}

/**
 * Runs a SELECT (or a change with RETURNING) written once for both engines and returns its rows, with
 * counts and sums as numbers on both. Write it as standard SQL: every table, column and alias in double
 * quotes ("SurveyRun", AS "coreKey": PostgreSQL folds unquoted names to lower case), `?` for each
 * parameter in order, dates passed as Date parameters, no engine-only functions. For SQL that must
 * differ, choose with `byEngine`.
 */
export async function selectRows<T extends Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]> {
  if (engine === "postgresql") {
    return rowsOf<T>(await queryThroughAdapter({ sql: numberedPlaceholders(sql), args: params, argTypes: params.map(argTypeOf) }));
  }
  const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...params);
  // Changed in place: the rows are new objects of this call's own, every one with the statement's columns. A
  // new object for each row, made through Object.entries, cost a national dashboard 25 ms of its 337 on
  // PostgreSQL when its reads came this way, and more in garbage collection (decision 0199).
  const columns = rows.length > 0 ? Object.keys(rows[0]!) : [];
  for (const row of rows) {
    for (const column of columns) {
      const value = row[column];
      if (typeof value === "bigint" || (value !== null && typeof value === "object")) row[column] = plainNumber(value);
    }
  }
  return rows as T[];
}

/**
 * Runs an INSERT, UPDATE or DELETE written once for both engines (the same rules as `selectRows`) on the
 * given client, a transaction's when inside one, and returns how many rows it changed.
 */
export async function executeStatement(db: Prisma.TransactionClient | typeof prisma, sql: string, ...params: unknown[]): Promise<number> {
  return db.$executeRawUnsafe(engine === "postgresql" ? numberedPlaceholders(sql) : sql, ...params);
}

/**
 * A condition that `expression` (SQL giving text, such as `t."schoolId"`) is one of `values`, for a statement
 * written as `selectRows` asks, with the list bound as one parameter however long it is. Named with a `?`
 * each, a list of thousands (the schools of a large area) passes the most parameters a statement may have,
 * 32,766 on SQLite and 65,535 on PostgreSQL, and the engine refuses the statement. SQLite reads the list as
 * JSON (`json_each`); PostgreSQL takes it as an array, whose values its planner sees and looks up by hash.
 * An empty list matches nothing.
 */
export function isOneOf(expression: string, values: readonly string[]): { sql: string; params: unknown[] } {
  // Each engine's form made only on that engine: the other's for a national list of schools was thrown away.
  return byEngine<() => { sql: string; params: unknown[] }>({
    sqlite: () => ({ sql: `${expression} IN (SELECT "value" FROM json_each(?))`, params: [JSON.stringify(values)] }),
    postgresql: () => ({ sql: `${expression} = ANY(CAST(? AS text[]))`, params: [[...values]] }),
  })();
}

/**
 * A table of text rows for a WITH clause, `"name"("column", ...) AS MATERIALIZED (...)`, bound as one parameter (SQLite:
 * a JSON array of rows) or one a column (PostgreSQL: an array each, which its planner counts, so that it
 * joins the table by hash), however many rows it has, for the reason `isOneOf` gives. Each row has one
 * string per column, in the columns' order. The table is made once for the statement (`MATERIALIZED`): left
 * to SQLite, it read the JSON again for every row it was matched against, 28 ms against 1.4 for the groups
 * of a national board report.
 */
export function rowsTable(name: string, columns: readonly string[], rows: readonly (readonly string[])[]): { sql: string; params: unknown[] } {
  const head = `"${name}"(${columns.map((column) => `"${column}"`).join(", ")})`;
  return byEngine<() => { sql: string; params: unknown[] }>({
    sqlite: () => ({
      sql: `${head} AS MATERIALIZED (SELECT ${columns.map((_, i) => `json_extract(r."value", '$[${i}]')`).join(", ")} FROM json_each(?) r)`,
      params: [JSON.stringify(rows)],
    }),
    postgresql: () => ({
      sql: `${head} AS MATERIALIZED (SELECT * FROM unnest(${columns.map(() => "CAST(? AS text[])").join(", ")}))`,
      params: columns.map((_, i) => rows.map((row) => row[i]!)),
    }),
  })();
}

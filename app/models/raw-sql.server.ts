import type { Prisma } from "~/generated/prisma/client";
import { engine, prisma } from "~/db.server";
import { numberedPlaceholders } from "~/lib/sql-steps";

/** bigint (PostgreSQL's COUNT and SUM) and Decimal (its SUM of bigints) as plain numbers, as SQLite gives them. */
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
  const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(engine === "postgresql" ? numberedPlaceholders(sql) : sql, ...params);
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, plainNumber(value)])) as T);
}

/**
 * Runs an INSERT, UPDATE or DELETE written once for both engines (the same rules as `selectRows`) on the
 * given client, a transaction's when inside one, and returns how many rows it changed.
 */
export async function executeStatement(db: Prisma.TransactionClient | typeof prisma, sql: string, ...params: unknown[]): Promise<number> {
  return db.$executeRawUnsafe(engine === "postgresql" ? numberedPlaceholders(sql) : sql, ...params);
}

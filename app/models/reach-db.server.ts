/**
 * A read-only SQLite connection for reach's aggregate queries. Prisma turns every row into objects
 * through its query engine, which at national scale costs more than the query itself; these queries
 * only read, so they go straight to better-sqlite3 (the same driver Prisma's adapter uses). In WAL
 * mode a reader never blocks the app's writer, and each query sees committed data only.
 * See docs/decisions/0016-reach-at-national-scale.md.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { env } from "~/env.server";

type Connection = { file: string; db: Database.Database; statements: Map<string, Database.Statement> };

const globalForReach = globalThis as unknown as { reachConnection?: Connection };

function connection(): Connection {
  const file = path.resolve(env.DATABASE_URL.replace(/^file:/, ""));
  const open = globalForReach.reachConnection;
  if (open && open.file === file) return open;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  globalForReach.reachConnection = { file, db, statements: new Map() };
  return globalForReach.reachConnection;
}

/** Runs a parameterised SELECT and returns its rows; statements are prepared once and reused. */
export function readRows<T>(sql: string, params: readonly unknown[]): T[] {
  const { db, statements } = connection();
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement.all(...params) as T[];
}

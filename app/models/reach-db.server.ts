/**
 * A read-only SQLite connection for reach's aggregate queries. Prisma turns every row into objects
 * through its query engine, which at national scale costs more than the query itself; these queries
 * only read, so they go straight to better-sqlite3 (the same driver Prisma's adapter uses). In WAL
 * mode a reader never blocks the app's writer, and each query sees committed data only.
 *
 * Results are kept until the database changes: SQLite's `data_version` on this connection moves
 * whenever any other connection (the app's, a script's) commits, so a kept result is never stale.
 * See docs/decisions/0016-reach-at-national-scale.md.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { env } from "~/env.server";
import { noteStatement } from "~/lib/statements-sent.server";

type Connection = {
  file: string;
  db: Database.Database;
  statements: Map<string, Database.Statement>;
  version: Database.Statement;
  results: Map<string, unknown[]>;
  resultsVersion: number;
};

/** Enough for a few views of every page with their previous years; the oldest go first. */
const KEPT_RESULTS = 40;

const globalForReach = globalThis as unknown as { reachConnection?: Connection };

function connection(): Connection {
  const file = path.resolve(env.DATABASE_URL.replace(/^file:/, ""));
  const open = globalForReach.reachConnection;
  if (open && open.file === file) return open;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  globalForReach.reachConnection = {
    file,
    db,
    statements: new Map(),
    version: db.prepare("PRAGMA data_version").pluck(),
    results: new Map(),
    resultsVersion: -1,
  };
  return globalForReach.reachConnection;
}

/**
 * Runs a parameterised SELECT and returns its rows (to be read, never changed); statements are prepared
 * once, and results are reused until anything in the database changes.
 */
export function readRows<T>(sql: string, params: readonly unknown[]): T[] {
  const open = connection();
  const version = open.version.get() as number;
  if (version !== open.resultsVersion) {
    open.results.clear();
    open.resultsVersion = version;
  }
  const key = `${sql}\u0000${JSON.stringify(params)}`;
  const kept = open.results.get(key);
  if (kept) return kept as T[];
  let statement = open.statements.get(sql);
  if (!statement) {
    statement = open.db.prepare(sql);
    open.statements.set(sql, statement);
  }
  noteStatement(sql);
  const rows = statement.all(...params);
  if (open.results.size >= KEPT_RESULTS) open.results.delete(open.results.keys().next().value!);
  open.results.set(key, rows);
  return rows as T[];
}

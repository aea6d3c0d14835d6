/**
 * Read-only SQLite connections for reach's aggregate queries. Prisma turns every row into objects
 * through its query engine, which at national scale costs more than the query itself; these queries
 * only read, so they go straight to better-sqlite3 (the same driver Prisma's adapter uses). In WAL
 * mode a reader never blocks the app's writer, and each query sees committed data only.
 *
 * Results are kept until the database changes: SQLite's `data_version` on this process's own connection
 * moves whenever any other connection (the app's, a script's) commits, so a kept result is never stale.
 * See docs/decisions/0016-reach-at-national-scale.md.
 *
 * A result not kept whose statement took 2 ms or more in one of its recent reads is read on one of a few threads
 * of this process, each with its own connection (`REACH_QUERY_THREADS`, 2 by default), so that a page's
 * independent statements (this year's figures and last year's) run side by side on a machine's cores instead of
 * one after another on the thread that answers requests, which stays free meanwhile; quicker ones are read here,
 * as a thread would cost more than it saves. See docs/decisions/0125-reach-queries-on-threads.md.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { sqliteFilePath } from "~/db.server";
import { env } from "~/env.server";
import { noteStatement } from "~/lib/statements-sent.server";

/** Enough for a few views of every page with their previous years; the oldest go first. */
const KEPT_RESULTS = 40;

/**
 * What each query thread runs: a read-only connection of its own, statements prepared once, one statement
 * at a time. Given as source, not a file, so the app's bundle needs no second entry; it loads what it needs
 * with `import()`, which works whether Node reads the source as CommonJS or as a module (as it does when
 * the process runs with `--input-type=module`). Messages sent while it loads wait for its listener.
 */
const THREAD_SOURCE = `
(async () => {
  const { parentPort, workerData } = await import("node:worker_threads");
  const { default: Database } = await import(workerData.driver);
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  const statements = new Map();
  parentPort.on("message", ({ sql, params }) => {
    try {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = db.prepare(sql)));
      const started = performance.now();
      const rows = statement.all(...params);
      parentPort.postMessage({ rows, ms: performance.now() - started });
    } catch (error) {
      parentPort.postMessage({ error: { message: String(error && error.message), code: error && error.code } });
    }
  });
})();
`;

/**
 * Each thread's V8 heap, MB: a thread holds one statement's rows at a time (at national scale at most some
 * 30,000 short rows, about 5 MB), so a small heap is ample and bounds what a thread can hold.
 */
const THREAD_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 };

type Job = { sql: string; params: readonly unknown[]; resolve: (rows: unknown[]) => void; reject: (error: Error) => void };
type QueryThread = { worker: Worker; job: Job | null };

type Connection = {
  file: string;
  /** This thread's own connection: for `data_version`, and for the quick statements (runStatement). */
  db: Database.Database;
  statements: Map<string, Database.Statement>;
  version: Database.Statement;
  results: Map<string, unknown[]>;
  resultsVersion: number;
  /** Results being read, so that a page asking twice for one waits for the same read. */
  reading: Map<string, Promise<unknown[]>>;
  threads: QueryThread[];
  queue: Job[];
  /** How long each statement's recent reads took, ms (`noteCost`): which are worth a thread. */
  costs: Map<string, number>;
  /** Statements whose rows were too many for a thread's heap: read here from then on. */
  mainThreadOnly: Set<string>;
};

const globalForReach = globalThis as unknown as { reachConnection?: Connection };

/** Gives the next waiting statement to `thread`, or lets the process exit while it has none. */
function feed(open: Connection, thread: QueryThread) {
  const job = open.queue.shift() ?? null;
  thread.job = job;
  if (!job) {
    thread.worker.unref();
    return;
  }
  thread.worker.ref();
  thread.worker.postMessage({ sql: job.sql, params: job.params });
}

function startThread(open: Connection, driver: string): QueryThread {
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { driver, file: open.file }, resourceLimits: THREAD_HEAP });
  const thread: QueryThread = { worker, job: null };
  worker.on("message", (answer: { rows?: unknown[]; ms?: number; error?: { message: string; code?: string } }) => {
    const job = thread.job;
    if (job) {
      if (answer.error) job.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
      else {
        noteCost(open, job.sql, answer.ms ?? 0);
        job.resolve(answer.rows ?? []);
      }
    }
    feed(open, thread);
  });
  // A thread that fails while reading (its statement's rows outgrow THREAD_HEAP) is replaced, and the statement
  // is read here instead, now and from then on. One that fails with nothing to read (it cannot start) leaves
  // the pool, so a thread that can never start is not started again and again; with none left, statements
  // are read here, those waiting first.
  worker.on("error", (error) => {
    console.error("A reach query thread stopped:", error);
    const job = thread.job;
    thread.job = null;
    const others = open.threads.filter((other) => other !== thread);
    if (job) {
      open.mainThreadOnly.add(job.sql);
      runOnMainThread(open, job);
      const replacement = startThread(open, driver);
      open.threads = [...others, replacement];
      feed(open, replacement);
    } else {
      open.threads = others;
      if (others.length === 0) for (const waiting of open.queue.splice(0)) runOnMainThread(open, waiting);
    }
  });
  // Idle, it lets the process exit (after the listeners, which would hold it again).
  worker.unref();
  return thread;
}

function connection(): Connection {
  const file = sqliteFilePath();
  const open = globalForReach.reachConnection;
  if (open && open.file === file) return open;
  if (open) {
    // Another database (tests switch files): statements still being read on the old one fail.
    const stopped = new Error("Reach's database changed while a statement was read");
    for (const job of [...open.threads.flatMap((thread) => (thread.job ? [thread.job] : [])), ...open.queue.splice(0)]) job.reject(stopped);
    for (const thread of open.threads) void thread.worker.terminate();
    open.db.close();
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  const created: Connection = {
    file,
    db,
    statements: new Map(),
    version: db.prepare("PRAGMA data_version").pluck(),
    results: new Map(),
    resultsVersion: -1,
    reading: new Map(),
    threads: [],
    queue: [],
    costs: new Map(),
    mainThreadOnly: new Set(),
  };
  const driver = pathToFileURL(createRequire(import.meta.url).resolve("better-sqlite3")).href;
  for (let i = env.REACH_QUERY_THREADS; i > 0; i--) created.threads.push(startThread(created, driver));
  globalForReach.reachConnection = created;
  return created;
}

/**
 * A statement whose recent reads took less than this many milliseconds (`noteCost`) is read on the main thread:
 * handing it to a thread and copying its rows back costs about as much (on the demo data every statement is below
 * it).
 */
const THREAD_WORTHY_MS = 2;

/** How long each statement's recent reads took, ms (`noteCost`); forgotten whole when it grows past this many statements. */
const KEPT_COSTS = 500;

/**
 * Notes that a read of `sql` took `ms`. One statement's reads can differ a hundredfold with their parameters:
 * a year's tallies up to this month, then the months after it (decision 0198), or this year's and last
 * year's. So a quicker read halves what is noted rather than replacing it: a statement goes to a thread while
 * any of its recent reads took THREAD_WORTHY_MS or more, and comes back to the main thread after a few
 * quick reads in a row, not after one.
 */
function noteCost(open: Connection, sql: string, ms: number) {
  if (open.costs.size >= KEPT_COSTS && !open.costs.has(sql)) {
    open.costs.clear();
    open.mainThreadOnly.clear();
  }
  open.costs.set(sql, Math.max(ms, (open.costs.get(sql) ?? 0) / 2));
}

/** Reads `job`'s statement on this thread's own connection, timing it. */
function runOnMainThread(open: Connection, job: Job) {
  try {
    let statement = open.statements.get(job.sql);
    if (!statement) open.statements.set(job.sql, (statement = open.db.prepare(job.sql)));
    const started = performance.now();
    const rows = statement.all(...job.params);
    noteCost(open, job.sql, performance.now() - started);
    job.resolve(rows);
  } catch (error) {
    job.reject(error as Error);
  }
}

/**
 * Runs a statement: on an idle query thread, or queued for the next, when its recent reads took
 * THREAD_WORTHY_MS or more (`noteCost`); otherwise (and the first time, when its cost is not known) on the main thread.
 */
function runStatement(open: Connection, sql: string, params: readonly unknown[]): Promise<unknown[]> {
  const cost = open.costs.get(sql);
  return new Promise((resolve, reject) => {
    const here = open.threads.length === 0 || cost === undefined || cost < THREAD_WORTHY_MS || open.mainThreadOnly.has(sql);
    if (here) return runOnMainThread(open, { sql, params, resolve, reject });
    open.queue.push({ sql, params, resolve, reject });
    const idle = open.threads.find((thread) => !thread.job);
    if (idle) feed(open, idle);
  });
}

/**
 * A parameter as text that tells apart every value the drivers send differently: an instant from its ISO text,
 * `undefined` from `null`, NaN from Infinity, a bigint from a number. JSON alone gives the same text for each pair.
 */
function paramKey(value: unknown): string {
  if (value instanceof Date) return `date:${value.getTime()}`;
  if (Array.isArray(value)) return `array:[${value.map(paramKey).join(",")}]`;
  if (typeof value === "number" || typeof value === "bigint") return `${typeof value}:${String(value)}`;
  if (value === undefined) return "undefined";
  return `${typeof value}:${JSON.stringify(value)}`;
}

/**
 * A statement with its parameters as one key, for keeping its rows: the same key, the same rows. Used here and
 * for PostgreSQL's reads within a page (reach-queries.server.ts).
 */
export const readKey = (sql: string, params: readonly unknown[]) => `${sql}\u0000${params.map(paramKey).join("\u0000")}`;

/**
 * Runs a parameterised SELECT and returns its rows (to be read, never changed). Results are reused until
 * anything in the database changes; one read started before a change is not kept after it.
 * Errors: SQLite's, as thrown by better-sqlite3 (message and code).
 */
export async function readRows<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
  const open = connection();
  const version = open.version.get() as number;
  if (version !== open.resultsVersion) {
    open.results.clear();
    open.reading.clear();
    open.resultsVersion = version;
  }
  const key = readKey(sql, params);
  const kept = open.results.get(key) ?? open.reading.get(key);
  if (kept) return (await kept) as T[];
  noteStatement(sql);
  const reading = runStatement(open, sql, params);
  open.reading.set(key, reading);
  try {
    const rows = await reading;
    if (open.resultsVersion === version) {
      if (open.results.size >= KEPT_RESULTS) open.results.delete(open.results.keys().next().value!);
      open.results.set(key, rows);
    }
    return rows as T[];
  } finally {
    if (open.reading.get(key) === reading) open.reading.delete(key);
  }
}

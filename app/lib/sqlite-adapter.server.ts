import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { DatabaseUnavailable } from "~/lib/database-failover.server";
import type { SqlRow, SqlValue, StatementSteps } from "~/lib/sql-steps";
import { noteStatement } from "~/lib/statements-sent.server";
import { inTurnWithWorkers, type TakeTurn } from "~/lib/write-turns.server";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlResultSet, Transaction } from "@prisma/driver-adapter-utils";

/**
 * A first-come, first-served lock: `acquire` resolves, in the order it was called, once everyone
 * before has released. Releasing twice is harmless.
 */
export function createLock() {
  let tail: Promise<void> = Promise.resolve();
  return function acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const turn = tail.then(() => release);
    tail = tail.then(() => released);
    return turn;
  };
}

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

/** Plain reads: Prisma's SELECTs. Anything else (writes, PRAGMAs) goes to the writer. */
const isPlainRead = (sql: string) => /^\s*SELECT\b/i.test(sql);

/** Plain data changes: these take SQLite's write lock, so outside a transaction the adapter takes it for them first. */
const isDataChange = (sql: string) => /^\s*(INSERT|UPDATE|DELETE|REPLACE|WITH)\b/i.test(sql);

/** Whether `error` (better-sqlite3's own) is SQLite refusing the write lock because another connection holds it. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

/** The better-sqlite3 connection under Prisma's adapter, which runs its statements on it synchronously. */
function underlyingDatabase(connection: SqlDriverAdapter): Database.Database {
  const client = (connection as { client?: unknown }).client;
  if (!(client instanceof Database)) throw new Error("Prisma's SQLite adapter no longer keeps its better-sqlite3 connection as `client`");
  return client;
}

/** A value as SQLite is given it: a date as the text Prisma's adapter stores (ISO 8601, "+00:00" for UTC). */
const sqliteValue = (value: SqlValue) => (value instanceof Date ? value.toISOString().replace("Z", "+00:00") : value);

/** The most prepared statements the writer keeps for its own statements (`runSteps`, BEGIN and COMMIT); the oldest used is dropped beyond this. */
const MAX_PREPARED = 100;

/** The first pause, in ms, before trying again for a write lock another process holds; each pause doubles up to the longest. */
const FIRST_RETRY_MS = 1;
const LONGEST_RETRY_MS = 8;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The connection the app writes through, made safe to share. Prisma's better-sqlite3 adapter keeps a
 * single connection and lets only one transaction open at a time, but a query from another request
 * that arrives while a transaction is open runs on that same connection, inside it: it would read
 * uncommitted rows, and be undone if the transaction rolled back after its request was told it had
 * been saved. And it opens transactions with a plain BEGIN, which takes the write lock only at the
 * first write; if another process (a script, a second server) writes in between, SQLite refuses the
 * transaction with SQLITE_BUSY_SNAPSHOT, which no busy timeout can wait out.
 *
 * Here every write outside a transaction waits its turn behind any transaction in progress, and
 * transactions begin IMMEDIATE, so they hold the write lock from the start. Reads outside a
 * transaction go to a second, read-only connection: in WAL mode it sees every committed write and
 * nothing uncommitted, and never waits for a transaction to finish.
 *
 * While another process (a script, a job run from cron) holds the write lock, the wait for it must not
 * stop this process: SQLite's busy handler sleeps inside the call, and better-sqlite3 is synchronous,
 * so the whole event loop (every other request, every read) would stand still until the lock came.
 * So the write lock is asked for without the busy handler, and while it is refused this process tries
 * again after a pause on a timer (1 ms, doubling to 8 ms), serving other requests in between, for up
 * to the busy timeout; after that the change fails as a 503 saying it was not saved
 * (DatabaseUnavailable; docs/decisions/0085-waiting-for-the-write-lock.md). Data changes outside a
 * transaction (INSERT, UPDATE, DELETE) take the lock the same way, in a transaction of their own.
 * Anything else (PRAGMAs, scripts) goes straight to the connection and its busy timeout. The server's
 * workers also take turns with each other before they ask SQLite (`workersTurn`, decision 0086).
 */
class WriterAndReaderAdapter implements SqlDriverAdapter {
  readonly provider = "sqlite" as const;
  readonly adapterName: string;
  readonly #connection: SqlDriverAdapter;
  readonly #database: Database.Database;
  readonly #prepared = new Map<string, Database.Statement>();
  readonly #reader: SqlDriverAdapter;
  readonly #acquire: () => Promise<() => void>;
  readonly #waitMs: number;
  readonly #onDispose: () => void;

  constructor(connection: SqlDriverAdapter, reader: SqlDriverAdapter, waitMs: number, workersTurn: TakeTurn | null, onDispose: () => void) {
    this.#connection = connection;
    this.#database = underlyingDatabase(connection);
    this.#onDispose = onDispose;
    this.#reader = reader;
    this.#waitMs = waitMs;
    this.#acquire = inTurnWithWorkers(createLock(), workersTurn);
    this.adapterName = connection.adapterName;
  }

  /**
   * Begins an IMMEDIATE transaction, trying again on a timer while another connection holds the write lock,
   * until `giveUpAt` (ms since 1970; by default the busy timeout from now). Undefined when it began at the
   * first try, with nothing else run in between; otherwise the promise of the later try that began it, or
   * that gave up (DatabaseUnavailable).
   */
  #beginImmediate(giveUpAt = Date.now() + this.#waitMs): Promise<void> | undefined {
    if (this.#begun(giveUpAt, FIRST_RETRY_MS)) return undefined;
    return (async () => {
      for (let retryMs = FIRST_RETRY_MS; ; retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS)) {
        await pause(retryMs);
        if (this.#begun(giveUpAt, Math.min(retryMs * 2, LONGEST_RETRY_MS))) return;
      }
    })();
  }

  /** One try at beginning: true when begun, false when refused with time left to pause `retryMs` and try again. */
  #begun(giveUpAt: number, retryMs: number): boolean {
    try {
      this.#tryBeginImmediate();
      return true;
    } catch (error) {
      if (!isBusy(error)) throw error;
      // Nothing of the change has run: the page can say for certain that it was not saved.
      if (Date.now() + retryMs > giveUpAt) throw new DatabaseUnavailable("not-saved", error, "busy");
      return false;
    }
  }

  /**
   * One try, on the connection itself, with no wait between its three statements: the busy timeout is 0
   * for the BEGIN alone, so a refusal comes at once instead of blocking.
   */
  #tryBeginImmediate(): void {
    this.#runNow("PRAGMA busy_timeout = 0");
    try {
      this.#runNow("BEGIN IMMEDIATE");
    } finally {
      this.#runNow(`PRAGMA busy_timeout = ${this.#waitMs}`);
    }
  }

  /**
   * Runs a write transaction given as statements (app/lib/sql-steps.ts) in one synchronous go once its turn
   * comes: BEGIN IMMEDIATE, every statement and COMMIT with nothing else of this process in between, so the
   * write lock, and the workers' turn, are held only while SQLite works (decision 0101). Resolves to what the
   * steps return; rolls back and rejects with what they or a statement threw. Like a Prisma transaction
   * with its `maxWait`, it waits at most the busy timeout from this call for its turn and the write lock
   * together, then rejects with DatabaseUnavailable ("not-saved"): nothing of it ran.
   */
  runSteps<T>(steps: StatementSteps<T>): Promise<T> {
    const giveUpAt = Date.now() + this.#waitMs;
    return this.#inTurnBy(giveUpAt, async () => {
      const waiting = this.#beginImmediate(giveUpAt);
      if (waiting) await waiting;
      noteStatement("BEGIN IMMEDIATE");
      try {
        const result = this.#runStepsNow(steps);
        noteStatement("COMMIT");
        this.#runNow("COMMIT");
        return result;
      } catch (error) {
        // A failed COMMIT may leave the transaction open; SQLite may also have rolled it back already.
        // A ROLLBACK that fails too is not what the caller needs to hear: the first error is.
        if (this.#database.inTransaction) {
          noteStatement("ROLLBACK");
          try {
            this.#runNow("ROLLBACK");
          } catch {
            // The connection is left as SQLite left it; the turn is handed on all the same.
          }
        }
        throw error;
      }
    });
  }

  /**
   * Runs every statement `steps` yields, handing each its rows, and returns what the steps return. A
   * statement that fails ends the steps (their `finally` blocks run) and is thrown.
   */
  #runStepsNow<T>(steps: StatementSteps<T>): T {
    let next = steps.next();
    while (!next.done) {
      const { sql, values } = next.value;
      noteStatement(sql);
      let rows: SqlRow[];
      try {
        rows = this.#runNow(sql, values.map(sqliteValue));
      } catch (error) {
        steps.return(undefined as T);
        throw error;
      }
      next = steps.next(rows);
    }
    return next.value;
  }

  /** Runs `sql` with `values` at once, through its kept prepared statement; its rows, or none if it returns none. */
  #runNow(sql: string, values: unknown[] = []): SqlRow[] {
    const prepared = this.#preparedOnce(sql);
    if (prepared.reader) return prepared.all(values) as SqlRow[];
    prepared.run(values);
    return [];
  }

  /** The statement for `sql`, prepared once and kept for the next time (most recently used last). */
  #preparedOnce(sql: string): Database.Statement {
    let prepared = this.#prepared.get(sql);
    if (prepared) this.#prepared.delete(sql);
    else {
      prepared = this.#database.prepare(sql);
      if (this.#prepared.size >= MAX_PREPARED) this.#prepared.delete(this.#prepared.keys().next().value as string);
    }
    this.#prepared.set(sql, prepared);
    return prepared;
  }

  /** A data change outside a transaction: in one of its own, so the write lock is waited for as a transaction's is. */
  #changeAlone<T>(change: () => Promise<T>): Promise<T> {
    return this.#inTurn(async () => {
      await this.#beginImmediate();
      let result: T;
      try {
        result = await change();
        await this.#connection.executeRaw(statement("COMMIT"));
      } catch (error) {
        await this.#connection.executeRaw(statement("ROLLBACK")).catch(() => undefined);
        throw error;
      }
      return result;
    });
  }

  /**
   * `work` in this process's turn (and the workers'), if the turn comes before `giveUpAt` (ms since 1970);
   * otherwise DatabaseUnavailable ("not-saved") at that moment, and the turn, when it comes, is handed on.
   */
  async #inTurnBy<T>(giveUpAt: number, work: () => Promise<T>): Promise<T> {
    const turn = this.#acquire();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), Math.max(0, giveUpAt - Date.now()));
    });
    const release = await Promise.race([turn, late]);
    clearTimeout(timer);
    if (!release) {
      turn.then(
        (handOn) => handOn(),
        () => undefined,
      );
      throw new DatabaseUnavailable("not-saved", new Error(`No turn to write came within ${this.#waitMs} ms`), "busy");
    }
    try {
      return await work();
    } finally {
      release();
    }
  }

  async #inTurn<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.#acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    if (isPlainRead(query.sql)) return this.#reader.queryRaw(query);
    if (isDataChange(query.sql)) return this.#changeAlone(() => this.#connection.queryRaw(query));
    return this.#inTurn(() => this.#connection.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    if (isDataChange(query.sql)) return this.#changeAlone(() => this.#connection.executeRaw(query));
    return this.#inTurn(() => this.#connection.executeRaw(query));
  }

  executeScript(script: string): Promise<void> {
    return this.#inTurn(() => this.#connection.executeScript(script));
  }

  async startTransaction(): Promise<Transaction> {
    const release = await this.#acquire();
    try {
      await this.#beginImmediate();
    } catch (error) {
      release();
      throw error;
    }
    return new ImmediateTransaction(this.#connection, release);
  }

  async dispose(): Promise<void> {
    this.#onDispose();
    this.#prepared.clear();
    await this.#reader.dispose();
    await this.#connection.dispose();
  }
}

/** Prisma sends COMMIT or ROLLBACK itself, then calls `commit` or `rollback` to hand the connection back. */
class ImmediateTransaction implements Transaction {
  readonly provider = "sqlite" as const;
  readonly adapterName: string;
  readonly options = { usePhantomQuery: false };
  readonly #connection: SqlDriverAdapter;
  readonly #handBack: () => void;
  #ended = false;

  constructor(connection: SqlDriverAdapter, release: () => void) {
    this.#connection = connection;
    this.#handBack = release;
    this.adapterName = connection.adapterName;
  }

  /** Hands the connection and the turn back; nothing more goes through it, since the next transaction may have it. */
  #release() {
    this.#ended = true;
    this.#handBack();
  }

  #refusedOnceEnded() {
    if (this.#ended) throw new Error("This transaction has ended; its connection was handed back");
  }

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    this.#refusedOnceEnded();
    return this.#connection.queryRaw(query);
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    this.#refusedOnceEnded();
    try {
      return await this.#connection.executeRaw(query);
    } catch (error) {
      // Prisma hands the connection back only after a COMMIT or ROLLBACK that worked. A failed COMMIT leaves
      // the transaction open; a failed ROLLBACK (SQLite may have rolled back already, after a full disk or an
      // I/O error) leaves it ended. Either way it is rolled back here and the turn handed on, or every
      // write of every worker would wait for it.
      if (/^\s*(COMMIT|ROLLBACK)\b/i.test(query.sql)) {
        await this.#connection.executeRaw(statement("ROLLBACK")).catch(() => undefined);
        this.#release();
      }
      throw error;
    }
  }

  commit(): Promise<void> {
    this.#release();
    return Promise.resolve();
  }

  rollback(): Promise<void> {
    this.#release();
    return Promise.resolve();
  }
}

/** A Prisma adapter factory that can also run a write transaction given as statements in one go. */
export type SqliteAdapterFactory = SqlDriverAdapterFactory & {
  /** Whether Prisma has connected through this factory (and not disconnected since): `runSteps` needs it. */
  readonly connected: boolean;
  /** WriterAndReaderAdapter's `runSteps` on the connection Prisma holds; rejects when there is none. */
  runSteps<T>(steps: StatementSteps<T>): Promise<T>;
};

/**
 * A Prisma adapter factory for the SQLite file at `url` (a writer and a reader), `timeout` the busy
 * timeout in ms: also how long a write waits for the write lock another process holds.
 */
export function writerAndReaderSqlite(options: { url: string; timeout: number; workersTurn?: TakeTurn | null }): SqliteAdapterFactory {
  const sqlite = { url: options.url, timeout: options.timeout };
  const writer = new PrismaBetterSQLite3(sqlite);
  const reader = new PrismaBetterSQLite3({ ...sqlite, readonly: true });
  let current: WriterAndReaderAdapter | null = null;
  return {
    provider: "sqlite",
    adapterName: writer.adapterName,
    // The writer first: it creates the file's WAL index, which a read-only connection cannot.
    connect: async () => {
      const connection = await writer.connect();
      const adapter = new WriterAndReaderAdapter(connection, await reader.connect(), options.timeout, options.workersTurn ?? null, () => {
        if (current === adapter) current = null;
      });
      current = adapter;
      return adapter;
    },
    get connected() {
      return current !== null;
    },
    runSteps: (steps) => (current ? current.runSteps(steps) : Promise.reject(new Error("The SQLite database is not connected yet"))),
  };
}

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { DatabaseUnavailable } from "~/lib/database-failover.server";
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

/** Whether `error` is SQLite refusing the write lock because another connection holds it. */
function isBusy(error: unknown): boolean {
  const cause = (error as { cause?: { originalCode?: unknown } } | null)?.cause;
  return typeof cause?.originalCode === "string" && cause.originalCode.startsWith("SQLITE_BUSY");
}

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
  readonly #reader: SqlDriverAdapter;
  readonly #acquire: () => Promise<() => void>;
  readonly #waitMs: number;

  constructor(connection: SqlDriverAdapter, reader: SqlDriverAdapter, waitMs: number, workersTurn: TakeTurn | null) {
    this.#connection = connection;
    this.#reader = reader;
    this.#waitMs = waitMs;
    this.#acquire = inTurnWithWorkers(createLock(), workersTurn);
    this.adapterName = connection.adapterName;
  }

  /** Begins an IMMEDIATE transaction, trying again on a timer while another connection holds the write lock. */
  async #beginImmediate(): Promise<void> {
    const giveUpAt = Date.now() + this.#waitMs;
    for (let retryMs = FIRST_RETRY_MS; ; retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS)) {
      try {
        await this.#tryBeginImmediate();
        return;
      } catch (error) {
        if (!isBusy(error)) throw error;
        // Nothing of the change has run: the page can say for certain that it was not saved.
        if (Date.now() + retryMs > giveUpAt) throw new DatabaseUnavailable("not-saved", error);
      }
      await pause(retryMs);
    }
  }

  /** One try: the busy timeout is 0 for the BEGIN alone, so a refusal comes at once instead of blocking. */
  async #tryBeginImmediate(): Promise<void> {
    await this.#connection.queryRaw(statement("PRAGMA busy_timeout = 0"));
    try {
      await this.#connection.executeRaw(statement("BEGIN IMMEDIATE"));
    } finally {
      await this.#connection.queryRaw(statement(`PRAGMA busy_timeout = ${this.#waitMs}`));
    }
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
  readonly #release: () => void;

  constructor(connection: SqlDriverAdapter, release: () => void) {
    this.#connection = connection;
    this.#release = release;
    this.adapterName = connection.adapterName;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.#connection.queryRaw(query);
  }

  async executeRaw(query: SqlQuery): Promise<number> {
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

/**
 * A Prisma adapter factory for the SQLite file at `url` (a writer and a reader), `timeout` the busy
 * timeout in ms: also how long a write waits for the write lock another process holds.
 */
export function writerAndReaderSqlite(options: { url: string; timeout: number; workersTurn?: TakeTurn | null }): SqlDriverAdapterFactory {
  const sqlite = { url: options.url, timeout: options.timeout };
  const writer = new PrismaBetterSQLite3(sqlite);
  const reader = new PrismaBetterSQLite3({ ...sqlite, readonly: true });
  return {
    provider: "sqlite",
    adapterName: writer.adapterName,
    // The writer first: it creates the file's WAL index, which a read-only connection cannot.
    connect: async () => {
      const connection = await writer.connect();
      return new WriterAndReaderAdapter(connection, await reader.connect(), options.timeout, options.workersTurn ?? null);
    },
  };
}

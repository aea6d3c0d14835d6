import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
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
 * transactions begin IMMEDIATE, so they hold the write lock (waiting up to the busy timeout for it)
 * from the start. Reads outside a transaction go to a second, read-only connection: in WAL mode it
 * sees every committed write and nothing uncommitted, and never waits for a transaction to finish.
 */
class WriterAndReaderAdapter implements SqlDriverAdapter {
  readonly provider = "sqlite" as const;
  readonly adapterName: string;
  readonly #connection: SqlDriverAdapter;
  readonly #reader: SqlDriverAdapter;
  readonly #acquire = createLock();

  constructor(connection: SqlDriverAdapter, reader: SqlDriverAdapter) {
    this.#connection = connection;
    this.#reader = reader;
    this.adapterName = connection.adapterName;
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
    return this.#inTurn(() => this.#connection.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.#inTurn(() => this.#connection.executeRaw(query));
  }

  executeScript(script: string): Promise<void> {
    return this.#inTurn(() => this.#connection.executeScript(script));
  }

  async startTransaction(): Promise<Transaction> {
    const release = await this.#acquire();
    try {
      await this.#connection.executeRaw(statement("BEGIN IMMEDIATE"));
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
      // A COMMIT that fails leaves the transaction open; Prisma would not hand the connection back.
      if (/^\s*COMMIT\b/i.test(query.sql)) {
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

/** A Prisma adapter factory for the SQLite file at `url` (a writer and a reader), `timeout` the busy timeout in ms. */
export function writerAndReaderSqlite(options: { url: string; timeout: number }): SqlDriverAdapterFactory {
  const writer = new PrismaBetterSQLite3(options);
  const reader = new PrismaBetterSQLite3({ ...options, readonly: true });
  return {
    provider: "sqlite",
    adapterName: writer.adapterName,
    // The writer first: it creates the file's WAL index, which a read-only connection cannot.
    connect: async () => {
      const connection = await writer.connect();
      return new WriterAndReaderAdapter(connection, await reader.connect());
    },
  };
}

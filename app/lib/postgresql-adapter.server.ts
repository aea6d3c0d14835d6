import { PrismaPg } from "@prisma/adapter-pg";
import type { IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlResultSet, Transaction } from "@prisma/driver-adapter-utils";
import { createLock } from "./sqlite-adapter.server";

/**
 * The key of the one advisory lock every transaction takes (any fixed 64-bit number; this one spells
 * "schools" in ASCII). Advisory locks are held by the database, so every app server shares it.
 */
export const TRANSACTION_LOCK_KEY = 0x7363686f6f6c73n;

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

/** A text value PostgreSQL can take: it refuses U+0000 in text, which SQLite stores and compares. */
function storableArg(value: unknown): unknown {
  if (typeof value === "string") return value.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value;
  return Array.isArray(value) ? value.map(storableArg) : value;
}

/**
 * The query with every NUL character in its text parameters replaced by U+FFFD. PostgreSQL rejects a
 * NUL in text ("invalid byte sequence for encoding UTF8: 0x00") where SQLite simply finds nothing, so
 * an address such as /bookings/x%00 or ?locality=x%00 was a server error on PostgreSQL alone. Stored
 * text never holds a NUL (every text field refuses control characters), so the replaced value finds
 * what the original would have found on SQLite: nothing.
 */
function storable(query: SqlQuery): SqlQuery {
  return query.args.some((arg) => typeof arg === "string" || Array.isArray(arg)) ? { ...query, args: query.args.map(storableArg) } : query;
}

/**
 * Prisma's PostgreSQL adapter, with transactions taken one at a time as on SQLite (where they begin
 * IMMEDIATE): each transaction first waits for one database-wide advisory lock, held until it commits or
 * rolls back. So a rule a model checks and then writes inside a transaction (a session's places left, a
 * waiting list's order, a counter) holds on PostgreSQL exactly as it does on SQLite, on every app server,
 * without each model choosing row locks or retrying serialization failures (docs/decisions/0078).
 * Reads and single writes outside a transaction run side by side as PostgreSQL allows.
 *
 * Within one server, transactions first queue in memory, first come first served, as on SQLite: one
 * waiting for its turn holds no pooled connection, so a queue of them cannot starve the pool that the
 * transaction in progress, and every read, need.
 */
class OneTransactionAtATime implements SqlDriverAdapter {
  readonly provider = "postgres" as const;
  readonly adapterName: string;
  readonly #inner: SqlDriverAdapter;
  readonly #acquire = createLock();

  constructor(inner: SqlDriverAdapter) {
    this.#inner = inner;
    this.adapterName = inner.adapterName;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.#inner.queryRaw(storable(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.#inner.executeRaw(storable(query));
  }

  executeScript(script: string): Promise<void> {
    return this.#inner.executeScript(script);
  }

  getConnectionInfo() {
    return this.#inner.getConnectionInfo?.() ?? { supportsRelationJoins: true };
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const release = await this.#acquire();
    let transaction: Transaction;
    try {
      transaction = await this.#inner.startTransaction(isolationLevel);
    } catch (error) {
      release();
      throw error;
    }
    try {
      // lock_timeout (set on every connection: see the factory) makes this wait end, like SQLite's busy timeout.
      await transaction.executeRaw(statement(`SELECT pg_advisory_xact_lock(${TRANSACTION_LOCK_KEY})`));
    } catch (error) {
      await transaction.executeRaw(statement("ROLLBACK")).catch(() => undefined);
      await transaction.rollback().finally(release);
      throw error;
    }
    return new TakingTurns(transaction, release);
  }

  dispose(): Promise<void> {
    return this.#inner.dispose();
  }
}

/**
 * A transaction that lets the next one in this server start once it has committed or rolled back. Its
 * statements go to PostgreSQL one at a time, in the order asked: a transaction is one connection, and
 * statements asked for side by side in it (`Promise.all` of reads) were queued by `pg` itself, which it
 * warns it will stop doing in version 9.
 */
class TakingTurns implements Transaction {
  readonly provider = "postgres" as const;
  readonly adapterName: string;
  readonly options: Transaction["options"];
  readonly #inner: Transaction;
  readonly #release: () => void;

  constructor(inner: Transaction, release: () => void) {
    this.#inner = inner;
    this.#release = release;
    this.adapterName = inner.adapterName;
    this.options = inner.options;
  }

  /** The last statement asked for; the next starts once it has ended, however it ended. */
  #previous: Promise<unknown> = Promise.resolve();

  #inTurn<T>(send: () => Promise<T>): Promise<T> {
    // Its connection has gone back to the pool, perhaps to another transaction: nothing more goes through it.
    if (this.#ended) return Promise.reject(new Error("This transaction has ended; its connection was handed back"));
    const sent = this.#previous.then(send, send);
    this.#previous = sent.catch(() => undefined);
    return sent;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.#inTurn(() => this.#inner.queryRaw(storable(query)));
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    try {
      return await this.#inTurn(() => this.#inner.executeRaw(storable(query)));
    } catch (error) {
      // A COMMIT that fails ends the transaction on PostgreSQL, but Prisma then neither commits nor rolls
      // back: hand the connection and the turn back here, or every later transaction would wait for ever.
      if (/^\s*COMMIT\b/i.test(query.sql)) await this.rollback().catch(() => undefined);
      throw error;
    }
  }

  #ended = false;

  commit(): Promise<void> {
    return this.#end(() => this.#inner.commit());
  }

  rollback(): Promise<void> {
    return this.#end(() => this.#inner.rollback());
  }

  /** Hands the connection and the turn back once, however often Prisma or we end the transaction. */
  async #end(hand: () => Promise<void>): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    try {
      await hand();
    } finally {
      this.#release();
    }
  }
}

/**
 * A Prisma adapter factory for the PostgreSQL database at `url`: a pool of at most `connections`
 * connections, transactions one at a time (waiting up to `lockTimeoutMs` for their turn). A statement
 * waits at most `connectWaitMs` for a connection, whether the pool is making one (a server that accepts
 * and never answers, as a network that drops packets does, would otherwise hold it for good) or every
 * connection is busy; then it fails with pg's "connection timeout" error, which
 * `database-failover.server.ts` reports as the database out of reach (a 503), nothing sent.
 */
export function oneTransactionAtATimePostgresql(options: {
  url: string;
  connections: number;
  lockTimeoutMs: number;
  connectWaitMs: number;
}): SqlDriverAdapterFactory {
  // lock_timeout plays SQLite's busy timeout: a statement waits this long for a lock (the turn, a row), then fails.
  // jit off: no statement of this app runs long enough to repay compiling it. A national reach statement the planner
  // priced over jit_above_cost took 31 ms compiled against 24 without (decision 0201).
  const factory = new PrismaPg({
    connectionString: options.url,
    max: options.connections,
    connectionTimeoutMillis: options.connectWaitMs,
    options: `-c lock_timeout=${options.lockTimeoutMs} -c jit=off`,
  });
  return {
    provider: "postgres",
    adapterName: factory.adapterName,
    connect: async () => new OneTransactionAtATime(await factory.connect()),
  };
}

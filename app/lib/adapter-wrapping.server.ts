import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlResultSet, Transaction } from "@prisma/driver-adapter-utils";

/**
 * A Prisma driver adapter that passes everything to the one it wraps; a subclass changes only what it
 * needs (noting statements, retrying reads). Its transactions are wrapped with `wrapTransaction`.
 */
export class WrappingAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter["provider"];
  readonly adapterName: string;
  readonly getConnectionInfo?: SqlDriverAdapter["getConnectionInfo"];
  protected readonly inner: SqlDriverAdapter;

  constructor(inner: SqlDriverAdapter) {
    this.inner = inner;
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
    // Optional in the interface: present only when the wrapped adapter has it, so Prisma's default stays.
    if (inner.getConnectionInfo) this.getConnectionInfo = () => inner.getConnectionInfo!();
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.inner.queryRaw(query);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.inner.executeRaw(query);
  }

  executeScript(script: string): Promise<void> {
    return this.inner.executeScript(script);
  }

  startTransaction(isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0]): Promise<Transaction> {
    return this.inner.startTransaction(isolationLevel);
  }

  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}

/** A transaction that passes everything to the one it wraps; a subclass changes only what it needs. */
export class WrappingTransaction implements Transaction {
  readonly provider: Transaction["provider"];
  readonly adapterName: string;
  readonly options: Transaction["options"];
  protected readonly inner: Transaction;

  constructor(inner: Transaction) {
    this.inner = inner;
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
    this.options = inner.options;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.inner.queryRaw(query);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.inner.executeRaw(query);
  }

  commit(): Promise<void> {
    return this.inner.commit();
  }

  rollback(): Promise<void> {
    return this.inner.rollback();
  }
}

/** `factory` with each connection it makes wrapped by `wrap`. */
export function wrappingConnections(factory: SqlDriverAdapterFactory, wrap: (connection: SqlDriverAdapter) => SqlDriverAdapter): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrap(await factory.connect()),
  };
}

/**
 * `factory` with each connection, when disposed (the client disconnected), first ending the transactions it
 * handed out that nobody ended, then disposing of the connection it wraps (decision 0205).
 *
 * Prisma, disconnected while a transaction of its own waits for its turn, gives that transaction up and
 * tells whoever asked for it "Unknown transaction status"; when the turn then comes, the transaction is
 * handed to nobody and never ended. On PostgreSQL it kept its pooled connection, and ending the pool waits
 * for every connection lent, so the disconnect (a server shutting down, a test file ending) waited for
 * ever; on SQLite it would keep the workers' write turn. Here a transaction still open is rolled back, and one
 * still starting rolls itself back once it has begun and fails with ConnectionClosed; a transaction asked
 * for after the disposal fails with ConnectionClosed at once.
 */
export function endingTransactionsOnDispose(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return wrappingConnections(factory, (connection) => new EndingTransactionsOnDispose(connection));
}

/** A transaction asked of a client that has since disconnected: it never began, so nothing in it was saved. */
export class ConnectionClosed extends Error {
  constructor() {
    super("The database client disconnected before this transaction could begin; nothing in it was saved");
    this.name = "ConnectionClosed";
  }
}

class EndingTransactionsOnDispose extends WrappingAdapter {
  /** Transactions handed out and not yet ended, and those still starting. */
  readonly #open = new Set<EndedOnce>();
  readonly #starting = new Set<Promise<unknown>>();
  #disposed = false;
  #disposal: Promise<void> | null = null;

  override async startTransaction(isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0]): Promise<Transaction> {
    if (this.#disposed) throw new ConnectionClosed();
    const starting = this.#start(isolationLevel);
    this.#starting.add(starting);
    try {
      return await starting;
    } finally {
      this.#starting.delete(starting);
    }
  }

  async #start(isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0]): Promise<Transaction> {
    const transaction: EndedOnce = new EndedOnce(await this.inner.startTransaction(isolationLevel), () => this.#open.delete(transaction));
    this.#open.add(transaction);
    if (this.#disposed) {
      await transaction.abandon();
      throw new ConnectionClosed();
    }
    return transaction;
  }

  /** Once, however often it is called: ending a pool twice is an error. The wrapped connection is disposed of whatever the rollbacks did. */
  override dispose(): Promise<void> {
    this.#disposal ??= this.#dispose();
    return this.#disposal;
  }

  async #dispose(): Promise<void> {
    this.#disposed = true;
    try {
      await Promise.allSettled([...this.#open].map((transaction) => transaction.abandon()));
      await Promise.allSettled([...this.#starting]);
    } finally {
      await this.inner.dispose();
    }
  }
}

/** A transaction that tells `onEnd` once it has ended, and can be rolled back by one who did not begin it. */
class EndedOnce extends WrappingTransaction {
  readonly #onEnd: () => void;
  #ended = false;

  constructor(inner: Transaction, onEnd: () => void) {
    super(inner);
    this.#onEnd = onEnd;
  }

  override async executeRaw(query: SqlQuery): Promise<number> {
    try {
      return await this.inner.executeRaw(query);
    } catch (error) {
      // Prisma ends a transaction whose COMMIT failed no further; each engine's transaction has handed its
      // connection back itself (postgresql-adapter.server.ts, sqlite-adapter.server.ts).
      if (/^\s*COMMIT\b/i.test(query.sql)) this.#end();
      throw error;
    }
  }

  override async commit(): Promise<void> {
    try {
      await this.inner.commit();
    } finally {
      this.#end();
    }
  }

  override async rollback(): Promise<void> {
    try {
      await this.inner.rollback();
    } finally {
      this.#end();
    }
  }

  /**
   * Sends ROLLBACK, as Prisma does before it calls `rollback`, then hands the connection back. A transaction
   * whose engine ended it already refuses the ROLLBACK, and hands back only once.
   */
  async abandon(): Promise<void> {
    if (this.#ended) return;
    await this.inner.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] }).catch(() => undefined);
    await this.rollback();
  }

  #end() {
    if (this.#ended) return;
    this.#ended = true;
    this.#onEnd();
  }
}

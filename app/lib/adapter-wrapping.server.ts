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

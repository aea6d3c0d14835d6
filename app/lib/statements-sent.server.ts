import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlResultSet, Transaction } from "@prisma/driver-adapter-utils";

/**
 * Who is listening for the statements sent to the database. Empty in a running server, where noting a
 * statement costs one size check; tests listen to cap the queries one page makes
 * (tests/unit/queries-per-page.test.ts, docs/performance.md "Queries per request").
 */
const listeners = new Set<(sql: string) => void>();

/** Tells every listener that `sql` is being sent: Prisma's statements, and reach's own read-only connection. */
export function noteStatement(sql: string) {
  if (listeners.size === 0) return;
  for (const listener of listeners) listener(sql);
}

/**
 * Runs `work` and returns what it returned with the SQL of every statement sent while it ran, in order
 * (BEGIN and COMMIT included). Anything else the process sends meanwhile is listed too, so run one piece of
 * work at a time.
 */
export async function statementsSentBy<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const listener = (sql: string) => statements.push(sql);
  listeners.add(listener);
  try {
    return { result: await work(), statements };
  } finally {
    listeners.delete(listener);
  }
}

/** An adapter that notes each statement before passing it on unchanged. */
class NotingAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter["provider"];
  readonly adapterName: string;
  readonly #inner: SqlDriverAdapter;
  readonly getConnectionInfo?: SqlDriverAdapter["getConnectionInfo"];

  constructor(inner: SqlDriverAdapter) {
    this.#inner = inner;
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
    // Optional in the interface: present only when the wrapped adapter has it, so Prisma's default stays.
    if (inner.getConnectionInfo) this.getConnectionInfo = () => inner.getConnectionInfo!();
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    noteStatement(query.sql);
    return this.#inner.queryRaw(query);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    noteStatement(query.sql);
    return this.#inner.executeRaw(query);
  }

  executeScript(script: string): Promise<void> {
    noteStatement(script);
    return this.#inner.executeScript(script);
  }

  async startTransaction(isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0]): Promise<Transaction> {
    noteStatement("BEGIN");
    return new NotingTransaction(await this.#inner.startTransaction(isolationLevel));
  }

  dispose(): Promise<void> {
    return this.#inner.dispose();
  }
}

class NotingTransaction implements Transaction {
  readonly provider: Transaction["provider"];
  readonly adapterName: string;
  readonly options: Transaction["options"];
  readonly #inner: Transaction;

  constructor(inner: Transaction) {
    this.#inner = inner;
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
    this.options = inner.options;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    noteStatement(query.sql);
    return this.#inner.queryRaw(query);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    noteStatement(query.sql);
    return this.#inner.executeRaw(query);
  }

  commit(): Promise<void> {
    return this.#inner.commit();
  }

  rollback(): Promise<void> {
    return this.#inner.rollback();
  }
}

/** `factory`'s connections, with every statement noted (NotingAdapter). */
export function notingStatements(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => new NotingAdapter(await factory.connect()),
  };
}

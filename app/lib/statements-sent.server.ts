import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlResultSet, Transaction } from "@prisma/driver-adapter-utils";
import { WrappingAdapter, WrappingTransaction, wrappingConnections } from "~/lib/adapter-wrapping.server";

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
class NotingAdapter extends WrappingAdapter {
  override queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    noteStatement(query.sql);
    return this.inner.queryRaw(query);
  }

  override executeRaw(query: SqlQuery): Promise<number> {
    noteStatement(query.sql);
    return this.inner.executeRaw(query);
  }

  override executeScript(script: string): Promise<void> {
    noteStatement(script);
    return this.inner.executeScript(script);
  }

  override async startTransaction(isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0]): Promise<Transaction> {
    noteStatement("BEGIN");
    return new NotingTransaction(await this.inner.startTransaction(isolationLevel));
  }
}

class NotingTransaction extends WrappingTransaction {
  override queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    noteStatement(query.sql);
    return this.inner.queryRaw(query);
  }

  override executeRaw(query: SqlQuery): Promise<number> {
    noteStatement(query.sql);
    return this.inner.executeRaw(query);
  }
}

/** `factory`'s connections, with every statement noted (NotingAdapter). */
export function notingStatements(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return wrappingConnections(factory, (connection) => new NotingAdapter(connection));
}

import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlResultSet, Transaction } from "@prisma/driver-adapter-utils";
import { ConnectionClosed, WrappingAdapter, WrappingTransaction, wrappingConnections } from "~/lib/adapter-wrapping.server";

/**
 * PostgreSQL error codes that mean the connection, not the query, failed: class 08 (connection
 * exception), 57P01 admin_shutdown (a failover or restart), 57P02 crash_shutdown, 57P03 cannot_connect_now
 * (the standby is still becoming the primary).
 */
const CONNECTION_CODES = /^(08\w{3}|57P0[123])$/;
/**
 * What pg's pool says when its wait for a connection ran out: none was made, or none came free, within
 * `connectWaitMs`. Trying again would only wait as long again.
 */
const WAITED_OUT_MESSAGES = /due to connection timeout|timeout exceeded when trying to connect/i;
/** pg-pool's words when none of its connections came free within its wait (each in use, or still being made). */
const POOL_FULL_MESSAGE = /timeout exceeded when trying to connect/i;
/**
 * What pg, its pool and Node say when no connection could be had: refused, the server's name or address
 * not found or not reachable (a failover that moves a DNS name), or the wait ran out. No statement
 * reached the server.
 */
const NOT_CONNECTED_MESSAGES = new RegExp(`ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|${WAITED_OUT_MESSAGES.source}`, "i");
/** What the pg driver and Node say when a socket is lost, for errors that reach us without a code. */
const CONNECTION_MESSAGES = new RegExp(
  `Connection terminated|terminating connection|server closed the connection|ECONNRESET|ETIMEDOUT|EPIPE|${NOT_CONNECTED_MESSAGES.source}`,
  "i",
);
/** Prisma's names for lost connections (`kind` in a DriverAdapterError's cause). */
const CONNECTION_KINDS = new Set(["ConnectionClosed", "DatabaseNotReachable", "SocketTimeout"]);

/**
 * Whether `error` says the connection to the database broke (so the same query may well work on a new
 * one), as opposed to the query being wrong or refused. Looks at the error, and at its `cause` as
 * Prisma's driver adapters wrap it.
 */
export function isConnectionError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && typeof current === "object" && depth < 4; depth++) {
    const fields = current as { code?: unknown; originalCode?: unknown; kind?: unknown; message?: unknown; cause?: unknown };
    if (typeof fields.kind === "string" && CONNECTION_KINDS.has(fields.kind)) return true;
    for (const code of [fields.code, fields.originalCode])
      if (typeof code === "string" && (CONNECTION_CODES.test(code) || CONNECTION_MESSAGES.test(code))) return true;
    if (typeof fields.message === "string" && CONNECTION_MESSAGES.test(fields.message)) return true;
    current = fields.cause;
  }
  return false;
}

/** Whether `error`, or one of its causes, has a code or message that `pattern` matches. */
function says(error: unknown, pattern: RegExp): boolean {
  for (let current: unknown = error, depth = 0; current && typeof current === "object" && depth < 4; depth++) {
    const fields = current as { code?: unknown; message?: unknown; cause?: unknown };
    if ([fields.code, fields.message].some((text) => typeof text === "string" && pattern.test(text))) return true;
    current = fields.cause;
  }
  return false;
}

/** Whether `error` says no connection was had at all, so nothing was sent. */
const neverConnected = (error: unknown) => says(error, NOT_CONNECTED_MESSAGES);

/**
 * What became of a change when the connection was lost: "none" for a read (nothing was being changed),
 * "not-saved" when it surely was not (a statement of a transaction before its COMMIT: the server rolls the
 * transaction back), "unknown" when the server may have applied it just before the connection went (a
 * COMMIT, or a write outside a transaction).
 */
export type ChangeOutcome = "none" | "not-saved" | "unknown";

/**
 * What a request meets when the database cannot be reached even after a read was tried again: a 503
 * Response (so Remix shows the error page with that status, even in production, where other errors are
 * hidden), saying what became of a change being made (ChangeOutcome). `notSaved` is true only when the
 * change surely was not saved, so the page never says "not saved" of a change that may have been. A
 * Response subclass with a message, so logs and scripts read it too.
 */
export class DatabaseUnavailable extends Response {
  readonly message: string;
  readonly notSaved: boolean;
  readonly change: ChangeOutcome;

  /**
   * `why`: "unreachable" when the connection was lost or never made; "busy" when the database answered but
   * the change's turn (SQLite's write lock, a PostgreSQL transaction's) did not come within its wait;
   * "no-free-connection" when none of the pool's connections came free in time (in use, or still being made);
   * "closed" when this process had disconnected from the database (the server shutting down, a script or a test
   * ending) before the change began.
   * The person is told the same either way; the message, which logs and scripts read, says which.
   */
  constructor(change: ChangeOutcome, cause: unknown, why: "unreachable" | "busy" | "no-free-connection" | "closed" = "unreachable") {
    const notSaved = change === "not-saved";
    super(JSON.stringify({ databaseUnavailable: true, notSaved, change }), {
      status: 503,
      headers: { "Content-Type": "application/json", "Retry-After": "30" },
    });
    this.notSaved = notSaved;
    this.change = change;
    const said = { none: "", "not-saved": "; the change was not saved", unknown: "; the change may or may not have been saved" }[change];
    const what = {
      unreachable: "The database could not be reached",
      busy: "The database was too busy to give the change its turn in time",
      "no-free-connection": "No connection to the database came free in time",
      closed: "This process had closed its connection to the database",
    }[why];
    this.message = `${what}${said}: ${cause instanceof Error ? cause.message : String(cause)}`;
  }
}

/**
 * Prisma's refusal of a transaction that did not get its turn within `maxWait` (P2028, "Unable to start
 * a transaction in the given time"): it never began, so nothing in it was saved.
 */
function neverStarted(error: unknown): boolean {
  const refusal = error as { code?: unknown; message?: unknown } | null;
  return refusal?.code === "P2028" && typeof refusal.message === "string" && refusal.message.includes("Unable to start a transaction");
}

/**
 * A transaction that never began because the client disconnected while it waited: ConnectionClosed from
 * `endingTransactionsOnDispose`, or, when its start ended in the moment between Prisma giving it up and
 * the disposal, Prisma's own plain Error "Unknown transaction status." (which Prisma raises for a transaction
 * given up while it started, and which `endingTransactionsOnDispose` then rolls back). Decision 0205.
 */
function cutOffByDisconnect(error: unknown): boolean {
  return error instanceof ConnectionClosed || (error instanceof Error && error.message === "Unknown transaction status.");
}

/**
 * Makes the client's `$transaction` report a transaction that never got its turn (the database too busy
 * for `maxWait`), or never began because the client disconnected meanwhile (decision 0205),
 * as DatabaseUnavailable("not-saved"), a 503 telling the person to try again, rather than an unexplained 500.
 * Any other error passes through as it is. Returns the same client.
 */
export function reportingTransactionsNeverStarted<Client extends { $transaction: (...args: never[]) => Promise<unknown> }>(client: Client): Client {
  const transaction = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  client.$transaction = (async (...args: unknown[]) => {
    try {
      return await transaction(...args);
    } catch (error) {
      if (neverStarted(error)) throw new DatabaseUnavailable("not-saved", error, "busy");
      if (cutOffByDisconnect(error)) throw new DatabaseUnavailable("not-saved", error, "closed");
      throw error;
    }
  }) as Client["$transaction"];
  return client;
}

/**
 * Rethrows a lost connection as DatabaseUnavailable; any other error as it is. A change that never had a
 * connection was surely not saved, whatever `change` says it might have been once sent.
 */
function reported(error: unknown, change: ChangeOutcome): never {
  if (!isConnectionError(error)) throw error;
  // pg's pool says this when every connection it may open was taken for the whole wait: in use (the database
  // busy) or still being made (the database not answering), which this cannot tell apart.
  const poolFull = says(error, POOL_FULL_MESSAGE);
  throw new DatabaseUnavailable(change === "unknown" && neverConnected(error) ? "not-saved" : change, error, poolFull ? "no-free-connection" : "unreachable");
}

/** A statement that ends a transaction by committing it: if its connection is lost, the outcome is unknown. */
const isCommit = (sql: string) => /^\s*(COMMIT|END)\b/i.test(sql);

/** Plain reads: a SELECT (or a WITH ... SELECT) changes nothing, so running it twice is safe. */
const isPlainRead = (sql: string) => /^\s*(SELECT|WITH)\b/i.test(sql) && !/\b(INSERT|UPDATE|DELETE)\b/i.test(sql.replace(/'[^']*'/g, ""));

/**
 * A connection pool that survives a database failover for reads: a read outside a transaction that fails
 * because its connection broke is tried once more (the pool hands out a new connection). Writes and
 * anything inside a transaction are never tried again: a write that fails is reported (DatabaseUnavailable,
 * "not saved"), and a transaction that loses its connection is rolled back by the server, so nothing is
 * half-applied. Decision 0082.
 */
class ReadRetryingAdapter extends WrappingAdapter {
  override async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    const read = isPlainRead(query.sql);
    try {
      return await this.inner.queryRaw(query);
    } catch (error) {
      // A write outside a transaction commits on its own: the server may have applied it. A read whose
      // wait for a connection ran out is not tried again: that would only wait as long again.
      if (!read || !isConnectionError(error) || says(error, WAITED_OUT_MESSAGES)) return reported(error, read ? "none" : "unknown");
    }
    return this.inner.queryRaw(query).catch((error: unknown) => reported(error, "none"));
  }

  override executeRaw(query: SqlQuery): Promise<number> {
    return this.inner.executeRaw(query).catch((error: unknown) => reported(error, "unknown"));
  }

  override executeScript(script: string): Promise<void> {
    return this.inner.executeScript(script).catch((error: unknown) => reported(error, "unknown"));
  }

  override async startTransaction(isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0]): Promise<Transaction> {
    // Nothing of the transaction has run yet.
    const transaction = await this.inner.startTransaction(isolationLevel).catch((error: unknown) => reported(error, "not-saved"));
    return new ReportingTransaction(transaction);
  }
}

/**
 * A transaction whose lost connection is reported as a change not saved (the server rolls it back), except
 * at its COMMIT, when the server may already have committed it.
 */
class ReportingTransaction extends WrappingTransaction {
  override queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.inner.queryRaw(query).catch((error: unknown) => reported(error, isCommit(query.sql) ? "unknown" : "not-saved"));
  }

  override async executeRaw(query: SqlQuery): Promise<number> {
    try {
      return await this.inner.executeRaw(query);
    } catch (error) {
      // Prisma hands the connection back (rollback below) only after a ROLLBACK that worked; a lost
      // connection has already ended the transaction on the server, so its ROLLBACK counts as done.
      // (A failed COMMIT hands the connection back in postgresql-adapter.server.ts.)
      if (/^\s*ROLLBACK\b/i.test(query.sql) && isConnectionError(error)) return 0;
      return reported(error, isCommit(query.sql) ? "unknown" : "not-saved");
    }
  }
}

/** `factory`'s connections, with reads tried once more when their connection broke (ReadRetryingAdapter). */
export function retryingReadsOnce(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return wrappingConnections(factory, (connection) => new ReadRetryingAdapter(connection));
}

import path from "node:path";
import type { SqlDriverAdapter, SqlQuery, SqlResultSet } from "@prisma/driver-adapter-utils";
import { QueryCompiler as PostgresqlQueryCompiler } from "@prisma/client/runtime/query_compiler_bg.postgresql.mjs";
import { QueryCompiler as SqliteQueryCompiler } from "@prisma/client/runtime/query_compiler_bg.sqlite.mjs";
import { PrismaClient } from "~/generated/prisma/client";
import { PrismaClient as PostgresqlPrismaClient } from "~/generated/prisma-postgresql/client";
import { env } from "~/env.server";
import { reportingTransactionsNeverStarted, retryingReadsOnce } from "~/lib/database-failover.server";
import { cacheQueryPlans } from "~/lib/query-plan-cache.server";
import { endingTransactionsOnDispose, WrappingAdapter, wrappingConnections } from "~/lib/adapter-wrapping.server";
import { oneTransactionAtATimePostgresql } from "~/lib/postgresql-adapter.server";
import { numberedPlaceholders, runStepsOneByOne, type StatementSteps } from "~/lib/sql-steps";
import { type SqliteAdapterFactory, writerAndReaderSqlite } from "~/lib/sqlite-adapter.server";
import { notingStatements } from "~/lib/statements-sent.server";
import { startWalCheckpoints, type WalCheckpoints } from "~/lib/wal-checkpoints.server";
import { workersWriteTurns } from "~/lib/write-turns.server";

/** The database engines the app runs on (docs/decisions/0076). */
export type Engine = "sqlite" | "postgresql";

/** The engine DATABASE_URL names: `file:` is SQLite, `postgresql://` or `postgres://` PostgreSQL. */
export const engine: Engine = env.DATABASE_URL.startsWith("file:") ? "sqlite" : "postgresql";

/**
 * The one value of `choices` for the engine in use: the seam for the few things that must differ
 * (raw SQL, settings, backups). Models call this rather than testing `engine` themselves. Both values are
 * made before one is chosen: where making one costs something (a list turned into JSON, an array copied),
 * give functions and call the one chosen.
 */
export function byEngine<T>(choices: Record<Engine, T>): T {
  return choices[engine];
}

/**
 * How long a transaction waits for its turn (SQLite's busy timeout; PostgreSQL's lock_timeout), and on
 * PostgreSQL how long a statement waits for a connection, in ms.
 */
const TRANSACTION_WAIT_MS = 5000;

/** The driver adapter Prisma's client connected through, while it is connected (`KeptAdapter`). */
type Connection = { adapter: SqlDriverAdapter | null };

/** An adapter that leaves itself in `connection` while it is in use, so reads can be sent through it without the client. */
class KeptAdapter extends WrappingAdapter {
  readonly #connection: Connection;

  constructor(inner: SqlDriverAdapter, connection: Connection) {
    super(inner);
    this.#connection = connection;
    connection.adapter = this;
  }

  override dispose(): Promise<void> {
    if (this.#connection.adapter === this) this.#connection.adapter = null;
    return super.dispose();
  }
}

function createClient(): { client: PrismaClient; sqlite: SqliteAdapterFactory | null; connection: Connection } {
  const connection: Connection = { adapter: null };
  // Each shape of query is compiled once per process, not on every call (docs/decisions/0083).
  cacheQueryPlans(engine === "postgresql" ? PostgresqlQueryCompiler : SqliteQueryCompiler);
  if (engine === "postgresql") {
    // A failover drops every connection: reads are tried once more on a new one (docs/decisions/0082).
    // A transaction Prisma gives up as it disconnects is rolled back, not left holding a connection (0205).
    const adapter = wrappingConnections(
      endingTransactionsOnDispose(
        notingStatements(
          retryingReadsOnce(
            oneTransactionAtATimePostgresql({
              url: env.DATABASE_URL,
              connections: env.DATABASE_CONNECTIONS,
              lockTimeoutMs: TRANSACTION_WAIT_MS,
              connectWaitMs: TRANSACTION_WAIT_MS,
            }),
          ),
        ),
      ),
      (connected) => new KeptAdapter(connected, connection),
    );
    // Both clients are generated from one schema (scripts/lib/engines.mjs), so their APIs are the same;
    // the models see the SQLite client's types on either engine.
    // A transaction's turn takes round trips to a server, not microseconds in process as on SQLite, so one
    // may wait for its turn as long as SQLite's busy timeout rather than Prisma's default of 2 s.
    const client = new PostgresqlPrismaClient({ adapter, transactionOptions: { maxWait: TRANSACTION_WAIT_MS } }) as unknown as PrismaClient;
    return { client, sqlite: null, connection };
  }
  // A transaction waits for its turn behind the others of this process and of the other workers; it
  // may wait as long as for SQLite's write lock, as on PostgreSQL, not Prisma's default of 2 s.
  const sqlite = writerAndReaderSqlite({ url: env.DATABASE_URL, timeout: TRANSACTION_WAIT_MS, workersTurn: workersWriteTurns() });
  // A transaction Prisma gives up as it disconnects is rolled back, not left holding the workers' turn (0205).
  const client = new PrismaClient({ adapter: endingTransactionsOnDispose(notingStatements(sqlite)), transactionOptions: { maxWait: TRANSACTION_WAIT_MS } });
  return { client, sqlite, connection };
}

// One client per process; in development the module is re-evaluated, so keep it on globalThis.
const globalForPrisma = globalThis as unknown as { database?: { prisma: PrismaClient; sqlite: SqliteAdapterFactory | null; connection: Connection } };
const database =
  globalForPrisma.database ??
  (() => {
    const { client, sqlite, connection } = createClient();
    return { prisma: reportingTransactionsNeverStarted(client), sqlite, connection };
  })();
if (env.NODE_ENV !== "production") globalForPrisma.database = database;
export const prisma = database.prisma;

/**
 * Sends `query` (PostgreSQL's SQL, `$1` for each parameter, each typed by `argTypes`: a read, or a change with
 * RETURNING) outside any transaction through the driver adapter Prisma's client uses, with everything that
 * adapter does (NUL in text replaced, a read tried once more after a lost connection and DatabaseUnavailable
 * after that, statements noted), and resolves to its result set as the adapter gives it (rows of values,
 * bigint and numeric as text). Going past the client spares it turning every value into a typed one and every
 * row into an object, which a national reach page paid for in time and garbage (decision 0200). PostgreSQL
 * only. Errors: the adapter's (DriverAdapterError), or DatabaseUnavailable.
 */
export async function queryThroughAdapter(query: SqlQuery): Promise<SqlResultSet> {
  if (engine !== "postgresql") throw new Error("queryThroughAdapter is for PostgreSQL");
  if (!database.connection.adapter) await prisma.$connect();
  const adapter = database.connection.adapter;
  if (!adapter) throw new Error("Prisma connected without its driver adapter");
  return adapter.queryRaw(query);
}

/**
 * Runs a write transaction given as statements written for both engines (app/lib/sql-steps.ts) and
 * resolves to what the steps return. On SQLite it runs in one synchronous go once this process's and the
 * workers' turn comes, so the write lock is held only while SQLite works, not while other requests run
 * between its statements (docs/decisions/0101-answers-written-in-one-go.md); on PostgreSQL, whose
 * statements are round trips anyway, in a Prisma interactive transaction. Anything the steps throw rolls
 * the transaction back and rejects with it; DatabaseUnavailable when it could not begin.
 */
export async function writeInOneGo<T>(steps: () => StatementSteps<T>): Promise<T> {
  const { sqlite } = database;
  if (sqlite) {
    if (!sqlite.connected) await prisma.$connect();
    return sqlite.runSteps(steps());
  }
  return prisma.$transaction((tx) =>
    runStepsOneByOne(steps(), (statement) => tx.$queryRawUnsafe<Record<string, unknown>[]>(numberedPlaceholders(statement.sql), ...statement.values)),
  );
}

/** What a SQLite database must be running with; the server refuses to start otherwise. */
export const REQUIRED_DATABASE_SETTINGS = {
  journal_mode: "wal",
  /** 1 is NORMAL. */
  synchronous: 1,
  foreign_keys: 1,
  busy_timeout: TRANSACTION_WAIT_MS,
} as const;

/** The oldest PostgreSQL the app supports, as `server_version_num` gives it (15.0). */
export const MINIMUM_POSTGRESQL_VERSION = 150000;

/** What a PostgreSQL server must be running with, besides its version. */
const REQUIRED_POSTGRESQL_SETTINGS = {
  // Text is compared and stored as UTF-8, as SQLite does.
  server_encoding: "utf8",
  standard_conforming_strings: "on",
} as const;

/**
 * The settings in force, read back from the database itself. SQLite: the keys of
 * REQUIRED_DATABASE_SETTINGS. PostgreSQL: server_version_num (a number), server_version,
 * server_encoding, standard_conforming_strings, default_transaction_isolation, lock_timeout and jit (lower case).
 */
export type DatabaseSettings = Record<string, string | number>;

/** Reads the settings back from the database itself, so they show what is really in force. */
export async function readDatabaseSettings(): Promise<DatabaseSettings> {
  if (engine === "postgresql") {
    const show = async (name: string) => {
      const rows = await prisma.$queryRawUnsafe<{ value: string }[]>(`SELECT current_setting('${name}') AS value`);
      return String(rows[0]?.value ?? "").toLowerCase();
    };
    return {
      server_version_num: Number(await show("server_version_num")),
      server_version: await show("server_version"),
      server_encoding: await show("server_encoding"),
      standard_conforming_strings: await show("standard_conforming_strings"),
      default_transaction_isolation: await show("default_transaction_isolation"),
      lock_timeout: await show("lock_timeout"),
      jit: await show("jit"),
    };
  }
  const read = async (pragma: string) => {
    const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${pragma}`);
    const value = Object.values(rows[0] ?? {})[0];
    return typeof value === "string" ? value.toLowerCase() : Number(value);
  };
  return {
    journal_mode: await read("journal_mode"),
    synchronous: await read("synchronous"),
    foreign_keys: await read("foreign_keys"),
    // Older SQLite names the column "timeout"; either way it is the first one.
    busy_timeout: await read("busy_timeout"),
  };
}

/** The settings that differ from what the engine in use requires, described for a person; empty when all is well. */
export function databaseSettingProblems(settings: DatabaseSettings): string[] {
  const required: Record<string, string | number> = engine === "postgresql" ? REQUIRED_POSTGRESQL_SETTINGS : REQUIRED_DATABASE_SETTINGS;
  const problems = Object.entries(required)
    .filter(([name, wanted]) => settings[name] !== wanted)
    .map(([name, wanted]) => `${name} is ${settings[name]}, should be ${wanted}`);
  if (engine === "postgresql" && !(Number(settings.server_version_num) >= MINIMUM_POSTGRESQL_VERSION)) {
    problems.unshift(`PostgreSQL is version ${settings.server_version}, should be 15 or later`);
  }
  return problems;
}

/**
 * Settings every connection should have, then checked. SQLite: WAL lets readers and one writer work at
 * once; NORMAL sync is safe with WAL; foreign keys are off by default in SQLite. PostgreSQL has all of
 * this built in; its version and encoding are checked. A database that did not take a setting (say, a
 * SQLite file on a file system without WAL support) stops the server with a message saying which.
 */
export async function configureDatabase(): Promise<DatabaseSettings> {
  if (engine === "sqlite") {
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
    await prisma.$queryRawUnsafe(`PRAGMA busy_timeout = ${REQUIRED_DATABASE_SETTINGS.busy_timeout}`);
  }
  const settings = await readDatabaseSettings();
  const problems = databaseSettingProblems(settings);
  if (problems.length > 0) {
    throw new Error(`The database at ${describeDatabaseUrl()} is not set up safely: ${problems.join("; ")}. The server will not start.`);
  }
  return settings;
}

/** The SQLite file a `file:` DATABASE_URL names, as an absolute path (relative ones from the working directory). */
export function sqliteFilePath(url = env.DATABASE_URL) {
  return path.resolve(url.replace(/^file:/, ""));
}

const globalForCheckpoints = globalThis as unknown as { walCheckpoints?: WalCheckpoints };

/**
 * For the server, once the database is configured: SQLite's WAL checkpoints move from the commits of this
 * process's writer to a thread of their own (app/lib/wal-checkpoints.server.ts, decision 0128), started once
 * per process. Null on PostgreSQL, which has no such thing.
 */
export function moveWalCheckpointsOffRequests(): WalCheckpoints | null {
  if (engine !== "sqlite") return null;
  globalForCheckpoints.walCheckpoints ??= startWalCheckpoints(sqliteFilePath(), (pages) => prisma.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${pages}`));
  return globalForCheckpoints.walCheckpoints;
}

/** DATABASE_URL without its password, for logs and messages. */
export function describeDatabaseUrl(url = env.DATABASE_URL) {
  if (!/^postgres(ql)?:/.test(url)) return url;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "*****";
  return parsed.toString();
}

/** One line for the start-up log. */
export function describeDatabaseSettings(settings: DatabaseSettings) {
  if (engine === "postgresql") {
    return `PostgreSQL ${settings.server_version}, server_encoding=${settings.server_encoding}, default_transaction_isolation=${settings.default_transaction_isolation}, lock_timeout=${settings.lock_timeout}, jit=${settings.jit}, transactions one at a time (advisory lock)`;
  }
  return `journal_mode=${settings.journal_mode}, synchronous=${settings.synchronous === 1 ? "NORMAL" : settings.synchronous}, foreign_keys=${settings.foreign_keys === 1 ? "ON" : "OFF"}, busy_timeout=${settings.busy_timeout} ms`;
}

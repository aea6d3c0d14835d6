import { execFileSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PrismaClient as PostgresqlPrismaClient } from "~/generated/prisma-postgresql/client";
import { DatabaseUnavailable, isConnectionError, retryingReadsOnce } from "~/lib/database-failover.server";
import { oneTransactionAtATimePostgresql } from "~/lib/postgresql-adapter.server";
import { createDatabase, startCluster } from "../../scripts/lib/postgres.mjs";
import { migratePostgresql } from "../../scripts/lib/postgresql-migrations.mjs";
import { postgresqlTool } from "../../scripts/lib/backup-postgresql.mjs";

/**
 * A driver whose connection is lost at the statement `lostAt`: stands in for a network that fails at one
 * exact moment, which a real server cannot be made to do reliably (after a COMMIT was sent, say).
 */
function driverLosingConnectionAt(lostAt: RegExp): SqlDriverAdapterFactory {
  const lost = () => Object.assign(new Error("Connection terminated unexpectedly"), { code: "57P01" });
  const run = async (query: SqlQuery) => {
    if (lostAt.test(query.sql)) throw lost();
    return 1;
  };
  const transaction = {
    provider: "postgres",
    adapterName: "stand-in",
    options: { usePhantomQuery: false },
    queryRaw: async (query: SqlQuery) => ({ columnNames: [], columnTypes: [], rows: [], lastInsertId: String(await run(query)) }),
    executeRaw: run,
    commit: async () => {},
    rollback: async () => {},
  } as unknown as Transaction;
  const adapter = {
    provider: "postgres",
    adapterName: "stand-in",
    queryRaw: transaction.queryRaw,
    executeRaw: run,
    executeScript: async () => {},
    startTransaction: async () => transaction,
    dispose: async () => {},
  } as unknown as SqlDriverAdapter;
  return { provider: "postgres", adapterName: "stand-in", connect: async () => adapter } as SqlDriverAdapterFactory;
}

const outcomeOf = (attempt: Promise<unknown>) =>
  attempt.then(
    () => "answered",
    (error: unknown) => (error instanceof DatabaseUnavailable ? error.change : error),
  );

describe("what a person is told of a change when the connection is lost", () => {
  const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

  it("says not saved only while the transaction has not reached its COMMIT", async () => {
    const adapter = await retryingReadsOnce(driverLosingConnectionAt(/^INSERT/)).connect();
    const transaction = await adapter.startTransaction();
    expect(await outcomeOf(transaction.executeRaw(statement("INSERT INTO x VALUES (1)")))).toBe("not-saved");
  });

  it("says it cannot tell when the connection goes at the COMMIT, or during a write outside a transaction", async () => {
    const atCommit = await retryingReadsOnce(driverLosingConnectionAt(/^COMMIT/)).connect();
    const transaction = await atCommit.startTransaction();
    expect(await outcomeOf(transaction.executeRaw(statement("INSERT INTO x VALUES (1)")))).toBe("answered");
    expect(await outcomeOf(transaction.executeRaw(statement("COMMIT")))).toBe("unknown");
    const alone = await retryingReadsOnce(driverLosingConnectionAt(/^UPDATE/)).connect();
    expect(await outcomeOf(alone.executeRaw(statement("UPDATE x SET y = 1")))).toBe("unknown");
  });

  it("says nothing of a change when a read fails twice", async () => {
    const adapter = await retryingReadsOnce(driverLosingConnectionAt(/^SELECT/)).connect();
    expect(await outcomeOf(adapter.queryRaw(statement("SELECT 1")))).toBe("none");
  });
});

describe("telling a lost connection from a refused query", () => {
  it("knows PostgreSQL's shutdown and connection codes, lost sockets and Prisma's wrapped kinds", () => {
    expect(isConnectionError({ code: "57P01", message: "terminating connection due to administrator command" })).toBe(true);
    expect(isConnectionError({ name: "DriverAdapterError", cause: { kind: "postgres", code: "08006" } })).toBe(true);
    expect(isConnectionError({ cause: { kind: "ConnectionClosed" } })).toBe(true);
    expect(isConnectionError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionError(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe(true);
    expect(isConnectionError(new Error("timeout exceeded when trying to connect"))).toBe(true);
    for (const code of ["ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ETIMEDOUT"])
      expect(isConnectionError(Object.assign(new Error(`connect ${code}`), { code }))).toBe(true);
    expect(isConnectionError(new Error("Connection terminated due to connection timeout"))).toBe(true);
    expect(isConnectionError({ cause: { kind: "UniqueConstraintViolation" } })).toBe(false);
    expect(isConnectionError({ code: "23505", message: "duplicate key value" })).toBe(false);
    expect(isConnectionError(new Error("syntax error at or near"))).toBe(false);
  });
});

describe("a database that takes connections and never answers", () => {
  it("ends each statement's wait for a connection with a 503, telling a write it was not saved", async () => {
    // What a network that drops packets looks like from here: the connection opens, no reply ever comes.
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    const adapter = oneTransactionAtATimePostgresql({
      url: `postgresql://app:secret@127.0.0.1:${port}/app`,
      connections: 1,
      lockTimeoutMs: 5000,
      connectWaitMs: 300,
    });
    const prisma = new PostgresqlPrismaClient({ adapter: retryingReadsOnce(adapter) });
    const failureOf = (attempt: Promise<unknown>) =>
      attempt.then(
        () => undefined,
        (error: unknown) => error,
      );
    try {
      // A read whose wait ran out is not tried again (that would wait as long again): one attempt to connect.
      const read = await failureOf(prisma.locality.count());
      expect(read instanceof DatabaseUnavailable && read.change).toBe("none");
      expect(held).toHaveLength(1);
      // One connection at most: the first statement waits while it is being made, the others for it to be free.
      const failures = await Promise.all([
        failureOf(prisma.locality.findMany()),
        failureOf(prisma.locality.create({ data: { name: "Never sent", localAuthority: "Testshire" } })),
        failureOf(prisma.$executeRawUnsafe(`UPDATE "Locality" SET "name" = "name"`)),
      ]);
      expect(failures.map((failure) => failure instanceof DatabaseUnavailable && failure.status)).toEqual([503, 503, 503]);
      expect(failures.map((failure) => (failure as DatabaseUnavailable).change)).toEqual(["none", "not-saved", "not-saved"]);
      // One makes the connection and is told the database could not be reached; the two waiting behind it are told
      // no connection came free, not that the database was busy, which nothing here can tell.
      expect(failures.map((failure) => (failure as DatabaseUnavailable).message.split(/[:;]/)[0]).sort()).toEqual([
        "No connection to the database came free in time",
        "No connection to the database came free in time",
        "The database could not be reached",
      ]);
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
      await prisma.$disconnect().catch(() => undefined);
    }
  }, 30_000);
});

// A cluster of its own, since it is restarted and stopped; run with the PostgreSQL half of the suite.
describe.skipIf(inject("testEngine") !== "postgresql")("a PostgreSQL failover", () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let prisma: PostgresqlPrismaClient;
  let databaseUrl: string;

  /** pg_ctl on the test's own cluster, as the `postgres` user when the tests run as root. */
  const pgCtl = (...args: string[]) => {
    const command = [postgresqlTool("pg_ctl"), "-D", path.join(cluster.directory, "data"), "-w", ...args];
    if (process.getuid?.() === 0) execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", command.map((part) => `'${part}'`).join(" ")], { stdio: "ignore" });
    else execFileSync(command[0]!, command.slice(1), { stdio: "ignore" });
  };

  /** Starts the stopped cluster with the options it was first started with (scripts/lib/postgres.mjs). */
  const startAgain = () =>
    pgCtl("-o", `-p ${cluster.port} -k ${cluster.directory} -c listen_addresses=127.0.0.1 -c fsync=off`, "-l", path.join(cluster.directory, "log"), "start");

  beforeAll(async () => {
    cluster = await startCluster();
    databaseUrl = await createDatabase(cluster.url, "failover");
    await migratePostgresql(databaseUrl);
    // As app/db.server.ts builds it.
    prisma = new PostgresqlPrismaClient({
      adapter: retryingReadsOnce(oneTransactionAtATimePostgresql({ url: databaseUrl, connections: 2, lockTimeoutMs: 5000, connectWaitMs: 5000 })),
    });
  }, 60_000);

  afterAll(async () => {
    await prisma?.$disconnect().catch(() => undefined);
    cluster?.stop();
  });

  it("answers a read after the server restarts between two reads, on a new connection", async () => {
    await prisma.locality.create({ data: { name: "Failover town", localAuthority: "Testshire" } });
    expect(await prisma.locality.count()).toBe(1);
    // Without the retry, the same restart fails the next read: the restart really does cut connections.
    const plain = new PostgresqlPrismaClient({
      adapter: oneTransactionAtATimePostgresql({ url: databaseUrl, connections: 1, lockTimeoutMs: 5000, connectWaitMs: 5000 }),
    });
    expect(await plain.locality.count()).toBe(1);
    pgCtl("-m", "fast", "restart");
    await expect(plain.locality.count()).rejects.toThrow();
    await plain.$disconnect();
    // The pool's connection was closed by the restart: the read fails once, then is tried on a new one.
    expect(await prisma.locality.findMany({ select: { name: true } })).toEqual([{ name: "Failover town" }]);
  }, 60_000);

  it("reports a write cut off by the server stopping as not saved, and keeps none of it", async () => {
    const before = await prisma.locality.count();
    const attempt = prisma.$transaction(async (tx) => {
      await tx.locality.create({ data: { name: "Half a change", localAuthority: "Testshire" } });
      pgCtl("-m", "fast", "stop");
      await tx.locality.create({ data: { name: "The other half", localAuthority: "Testshire" } });
    });
    const failure = await attempt.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DatabaseUnavailable);
    expect((failure as DatabaseUnavailable).status).toBe(503);
    expect((failure as DatabaseUnavailable).notSaved).toBe(true);
    expect(await (failure as DatabaseUnavailable).json()).toEqual({ databaseUnavailable: true, notSaved: true, change: "not-saved" });
    expect((failure as DatabaseUnavailable).message).toMatch(/^The database could not be reached; the change was not saved: /);

    startAgain();
    expect(await prisma.locality.count()).toBe(before);
    expect(await prisma.locality.findMany({ where: { name: { in: ["Half a change", "The other half"] } } })).toEqual([]);
    // Its ROLLBACK failed too, on the lost connection, and counts as done: the transaction hands its turn on, so the
    // next one begins. Were it not, every later transaction of this server would wait for that turn for ever.
    await prisma.$transaction((tx) => tx.locality.create({ data: { name: "After the failover", localAuthority: "Testshire" } }));
    expect(await prisma.locality.count({ where: { name: "After the failover" } })).toBe(1);
  }, 60_000);

  it("says a read that cannot be answered even on a new connection changed nothing", async () => {
    pgCtl("-m", "fast", "stop");
    try {
      const failure = await prisma.locality.findMany().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(DatabaseUnavailable);
      expect((failure as DatabaseUnavailable).notSaved).toBe(false);
    } finally {
      startAgain();
    }
  }, 60_000);
});

import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PrismaClient as PostgresqlPrismaClient } from "~/generated/prisma-postgresql/client";
import { DatabaseUnavailable, isConnectionError, retryingReadsOnce } from "~/lib/database-failover.server";
import { oneTransactionAtATimePostgresql } from "~/lib/postgresql-adapter.server";
import { createDatabase, startCluster } from "../../scripts/lib/postgres.mjs";
import { migratePostgresql } from "../../scripts/lib/postgresql-migrations.mjs";
import { postgresqlTool } from "../../scripts/lib/backup-postgresql.mjs";

describe("telling a lost connection from a refused query", () => {
  it("knows PostgreSQL's shutdown and connection codes, lost sockets and Prisma's wrapped kinds", () => {
    expect(isConnectionError({ code: "57P01", message: "terminating connection due to administrator command" })).toBe(true);
    expect(isConnectionError({ name: "DriverAdapterError", cause: { kind: "postgres", code: "08006" } })).toBe(true);
    expect(isConnectionError({ cause: { kind: "ConnectionClosed" } })).toBe(true);
    expect(isConnectionError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionError(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe(true);
    expect(isConnectionError({ cause: { kind: "UniqueConstraintViolation" } })).toBe(false);
    expect(isConnectionError({ code: "23505", message: "duplicate key value" })).toBe(false);
    expect(isConnectionError(new Error("syntax error at or near"))).toBe(false);
  });
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
      adapter: retryingReadsOnce(oneTransactionAtATimePostgresql({ url: databaseUrl, connections: 2, lockTimeoutMs: 5000 })),
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
    const plain = new PostgresqlPrismaClient({ adapter: oneTransactionAtATimePostgresql({ url: databaseUrl, connections: 1, lockTimeoutMs: 5000 }) });
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
    expect(await (failure as DatabaseUnavailable).json()).toEqual({ databaseUnavailable: true, notSaved: true });

    startAgain();
    expect(await prisma.locality.count()).toBe(before);
    expect(await prisma.locality.findMany({ where: { name: { in: ["Half a change", "The other half"] } } })).toEqual([]);
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

import Database from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { configureDatabase, engine, prisma } from "~/db.server";
import { PrismaClient } from "~/generated/prisma/client";
import { DatabaseUnavailable } from "~/lib/database-failover.server";
import { writerAndReaderSqlite } from "~/lib/sqlite-adapter.server";

// Two server workers are two processes writing one SQLite file. A second better-sqlite3 connection in
// this process holds SQLite's write lock exactly as the other worker would.
const file = (process.env.DATABASE_URL ?? "").replace(/^file:/, "");

/** Another process that takes the write lock and keeps it until told to let go. */
function otherProcessWriting() {
  const other = new Database(file);
  other.pragma("busy_timeout = 0");
  other.prepare("BEGIN IMMEDIATE").run();
  other.prepare("INSERT INTO Setting (key, value) VALUES ('other', 'x')").run();
  return {
    commit: () => {
      other.prepare("COMMIT").run();
      other.close();
    },
    rollBack: () => {
      other.prepare("ROLLBACK").run();
      other.close();
    },
  };
}

/** Resolves after `ms` on a timer: only if this process's event loop is free to run it. */
const onATimer = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await configureDatabase();
});

afterEach(async () => {
  await prisma.setting.deleteMany();
});

describe.runIf(engine === "sqlite")("a write while another process holds SQLite's write lock", () => {
  it("waits for it without stopping this process: reads answer meanwhile, and the transaction then goes through", async () => {
    await prisma.setting.create({ data: { key: "before", value: "1" } });
    const other = otherProcessWriting();
    let saved = false;
    const transaction = prisma
      .$transaction(async (tx) => {
        await tx.setting.create({ data: { key: "mine", value: "saved" } });
      })
      .then(() => (saved = true));
    // A busy handler sleeping inside the call would hold the event loop: neither this read nor the timer
    // that lets the other process go would run until the transaction gave up, 5 s later.
    expect((await prisma.setting.findMany({ select: { key: true } })).map((row) => row.key)).toEqual(["before"]);
    await onATimer(50);
    expect(saved).toBe(false);
    other.commit();
    await transaction;
    expect((await prisma.setting.findMany({ orderBy: { key: "asc" } })).map((row) => row.key)).toEqual(["before", "mine", "other"]);
  });

  it("waits the same way for a single change outside a transaction", async () => {
    const other = otherProcessWriting();
    // Prisma runs a query only once it is awaited: `then` sends it now.
    let saved = false;
    const change = prisma.setting.create({ data: { key: "alone", value: "1" } }).then(() => (saved = true));
    expect(await prisma.setting.count()).toBe(0);
    await onATimer(50);
    expect(saved).toBe(false);
    other.rollBack();
    await change;
    expect((await prisma.setting.findMany({ select: { key: true } })).map((row) => row.key)).toEqual(["alone"]);
  });

  it("keeps a change that fails whole: nothing of it is left, and the connection writes again after", async () => {
    await prisma.setting.create({ data: { key: "taken", value: "1" } });
    await expect(prisma.setting.create({ data: { key: "taken", value: "2" } })).rejects.toThrow(/Unique constraint/);
    await prisma.setting.create({ data: { key: "next", value: "1" } });
    expect((await prisma.setting.findMany({ orderBy: { key: "asc" } })).map((row) => [row.key, row.value])).toEqual([
      ["next", "1"],
      ["taken", "1"],
    ]);
  });

  it("gives up after the busy timeout with a 503 that says the change was not saved, and leaves the settings as they were", async () => {
    const adapter = await writerAndReaderSqlite({ url: `file:${file}`, timeout: 300 }).connect();
    const other = otherProcessWriting();
    try {
      const started = Date.now();
      const failure = await adapter.startTransaction().then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(DatabaseUnavailable);
      expect((failure as DatabaseUnavailable).status).toBe(503);
      expect((failure as DatabaseUnavailable).change).toBe("not-saved");
      // The database answered, busy: its log line says so, not that it could not be reached.
      expect((failure as DatabaseUnavailable).message).toMatch(/^The database was too busy to give the change its turn in time; the change was not saved: /);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      const [timeout] = (await adapter.queryRaw({ sql: "PRAGMA busy_timeout", args: [], argTypes: [] })).rows;
      expect(Number(timeout?.[0])).toBe(300);
    } finally {
      other.rollBack();
      await adapter.dispose();
    }
  });

  it("reaches the page through Prisma as that 503, for a transaction and for a change on its own", async () => {
    const client = new PrismaClient({ adapter: writerAndReaderSqlite({ url: `file:${file}`, timeout: 200 }) });
    const other = otherProcessWriting();
    try {
      const inTransaction = await client.$transaction((tx) => tx.setting.create({ data: { key: "late", value: "1" } })).catch((error: unknown) => error);
      const alone = await client.setting.create({ data: { key: "late", value: "1" } }).catch((error: unknown) => error);
      for (const failure of [inTransaction, alone]) {
        expect(failure).toBeInstanceOf(DatabaseUnavailable);
        expect((failure as DatabaseUnavailable).notSaved).toBe(true);
      }
    } finally {
      other.rollBack();
      await client.$disconnect();
    }
    expect(await prisma.setting.count()).toBe(0);
  });
});

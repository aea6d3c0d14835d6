import Database from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { configureDatabase, engine, prisma } from "~/db.server";
import { oneTransactionAtATimePostgresql, TRANSACTION_LOCK_KEY } from "~/lib/postgresql-adapter.server";
import { DatabaseUnavailable } from "~/lib/database-failover.server";
import { createLock, writerAndReaderSqlite } from "~/lib/sqlite-adapter.server";
import { gate } from "./support/gate";

const file = (process.env.DATABASE_URL ?? "").replace(/^file:/, "");
// Work that takes a while inside a transaction, giving other requests a chance to cut in. Nothing
// waits for it to be long enough: a slower machine cannot turn these tests red.
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// WAL, as the server runs it: readers and a writer work side by side.
beforeAll(async () => {
  await configureDatabase();
});

afterEach(async () => {
  await prisma.setting.deleteMany();
});

describe("the shared database connection", () => {
  it("keeps a write made by another request while a transaction is open, when that transaction rolls back", async () => {
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const failing = prisma.$transaction(async (tx) => {
      await tx.setting.create({ data: { key: "inside", value: "undone" } });
      opened();
      await pause(50);
      throw new Error("changed its mind");
    });
    await isOpen;
    // Another request writing at this moment is told its row is saved...
    const other = prisma.setting.create({ data: { key: "outside", value: "kept" } }).then(() => "saved");
    await expect(failing).rejects.toThrow("changed its mind");
    expect(await other).toBe("saved");
    // ...so it must still be there once the first transaction has been undone.
    expect(await prisma.setting.findMany({ select: { key: true } })).toEqual([{ key: "outside" }]);
  });

  it("never shows another request the rows of a transaction that has not committed", async () => {
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const readDone = gate();
    const slow = prisma.$transaction(async (tx) => {
      await tx.setting.create({ data: { key: "draft", value: "1" } });
      opened();
      await readDone.opened;
      throw new Error("abandoned");
    });
    await isOpen;
    const seen = await prisma.setting.findUnique({ where: { key: "draft" } });
    readDone.open();
    await slow.catch(() => undefined);
    expect(seen).toBeNull();
  });

  it("answers a read from another request at once, without waiting for an open transaction to finish", async () => {
    await prisma.setting.create({ data: { key: "committed", value: "1" } });
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    let finished = false;
    // The transaction stays open until the read has answered: a read that waited for it would never answer.
    const readDone = gate();
    const slow = prisma.$transaction(async (tx) => {
      await tx.setting.create({ data: { key: "pending", value: "1" } });
      opened();
      await readDone.opened;
      finished = true;
    });
    await isOpen;
    const seen = await prisma.setting.findMany({ select: { key: true } });
    expect(finished).toBe(false);
    readDone.open();
    expect(seen).toEqual([{ key: "committed" }]);
    await slow;
    expect(await prisma.setting.count()).toBe(2);
  });

  it.runIf(engine === "sqlite")("holds the write lock from the start, so another process cannot write under a transaction that has only read", async () => {
    const otherProcess = new Database(file);
    otherProcess.pragma("busy_timeout = 0");
    try {
      await prisma.$transaction(async (tx) => {
        await tx.setting.count();
        // With a plain BEGIN this write would go through, and the transaction's own write below
        // would then fail with SQLITE_BUSY_SNAPSHOT, which no busy timeout can wait out.
        expect(() => otherProcess.prepare("INSERT INTO Setting (key, value) VALUES ('other', 'x')").run()).toThrow(/locked|busy/i);
        await tx.setting.create({ data: { key: "mine", value: "saved" } });
      });
      // Once it has committed, the other process writes as normal.
      otherProcess.prepare("INSERT INTO Setting (key, value) VALUES ('other', 'x')").run();
      expect((await prisma.setting.findMany({ orderBy: { key: "asc" } })).map((row) => row.key)).toEqual(["mine", "other"]);
    } finally {
      otherProcess.close();
    }
  });

  it.runIf(engine === "postgresql")("holds the turn from the start, so another app server's transaction waits until this one ends", async () => {
    const otherServer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await otherServer.connect();
    const otherTakesATurn = async () => {
      await otherServer.query("BEGIN");
      const { rows } = await otherServer.query(`SELECT pg_try_advisory_xact_lock(${TRANSACTION_LOCK_KEY}) AS "got"`);
      await otherServer.query("ROLLBACK");
      return rows[0].got as boolean;
    };
    try {
      await prisma.$transaction(async (tx) => {
        await tx.setting.count();
        expect(await otherTakesATurn()).toBe(false);
        await tx.setting.create({ data: { key: "mine", value: "saved" } });
      });
      expect(await otherTakesATurn()).toBe(true);
    } finally {
      await otherServer.end();
    }
  });

  it("runs transactions one after another, each seeing the last one's writes", async () => {
    await prisma.setting.create({ data: { key: "counter", value: "0" } });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        prisma.$transaction(async (tx) => {
          const { value } = await tx.setting.findUniqueOrThrow({ where: { key: "counter" } });
          await pause(1);
          await tx.setting.update({ where: { key: "counter" }, data: { value: String(Number(value) + 1) } });
        }),
      ),
    );
    expect((await prisma.setting.findUniqueOrThrow({ where: { key: "counter" } })).value).toBe("20");
  });

  it("answers statements asked for side by side in one transaction, one at a time, with no warning from the driver", async () => {
    const warnings: string[] = [];
    const noteWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", noteWarning);
    try {
      // Reading a school with several lists of related rows, Prisma asks for each list side by side.
      const school = await prisma.school.create({ data: { urn: "900001", name: "Side By Side Academy", localAuthority: "Leicester", type: "SECONDARY" } });
      const read = await prisma.$transaction((tx) =>
        tx.school.findUniqueOrThrow({
          where: { id: school.id },
          include: { users: true, invitations: true, bookings: true, waitlist: true, surveyRuns: true },
        }),
      );
      expect(read).toMatchObject({ name: "Side By Side Academy", users: [], invitations: [], bookings: [], waitlist: [], surveyRuns: [] });
      // Warnings are emitted on the next turn of the event loop.
      await pause(10);
    } finally {
      process.off("warning", noteWarning);
    }
    expect(warnings).toEqual([]);
  });
});

describe("disconnecting while a transaction waits for its turn", () => {
  /** Another app server (or process) taking the turn and keeping it until `release`. */
  async function turnTakenElsewhere(): Promise<{ release: () => Promise<void> }> {
    if (engine === "sqlite") {
      const otherProcess = new Database(file);
      otherProcess.exec("BEGIN IMMEDIATE");
      return {
        release: async () => {
          otherProcess.exec("COMMIT");
          otherProcess.close();
        },
      };
    }
    const otherServer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await otherServer.connect();
    await otherServer.query("BEGIN");
    await otherServer.query(`SELECT pg_advisory_xact_lock(${TRANSACTION_LOCK_KEY})`);
    return {
      release: async () => {
        await otherServer.query("COMMIT");
        await otherServer.end();
      },
    };
  }

  /** In this server, a transaction that has written a row and holds the turn until `release`. */
  async function turnTakenHere(): Promise<{ release: () => Promise<void> }> {
    const inside = gate();
    const held = gate();
    const open = prisma.$transaction(async (tx) => {
      await tx.setting.create({ data: { key: "open", value: "undone" } });
      inside.open();
      await held.opened;
      await tx.setting.create({ data: { key: "open-later", value: "undone" } });
    });
    const ended = open.catch(() => undefined);
    await inside.opened;
    return {
      release: async () => {
        held.open();
        await ended;
      },
    };
  }

  it.each([
    ["another server", turnTakenElsewhere],
    ["a transaction of this server", turnTakenHere],
  ])(
    "holding the turn: ends, says the waiting transaction was not saved, saves none of it, and connects again after (%s)",
    async (_, takeTurn) => {
      const holder = await takeTurn();
      let waitingOutcome: Promise<string>;
      try {
        const waiting = prisma.$transaction((tx) => tx.setting.create({ data: { key: "waiting", value: "saved" } }));
        waitingOutcome = waiting.then(
          () => "committed",
          // A transaction that never began is the 503 saying nothing was saved, never an unexplained error.
          (error: unknown) => (error instanceof DatabaseUnavailable && error.notSaved ? "not saved" : `failed otherwise: ${String(error)}`),
        );
        await pause(200);
        // Prisma gives the waiting transaction up. Before decision 0205, PostgreSQL's transaction got its turn
        // afterwards, nobody ended it, and the disconnect waited for its connection for ever.
        const disconnected = prisma.$disconnect().then(() => "disconnected");
        await pause(50);
        await holder.release();
        const timedOut = new Promise<string>((resolve) => setTimeout(() => resolve("still waiting after 20 s"), 20_000).unref());
        expect(await Promise.race([disconnected, timedOut])).toBe("disconnected");
      } catch (error) {
        await holder.release().catch(() => undefined);
        throw error;
      }
      expect(await waitingOutcome).toBe("not saved");
      // The client connected again for this read; nothing of either transaction was kept.
      expect(await prisma.setting.count()).toBe(0);
      await prisma.$transaction((tx) => tx.setting.create({ data: { key: "after", value: "saved" } }));
      expect(await prisma.setting.count({ where: { key: "after" } })).toBe(1);
    },
    30_000,
  );
});

describe("a transaction that has ended", () => {
  it("sends nothing more through the connection it handed back, and the next transaction begins", async () => {
    const url = process.env.DATABASE_URL ?? "";
    const factory =
      engine === "sqlite"
        ? writerAndReaderSqlite({ url, timeout: 5000 })
        : oneTransactionAtATimePostgresql({ url, connections: 2, lockTimeoutMs: 5000, connectWaitMs: 5000 });
    const adapter = await factory.connect();
    const statement = (sql: string) => ({ sql, args: [], argTypes: [] });
    try {
      const ended = await adapter.startTransaction();
      await ended.executeRaw(statement("COMMIT"));
      await ended.commit();
      // A ROLLBACK sent late (by one who thought it still open) would roll back whichever transaction has the connection now.
      const next = await adapter.startTransaction();
      await expect(ended.executeRaw(statement("ROLLBACK"))).rejects.toThrow(/has ended/);
      await expect(ended.queryRaw(statement("SELECT 1"))).rejects.toThrow(/has ended/);
      await next.executeRaw(statement("ROLLBACK"));
      await next.rollback();
    } finally {
      await adapter.dispose();
    }
  });
});

describe("the lock", () => {
  it("lets callers in one at a time, in the order they asked", async () => {
    const acquire = createLock();
    const order: string[] = [];
    const doors = { a: gate(), b: gate(), c: gate() };
    const worker = async (name: keyof typeof doors) => {
      const release = await acquire();
      order.push(`${name} in`);
      await doors[name].opened;
      order.push(`${name} out`);
      release();
      release(); // a second release changes nothing
    };
    const all = Promise.all([worker("a"), worker("b"), worker("c")]);
    // Every caller may finish its work at once (the last in line told first): only the lock keeps them apart.
    doors.c.open();
    doors.b.open();
    doors.a.open();
    await all;
    expect(order).toEqual(["a in", "a out", "b in", "b out", "c in", "c out"]);
  });
});

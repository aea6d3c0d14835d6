import Database from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { configureDatabase, prisma } from "~/db.server";
import { createLock } from "~/lib/sqlite-adapter.server";

const file = (process.env.DATABASE_URL ?? "").replace(/^file:/, "");
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
    const slow = prisma.$transaction(async (tx) => {
      await tx.setting.create({ data: { key: "draft", value: "1" } });
      opened();
      await pause(50);
      throw new Error("abandoned");
    });
    await isOpen;
    const seen = await prisma.setting.findUnique({ where: { key: "draft" } });
    await slow.catch(() => undefined);
    expect(seen).toBeNull();
  });

  it("answers a read from another request at once, without waiting for an open transaction to finish", async () => {
    await prisma.setting.create({ data: { key: "committed", value: "1" } });
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    let finished = false;
    const slow = prisma.$transaction(async (tx) => {
      await tx.setting.create({ data: { key: "pending", value: "1" } });
      opened();
      await pause(300);
      finished = true;
    });
    await isOpen;
    const seen = await prisma.setting.findMany({ select: { key: true } });
    expect(finished).toBe(false);
    expect(seen).toEqual([{ key: "committed" }]);
    await slow;
    expect(await prisma.setting.count()).toBe(2);
  });

  it("holds the write lock from the start, so another process cannot write under a transaction that has only read", async () => {
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
});

describe("the lock", () => {
  it("lets callers in one at a time, in the order they asked", async () => {
    const acquire = createLock();
    const order: string[] = [];
    const worker = async (name: string, ms: number) => {
      const release = await acquire();
      order.push(`${name} in`);
      await pause(ms);
      order.push(`${name} out`);
      release();
      release(); // a second release changes nothing
    };
    await Promise.all([worker("a", 20), worker("b", 1), worker("c", 5)]);
    expect(order).toEqual(["a in", "a out", "b in", "b out", "c in", "c out"]);
  });
});

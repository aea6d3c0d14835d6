import { afterEach, describe, expect, it } from "vitest";
import { engine, prisma } from "~/db.server";
import { DatabaseUnavailable } from "~/lib/database-failover.server";

afterEach(async () => {
  await prisma.setting.deleteMany();
});

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a transaction that does not get its turn in time", () => {
  it("is a 503 saying the change was not saved, and nothing of it is saved", async () => {
    const holding = prisma.$transaction(async (tx) => {
      await tx.setting.create({ data: { key: "first", value: "1" } });
      await after(600);
    });
    await after(50);
    const refused = await prisma
      .$transaction(async (tx) => tx.setting.create({ data: { key: "second", value: "2" } }), { maxWait: 100 })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    await holding;
    expect(refused).toBeInstanceOf(DatabaseUnavailable);
    expect((refused as DatabaseUnavailable).status).toBe(503);
    expect((refused as DatabaseUnavailable).change).toBe("not-saved");
    expect((refused as DatabaseUnavailable).message).toMatch(/^The database was too busy to give the change its turn in time; the change was not saved: /);
    expect((await prisma.setting.findMany()).map((row) => row.key)).toEqual(["first"]);
  });

  it("leaves other errors as they are", async () => {
    const failure = await prisma
      .$transaction(async () => {
        throw new Error("a rule refused it");
      })
      .catch((error: unknown) => error);
    expect(failure).toEqual(new Error("a rule refused it"));
  });
});

describe.runIf(engine === "sqlite")("a transaction whose ROLLBACK fails", () => {
  it("still hands the turn on, so the next transaction goes through", async () => {
    const failed = await prisma
      .$transaction(async (tx) => {
        await tx.setting.create({ data: { key: "undone", value: "1" } });
        // Ended underneath Prisma, as SQLite ends one itself after a full disk: Prisma's ROLLBACK then fails.
        await tx.$executeRawUnsafe("ROLLBACK");
        throw new Error("refused");
      })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    await prisma.$transaction(async (tx) => tx.setting.create({ data: { key: "next", value: "2" } }), { maxWait: 1000 });
    expect((await prisma.setting.findMany()).map((row) => row.key)).toEqual(["next"]);
  });
});

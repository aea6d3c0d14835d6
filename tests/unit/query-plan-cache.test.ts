import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { queryPlanCacheStats } from "~/lib/query-plan-cache.server";
import { createSchool, createUser } from "./factories";

// Every test here goes through the app's own Prisma client, so the cache sits where it does in the
// server. Each shape is asked for at least three times: once to be seen, once to be learnt, and then
// from the cache, each time with its own values.
const hitsDuring = async (work: () => Promise<void>) => {
  const before = queryPlanCacheStats.hits;
  await work();
  return queryPlanCacheStats.hits - before;
};

describe("the query plan cache", () => {
  it("serves a repeated query from one plan, with each call's own values", async () => {
    const schools = [await createSchool({ name: "Abbey Fields" }), await createSchool({ name: "Brook Lane" }), await createSchool({ name: "Cedar Park" })];
    const users = await Promise.all(schools.map((school) => createUser({ role: "TEACHER", schoolId: school.id })));
    const hits = await hitsDuring(async () => {
      for (const round of [0, 1]) {
        for (const [n, user] of users.entries()) {
          // A relation read in a second step uses the compiler's own placeholder for the parent's key.
          const found = await prisma.user.findFirst({ where: { email: user.email, active: true }, include: { school: true } });
          expect(found?.id, `round ${round}`).toBe(user.id);
          expect(found?.school?.name).toBe(schools[n]!.name);
        }
      }
    });
    expect(hits).toBeGreaterThanOrEqual(4);
  });

  it("writes each call's own data", async () => {
    const school = await createSchool();
    const hits = await hitsDuring(async () => {
      for (const n of [1, 2, 3, 4]) {
        await prisma.school.update({ where: { id: school.id }, data: { numberOnRoll: 100 * n, name: `Renamed ${n}` } });
        const stored = await prisma.school.findUniqueOrThrow({ where: { id: school.id } });
        expect([stored.numberOnRoll, stored.name]).toEqual([100 * n, `Renamed ${n}`]);
      }
    });
    expect(hits).toBeGreaterThanOrEqual(2);
  });

  it("serves a filter on a whole-number field from one plan", async () => {
    // Written into a filter, a whole number is typed as a 64-bit integer; as a placeholder, by its Int field.
    const school = await createSchool();
    await prisma.school.update({ where: { id: school.id }, data: { numberOnRoll: 500 } });
    const hits = await hitsDuring(async () => {
      for (const [atLeast, expected] of [
        [100, 1],
        [500, 1],
        [501, 0],
        [499, 1],
        [900, 0],
      ] as const) {
        const found = await prisma.school.findMany({ where: { id: school.id, numberOnRoll: { gte: atLeast } }, select: { id: true } });
        expect(found.length, `at least ${atLeast}`).toBe(expected);
      }
    });
    expect(hits).toBeGreaterThanOrEqual(3);
  });

  it("serves a raw query from one plan whatever its values, each call with its own", async () => {
    // The session check is one raw query with each browser's own token; a time differs on every call.
    const names = ["Elm Grove", "Fir Lane", "Gorse Hill", "Holly Bank"];
    const schools = await Promise.all(names.map((name) => createSchool({ name })));
    const hits = await hitsDuring(async () => {
      for (const [n, school] of schools.entries()) {
        const rows = await prisma.$queryRaw<{ name: string; later: number }[]>`
          SELECT "name", ${n} + 1 AS "later" FROM "School" WHERE "id" = ${school.id} AND "name" <> ${`not ${n}`}`;
        expect(rows.map((row) => [row.name, Number(row.later)])).toEqual([[names[n], n + 1]]);
      }
    });
    expect(hits).toBeGreaterThanOrEqual(2);
  });

  it("serves a raw query with BigInt and Date values from one plan, each call with its own", async () => {
    // The rate limits' upsert sends times as BigInt; a Date is sent tagged the same way.
    const names = ["Ash Court", "Birch Row", "Cherry Walk", "Damson Way"];
    const schools = await Promise.all(names.map((name) => createSchool({ name })));
    const hits = await hitsDuring(async () => {
      for (const [n, school] of schools.entries()) {
        const big = 2n ** 40n + BigInt(n);
        const when = new Date(Date.UTC(2026, 8, 1 + n, 12));
        const rows = await prisma.$queryRaw<{ name: string; big: bigint | number; later: bigint | number; day: string }[]>`
          SELECT "name", CAST(${big} AS BIGINT) AS "big", CAST(${big} AS BIGINT) + 1 AS "later", ${when} AS "day" FROM "School" WHERE "id" = ${school.id}`;
        expect(rows.map((row) => [row.name, BigInt(row.big), BigInt(row.later)])).toEqual([[names[n], big, big + 1n]]);
        expect(new Date(rows[0]!.day).toISOString()).toBe(when.toISOString());
      }
    });
    expect(hits).toBeGreaterThanOrEqual(2);
  });

  it("gives Prisma's own error for a BigInt or Date it refuses, even once their raw query's plan is kept", async () => {
    const school = await createSchool();
    const send = (big: bigint, when: Date) =>
      prisma.$queryRaw<{ big: bigint | number }[]>`
        SELECT CAST(${big} AS BIGINT) AS "big", ${when} AS "day" FROM "School" WHERE "id" = ${school.id}`;
    for (let n = 0; n < 4; n++) expect(await send(BigInt(n), new Date(Date.UTC(1969, 11, 31, 23, 59, 59, 999)))).toHaveLength(1);
    // Beyond 64 bits, and after the year 9999: refused by Prisma's compiler, never sent to the database.
    await expect(send(2n ** 64n + 7n, new Date(Date.UTC(2026, 0, 1)))).rejects.toThrow(/Could not convert/);
    await expect(send(7n, new Date(Date.UTC(10000, 0, 1)))).rejects.toThrow(/Could not convert/);
    expect(await send(-(2n ** 63n), new Date(Date.UTC(2026, 0, 1)))).toHaveLength(1);
  });

  it("keeps dates, lists and missing values apart", async () => {
    const school = await createSchool();
    const early = await createUser({ role: "TEACHER", schoolId: school.id });
    await prisma.user.update({ where: { id: early.id }, data: { createdAt: new Date("2020-01-01T00:00:00Z") } });
    const late = await createUser({ role: "TEACHER", schoolId: school.id });
    const ids = [early.id, late.id];
    for (let round = 0; round < 3; round++) {
      const since2021 = await prisma.user.findMany({ where: { id: { in: ids }, createdAt: { gte: new Date("2021-01-01T00:00:00Z") } } });
      expect(since2021.map((u) => u.id)).toEqual([late.id]);
      const since2019 = await prisma.user.findMany({
        where: { id: { in: ids }, createdAt: { gte: new Date("2019-01-01T00:00:00Z") } },
        orderBy: { createdAt: "asc" },
      });
      expect(since2019.map((u) => u.id)).toEqual([early.id, late.id]);
      const onlyOne = await prisma.user.findMany({ where: { id: { in: [late.id] } } });
      expect(onlyOne.map((u) => u.id)).toEqual([late.id]);
      // No school and a school are different queries (IS NULL against =), never one plan.
      const noSchool = await prisma.user.findMany({ where: { id: { in: ids }, schoolId: null } });
      expect(noSchool).toEqual([]);
      const atSchool = await prisma.user.findMany({ where: { id: { in: ids }, schoolId: school.id } });
      expect(atSchool).toHaveLength(2);
    }
  });

  it("never turns a text pattern into a parameter", async () => {
    const a = await createSchool({ name: "Quillfeather Academy" });
    const b = await createSchool({ name: "Marrowstone College" });
    for (let round = 0; round < 3; round++) {
      const quill = await prisma.school.findMany({ where: { id: { in: [a.id, b.id] }, name: { contains: "feather" } } });
      expect(quill.map((s) => s.id)).toEqual([a.id]);
      const marrow = await prisma.school.findMany({ where: { id: { in: [a.id, b.id] }, name: { startsWith: "Marrow" } } });
      expect(marrow.map((s) => s.id)).toEqual([b.id]);
    }
  });

  it("gives Prisma's own error for a value of the wrong kind, even for a shape it has cached", async () => {
    const school = await createSchool();
    for (let round = 0; round < 3; round++) await prisma.school.findMany({ where: { id: school.id, numberOnRoll: 900 + round } });
    for (let round = 0; round < 3; round++) await prisma.user.findMany({ where: { schoolId: school.id, role: "TEACHER" } });
    const hits = queryPlanCacheStats.hits;
    // Each of these is refused by Prisma's own checks when compiled as written; served from the cached
    // plan it would reach the database instead and find nothing.
    const refused = Prisma.PrismaClientValidationError;
    await expect(prisma.school.findMany({ where: { id: school.id, numberOnRoll: "900" as unknown as number } })).rejects.toBeInstanceOf(refused);
    await expect(prisma.school.findMany({ where: { id: 42 as unknown as string, numberOnRoll: 900 } })).rejects.toBeInstanceOf(refused);
    await expect(prisma.user.findMany({ where: { schoolId: school.id, role: "HEADTEACHER" as "TEACHER" } })).rejects.toBeInstanceOf(refused);
    expect(queryPlanCacheStats.hits).toBe(hits);
  });

  it("checks an enum value against its own field's enum, in filters and in data", async () => {
    const school = await createSchool();
    const user = await createUser({ role: "TEACHER", schoolId: school.id });
    for (const role of ["TEACHER", "MVP_LEAD", "TEACHER", "MVP_LEAD"] as const) {
      await prisma.user.findMany({ where: { schoolId: school.id, role } });
      await prisma.user.update({ where: { id: user.id }, data: { role } });
    }
    const refused = Prisma.PrismaClientValidationError;
    // Values of other enums in the schema (a booking's status, a school's), never a user's role.
    await expect(prisma.user.findMany({ where: { schoolId: school.id, role: "CANCELLED" as "TEACHER" } })).rejects.toBeInstanceOf(refused);
    await expect(prisma.user.update({ where: { id: user.id }, data: { role: "OPEN" as "TEACHER" } })).rejects.toBeInstanceOf(refused);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("MVP_LEAD");
  });

  it("keeps no plan for a query with a long list of values", async () => {
    const school = await createSchool();
    const ids = Array.from({ length: 400 }, (_, n) => `no-such-user-${n}`);
    const cached = queryPlanCacheStats.cached;
    for (let round = 0; round < 3; round++) {
      expect(await prisma.user.findMany({ where: { id: { in: [...ids, `round-${round}`] }, schoolId: school.id } })).toEqual([]);
    }
    expect(queryPlanCacheStats.cached).toBe(cached);
  });

  // The compiler writes a whole number given as written to an integer field as a 64-bit integer, and the
  // same number as a parameter as a 32-bit one: both bind the same integer. Such writes (a run's count of
  // answers, the answers themselves) were compiled afresh every time.
  it("keeps the plan of a write of whole numbers: a count added to, and many rows at once", async () => {
    const school = await createSchool({ numberOnRoll: 10 });
    const limiter = `plan-cache-${school.id}`;
    const hits = await hitsDuring(async () => {
      for (const n of [1, 2, 3, 4]) {
        const counted = await prisma.school.update({ where: { id: school.id }, data: { numberOnRoll: { increment: n } }, select: { numberOnRoll: true } });
        expect(counted.numberOnRoll).toBe(10 + (n * (n + 1)) / 2);
        await prisma.rateLimitCounter.createMany({
          data: [
            { limiter, key: `a${n}`, windowEndsAt: BigInt(1000 * n), hits: n },
            { limiter, key: `b${n}`, windowEndsAt: BigInt(2000 * n), hits: 2 * n },
          ],
        });
      }
    });
    expect(hits).toBeGreaterThanOrEqual(4);
    const rows = await prisma.rateLimitCounter.findMany({ where: { limiter }, orderBy: { key: "asc" } });
    expect(rows.map((row) => [row.key, row.hits, Number(row.windowEndsAt)])).toEqual([
      ["a1", 1, 1000],
      ["a2", 2, 2000],
      ["a3", 3, 3000],
      ["a4", 4, 4000],
      ["b1", 2, 2000],
      ["b2", 4, 4000],
      ["b3", 6, 6000],
      ["b4", 8, 8000],
    ]);
    expect((await prisma.school.findUniqueOrThrow({ where: { id: school.id } })).numberOnRoll).toBe(20);
  });
});

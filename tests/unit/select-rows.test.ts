/**
 * `selectRows` on PostgreSQL sends its statement through the driver adapter, past Prisma's client (decision
 * 0200): every value must come back as it came through the client, counts and sums as plain numbers.
 */
import { describe, expect, it } from "vitest";
import { engine, prisma } from "~/db.server";
import { numberedPlaceholders } from "~/lib/sql-steps";
import { statementsSentBy } from "~/lib/statements-sent.server";
import { selectRows } from "~/models/raw-sql.server";
import { instantText, instantTextSql } from "~/models/reach-queries.server";
import { locality, school } from "./reach-factories";

/** What the client gave: its rows, with bigint and Decimal as plain numbers, as selectRows gave them before. */
async function throughClient(sql: string, ...params: unknown[]) {
  const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(numberedPlaceholders(sql), ...params);
  const plain = (value: unknown) =>
    typeof value === "bigint"
      ? Number(value)
      : value !== null && typeof value === "object" && "toNumber" in value
        ? (value as { toNumber(): number }).toNumber()
        : value;
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Array.isArray(value) ? value.map(plain) : plain(value)])));
}

describe.runIf(engine === "postgresql")("selectRows on PostgreSQL", () => {
  it("gives every kind of value as Prisma's client gave it, with counts and sums as numbers", async () => {
    const sql = `SELECT CAST(? AS timestamp(3)) AS "at", CAST(? AS text) AS "text", CAST(? AS integer) AS "whole",
        CAST(? AS double precision) AS "fraction", COUNT(*) AS "count", SUM(CAST(? AS bigint)) AS "sum", AVG(CAST(3 AS integer)) AS "mean",
        CAST(? AS boolean) AS "yes", CAST(NULL AS text) AS "nothing", CAST('2025-01-02' AS date) AS "day",
        CAST(? AS text[]) AS "names", ARRAY[CAST(1 AS bigint), NULL] AS "counts", CAST('{"x":[1]}' AS jsonb) AS "json",
        CAST(? AS text) AS "nul"
      FROM (SELECT 1 UNION ALL SELECT 2) t`;
    const params = [new Date("2025-03-04T05:06:07.089Z"), "Ash Grove", 41, 0.25, 9_000_000_000n, true, ["a", null, "c"], "a\u0000b"];
    const rows = await selectRows(sql, ...params);
    expect(rows).toEqual(await throughClient(sql, ...params));
    expect(rows).toEqual([
      {
        at: new Date("2025-03-04T05:06:07.089Z"),
        text: "Ash Grove",
        whole: 41,
        fraction: 0.25,
        count: 2,
        sum: 18_000_000_000,
        mean: 3,
        yes: true,
        nothing: null,
        day: new Date("2025-01-02T00:00:00Z"),
        names: ["a", null, "c"],
        counts: [1, null],
        json: { x: [1] },
        nul: "a\uFFFDb",
      },
    ]);
  });

  it("reads rows of the app's tables, each as the client reads it", async () => {
    const sql = `SELECT s."id" AS "id", s."name" AS "name", s."numberOnRoll" AS "roll", s."openedOn" AS "opened", s."createdAt" AS "created",
        (SELECT COUNT(*) FROM "Booking" b WHERE b."schoolId" = s."id") AS "bookings"
      FROM "School" s WHERE s."id" = ANY(CAST(? AS text[])) ORDER BY s."name"`;
    const area = await locality("Select rows");
    const ids = [(await school(area.id, 900, { openedOn: new Date("2019-09-01T00:00:00Z") })).id, (await school(null, 0)).id];
    const rows = await selectRows(sql, ids);
    expect(rows.length).toBe(ids.length);
    expect(rows).toEqual(await throughClient(sql, ids));
  });

  it("writes an instant out as SQLite's text of it, to the millisecond, so reach compares either engine's the same way", async () => {
    const instants = [
      "2025-03-30T00:59:59.999Z",
      "2025-03-30T01:00:00.000Z",
      "2025-10-26T01:00:00.050Z",
      "2026-01-05T09:00:00.005Z",
      "2026-07-01T23:30:00.500Z",
    ];
    for (const at of instants.map((text) => new Date(text))) {
      const [row] = await selectRows<{ text: string }>(`SELECT ${instantTextSql("CAST(? AS timestamp(3))")} AS "text"`, at);
      expect(row!.text).toBe(instantText(at));
    }
  });

  it("reads again after the client has disconnected, through the adapter it connects next, each statement noted", async () => {
    await prisma.$disconnect();
    const { result, statements } = await statementsSentBy(() => selectRows<{ one: number }>(`SELECT 1 AS "one"`));
    expect(result).toEqual([{ one: 1 }]);
    expect(statements).toEqual([`SELECT 1 AS "one"`]);
    // Disconnected again, a read through the adapter and one through the client, side by side, share one connect.
    await prisma.$disconnect();
    const [rows, count] = await Promise.all([selectRows<{ two: number }>(`SELECT 2 AS "two"`), prisma.setting.count()]);
    expect(rows).toEqual([{ two: 2 }]);
    expect(typeof count).toBe("number");
  });

  it("takes a change with RETURNING, and gives its rows", async () => {
    const key = `select-rows-test-${Date.now()}`;
    const [row] = await selectRows<{ key: string; value: string }>(`INSERT INTO "Setting" ("key", "value") VALUES (?, ?) RETURNING "key", "value"`, key, "1");
    expect(row).toEqual({ key, value: "1" });
    expect(await prisma.setting.findUnique({ where: { key } })).toMatchObject({ value: "1" });
    await prisma.setting.delete({ where: { key } });
  });
});

/**
 * A reach page's reads shared on PostgreSQL (decision 0199): while one page function runs, a statement sent
 * again with the same parameters is answered with the rows of the first, and nothing else is. SQLite keeps
 * its own results (reach-db.server.ts), so these run on PostgreSQL only.
 */
import { describe, expect, it } from "vitest";
import { engine } from "~/db.server";
import { statementsSentBy } from "~/lib/statements-sent.server";
import { reachRows, readingOnceEach } from "~/models/reach-queries.server";

/** The moment PostgreSQL answers, to the microsecond: a statement sent again answers with another. */
const CLOCK = { sql: `SELECT CAST(clock_timestamp() AS text) AS "at"`, params: [] };
const clockRead = async () => (await reachRows<{ at: string }>(CLOCK))[0]!.at;

describe.runIf(engine === "postgresql")("a reach page's reads on PostgreSQL", () => {
  it("sends a statement once within a page, its rows shared, and again for the next page", async () => {
    const page = readingOnceEach(async () => Promise.all([clockRead(), clockRead(), readingOnceEach(clockRead)()]));
    const { result: first, statements } = await statementsSentBy(page);
    expect(statements).toHaveLength(1);
    expect(new Set(first).size).toBe(1);
    const [next] = await page();
    expect(next).not.toBe(first[0]);
  });

  it("reads afresh outside a page", async () => {
    expect(await clockRead()).not.toBe(await clockRead());
  });

  it("does not share rows between parameters the driver sends differently", async () => {
    const sql = `SELECT CAST(? AS text) AS "value"`;
    const values: unknown[] = [new Date(0), "1970-01-01T00:00:00.000Z", null, 1, "1", 41n];
    const one = async (value: unknown) => (await reachRows<{ value: string | null }>({ sql, params: [value] }))[0]!.value;
    const alone = [];
    for (const value of values) alone.push(await one(value));
    const together = await readingOnceEach(async () => {
      const read = [];
      for (const value of values) read.push(await one(value));
      return read;
    })();
    expect(together).toEqual(alone);
    // The instant and its ISO text are sent differently, and answered differently.
    expect(alone[0]).not.toBe(alone[1]);
  });

  it("gives work a page left running after it returned rows read afresh", async () => {
    let later: Promise<string> | undefined;
    const first = await readingOnceEach(async () => {
      const at = await clockRead();
      later = new Promise<string>((resolve, reject) => setTimeout(() => clockRead().then(resolve, reject), 20));
      return at;
    })();
    expect(await later).not.toBe(first);
  });

  it("lets a page that failed fail, and the next read again", async () => {
    const failing = readingOnceEach(async () => {
      await clockRead();
      await reachRows({ sql: `SELECT CAST('not a number' AS integer) AS "n"`, params: [] });
    });
    await expect(failing()).rejects.toThrow();
    await expect(readingOnceEach(clockRead)()).resolves.toMatch(/^\d{4}-/);
  });
});

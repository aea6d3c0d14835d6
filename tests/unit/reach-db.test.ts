/**
 * Reach's read-only SQLite reads (app/models/reach-db.server.ts, decision 0125): a statement that took
 * 2 ms or more last time runs on a query thread, leaving the main thread free; each answer goes to the
 * statement that asked for it; a statement asked for twice at once is read once; SQLite's errors come back
 * as they are; and a result is never kept past a change to the data. SQLite only: PostgreSQL reads through
 * its own pool.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { prisma } from "~/db.server";
import { statementsSentBy } from "~/lib/statements-sent.server";
import { readRows } from "~/models/reach-db.server";

const onSqlite = inject("testEngine") !== "postgresql";

/** A statement that takes some 10 to 30 ms (it counts to 200,000), giving back its parameters; malformed JSON as `size` is an error. */
const SLOW = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
  SELECT ? AS "value", COUNT(*) AS "rows", json(?) AS "size" FROM n`;

type Slow = { value: number; rows: number; size: string };

/** Reads `sql` with `params`, and whether the main thread took another turn of its event loop before the rows came. */
async function readWatched<T>(sql: string, params: unknown[]): Promise<{ rows: T[]; mainThreadFree: boolean }> {
  let turned = false;
  const turn = setImmediate(() => (turned = true));
  try {
    const rows = await readRows<T>(sql, params);
    return { rows, mainThreadFree: turned };
  } finally {
    clearImmediate(turn);
  }
}

/** Reads SLOW with `value` (`readWatched`). */
const readSlow = (value: number, size = String(value)) => readWatched<Slow>(SLOW, [value, size]);

describe.runIf(onSqlite)("reach's reads", () => {
  it("run a slow statement on a thread once its cost is known, and a quick one on the main thread", async () => {
    // Its first read runs on the main thread, and is timed.
    expect(await readSlow(-1)).toEqual({ rows: [{ value: -1, rows: 200_000, size: "-1" }], mainThreadFree: false });
    expect(await readSlow(-2)).toEqual({ rows: [{ value: -2, rows: 200_000, size: "-2" }], mainThreadFree: true });
    let turned = false;
    setImmediate(() => (turned = true));
    expect(await readRows(`SELECT 1 AS "one"`, [])).toEqual([{ one: 1 }]);
    expect(turned).toBe(false);
  });

  it("keep a statement on a thread after one quick read of it, and bring it back after a few", async () => {
    // Counting to its first parameter: 200,000 takes some 10 to 30 ms, 1 a few microseconds.
    const counting = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) SELECT ? AS "value", COUNT(*) AS "rows" FROM n`;
    const read = async (upTo: number, value: number) => {
      const { rows, mainThreadFree } = await readWatched(counting, [upTo, value]);
      expect(rows).toEqual([{ value, rows: upTo }]);
      return mainThreadFree;
    };
    expect(await read(200_000, 1)).toBe(false); // not yet known: read here, and timed
    // Known to be slow, so sent to a thread, where it is quick. Where it ran is not asserted: a thread can
    // answer a quick read before the main thread's next turn.
    await read(1, 2);
    expect(await read(200_000, 3)).toBe(true); // one quick read leaves the slow one on a thread
    // Quick read after quick read, it comes back to the main thread.
    const quick = [];
    for (let value = 4; value < 20; value++) quick.push(await read(1, value));
    expect(quick.at(-1)).toBe(false);
  });

  it("keep apart the rows of parameters that differ only in their type, and read a bigint parameter", async () => {
    const typed = `SELECT typeof(?) AS "type", CAST(? AS text) AS "text"`;
    const read = (value: unknown) => readRows<{ type: string; text: string }>(typed, [value, value]);
    expect(await read(41n)).toEqual([{ type: "integer", text: "41" }]);
    expect(await read(1)).toEqual([{ type: "real", text: "1.0" }]); // better-sqlite3 binds a number as a real
    expect(await read(1n)).toEqual([{ type: "integer", text: "1" }]);
    expect(await read("1")).toEqual([{ type: "text", text: "1" }]);
    expect(await read(null)).toEqual([{ type: "null", text: null }]);
  });

  it("give each of many statements asked for at once its own rows", async () => {
    await readSlow(-3);
    const asked = Array.from({ length: 8 }, (_, i) => i);
    const answers = await Promise.all(asked.map((i) => readSlow(i)));
    expect(answers.map((a) => a.rows)).toEqual(asked.map((i) => [{ value: i, rows: 200_000, size: String(i) }]));
    expect(answers.every((a) => a.mainThreadFree)).toBe(true);
  });

  it("read a statement asked for twice at once only once", async () => {
    // A change first, so that nothing kept can answer.
    await prisma.locality.create({ data: { name: `Shared read ${Math.random()}`, localAuthority: "Leicester" } });
    const sql = `SELECT COUNT(*) AS "localities" FROM "Locality" l WHERE l."localAuthority" = ?`;
    const { result, statements } = await statementsSentBy(() => Promise.all([readRows(sql, ["Leicester"]), readRows(sql, ["Leicester"])]));
    expect(statements.filter((s) => s === sql)).toHaveLength(1);
    expect(result[0]).toEqual(result[1]);
  });

  it("give SQLite's own error for a statement it refuses, on a thread or not", async () => {
    await expect(readRows(`SELECT * FROM "NoSuchTable"`, [])).rejects.toThrow(/no such table: NoSuchTable/);
    await readSlow(-4);
    await expect(readSlow(5, "{")).rejects.toMatchObject({ message: "malformed JSON", code: "SQLITE_ERROR" });
    // The thread that refused it goes on answering.
    expect((await readSlow(6)).rows).toEqual([{ value: 6, rows: 200_000, size: "6" }]);
  });

  it("read a statement whose rows outgrow a thread here instead, and keep their threads", async () => {
    // Some 600,000 rows: more than a thread's heap holds (decision 0125), not more than this one's.
    const huge = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600000)
      SELECT n.i AS "i", ? || '-school-' || n.i AS "schoolId", 'autumn' AS "term", 'topic-' || (n.i % 9) AS "topicId" FROM n`;
    const sizes = [];
    for (const label of ["first", "second", "third"]) sizes.push((await readRows(huge, [label])).length);
    expect(sizes).toEqual([600_000, 600_000, 600_000]);
    // Slow statements still go to a thread.
    await readSlow(-5);
    expect(await readSlow(7)).toEqual({ rows: [{ value: 7, rows: 200_000, size: "7" }], mainThreadFree: true });
  }, 60_000);

  it("let a script that read them end: an idle thread holds no process open", async () => {
    // Twice, so the second read goes to a thread; then nothing is left to do, and the process must end by itself.
    const script = `const { readRows } = await import("./app/models/reach-db.server.ts");
      const slow = ${JSON.stringify(SLOW)};
      await readRows(slow, [1, "1"]);
      await readRows(slow, [2, "2"]);
      console.log("read");`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { timeout: 30_000 });
    expect(stdout.trim()).toBe("read");
  });

  it("never keep a result read while the data changed", async () => {
    const sql = `SELECT COUNT(*) AS "localities" FROM "Locality" l WHERE l."localAuthority" = ?`;
    const place = `Changed ${Math.random()}`;
    const reading = readRows<{ localities: number }>(sql, [place]);
    await prisma.locality.create({ data: { name: "Changed while read", localAuthority: place } });
    // Another read sees the change before the first one's answer is kept.
    await readRows(`SELECT 2 AS "two"`, []);
    await reading;
    expect(await readRows<{ localities: number }>(sql, [place])).toEqual([{ localities: 1 }]);
  });
});

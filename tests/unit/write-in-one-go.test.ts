import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { engine, prisma, writeInOneGo } from "~/db.server";
import { env } from "~/env.server";
import { DatabaseUnavailable } from "~/lib/database-failover.server";
import { londonDay } from "~/lib/london-time";
import { statement, type StatementSteps } from "~/lib/sql-steps";
import { statementsSentBy } from "~/lib/statements-sent.server";
import { newBrowserToken, submitResponse } from "~/models/survey-responses.server";
import { openRun } from "~/models/survey-runs.server";
import { createSurveyTemplate, schoolWithBooking } from "./survey-factories";

afterEach(async () => {
  await prisma.setting.deleteMany();
});

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function* saveSetting(key: string, value: string): StatementSteps<number> {
  yield statement(`INSERT INTO "Setting" ("key", "value") VALUES (?, ?)`, key, value);
  const [row] = yield statement(`SELECT COUNT(*) AS "saved" FROM "Setting" WHERE "key" = ?`, key);
  return Number(row?.saved);
}

async function openedRun() {
  const setup = await schoolWithBooking();
  const template = await createSurveyTemplate("BEFORE");
  const opened = await openRun(setup.teacher, { bookingId: setup.booking.id }, { templateId: template.id, sharedDevices: false });
  if (!opened.ok) throw new Error(opened.message);
  return { runId: opened.id, template };
}

describe("a write given as statements", () => {
  it("commits them together and returns what the steps return", async () => {
    expect(await writeInOneGo(() => saveSetting("one-go", "1"))).toBe(1);
    expect(await prisma.setting.findUnique({ where: { key: "one-go" } })).toMatchObject({ value: "1" });
  });

  it("saves nothing when the steps throw part way, or a statement fails, and the next write still gets its turn", async () => {
    const refused = await writeInOneGo(function* () {
      yield* saveSetting("undone", "1");
      throw new Error("a rule refused it");
    }).catch((error: unknown) => error);
    expect(refused).toEqual(new Error("a rule refused it"));
    const failed = await writeInOneGo(function* () {
      yield* saveSetting("undone too", "1");
      yield statement(`INSERT INTO "Setting" ("key", "value") VALUES (?, ?)`, "undone too", "again");
    }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    expect(await prisma.setting.count()).toBe(0);
    await prisma.$transaction((tx) => tx.setting.create({ data: { key: "next", value: "2" } }), { maxWait: 1000 });
    expect((await prisma.setting.findMany()).map((row) => row.key)).toEqual(["next"]);
  });

  it("waits for its turn behind a transaction of this process no longer than a Prisma transaction would, and saves nothing then", async () => {
    const holding = prisma.$transaction(
      async (tx) => {
        await tx.setting.create({ data: { key: "holding", value: "1" } });
        await after(5_600);
      },
      { timeout: 10_000 },
    );
    await after(50);
    const refused = await writeInOneGo(() => saveSetting("too late", "1")).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DatabaseUnavailable);
    expect((refused as DatabaseUnavailable).change).toBe("not-saved");
    await holding;
    expect(await writeInOneGo(() => saveSetting("next", "1"))).toBe(1);
    expect((await prisma.setting.findMany({ orderBy: { key: "asc" } })).map((row) => row.key)).toEqual(["holding", "next"]);
  }, 15_000);

  it("tells a pupil whose survey was deleted as they answered that it is closed, and saves nothing", async () => {
    const { runId, template } = await openedRun();
    await prisma.surveyRun.delete({ where: { id: runId } });
    expect(await submitResponse(runId, newBrowserToken(), [{ questionId: template.questions[0]!.id, value: 4, text: null }])).toMatchObject({
      ok: false,
      reason: "closed",
    });
    expect(await prisma.surveyResponse.count({ where: { runId } })).toBe(0);
  });

  it("stores a date as Prisma does, so Prisma finds it by that date", async () => {
    const { runId, template } = await openedRun();
    const now = new Date("2026-11-21T23:30:00Z");
    const answered = await submitResponse(runId, newBrowserToken(), [{ questionId: template.questions[0]!.id, value: 4, text: null }], now);
    expect(answered).toEqual({ ok: true });
    expect(await prisma.surveyResponse.count({ where: { runId, submittedOn: londonDay(now) } })).toBe(1);
    expect(await prisma.surveyAnswer.findMany({ where: { runId }, select: { value: true, text: true } })).toEqual([{ value: 4, text: null }]);
  });
});

describe.runIf(engine === "sqlite")("a write given as statements, on SQLite", () => {
  it("runs between its BEGIN and COMMIT nothing but its own statements, however many requests are reading meanwhile", async () => {
    const { runId, template } = await openedRun();
    const answers = template.questions.slice(0, 3).map((q) => ({ questionId: q.id, value: 1, text: null }));
    const { statements } = await statementsSentBy(() =>
      Promise.all([
        ...Array.from({ length: 5 }, () => submitResponse(runId, newBrowserToken(), answers)),
        ...Array.from({ length: 20 }, () => prisma.school.findMany({ take: 1 })),
      ]),
    );
    const inside: string[] = [];
    let open = false;
    for (const sql of statements) {
      if (/^BEGIN\b/.test(sql)) open = true;
      else if (sql === "COMMIT" || sql === "ROLLBACK") open = false;
      else if (open) inside.push(sql);
    }
    expect(inside.length).toBeGreaterThanOrEqual(5 * 4);
    const readsSchools = (sql: string) => /\bSchool\b/.test(sql);
    expect(inside.filter(readsSchools)).toEqual([]);
    expect(statements.filter(readsSchools)).toHaveLength(20);
  });

  it("waits for the write lock another process holds, serving reads meanwhile, then writes", async () => {
    const other = new Database(env.DATABASE_URL.replace(/^file:/, ""));
    try {
      other.prepare("BEGIN IMMEDIATE").run();
      const writing = writeInOneGo(() => saveSetting("waited", "1"));
      await after(100);
      // The process is not blocked while it waits: a read is served at once.
      expect(await prisma.setting.count()).toBe(0);
      other.prepare("COMMIT").run();
      expect(await writing).toBe(1);
    } finally {
      other.close();
    }
  });

  it("gives up with a 503 saying nothing was saved when the other process holds the lock past the busy timeout", async () => {
    const other = new Database(env.DATABASE_URL.replace(/^file:/, ""));
    try {
      other.prepare("BEGIN IMMEDIATE").run();
      const refused = await writeInOneGo(() => saveSetting("never", "1")).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DatabaseUnavailable);
      expect((refused as DatabaseUnavailable).change).toBe("not-saved");
      expect((refused as DatabaseUnavailable).message).toMatch(/^The database was too busy to give the change its turn in time; the change was not saved: /);
      other.prepare("ROLLBACK").run();
    } finally {
      other.close();
    }
    expect(await prisma.setting.count()).toBe(0);
  }, 15_000);
});

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { prisma } from "~/db.server";
import { copyOrder, moveToPostgresql, toPostgresqlValue } from "../../scripts/lib/move-to-postgresql.mjs";
import { createDatabase, dropDatabase, startCluster, withClient } from "../../scripts/lib/postgres.mjs";
import { canStartPostgresql } from "./support/postgresql";
import { createGuideSection, createLead, createPublishedPage } from "./guide-fixtures";
import { booking, deliveryAt, locality, repeat, school, surveyRun, surveyTemplate, topic } from "./reach-factories";

const run = promisify(execFile);

describe("reading SQLite's values as PostgreSQL's", () => {
  it("turns 0/1 into booleans and stored dates into instants, whichever way SQLite holds them", () => {
    expect(toPostgresqlValue(1, "boolean")).toBe(true);
    expect(toPostgresqlValue(0n, "boolean")).toBe(false);
    expect(toPostgresqlValue("2026-09-16T09:00:00.000+00:00", "timestamp without time zone")).toEqual(new Date("2026-09-16T09:00:00Z"));
    expect(toPostgresqlValue("2026-09-16 09:00:00", "timestamp without time zone")).toEqual(new Date("2026-09-16T09:00:00Z"));
    expect(toPostgresqlValue(1789549200000, "timestamp with time zone")).toEqual(new Date(1789549200000));
    expect(toPostgresqlValue(12n, "integer")).toBe("12");
    expect(toPostgresqlValue(null, "boolean")).toBeNull();
  });

  it("copies tables after the ones they refer to, deferring a nullable reference that closes a circle", () => {
    const references = new Map([
      ["GuideRevision", [{ column: "pageId", table: "GuidePage", nullable: false }]],
      ["GuidePage", [{ column: "publishedRevisionId", table: "GuideRevision", nullable: true }]],
      ["Note", [{ column: "parentId", table: "Note", nullable: true }]],
    ]);
    expect(copyOrder(references)).toEqual({ order: ["Note", "GuidePage", "GuideRevision"], deferred: new Map([["GuidePage", ["publishedRevisionId"]]]) });
  });
});

describe.skipIf(inject("testEngine") !== "sqlite")("the command's arguments", () => {
  it("answers wrong or missing arguments with how to use it and exit code 2, never a stack trace", async () => {
    const cases = [
      ["--from"],
      ["--from", "x", "--to", "y"],
      ["--bogus", "1"],
      ["extra", "--from", "file:a.db", "--to", "postgresql://h/db"],
      ["--from", "postgresql://h/db", "--to", "file:a.db"],
    ];
    for (const args of cases) {
      const failed = await run(process.execPath, ["scripts/move-to-postgresql.mjs", ...args]).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed, args.join(" ")).toMatchObject({ code: 2, stderr: expect.stringContaining("Say where from and where to") });
      expect(failed?.stderr, args.join(" ")).not.toMatch(/^\s+at /m);
    }
  }, 60_000);
});

// SQLite's half of the suite: this file's SQLite database is the deployment moved, to a PostgreSQL database
// on a cluster of the test's own (or TEST_POSTGRESQL_URL's server).
describe.skipIf(inject("testEngine") !== "sqlite" || !canStartPostgresql())("npm run db:move-to-postgresql", () => {
  const now = "2026-11-30T12:00:00Z";
  let cluster: Awaited<ReturnType<typeof startCluster>> | null = null;
  let server: string;
  let target: string;

  type Figures = {
    dashboard: unknown;
    comparisons: unknown[];
    deliveries: unknown[];
    search: { total: number; results: { excerptHtml: string }[] };
    bookings: unknown[];
  };
  /** The figures the app's models read from `url`, in a process of their own (tests/unit/support/read-figures.ts). */
  const figures = async (url: string) => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "tests/unit/support/read-figures.ts", now, "lanyard"], {
      env: { ...process.env, DATABASE_URL: url, NODE_ENV: "production" },
      maxBuffer: 64 * 1024 * 1024,
    });
    const read = JSON.parse(stdout) as Figures;
    // The engines choose the excerpt around a match each in their own way (decision 0080); both mark it.
    const results = read.search.results.map(({ excerptHtml, ...result }) => ({ ...result, excerptMarked: excerptHtml.includes("<mark>") }));
    return { ...read, search: { total: read.search.total, results } };
  };

  beforeAll(async () => {
    server = process.env.TEST_POSTGRESQL_URL ?? (cluster = await startCluster()).url;
    target = await createDatabase(server, `moved_${process.pid}`);

    // A small deployment: the lead, schools in a locality, sessions with bookings and attendance, survey
    // answers, and a published guide page (whose current revision refers back to it).
    const lead = await createLead();
    const area = await locality("Moved");
    const [first, second] = [await school(area.id, 900), await school(area.id, 1200)];
    const knives = await topic("Knife crime");
    const autumn = await deliveryAt(knives.id, "2026-10-05", "09:00");
    const winter = await deliveryAt(knives.id, "2026-12-07", "13:30");
    const reached = await booking(autumn.id, first.id, "DELIVERED", { 7: 28, 8: 31 });
    await booking(autumn.id, second.id, "CANCELLED");
    await booking(winter.id, second.id, "CONFIRMED");
    const before = await surveyTemplate("BEFORE");
    await surveyRun(before, first.id, 2026, repeat(12, { law: 4, "knife-safer": 2 }), reached.id);
    await createPublishedPage(lead, await createGuideSection(lead, "Moving"), { title: "Lanyards for visitors", body: "Every visitor wears a lanyard." });
    await prisma.$disconnect();
  }, 120_000);

  afterAll(() => cluster?.stop());

  it("moves every row across, then refuses to move into a database that holds data", async () => {
    const counts = await moveToPostgresql({ from: process.env.DATABASE_URL!, to: target });
    const byTable = new Map(counts.map(({ table, rows }) => [table, rows]));
    expect(byTable.get("Booking")).toBe(3);
    expect(byTable.get("SurveyAnswer")).toBe(24);
    expect(byTable.get("GuideSearch")).toBe(1);

    const booleans = await withClient(target, (client) => client.query(`SELECT "inResults" FROM "SurveyResponse"`));
    expect(new Set(booleans.rows.map((row) => row.inResults))).toEqual(new Set([true, false]));

    await expect(moveToPostgresql({ from: process.env.DATABASE_URL!, to: target })).rejects.toThrow(/already holds data/);
  }, 120_000);

  it("keeps every instant as it is when the machine moving the data runs on London time", async () => {
    const machineZone = process.env.TZ;
    process.env.TZ = "Europe/London";
    try {
      const london = await createDatabase(server, `moved_london_${process.pid}`);
      await moveToPostgresql({ from: process.env.DATABASE_URL!, to: london });
      const { rows } = await withClient(london, (client) =>
        client.query(`SELECT to_char("startsAt", 'YYYY-MM-DD HH24:MI') AS "at" FROM "Delivery" ORDER BY "startsAt"`),
      );
      // Stored in UTC: 09:00 in London on 5 October (summer time) is 08:00 UTC; 13:30 on 7 December is 13:30 UTC.
      expect(rows.map((row) => row.at)).toEqual(["2026-10-05 08:00", "2026-12-07 13:30"]);
    } finally {
      if (machineZone === undefined) delete process.env.TZ;
      else process.env.TZ = machineZone;
      await dropDatabase(server, `moved_london_${process.pid}`);
    }
  }, 120_000);

  it("serves the same figures from both: the reach dashboard, survey results, places left, the guide search and the bookings", async () => {
    const [fromSqlite, fromPostgresql] = await Promise.all([figures(process.env.DATABASE_URL!), figures(target)]);
    expect(fromSqlite.search).toMatchObject({ total: 1, results: [{ excerptMarked: true }] });
    expect(fromSqlite.bookings).toHaveLength(3);
    expect(fromSqlite.comparisons).toHaveLength(1);
    expect(fromSqlite.deliveries).toHaveLength(2);
    expect(fromSqlite.dashboard).toMatchObject({ headline: { pupils: 59, schoolsReached: 1 } });
    expect(fromPostgresql).toEqual(fromSqlite);
  }, 120_000);
});

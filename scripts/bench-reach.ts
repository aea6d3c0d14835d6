/**
 * Measures the reach pages against the national-scale database (npm run scale:generate first):
 * starts the built app on that file with a VRN lead signed in, requests the dashboard with several
 * filter combinations, pages of the school table, a school's page, the gaps, and the full CSV exports
 * repeatedly, and prints p50 and p95 time per page. While each CSV streams it samples the server's
 * resident memory (RSS) to show whether it stays flat.
 *
 * Reach keeps query results until the database changes (docs/decisions/0016), so each page is timed
 * twice: "cold", with a write to the database before every request so nothing kept can be used, and
 * "warm", the same view again with nothing changed. The targets are judged on the cold times: every
 * view's cold p95 under 300 ms (under 2 s for a whole CSV). The script exits with 1 if any view misses.
 *
 *   npm run scale:bench                       # tests/.data/national.db, 20 requests a page
 *   npm run scale:bench -- other.db           # another file
 *   npm run scale:bench -- postgresql://user@host/national   # a PostgreSQL database (scale:generate moves one there)
 *   REPEAT=50 BENCH_PORT=3470 npm run scale:bench
 *   ONLY=report npm run scale:bench           # only the views (and files) whose name contains "report"
 *
 * Times are measured from the client on the same machine, request sent to last byte read: on
 * localhost that is the server's time plus well under a millisecond.
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { percentile, SERVER_NODE_FLAGS } from "./lib/harness.mjs";

const target = process.argv[2] ?? "tests/.data/national.db";
const postgresql = /^postgres(ql)?:\/\//.test(target);
const file = postgresql ? "" : path.resolve(target);
const databaseUrl = postgresql ? target : `file:${file}`;
const port = Number(process.env.BENCH_PORT ?? 3460);
const repeat = Number(process.env.REPEAT ?? 20);
const only = process.env.ONLY ?? "";
const base = `http://localhost:${port}`;
const DASHBOARD_TARGET_MS = 300;
const CSV_TARGET_MS = 2000;

if (!postgresql && !fs.existsSync(file)) {
  console.error(`No database at ${file}. Run \`npm run scale:generate\` first.`);
  process.exit(1);
}

/** The rows of one statement on either engine: `?` placeholders and double-quoted names, as both take them. */
async function query<T>(sql: string, ...params: unknown[]): Promise<T[]> {
  if (postgresql) {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      let n = 0;
      return (
        await client.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows as T[];
    } finally {
      await client.end();
    }
  }
  const db = new Database(file);
  try {
    const statement = db.prepare(sql);
    if (statement.reader) return statement.all(...params) as T[];
    statement.run(...params);
    return [];
  } finally {
    db.close();
  }
}

/** Any committed write makes the server's kept reach results out of date. */
async function touchDatabase() {
  await query(
    `INSERT INTO "Setting" ("key", "value") VALUES ('bench.tick', ?) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"`,
    String(Date.now()),
  );
}

/** A session row for the lead, as sign-in would write it; the token goes in the cookie. */
async function signInLead() {
  const [lead] = await query<{ id: string }>(`SELECT "id" FROM "User" WHERE "role" = 'VRN_LEAD' AND "active" = true LIMIT 1`);
  if (!lead) throw new Error("The database has no VRN lead");
  const token = randomBytes(20).toString("hex");
  await query(
    `INSERT INTO "Session" ("id", "userId", "expiresAt") VALUES (?, ?, ?)`,
    createHash("sha256").update(token).digest("hex"),
    lead.id,
    new Date(Date.now() + 86_400_000).toISOString(),
  );
  const [locality] = await query<{ id: string }>(`SELECT "id" FROM "Locality" ORDER BY "name" LIMIT 1 OFFSET 3`);
  const [authority] = await query<{ name: string }>(`SELECT "localAuthority" AS "name" FROM "School" GROUP BY "localAuthority" ORDER BY COUNT(*) DESC LIMIT 1`);
  const [topic] = await query<{ id: string }>(`SELECT "id" FROM "Topic" ORDER BY "title" LIMIT 1`);
  const [busiest] = await query<{ id: string }>(`SELECT "schoolId" AS "id" FROM "Booking" GROUP BY "schoolId" ORDER BY COUNT(*) DESC LIMIT 1`);
  // The topic with the most survey runs in 2025-26, for the lead's before-and-after comparison.
  const [surveyed] = await query<{ id: string }>(
    `SELECT d."topicId" AS "id" FROM "SurveyRun" r JOIN "Booking" b ON b."id" = r."bookingId" JOIN "Delivery" d ON d."id" = b."deliveryId"
     WHERE r."academicYear" = 2025 GROUP BY d."topicId" ORDER BY COUNT(*) DESC, d."topicId" LIMIT 1`,
  );
  return { token, locality: locality!.id, authority: authority!.name, topic: topic!.id, school: busiest!.id, surveyedTopic: surveyed?.id ?? topic!.id };
}

/**
 * Downloads are limited per person (20 a minute, app/models/limits.server.ts), so each export is timed
 * by a lead of its own, added to the benchmark's copy of the data.
 */
async function exportCookie(name: string): Promise<string> {
  const id = `bench${randomBytes(8).toString("hex")}`;
  const now = new Date().toISOString();
  await query(
    `INSERT INTO "User" ("id", "email", "name", "passwordHash", "role", "active", "createdAt", "updatedAt") VALUES (?, ?, ?, 'x', 'VRN_LEAD', true, ?, ?)`,
    id,
    `${id}@bench.example.test`,
    `Bench ${name}`,
    now,
    now,
  );
  const token = randomBytes(20).toString("hex");
  await query(
    `INSERT INTO "Session" ("id", "userId", "expiresAt") VALUES (?, ?, ?)`,
    createHash("sha256").update(token).digest("hex"),
    id,
    new Date(Date.now() + 86_400_000).toISOString(),
  );
  return `vrn_session=${token}`;
}

function rssMegabytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function waitForServer(child: ReturnType<typeof spawn>) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error("The server stopped while starting");
    try {
      await fetch(`${base}/sign-in`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error("The server did not start within 3 minutes");
}

async function main() {
  const ids = await signInLead();
  const cookie = `vrn_session=${ids.token}`;
  console.log(
    `Database: ${postgresql ? target.replace(/\/\/[^@/]*@/, "//") : path.relative(process.cwd(), file)}; machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}`,
  );
  console.log("Starting the built app (building first if the build is stale)...");
  // As `npm start` runs it (its V8 flags), with one worker: requests here come one at a time, and the
  // memory read below is then that of the process serving them, not of a cluster's primary.
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, "scripts/start.mjs"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      SMTP_URL: "",
      SCHEDULED_WORK: "off",
      WEB_CONCURRENCY: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitForServer(child);
    const pid = child.pid!;

    const pages: { name: string; url: string; dashboard: boolean }[] = [
      { name: "dashboard, this year", url: "/reach", dashboard: true },
      { name: "dashboard, last year", url: "/reach?year=2025", dashboard: true },
      { name: "dashboard, autumn term", url: "/reach?term=autumn&year=2025", dashboard: true },
      { name: "dashboard, one locality", url: `/reach?year=2025&locality=${ids.locality}`, dashboard: true },
      { name: "dashboard, LA + type", url: `/reach?year=2025&la=${encodeURIComponent(ids.authority)}&type=SECONDARY`, dashboard: true },
      { name: "dashboard, one topic", url: `/reach?year=2024&topic=${ids.topic}`, dashboard: true },
      { name: "school table, page 1", url: "/reach/schools?year=2025", dashboard: true },
      { name: "school table, page 20 by name", url: "/reach/schools?year=2025&sort=name&dir=asc&page=20", dashboard: true },
      { name: "school table, not reached", url: `/reach/schools?year=2025&reached=no&sort=roll`, dashboard: true },
      { name: "school page", url: `/reach/schools/${ids.school}`, dashboard: true },
      { name: "gaps", url: "/reach/gaps?year=2025", dashboard: true },
      { name: "board report", url: "/reach/report?year=2025", dashboard: true },
      { name: "board report, this year", url: "/reach/report", dashboard: true },
      { name: "MVP reach, every school", url: "/mvp?year=2025", dashboard: true },
      { name: "survey comparison, one topic", url: `/surveys/compare?year=2025&topic=${ids.surveyedTopic}`, dashboard: true },
    ];
    const results: { name: string; p50: number; p95: number; max: number; warm50?: number; warm95?: number; target: number }[] = [];
    const timePage = async (url: string, cold: boolean) => {
      const times: number[] = [];
      for (let i = 0; i < repeat + 2; i++) {
        if (cold) await touchDatabase();
        const start = performance.now();
        const response = await fetch(base + url, { headers: { cookie } });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
        // The first two warm the server up and are not counted.
        if (i >= 2) times.push(performance.now() - start);
      }
      return times.sort((a, b) => a - b);
    };
    for (const page of pages.filter((p) => p.name.includes(only))) {
      const cold = await timePage(page.url, true);
      const warm = await timePage(page.url, false);
      results.push({
        name: page.name,
        p50: percentile(cold, 50),
        p95: percentile(cold, 95),
        max: cold.at(-1)!,
        warm50: percentile(warm, 50),
        warm95: percentile(warm, 95),
        target: DASHBOARD_TARGET_MS,
      });
    }

    const exports = [
      { name: "schools CSV, whole year", url: "/reach/schools.csv?year=2025" },
      { name: "schools CSV, for publication", url: "/reach/schools.csv?year=2025&publication=1" },
      { name: "localities CSV", url: "/reach/localities.csv?year=2025&publication=1" },
    ];
    const memory: { name: string; before: number; peak: number; after: number; bytes: number }[] = [];
    for (const csv of exports.filter((e) => e.name.includes(only))) {
      const downloader = await exportCookie(csv.name);
      const times: number[] = [];
      let peak = 0;
      let before = 0;
      let bytes = 0;
      for (let i = 0; i < Math.max(5, Math.round(repeat / 2)) + 1; i++) {
        if (i === 1) before = rssMegabytes(pid);
        await touchDatabase();
        const sampler = setInterval(() => (peak = Math.max(peak, rssMegabytes(pid))), 10);
        const start = performance.now();
        const response = await fetch(base + csv.url, { headers: { cookie: downloader } });
        if (response.status !== 200) throw new Error(`${csv.name} answered ${response.status}`);
        const reader = response.body!.getReader();
        bytes = 0;
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
        clearInterval(sampler);
        if (i >= 1) times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      results.push({ name: csv.name, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)!, target: CSV_TARGET_MS });
      memory.push({ name: csv.name, before, peak, after: rssMegabytes(pid), bytes });
    }

    const ms = (n: number | undefined) => (n === undefined ? "" : n.toFixed(0)).padStart(8);
    console.log(
      `\n${"page (cold: after a write)".padEnd(34)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}  ${"warm p50".padStart(8)} ${"warm p95".padStart(8)}  target`,
    );
    for (const r of results) {
      const verdict = r.p95 < r.target ? "ok" : "OVER";
      console.log(`${r.name.padEnd(34)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.max)}  ${ms(r.warm50)} ${ms(r.warm95)}  p95 < ${r.target} ms: ${verdict}`);
    }
    console.log(`\n${"export".padEnd(34)} ${"size".padStart(9)} ${"RSS before".padStart(11)} ${"peak".padStart(8)} ${"after".padStart(8)}`);
    for (const m of memory) {
      console.log(
        `${m.name.padEnd(34)} ${`${(m.bytes / 1024).toFixed(0)} KB`.padStart(9)} ${`${m.before.toFixed(0)} MB`.padStart(11)} ${`${m.peak.toFixed(0)} MB`.padStart(8)} ${`${m.after.toFixed(0)} MB`.padStart(8)}`,
      );
    }
    console.log(`\n${repeat} timed requests per page after 2 to warm up; each export ${Math.max(5, Math.round(repeat / 2))} times.`);
    const missed = results.filter((r) => r.p95 >= r.target);
    if (missed.length) {
      console.log(`Target missed by ${missed.length} of ${results.length} views: ${missed.map((r) => r.name).join("; ")}.`);
      process.exitCode = 1;
    } else console.log(`Every view met its target (cold p95).`);
  } finally {
    child.kill("SIGTERM");
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

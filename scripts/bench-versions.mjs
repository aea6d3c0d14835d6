// @ts-check
/**
 * Compares two versions of the app on the same pages, cold, with their requests interleaved: this machine's
 * speed drifts by a tenth and more within minutes, so two versions timed one after the other cannot be told
 * apart by a few per cent, while requests taken in turn meet the same drift.
 *
 *   npm run bench:versions -- <other checkout> [database] [page ...]
 *   npm run bench:versions -- ../before                       # tests/.data/national.db, the board reports
 *   REPEAT=60 npm run bench:versions -- ../before tests/.data/national.db /reach "/reach?year=2025"
 *
 * `<other checkout>` is another checkout of the code, installed and built (e.g. `git worktree add ../before
 * <commit> && cd ../before && npm ci && npm run build`); this checkout is the other side. Each side starts
 * with its own start script on its own copy of the database, which that script migrates as `npm start`
 * would: a version whose migrations the other lacks is compared with its schema, not the other's (the
 * other side's copy is never given the newer migrations). Before each request the side's copy is written to, so
 * nothing reach keeps can be used (as `npm run scale:bench` times "cold"), and the two sides take turns,
 * each first in every other round. Printed for each page and side: p50, p95 and mean time to the last
 * byte, and the processor time the server used per request (all its threads, from /proc), with the
 * ratio of this checkout's to the other's.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { copyDatabase, ensureBuild, percentile, printTable, root, scratchDirectory, sessionCookieFor, startServers, stopServers } from "./lib/harness.mjs";

const [otherCheckout, databaseArgument = "tests/.data/national.db", ...pageArguments] = process.argv.slice(2);
const pages = pageArguments.length > 0 ? pageArguments : ["/reach/report", "/reach/report?year=2025"];
const repeat = Number(process.env.REPEAT ?? 40);
const WARM_UP = 2;

if (!otherCheckout || !fs.existsSync(path.join(otherCheckout, "build/server/index.js"))) {
  console.error("Usage: npm run bench:versions -- <another checkout, installed and built> [database] [page ...]");
  process.exit(1);
}
if (!fs.existsSync(databaseArgument)) {
  console.error(`No database at ${databaseArgument}. Run \`npm run scale:generate\` first.`);
  process.exit(1);
}

/**
 * Processor time, ms, a process and its threads have used (Linux's /proc: user and system, in ticks of 10 ms).
 * @param {number | undefined} pid
 */
function processorMs(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The email of the database's first active VRN lead.
 * @param {string} file
 */
function leadEmail(file) {
  const db = new Database(file);
  try {
    const lead = /** @type {{ email: string } | undefined} */ (
      db.prepare(`SELECT "email" FROM "User" WHERE "role" = 'VRN_LEAD' AND "active" = 1 LIMIT 1`).get()
    );
    if (!lead) throw new Error(`${file} has no VRN lead`);
    return lead.email;
  } finally {
    db.close();
  }
}

/**
 * A write to `file` that changes nothing reach reads, so that the next request finds nothing kept.
 * @param {string} file
 */
function touch(file) {
  const db = new Database(file);
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare(`INSERT INTO "Setting" ("key", "value") VALUES ('bench.tick', ?) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"`).run(
      String(Date.now()),
    );
  } finally {
    db.close();
  }
}

/** @type {(values: number[], p: number) => number} */
const percentileOf = (values, p) =>
  percentile(
    [...values].sort((a, b) => a - b),
    p,
  );
/** @type {(values: number[]) => number} */
const mean = (values) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);

// The build each side serves (startServer's `buildDirectory` below), whatever BUILD_DIR says.
ensureBuild("build");
const scratch = scratchDirectory("bench-versions");
const sides = [
  { name: "this checkout", checkout: root },
  { name: otherCheckout, checkout: path.resolve(otherCheckout) },
].map((side, i) => ({ ...side, file: path.join(scratch, `side-${i}.db`) }));

try {
  console.log(`Copying ${databaseArgument} for each side...`);
  for (const side of sides) await copyDatabase(path.resolve(databaseArgument), side.file);
  // One worker: the processor time read is then the one process answering. Should the second side fail to
  // start, the first is stopped (startServers), not left running on a copy about to be removed.
  const servers = await startServers(
    sides.map((side) => ({ databaseFile: side.file, buildDirectory: "build", checkout: side.checkout, env: { WEB_CONCURRENCY: "1" } })),
  );
  /** @type {string[][]} */
  const rows = [];
  try {
    const running = servers.map((server, i) => {
      const side = /** @type {(typeof sides)[number]} */ (sides[i]);
      return { ...side, server, cookie: sessionCookieFor(side.file, leadEmail(side.file)) };
    });
    for (const page of pages) {
      const taken = running.map((side) => ({ side, times: /** @type {number[]} */ ([]), processor: 0 }));
      for (let round = 0; round < WARM_UP + repeat; round++) {
        for (const turn of round % 2 === 0 ? taken : [...taken].reverse()) {
          const { server, file, cookie, name } = turn.side;
          touch(file);
          const before = processorMs(server.pid);
          const started = performance.now();
          // Not followed: a page that sends the lead to sign in (a cookie the side does not take) is an error, not a timing of the sign-in page.
          const response = await fetch(server.baseUrl + page, { headers: { cookie }, redirect: "manual" });
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`${name}: ${page} answered ${response.status}`);
          if (round >= WARM_UP) {
            turn.times.push(performance.now() - started);
            turn.processor += processorMs(server.pid) - before;
          }
        }
      }
      const [mine, other] = taken.map(({ side, times, processor }) => ({ name: side.name, times, processor: processor / times.length }));
      if (!mine || !other) throw new Error("Two versions are compared");
      for (const version of [mine, other]) {
        /** @param {number} a @param {number} b */
        const ratio = (a, b) => (version === mine ? (a / b).toFixed(2) : "");
        rows.push([
          page,
          version.name,
          percentileOf(version.times, 50).toFixed(0),
          percentileOf(version.times, 95).toFixed(0),
          mean(version.times).toFixed(0),
          ratio(mean(mine.times), mean(other.times)),
          version.processor.toFixed(0),
          ratio(mine.processor, other.processor),
        ]);
      }
    }
  } finally {
    await stopServers(servers);
  }
  console.log();
  printTable(["page", "version", "p50 ms", "p95 ms", "mean ms", "÷ other", "processor ms a request", "÷ other"], rows, 2);
  console.log(`\n${repeat} cold requests a page and version, taken in turn, after ${WARM_UP} to warm up.`);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}

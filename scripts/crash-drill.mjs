// @ts-check
// `npm run drill:crash`: proves that a write the server acknowledged survives the server being killed.
//
// Starts the built server on a fresh copy of the demo data (own port, own database under tests/.data),
// drives streams of real writes at it over HTTP as signed-in users, records every write the server
// acknowledged, kills it with SIGKILL mid-stream, starts it again on the same file, and checks that
// `PRAGMA integrity_check` is ok and every acknowledged write is there. Prints the counts; exits 1 on
// any loss. Loopback only. DRILL_SECONDS (default 3) is how long the streams run before the kill.
//
// `npm run drill:crash -- --postgresql` runs the same drill on PostgreSQL: the prepared copy is moved into
// a new database (scripts/lib/move-to-postgresql.mjs) on the server at DRILL_POSTGRESQL_URL, or on a
// throwaway cluster, and the server is killed and restarted on that. PostgreSQL recovers from its own
// write-ahead log; the drill checks that every acknowledged write is there and nothing is half-applied.
import { randomBytes, randomInt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { demoDatabaseCopy, ensureBuild, freePort, scratchDirectory, sessionCookieFor, startServer } from "./lib/harness.mjs";
import { moveToPostgresql } from "./lib/move-to-postgresql.mjs";
import { createDatabase, dropDatabase, startCluster } from "./lib/postgres.mjs";

const buildDirectory = process.env.BUILD_DIR ?? "build";
const runSeconds = Number(process.env.DRILL_SECONDS ?? 3);
const onPostgresql = process.argv.includes("--postgresql");
const DAY = 24 * 60 * 60 * 1000;
const iso = (/** @type {Date} */ date) => date.toISOString();

/** @typedef {import("better-sqlite3").Database} Db */
/**
 * Rows from the database the server ran on, whichever engine: `?` placeholders, double-quoted names.
 * @typedef {(sql: string, ...params: unknown[]) => Promise<Record<string, any>[]>} Query
 */

/**
 * @param {Db} db
 * @param {{ topicId: string, startsAt: Date, capacity: number }} delivery
 */
function insertDelivery(db, { topicId, startsAt, capacity }) {
  const id = `drill${randomBytes(8).toString("hex")}`;
  const endsAt = new Date(startsAt.getTime() + 45 * 60 * 1000);
  const now = iso(new Date());
  db.prepare(
    `INSERT INTO Delivery (id, topicId, startsAt, endsAt, format, facilitatorName, facilitatorOrg, capacity, needsConfirmation, bookingClosesAt, campaign, notes, status, statusReason, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, 'ONLINE', 'PC Drill', 'Leicestershire Police', ?, 0, ?, 'Crash drill', '', 'SCHEDULED', '', ?, ?)`,
  ).run(id, topicId, iso(startsAt), iso(endsAt), capacity, iso(new Date(startsAt.getTime() - DAY)), now, now);
  return id;
}

/** The survey code alphabet (app/lib/survey-code.ts): no 0, O, 1, I or L. */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** @param {[string, string | number][]} entries */
const form = (entries) => {
  const body = new URLSearchParams();
  for (const [name, value] of entries) body.append(name, String(value));
  return body;
};

/** The booking id from a redirect to /bookings/<id>, which is how the app acknowledges a saved write. */
const bookingIdFrom = (/** @type {Response} */ response) =>
  response.status === 302 ? /^\/bookings\/([^/?#]+)$/.exec(response.headers.get("location") ?? "")?.[1] : undefined;

// ---------------------------------------------------------------------------------------------------
// THE STREAMS. Each has: `prepare(db)` (set-up written straight to the database before the server
// starts; returns the stream's state), `next(state)` (the next request, or undefined when it has no
// more work), `acknowledged(response, request)` (the record of a write the server confirmed, or
// undefined), and `missing(db, records)` (the acknowledged writes the database does not hold).
// To add a stream, add an entry to this list. Each stream's state, job and record are its own shape.
// ---------------------------------------------------------------------------------------------------
/**
 * @typedef {{ method: string, path: string, cookie?: string, body: URLSearchParams, job: any }} DrillRequest
 * @typedef {{
 *   name: string,
 *   workers: number,
 *   prepare(db: Db): any,
 *   next(state: any): DrillRequest | undefined,
 *   acknowledged(response: Response, request: DrillRequest): object | undefined,
 *   missing(query: Query, records: any[]): Promise<string[]>,
 * }} Stream
 */
/** @param {Db} db */
const firstTopicId = (db) => /** @type {{ id: string }} */ (db.prepare("SELECT id FROM Topic ORDER BY title LIMIT 1").get()).id;
/** @param {Db} db @param {string} email */
const schoolIdOf = (db, email) => /** @type {{ schoolId: string }} */ (db.prepare("SELECT schoolId FROM User WHERE email = ?").get(email)).schoolId;

/** @type {Stream[]} */
const STREAMS = [
  {
    name: "bookings",
    workers: 3,
    prepare(db) {
      const topicId = firstTopicId(db);
      const teachers = ["teacher@example.org", "teacher2@example.org"].map((email) => ({ email, cookie: sessionCookieFor(db.name, email) }));
      const deliveries = Array.from({ length: 400 }, (_, i) =>
        insertDelivery(db, { topicId, startsAt: new Date(Date.now() + (30 + (i % 60)) * DAY), capacity: 10 }),
      );
      const jobs = deliveries.flatMap((deliveryId) => teachers.map((teacher) => ({ deliveryId, teacher })));
      return { jobs };
    },
    next(state) {
      const job = state.jobs.shift();
      if (!job) return undefined;
      return {
        method: "POST",
        path: `/sessions/deliveries/${job.deliveryId}/book`,
        cookie: job.teacher.cookie,
        body: form([
          ["yearGroups", 9],
          ["yearGroups", 10],
          ["expectedPupils", 60],
          ["contactName", "Drill Contact"],
          ["contactPhone", "0116 496 0000"],
          ["accessNeeds", ""],
        ]),
        job,
      };
    },
    acknowledged(response, request) {
      const id = bookingIdFrom(response);
      return id ? { id, deliveryId: request.job.deliveryId, email: request.job.teacher.email, cookie: request.job.teacher.cookie } : undefined;
    },
    async missing(query, records) {
      const lost = [];
      for (const r of records) {
        const found = await query(
          `SELECT b."id" FROM "Booking" b JOIN "User" u ON u."schoolId" = b."schoolId"
           WHERE b."id" = ? AND b."deliveryId" = ? AND u."email" = ? AND b."status" = 'CONFIRMED' AND b."expectedPupils" = 60 AND b."yearGroups" = '9,10'`,
          r.id,
          r.deliveryId,
          r.email,
        );
        if (found.length === 0) lost.push(`booking ${r.id}`);
      }
      return lost;
    },
  },
  {
    name: "attendance returns",
    workers: 2,
    prepare(db) {
      const topicId = firstTopicId(db);
      const teacher = { email: "teacher@example.org", cookie: sessionCookieFor(db.name, "teacher@example.org") };
      const schoolId = schoolIdOf(db, teacher.email);
      const now = iso(new Date());
      const jobs = Array.from({ length: 300 }, (_, i) => {
        const deliveryId = insertDelivery(db, { topicId, startsAt: new Date(Date.now() - (2 + (i % 20)) * DAY), capacity: 10 });
        const bookingId = `drill${randomBytes(8).toString("hex")}`;
        db.prepare(
          `INSERT INTO Booking (id, deliveryId, schoolId, status, yearGroups, expectedPupils, contactName, contactPhone, createdAt, updatedAt)
           VALUES (?, ?, ?, 'CONFIRMED', '9', 100, 'Drill Contact', '0116 496 0000', ?, ?)`,
        ).run(bookingId, deliveryId, schoolId, now, now);
        return { bookingId, year9: 20 + (i % 50), teacher };
      });
      return { jobs };
    },
    next(state) {
      const job = state.jobs.shift();
      if (!job) return undefined;
      return {
        method: "POST",
        path: `/bookings/${job.bookingId}/attendance`,
        cookie: job.teacher.cookie,
        body: form([
          ["year9", job.year9],
          ["staffPresent", 2],
          ["comment", "Crash drill"],
        ]),
        job,
      };
    },
    acknowledged(response, request) {
      return bookingIdFrom(response) === request.job.bookingId ? { bookingId: request.job.bookingId, year9: request.job.year9 } : undefined;
    },
    async missing(query, records) {
      const lost = [];
      for (const r of records) {
        const [found] = await query(
          `SELECT c."pupils" FROM "AttendanceReturn" r JOIN "AttendanceCount" c ON c."returnId" = r."id" JOIN "Booking" b ON b."id" = r."bookingId"
           WHERE r."bookingId" = ? AND c."yearGroup" = 9 AND b."status" = 'DELIVERED'`,
          r.bookingId,
        );
        if (found?.pupils !== r.year9) lost.push(`attendance for ${r.bookingId}`);
      }
      return lost;
    },
  },
  {
    name: "survey answers",
    workers: 3,
    prepare(db) {
      // Twenty open runs taken in turn, so the per-code limit (a class at a time) never refuses the drill.
      const template = /** @type {{ id: string, phase: string, context: string }} */ (
        db
          .prepare("SELECT id, phase, context FROM SurveyTemplate WHERE family = 'knife-crime-before' AND status = 'PUBLISHED' ORDER BY version DESC LIMIT 1")
          .get()
      );
      const schoolId = schoolIdOf(db, "teacher@example.org");
      const questions = /** @type {{ id: string, type: string }[]} */ (
        db.prepare("SELECT id, type FROM SurveyQuestion WHERE templateId = ? AND type <> 'FREE_TEXT' ORDER BY position").all(template.id)
      );
      const body = form([...questions.map((q) => /** @type {[string, number]} */ ([`q-${q.id}`, q.type === "AGREEMENT" ? 4 : 1])), ["page", 99]]);
      const now = new Date();
      const runs = Array.from({ length: 20 }, () => {
        const id = `drill${randomBytes(8).toString("hex")}`;
        const code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
        db.prepare(
          `INSERT INTO SurveyRun (id, code, templateId, schoolId, phase, context, academicYear, responseCount, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)`,
        ).run(
          id,
          code,
          template.id,
          schoolId,
          template.phase,
          template.context,
          now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1,
          iso(now),
        );
        return { id, code };
      });
      return { runs, body, sent: 0 };
    },
    next(state) {
      if (state.sent >= 3000) return undefined;
      const run = state.runs[state.sent++ % state.runs.length];
      // No cookie: every answer comes from a new browser, as from a class of phones.
      return { method: "POST", path: `/s/${run.code}`, body: state.body, job: run };
    },
    acknowledged(response, request) {
      return response.status === 302 && response.headers.get("location") === `/s/${request.job.code}?sent=1` ? { runId: request.job.id } : undefined;
    },
    async missing(query, records) {
      /** @type {Map<string, number>} */
      const acknowledged = new Map();
      for (const r of records) acknowledged.set(r.runId, (acknowledged.get(r.runId) ?? 0) + 1);
      /** @type {string[]} */
      const lost = [];
      for (const [runId, n] of acknowledged) {
        // count(*) is a bigint on PostgreSQL, which arrives as text.
        const stored = Number((await query(`SELECT COUNT(*) AS "n" FROM "SurveyResponse" WHERE "runId" = ?`, runId))[0]?.n ?? 0);
        // Answers cut off in flight may or may not have landed; acknowledged ones must all be there,
        // and the run's count must match its rows exactly.
        for (let i = stored; i < n; i++) lost.push(`an answer to run ${runId}`);
        const count = (await query(`SELECT "responseCount" AS "n" FROM "SurveyRun" WHERE "id" = ?`, runId))[0]?.n;
        if (count !== stored) lost.push(`run ${runId} counts ${count} but holds ${stored}`);
      }
      return lost;
    },
  },
];

/** @typedef {{ sent: number, cut: number, records: any[], refused: string[] }} Tally */

/**
 * @param {string} baseUrl
 * @param {Stream} stream
 * @param {unknown} state
 * @param {Tally} tally
 * @param {{ value: number }} stopAt
 */
async function runWorker(baseUrl, stream, state, tally, stopAt) {
  while (Date.now() < stopAt.value) {
    const request = stream.next(state);
    if (!request) return;
    tally.sent++;
    let response;
    try {
      response = await fetch(`${baseUrl}${request.path}`, {
        method: request.method,
        // The page's own Origin, as a browser sends it: the server refuses a POST without one (CSRF).
        headers: { ...(request.cookie ? { Cookie: request.cookie } : {}), "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
        body: request.body,
        redirect: "manual",
      });
      await response.arrayBuffer();
    } catch {
      tally.cut++; // the server died with this request in flight: not acknowledged
      return;
    }
    const record = stream.acknowledged(response, request);
    if (record) tally.records.push(record);
    else tally.refused.push(`${response.status} ${request.path}`);
  }
}

/**
 * The prepared SQLite copy moved into a new PostgreSQL database, on DRILL_POSTGRESQL_URL's server or a
 * throwaway cluster; `remove` drops it (and stops the cluster).
 * @param {string} databaseFile
 */
async function postgresqlCopyOf(databaseFile) {
  const cluster = process.env.DRILL_POSTGRESQL_URL ? null : await startCluster();
  const server = process.env.DRILL_POSTGRESQL_URL ?? /** @type {{ url: string }} */ (cluster).url;
  const name = `crash_drill_${process.pid}`;
  const url = await createDatabase(server, name);
  await moveToPostgresql({ from: `file:${databaseFile}`, to: url });
  const remove = async () => {
    await dropDatabase(server, name);
    cluster?.stop();
  };
  return { url, remove };
}

/** @param {string} databaseFile @returns {{ query: Query, close: () => Promise<void> }} */
function sqliteReader(databaseFile) {
  const db = new Database(databaseFile, { readonly: true });
  return {
    query: async (sql, ...params) => /** @type {Record<string, any>[]} */ (db.prepare(sql).all(...params)),
    close: async () => void db.close(),
  };
}

/** @param {string} url @returns {Promise<{ query: Query, close: () => Promise<void> }>} */
async function postgresqlReader(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    query: async (sql, ...params) => {
      let n = 0;
      return (
        await client.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows;
    },
    close: () => client.end(),
  };
}

async function main() {
  ensureBuild(buildDirectory);
  const dir = scratchDirectory("crash-drill");
  const databaseFile = path.join(dir, "app.db");
  await demoDatabaseCopy(databaseFile);

  const setup = new Database(databaseFile);
  setup.pragma("busy_timeout = 5000");
  const states = STREAMS.map((stream) => stream.prepare(setup));
  setup.close();

  const postgresql = onPostgresql ? await postgresqlCopyOf(databaseFile) : null;
  /** @type {Record<string, string>} */
  const env = postgresql ? { DATABASE_URL: postgresql.url } : {};
  const port = await freePort();
  const first = await startServer({ databaseFile, port, buildDirectory, env });
  console.log(`Server ${first.pid} on port ${port}, database ${postgresql ? postgresql.url : databaseFile}`);

  const tallies = STREAMS.map(() => /** @type {Tally} */ ({ sent: 0, cut: 0, records: [], refused: [] }));
  const stopAt = { value: Infinity };
  const workers = STREAMS.flatMap((stream, i) => {
    const tally = /** @type {Tally} */ (tallies[i]);
    return Array.from({ length: stream.workers }, () => runWorker(first.baseUrl, stream, states[i], tally, stopAt));
  });

  await new Promise((resolve) => setTimeout(resolve, runSeconds * 1000));
  const inFlight = tallies.reduce((n, t) => n + t.sent - t.records.length - t.refused.length, 0);
  first.child.kill("SIGKILL");
  const killed = await first.exited;
  await Promise.all(workers);
  console.log(`Killed with ${killed.signal} after ${runSeconds} s, ${inFlight} request(s) in flight.`);

  const second = await startServer({ databaseFile, port: await freePort(), buildDirectory, env });
  let failed = false;
  const reader = postgresql ? await postgresqlReader(postgresql.url) : sqliteReader(databaseFile);
  try {
    if (postgresql) {
      // PostgreSQL replays its write-ahead log itself; its constraints were enforced on every write.
      console.log(`\nAfter restart (server ${second.pid}): PostgreSQL is serving the database again`);
    } else {
      const db = new Database(databaseFile, { readonly: true });
      const integrity = db.pragma("integrity_check", { simple: true });
      const foreignKeys = /** @type {unknown[]} */ (db.pragma("foreign_key_check"));
      db.close();
      console.log(
        `\nAfter restart (server ${second.pid}): integrity_check = ${integrity}, foreign_key_check = ${foreignKeys.length === 0 ? "ok" : `${foreignKeys.length} problems`}`,
      );
      if (integrity !== "ok" || foreignKeys.length > 0) failed = true;
    }

    console.log(
      `\n${"stream".padEnd(20)} ${"sent".padStart(6)} ${"acknowledged".padStart(13)} ${"refused".padStart(8)} ${"cut off".padStart(8)} ${"present".padStart(8)} ${"missing".padStart(8)}`,
    );
    for (const [i, stream] of STREAMS.entries()) {
      const t = tallies[i];
      if (!t) continue;
      const missing = await stream.missing(reader.query, t.records);
      console.log(
        `${stream.name.padEnd(20)} ${String(t.sent).padStart(6)} ${String(t.records.length).padStart(13)} ${String(t.refused.length).padStart(8)} ${String(t.cut).padStart(8)} ${String(t.records.length - missing.length).padStart(8)} ${String(missing.length).padStart(8)}`,
      );
      if (t.records.length === 0) {
        console.error(`  ${stream.name}: no write was acknowledged, so this stream proved nothing`);
        failed = true;
      }
      if (t.refused.length > 0) console.error(`  ${stream.name}: refused, e.g. ${t.refused.slice(0, 3).join("; ")}`);
      if (missing.length > 0) {
        console.error(`  LOST: ${missing.slice(0, 10).join(", ")}`);
        failed = true;
      }
    }

    // The restarted server serves what it acknowledged before the crash.
    const sample = tallies[0]?.records.at(-1);
    if (sample) {
      const page = await fetch(`${second.baseUrl}/bookings/${sample.id}`, { headers: { Cookie: sample.cookie } });
      console.log(`\nThe last acknowledged booking, read back through the restarted server: HTTP ${page.status}`);
      if (page.status !== 200) failed = true;
    }
  } finally {
    await reader.close();
    second.child.kill("SIGTERM");
    const stopped = await second.exited;
    if (stopped.code !== 0) console.error(`The restarted server did not stop cleanly (${stopped.code ?? stopped.signal})`);
  }

  if (failed) {
    console.error(`\nCRASH DRILL FAILED. The database is kept at ${postgresql ? postgresql.url : databaseFile}`);
    process.exit(1);
  }
  await postgresql?.remove();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log("\nCrash drill passed: every acknowledged write survived the kill.");
}

await main();

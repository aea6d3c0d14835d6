// @ts-check
// `npm run bench`: how fast the built server answers the pages people use most, on this machine.
//
// Builds if needed, starts the built server on a copy of the demo data (own port, loopback only) and
// drives each scenario below with autocannon, one after another. Prints requests per second,
// p50/p95/p99 latency and errors per scenario, and the server's peak resident memory.
// BENCH_SECONDS (default 15) and BENCH_CONNECTIONS (default: each scenario's own) override the load;
// BENCH_ONLY=name,name runs some scenarios only. e.g. BENCH_SECONDS=3 npm run bench
import { randomBytes, randomInt } from "node:crypto";
import path from "node:path";
import fs from "node:fs";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { demoDatabaseCopy, ensureBuild, freePort, printTable, residentMemory, scratchDirectory, sessionCookieFor, startServer } from "./lib/harness.mjs";

const buildDirectory = process.env.BUILD_DIR ?? "build";
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const connectionsOverride = process.env.BENCH_CONNECTIONS ? Number(process.env.BENCH_CONNECTIONS) : undefined;
const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());

/** Targets from the service's performance budget (2 cores). */
const TARGETS = {
  staff: { requestsPerSecond: 150, p95: 100 },
  pupil: { requestsPerSecond: 0, p95: 300 },
};

// ---------------------------------------------------------------------------------------------------
// THE SCENARIOS. `request(ctx)` returns what autocannon sends (method, path, headers, body); ctx has
// cookies per demo user and ids looked up in `lookup`. `kind` picks the target. To add one (the reach
// dashboard, the pupil survey page, a survey submission at 60 connections), add an entry here.
// `expect` lists the statuses that count as success (default 200); `paths` sends requests to each in turn.
// ---------------------------------------------------------------------------------------------------
/**
 * @typedef {{ baseUrl: string, cookies: Record<"teacher" | "lead" | "mvp", string>, ids: ReturnType<typeof lookup> }} Context
 * @typedef {{ method: string, path?: string, paths?: string[], headers?: Record<string, string>, body?: string }} ScenarioRequest
 * @typedef {{ name: string, kind: keyof typeof TARGETS, connections: number, expect?: number[], request: (ctx: Context) => ScenarioRequest }} Scenario
 */
/** @type {Scenario[]} */
const SCENARIOS = [
  { name: "sign-in page", kind: "staff", connections: 10, request: () => ({ method: "GET", path: "/sign-in" }) },
  { name: "teacher's home", kind: "staff", connections: 10, request: (ctx) => ({ method: "GET", path: "/", headers: { cookie: ctx.cookies.teacher } }) },
  {
    name: "deliveries list",
    kind: "staff",
    connections: 10,
    request: (ctx) => ({ method: "GET", path: "/sessions", headers: { cookie: ctx.cookies.teacher } }),
  },
  {
    name: "booking page",
    kind: "staff",
    connections: 10,
    request: (ctx) => ({ method: "GET", path: `/sessions/deliveries/${ctx.ids.bookableDelivery}/book`, headers: { cookie: ctx.cookies.teacher } }),
  },
  { name: "reach dashboard", kind: "staff", connections: 10, request: (ctx) => ({ method: "GET", path: "/reach", headers: { cookie: ctx.cookies.lead } }) },
  { name: "pupil survey page", kind: "pupil", connections: 10, request: (ctx) => ({ method: "GET", path: `/s/${ctx.ids.surveyCodes[0]}` }) },
  {
    // Each answer comes from a new browser (no cookie), as from a class of phones. The answers go to 40
    // surveys in turn, as when many classes answer at once: one survey takes 300 answers a minute.
    name: "survey submission",
    kind: "pupil",
    connections: 60,
    expect: [302],
    request: (ctx) => ({
      method: "POST",
      paths: ctx.ids.surveyCodes.map((code) => `/s/${code}`),
      // The page's own Origin, as a browser sends it: the server refuses a POST without one (CSRF).
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ctx.baseUrl },
      body: ctx.ids.surveyAnswers,
    }),
  },
];

/**
 * Ids the scenarios need, read from the demo data before the server starts.
 * @param {import("better-sqlite3").Database} db
 */
function lookup(db) {
  const row = /** @type {{ id: string } | undefined} */ (
    db
      .prepare(
        `SELECT d.id FROM Delivery d WHERE d.status = 'SCHEDULED' AND d.bookingClosesAt > ? AND NOT EXISTS
         (SELECT 1 FROM Booking b JOIN User u ON u.schoolId = b.schoolId WHERE b.deliveryId = d.id AND u.email = 'teacher@example.org')
       ORDER BY d.startsAt LIMIT 1`,
      )
      .get(new Date().toISOString())
  );
  const bookableDelivery = row?.id;
  if (!bookableDelivery) throw new Error("The demo data has no session the demo teacher can book");
  return { bookableDelivery, ...openSurveys(db) };
}

/**
 * Forty open surveys at the demo school, and a full set of answers to their questions.
 * @param {import("better-sqlite3").Database} db
 */
function openSurveys(db) {
  const template = /** @type {{ id: string, phase: string, context: string }} */ (
    db.prepare("SELECT id, phase, context FROM SurveyTemplate WHERE family = 'knife-crime-before' AND status = 'PUBLISHED' ORDER BY version DESC LIMIT 1").get()
  );
  const { schoolId } = /** @type {{ schoolId: string }} */ (db.prepare("SELECT schoolId FROM User WHERE email = 'teacher@example.org'").get());
  const now = new Date();
  const year = now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  const surveyCodes = Array.from({ length: 40 }, () => {
    const code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
    db.prepare(
      "INSERT INTO SurveyRun (id, code, templateId, schoolId, phase, context, academicYear, responseCount, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)",
    ).run(`bench${randomBytes(8).toString("hex")}`, code, template.id, schoolId, template.phase, template.context, year, now.toISOString());
    return code;
  });
  const questions = /** @type {{ id: string, type: string }[]} */ (
    db.prepare("SELECT id, type FROM SurveyQuestion WHERE templateId = ? AND type <> 'FREE_TEXT' ORDER BY position").all(template.id)
  );
  const answers = new URLSearchParams(questions.map((q) => [`q-${q.id}`, q.type === "AGREEMENT" ? "4" : "1"]));
  answers.set("page", "99");
  return { surveyCodes, surveyAnswers: answers.toString() };
}

/** The survey code alphabet (app/lib/survey-code.ts): no 0, O, 1, I or L. */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/**
 * @param {number[]} sorted
 * @param {number} p
 */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/**
 * @param {string} baseUrl
 * @param {Scenario} scenario
 * @param {Context} ctx
 */
async function runScenario(baseUrl, scenario, ctx) {
  const { method, path: urlPath, paths, headers = {}, body } = scenario.request(ctx);
  const expected = new Set(scenario.expect ?? [200]);
  /** @type {number[]} */
  const latencies = [];
  let unexpected = 0;
  /** @type {Map<number, number>} */
  const statuses = new Map();
  let turn = 0;
  const instance = autocannon({
    url: `${baseUrl}${urlPath ?? paths?.[0]}`,
    method,
    headers,
    body,
    connections: connectionsOverride ?? scenario.connections,
    duration: seconds,
    timeout: 10,
    ...(paths ? { requests: [{ method, headers, body, setupRequest: (request) => ({ ...request, path: paths[turn++ % paths.length] }) }] } : {}),
  });
  instance.on("response", (_client, status, _bytes, responseTime) => {
    latencies.push(responseTime);
    if (!expected.has(status)) {
      unexpected++;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  if (statuses.size > 0 || result.timeouts > 0 || result.errors > 0) {
    console.log(
      `\n  ${scenario.name}: unexpected statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${result.timeouts} timeouts, ${result.errors} connection errors`,
    );
  }
  return {
    name: scenario.name,
    kind: scenario.kind,
    connections: connectionsOverride ?? scenario.connections,
    requestsPerSecond: result.requests.average,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts + unexpected,
    total: result.requests.total,
  };
}

async function main() {
  ensureBuild(buildDirectory);
  const dir = scratchDirectory("bench");
  const databaseFile = path.join(dir, "app.db");
  await demoDatabaseCopy(databaseFile);
  const db = new Database(databaseFile);
  const ids = lookup(db);
  db.close();
  const cookies = {
    teacher: sessionCookieFor(databaseFile, "teacher@example.org"),
    lead: sessionCookieFor(databaseFile, "lead@example.org"),
    mvp: sessionCookieFor(databaseFile, "mvp@example.org"),
  };

  const server = await startServer({ databaseFile, port: await freePort(), buildDirectory });
  let peak = residentMemory(server.pid) ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, residentMemory(server.pid) ?? 0)), 200);
  const results = [];
  try {
    for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.name))) {
      process.stdout.write(`${scenario.name}... `);
      const r = await runScenario(server.baseUrl, scenario, { baseUrl: server.baseUrl, cookies, ids });
      results.push(r);
      console.log(`${r.requestsPerSecond.toFixed(0)} req/s`);
    }
  } finally {
    clearInterval(sampler);
    server.child.kill("SIGTERM");
    await server.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }

  console.log(`\n${seconds} s per scenario on ${server.baseUrl.replace(/:\d+$/, "")} (loopback)\n`);
  const header = ["scenario", "conns", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "target"];
  const rows = results.map((r) => {
    const target = TARGETS[r.kind];
    const meets = r.requestsPerSecond >= target.requestsPerSecond && r.p95 < target.p95 && r.errors === 0;
    return [
      r.name,
      r.connections,
      r.requestsPerSecond.toFixed(0),
      r.p50.toFixed(1),
      r.p95.toFixed(1),
      r.p99.toFixed(1),
      r.errors,
      meets ? "met" : "MISSED",
    ].map(String);
  });
  printTable(header, rows, 1);
  console.log(`\nPeak resident memory of the server: ${(peak / 1024 / 1024).toFixed(0)} MB (budget 300 MB)`);
  console.log(
    `Targets: staff pages at least ${TARGETS.staff.requestsPerSecond} req/s with p95 under ${TARGETS.staff.p95} ms; pupil pages p95 under ${TARGETS.pupil.p95} ms; no errors.`,
  );
}

await main();

// @ts-check
// `npm run bench`: how fast the built server answers the pages people use most, on this machine.
//
// Builds if needed, starts the built server on a copy of the demo data (own port, loopback only) and
// drives each scenario (lib/bench-scenarios.mjs) with autocannon, one after another. Each page's requests per second are
// judged against the app's own page with no data (`/accessibility`), measured on the same server for half
// as long (at least 2 s) before and after the page, so a machine whose speed drifts during the run moves
// both alike. With both worker counts, both servers run side by side and take each scenario in turn (so a
// page's reference runs on one server have the other server's run of that page between them), and the
// 2-worker/1-worker ratio compares figures minutes apart, not a whole run apart. Prints per scenario
// requests per second, the reference's beside it (`ref req/s`), their ratio, the server's own CPU per
// response (every thread of every process, and the workers' main threads alone), the load generator's
// own CPU per response (autocannon, in this process, shares the machine's cores with the server),
// p50/p95/p99 latency, time-outs and errors; with both worker counts, each signed-in page's
// 2-worker/1-worker ratio; and the peak resident memory of every worker and of the primary. Exits 1 when any target is missed.
// BENCH_SECONDS (default 15) and BENCH_CONNECTIONS (default: each scenario's own) override the load;
// BENCH_ONLY=name,name runs some scenarios only (the reference page always runs); BENCH_WORKERS=1, =2
// or =1,2 (default) runs the server with that many workers (WEB_CONCURRENCY). Before anything is timed, each
// server runs every chosen page that only reads (all but the survey submission) for BENCH_WARMUP_SECONDS
// (default 6; 0 for none) each, untimed, so the figures are those of a server that has been serving for a
// while, not of code V8 is still compiling; time-outs or errors then still fail the bench. e.g. BENCH_SECONDS=3 npm run bench
import { execFileSync } from "node:child_process";
import path from "node:path";
import fs from "node:fs";
import autocannon from "autocannon";
import { REFERENCE, scenarioData, SCENARIOS, TARGETS, WORKER_MEMORY_BUDGET } from "./lib/bench-scenarios.mjs";
import { demoDatabaseCopy, ensureBuild, freePort, percentile, printTable, residentMemory, scratchDirectory, startServer } from "./lib/harness.mjs";

/**
 * @typedef {import("./lib/bench-scenarios.mjs").Context} Context
 * @typedef {import("./lib/bench-scenarios.mjs").Scenario} Scenario
 */

const buildDirectory = process.env.BUILD_DIR ?? "build";
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const connectionsOverride = process.env.BENCH_CONNECTIONS ? Number(process.env.BENCH_CONNECTIONS) : undefined;
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS || 6);
if (!Number.isFinite(warmupSeconds) || warmupSeconds < 0) throw new Error("BENCH_WARMUP_SECONDS must be a number of seconds, 0 or more");
const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
const workerCounts = (process.env.BENCH_WORKERS ?? "1,2").split(",").map((s) => Number(s.trim()));
if (workerCounts.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("BENCH_WORKERS must be 1, 2 or 1,2");

/**
 * @param {string} baseUrl
 * @param {Scenario} scenario
 * @param {Context} ctx
 * @param {number} duration seconds
 */
async function runScenario(baseUrl, scenario, ctx, duration = seconds) {
  const { method, path: urlPath, paths, headers = {}, body } = scenario.request(ctx);
  const expected = new Set(scenario.expect ?? [200]);
  /** @type {number[]} */
  const latencies = [];
  let unexpected = 0;
  /** @type {Map<number, number>} */
  const statuses = new Map();
  let turn = 0;
  const clientCpu = process.cpuUsage();
  const instance = autocannon({
    url: `${baseUrl}${urlPath ?? paths?.[0]}`,
    method,
    headers,
    body,
    connections: connectionsOverride ?? scenario.connections,
    duration,
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
  const { user, system } = process.cpuUsage(clientCpu);
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
    /** The reference page's requests per second on either side of this run (set by the caller). */
    reference: NaN,
    latencies,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    timeouts: result.timeouts,
    // autocannon counts a time-out as an error too; here errors are the rest: failed connections, wrong statuses.
    errors: result.errors - result.timeouts + unexpected,
    /** Responses received, whatever their status. */
    responses: latencies.length,
    /** The server's CPU per response in ms, every thread of every process and the main threads alone (set by the caller). */
    cpu: { all: NaN, main: NaN },
    /** This process's CPU per response in ms: autocannon's, sending and reading on the same cores as the server. */
    client: (user + system) / 1000 / Math.max(1, latencies.length),
  };
}

/**
 * The process ids of the server's workers: the primary's child processes (Linux), or none when the
 * primary serves alone.
 * @param {number} primary
 * @returns {number[]}
 */
function workerPids(primary) {
  try {
    return fs
      .readdirSync(`/proc/${primary}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${primary}/task/${task}/children`, "utf8").trim().split(/\s+/))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Milliseconds in one of the kernel's clock ticks, the unit of /proc's CPU times. */
const MS_PER_TICK = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/**
 * The CPU time, in ms, that the server has used so far: every thread of the primary and of each worker
 * (`all`: V8's helper threads included), and the workers' main threads alone (`main`: the primary's when
 * it serves alone), which is what bounds a worker's requests a second. From /proc, in clock ticks.
 * @param {number} primary
 */
function serverCpu(primary) {
  /** @param {string} file */
  const ticks = (file) => {
    try {
      const fields = fs.readFileSync(file, "utf8").split(") ")[1]?.split(" ") ?? [];
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  const workers = workerPids(primary);
  const all = [primary, ...workers].reduce((sum, pid) => sum + ticks(`/proc/${pid}/stat`), 0);
  const main = (workers.length > 0 ? workers : [primary]).reduce((sum, pid) => sum + ticks(`/proc/${pid}/task/${pid}/stat`), 0);
  return { all: all * MS_PER_TICK, main: main * MS_PER_TICK };
}

/**
 * Samples the resident memory of the primary and of each worker every 200 ms; `peaks()` gives the
 * highest seen per process, in bytes. A worker that was replaced keeps its own entry.
 * @param {number} primary
 */
function memorySampler(primary) {
  /** @type {Map<number, number>} */
  const peaks = new Map();
  const sample = () => {
    for (const pid of [primary, ...workerPids(primary)]) {
      const rss = residentMemory(pid);
      if (rss !== undefined) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, rss));
    }
  };
  sample();
  const timer = setInterval(sample, 200);
  return {
    stop: () => clearInterval(timer),
    primary: () => peaks.get(primary) ?? 0,
    workers: () => [...peaks].filter(([pid]) => pid !== primary).map(([pid, peak]) => ({ pid, peak })),
  };
}

/**
 * Starts a server with `workers` workers on a fresh copy of the demo data, and reads what the scenarios
 * need from it. `stop()` stops the server and removes the copy.
 * @param {number} workers
 */
async function startRun(workers) {
  const dir = scratchDirectory("bench");
  const databaseFile = path.join(dir, "app.db");
  await demoDatabaseCopy(databaseFile);
  const { cookies, ids } = scenarioData(databaseFile, buildDirectory);
  const server = await startServer({ databaseFile, port: await freePort(), buildDirectory, env: { WEB_CONCURRENCY: String(workers) } });
  const memory = memorySampler(/** @type {number} */ (server.pid));
  /** @type {Awaited<ReturnType<typeof runScenario>>[]} */
  const results = [];
  /** @type {Awaited<ReturnType<typeof runScenario>>[]} */
  const references = [];
  /** @type {string[]} Pages that had time-outs or errors while the server warmed up. */
  const warmupFailures = [];
  return {
    workers,
    warmupFailures,
    server,
    memory,
    results,
    references,
    /** @type {Context} */
    ctx: { baseUrl: server.baseUrl, cookies, ids },
    async stop() {
      memory.stop();
      server.child.kill("SIGTERM");
      await server.exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The scenarios BENCH_ONLY names (all when it is not set), the reference page aside: it runs around each.
 * Throws for a name that is no scenario, so a typing mistake does not pass as a bench with every target met.
 */
function chosenScenarios() {
  const unknown = (only ?? []).filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY names no scenario: ${unknown.join(", ")}. The scenarios: ${SCENARIOS.map((s) => s.name).join(", ")}.`);
  return SCENARIOS.filter((s) => s.name !== REFERENCE && (!only || only.includes(s.name)));
}

/**
 * Runs every chosen scenario on each server in turn (scenario by scenario, so the worker counts are
 * measured close together), each between two runs of the reference page half its length (at least 2 s),
 * after an untimed run of every page that only reads, on each server, to warm it up.
 * @param {Awaited<ReturnType<typeof startRun>>[]} runs
 */
async function runScenarios(runs) {
  const reference = /** @type {Scenario} */ (SCENARIOS.find((s) => s.name === REFERENCE));
  const referenceSeconds = Math.max(2, Math.round(seconds / 2));
  const measureReference = async (/** @type {Awaited<ReturnType<typeof startRun>>} */ run) => {
    const cpuBefore = serverCpu(/** @type {number} */ (run.server.pid));
    const r = await runScenario(run.server.baseUrl, reference, run.ctx, referenceSeconds);
    const cpuAfter = serverCpu(/** @type {number} */ (run.server.pid));
    r.cpu = { all: (cpuAfter.all - cpuBefore.all) / r.responses, main: (cpuAfter.main - cpuBefore.main) / r.responses };
    run.references.push(r);
    return r.requestsPerSecond;
  };
  const chosen = chosenScenarios();
  // A fresh server is slower for its first thousands of requests, while V8 compiles and optimises the
  // code each page runs: not a figure to judge by, and one that would count against two workers, each of
  // which sees half the requests and so warms up half as fast. Every page that only reads is run untimed
  // first (the submission writes answers, which would change the data the timed runs see).
  // Its time-outs and errors still count: a page that fails only while the server is cold fails the bench.
  const warmups = [reference, ...chosen.filter((s) => s.kind !== "submission")];
  for (const run of runs) {
    const name = `${run.workers} worker${run.workers === 1 ? "" : "s"}`;
    if (warmupSeconds === 0) {
      console.log(`  ${name}: no warm-up (BENCH_WARMUP_SECONDS=0)`);
      continue;
    }
    process.stdout.write(`  ${name}: warming up (${warmups.length} pages, ${warmupSeconds} s each, untimed)... `);
    for (const scenario of warmups) {
      const r = await runScenario(run.server.baseUrl, scenario, run.ctx, warmupSeconds);
      if (r.timeouts > 0 || r.errors > 0) run.warmupFailures.push(`${scenario.name}: ${r.timeouts} time-outs, ${r.errors} errors`);
    }
    console.log(run.warmupFailures.length > 0 ? `time-outs or errors: ${run.warmupFailures.join("; ")}` : "done");
  }
  if (chosen.length === 0) for (const run of runs) await measureReference(run);
  /** The reference page's last figure on each server. */
  /** @type {Map<object, number>} */
  const before = new Map();
  for (const scenario of chosen) {
    for (const run of runs) {
      process.stdout.write(`  ${run.workers} worker${run.workers === 1 ? "" : "s"}: ${scenario.name}... `);
      const earlier = before.get(run) ?? (await measureReference(run));
      const cpuBefore = serverCpu(/** @type {number} */ (run.server.pid));
      const r = await runScenario(run.server.baseUrl, scenario, run.ctx);
      const cpuAfter = serverCpu(/** @type {number} */ (run.server.pid));
      r.cpu = { all: (cpuAfter.all - cpuBefore.all) / r.responses, main: (cpuAfter.main - cpuBefore.main) / r.responses };
      const later = await measureReference(run);
      before.set(run, later);
      r.reference = (earlier + later) / 2;
      run.results.push(r);
      console.log(`${r.requestsPerSecond.toFixed(0)} req/s (reference ${r.reference.toFixed(0)})`);
    }
  }
  for (const run of runs) {
    // The reference page's own row: every run of it, together.
    const latencies = run.references.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const requestsPerSecond = run.references.reduce((sum, r) => sum + r.requestsPerSecond, 0) / run.references.length;
    const [first] = run.references;
    if (!first) continue;
    const responses = run.references.reduce((sum, r) => sum + r.responses, 0);
    run.results.unshift({
      ...first,
      requestsPerSecond,
      reference: requestsPerSecond,
      latencies,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      timeouts: run.references.reduce((sum, r) => sum + r.timeouts, 0),
      errors: run.references.reduce((sum, r) => sum + r.errors, 0),
      responses,
      cpu: {
        all: run.references.reduce((sum, r) => sum + r.cpu.all * r.responses, 0) / responses,
        main: run.references.reduce((sum, r) => sum + r.cpu.main * r.responses, 0) / responses,
      },
      client: run.references.reduce((sum, r) => sum + r.client * r.responses, 0) / responses,
    });
  }
}

/**
 * The scenario's figures against its targets: the cell for the table and whether all were met.
 * @param {Awaited<ReturnType<typeof runScenario>>} r
 */
function judge(r) {
  /** @type {{ ratio?: number, p95?: number, p99?: number }} */
  const target = TARGETS[r.kind];
  const missed = [];
  if (target.ratio !== undefined && !(r.requestsPerSecond / r.reference >= target.ratio)) missed.push(`ratio < ${target.ratio}`);
  if (target.p95 !== undefined && !(r.p95 < target.p95)) missed.push(`p95 >= ${target.p95}`);
  if (target.p99 !== undefined && !(r.p99 < target.p99)) missed.push(`p99 >= ${target.p99}`);
  if (r.timeouts > 0) missed.push("time-outs");
  if (r.errors > 0) missed.push("errors");
  return { met: missed.length === 0, cell: missed.length === 0 ? "met" : `MISSED (${missed.join(", ")})` };
}

const mb = (/** @type {number} */ bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  ensureBuild(buildDirectory);
  /** @type {Awaited<ReturnType<typeof startRun>>[]} */
  const runs = [];
  chosenScenarios();
  try {
    for (const workers of workerCounts) runs.push(await startRun(workers));
    console.log(`\nServers: ${runs.map((run) => `${run.workers} worker${run.workers === 1 ? "" : "s"} (WEB_CONCURRENCY=${run.workers})`).join(", ")}`);
    await runScenarios(runs);
  } finally {
    await Promise.allSettled(runs.map((run) => run.stop()));
  }

  let allMet = true;
  for (const run of runs) {
    console.log(
      `\n${seconds} s per scenario, ${run.workers} worker${run.workers === 1 ? "" : "s"}, loopback; ` +
        `ratio = req/s over ${REFERENCE}'s on either side of it (ref req/s); CPU ms = the server's CPU per response, ` +
        `every thread of every process; main ms = the workers' main threads alone; bench ms = the load generator's CPU per response, ` +
        `on the same cores\n`,
    );
    const header = [
      "scenario",
      "conns",
      "req/s",
      "ref req/s",
      "ratio",
      "CPU ms",
      "main ms",
      "bench ms",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "timeouts",
      "errors",
      "target",
    ];
    const rows = run.results.map((r) => {
      const { met, cell } = judge(r);
      allMet &&= met;
      return [
        r.name,
        r.connections,
        r.requestsPerSecond.toFixed(0),
        r.reference.toFixed(0),
        (r.requestsPerSecond / r.reference).toFixed(2),
        r.cpu.all.toFixed(2),
        r.cpu.main.toFixed(2),
        r.client.toFixed(2),
        r.p50.toFixed(1),
        r.p95.toFixed(1),
        r.p99.toFixed(1),
        r.timeouts,
        r.errors,
        cell,
      ].map(String);
    });
    printTable(header, rows, 1);
    console.log("");
    // A primary that forked no workers serves the requests itself: it is then the one worker.
    const workerPeaks = run.memory.workers();
    const alone = workerPeaks.length === 0;
    for (const { pid, peak } of alone ? [{ pid: /** @type {number} */ (run.server.pid), peak: run.memory.primary() }] : workerPeaks) {
      const met = peak < WORKER_MEMORY_BUDGET;
      allMet &&= met;
      console.log(`Peak resident memory, worker ${pid}: ${mb(peak)} (budget ${mb(WORKER_MEMORY_BUDGET)}) ${met ? "met" : "MISSED"}`);
    }
    console.log(alone ? "(The primary served alone: no worker processes.)" : `Peak resident memory, primary: ${mb(run.memory.primary())}`);
    if (run.warmupFailures.length > 0) {
      allMet = false;
      console.log(`MISSED: time-outs or errors while warming up: ${run.warmupFailures.join("; ")}`);
    }
  }

  const one = runs.find((run) => run.workers === 1);
  const two = runs.find((run) => run.workers === 2);
  if (one && two) {
    console.log(`\nTwo workers against one (signed-in pages, target at least ${TARGETS.staff.scaling}):\n`);
    const rows = one.results
      .filter((r) => r.kind === "staff")
      .map((r) => {
        const ratio = (two.results.find((t) => t.name === r.name)?.requestsPerSecond ?? NaN) / r.requestsPerSecond;
        const met = ratio >= TARGETS.staff.scaling;
        allMet &&= met;
        return [r.name, r.requestsPerSecond.toFixed(0), (ratio * r.requestsPerSecond).toFixed(0), ratio.toFixed(2), met ? "met" : "MISSED"];
      });
    printTable(["scenario", "1 worker", "2 workers", "ratio", "target"], rows, 1);
  }
  console.log(
    `\nTargets: each signed-in page at least ${TARGETS.staff.ratio} of ${REFERENCE}'s req/s; pupil page p95 under ${TARGETS.pupil.p95} ms; ` +
      `survey submission p95 under ${TARGETS.submission.p95} ms and p99 under ${TARGETS.submission.p99} ms; no time-outs or errors; ` +
      `each worker under ${mb(WORKER_MEMORY_BUDGET)}; 2 workers at least ${TARGETS.staff.scaling} times 1 worker.`,
  );
  console.log(allMet ? "Every target met." : "Some targets were MISSED.");
  process.exitCode = allMet ? 0 : 1;
}

await main();

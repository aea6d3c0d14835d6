// @ts-check
// `npm run bench:profile`: where each page of `npm run bench` spends the server's time, on this machine.
//
// Starts the built server with one worker (serving in its own process) under V8's sampling profiler
// (`--cpu-prof`, asking for a sample every 250 µs), on a copy of the demo data. Drives every scenario of
// the bench with autocannon untimed to warm the server up, then each for the measured run, the reference
// page first and again last, noting when each measured run began and ended. Once the server has stopped
// and written its profile, prints for each page the main thread's busy time per response (not idle, by
// the clock) split into parts (lib/cpu-profile.mjs: data, React's rendering, the loader data written for
// the browser, the app's own code, Remix, Node's HTTP server and the rest, garbage collection), each
// page's busy time over the reference page's (both its runs), and each page's functions that took most.
// Each page's slice of the profile is saved as a .cpuprofile file that Chrome's DevTools opens
// (Performance tab); the folder's earlier files are removed first. The profiler slows the server a
// little: its requests a second are not the bench's figures. BENCH_SECONDS (default 8) per measured run,
// BENCH_WARMUP_SECONDS (default 6) per warm-up, BENCH_ONLY=name,name for some scenarios only (the
// reference page always runs), BENCH_TOP (default 5) functions per page, BENCH_PROFILE_DIR for the files
// (default tests/.data/profiles). Each scenario uses its own number of connections.
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { REFERENCE, scenarioData, SCENARIOS } from "./lib/bench-scenarios.mjs";
import { PARTS, sliceProfile, whereTimeGoes } from "./lib/cpu-profile.mjs";
import { makeDirectory } from "./lib/directories.mjs";
import { demoDatabaseCopy, ensureBuild, freePort, printTable, root, scratchDirectory, startServer } from "./lib/harness.mjs";

/**
 * The number in the environment variable `name`, or `fallback` when it is unset. Throws for one that is
 * not a number or is under `least`.
 * @param {string} name
 * @param {number} fallback
 * @param {number} least
 */
function numberFrom(name, fallback, least) {
  const value = process.env[name] ? Number(process.env[name]) : fallback;
  if (!Number.isFinite(value) || value < least) throw new Error(`${name} must be a number, ${least} or more`);
  return value;
}

const buildDirectory = process.env.BUILD_DIR ?? "build";
const seconds = numberFrom("BENCH_SECONDS", 8, 1);
const warmupSeconds = numberFrom("BENCH_WARMUP_SECONDS", 6, 0);
const top = numberFrom("BENCH_TOP", 5, 0);
const outputDirectory = path.resolve(root, process.env.BENCH_PROFILE_DIR ?? "tests/.data/profiles");
const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
const unknown = (only ?? []).filter((name) => !SCENARIOS.some((s) => s.name === name));
if (unknown.length > 0) throw new Error(`BENCH_ONLY names no scenario: ${unknown.join(", ")}. The scenarios: ${SCENARIOS.map((s) => s.name).join(", ")}.`);
const chosen = SCENARIOS.filter((s) => s.name === REFERENCE || !only || only.includes(s.name));

/** Now, in microseconds of the monotonic clock V8's profiler stamps its samples with. */
const nowMicroseconds = () => Number(process.hrtime.bigint() / 1000n);

/**
 * Drives `scenario` for `duration` seconds; the responses received, and how many were not what it expects
 * (time-outs, failed connections and unexpected statuses).
 * @param {import("./lib/bench-scenarios.mjs").Scenario} scenario
 * @param {import("./lib/bench-scenarios.mjs").Context} ctx
 * @param {number} duration
 */
async function drive(scenario, ctx, duration) {
  const { method, path: urlPath, paths, headers = {}, body } = scenario.request(ctx);
  const expected = new Set(scenario.expect ?? [200]);
  let turn = 0;
  let responses = 0;
  let unexpected = 0;
  const instance = autocannon({
    url: `${ctx.baseUrl}${urlPath ?? paths?.[0]}`,
    method,
    headers,
    body,
    connections: scenario.connections,
    duration,
    timeout: 10,
    ...(paths ? { requests: [{ method, headers, body, setupRequest: (request) => ({ ...request, path: paths[turn++ % paths.length] }) }] } : {}),
  });
  instance.on("response", (_client, status) => {
    responses++;
    if (!expected.has(status)) unexpected++;
  });
  const result = await instance;
  return { responses, failures: result.errors + unexpected };
}

async function main() {
  ensureBuild(buildDirectory);
  const dir = scratchDirectory("bench-profile");
  try {
    const windows = await profiledRun(dir);
    const [file] = fs.readdirSync(path.join(dir, "profile")).filter((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error("The server stopped without writing its CPU profile");
    /** @type {import("./lib/cpu-profile.mjs").CpuProfile} */
    const profile = JSON.parse(fs.readFileSync(path.join(dir, "profile", file), "utf8"));
    report(profile, windows);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Serves a copy of the demo data in `dir` under the profiler (which writes its profile to `dir`/profile
 * when the server stops), warms every chosen page up, then drives each for `seconds`: the reference page
 * first and again last. Resolves, once the server has stopped, to each measured run's window (µs).
 * @param {string} dir
 */
async function profiledRun(dir) {
  const databaseFile = path.join(dir, "app.db");
  await demoDatabaseCopy(databaseFile);
  const data = scenarioData(databaseFile, buildDirectory);
  const server = await startServer({
    databaseFile,
    port: await freePort(),
    buildDirectory,
    env: { WEB_CONCURRENCY: "1" },
    nodeFlags: ["--cpu-prof", `--cpu-prof-dir=${path.join(dir, "profile")}`, "--cpu-prof-interval=250"],
  });
  const ctx = { ...data, baseUrl: server.baseUrl };
  /** @type {{ name: string, from: number, to: number, responses: number, failures: number }[]} */
  const windows = [];
  try {
    if (warmupSeconds > 0) {
      process.stdout.write(`  warming up (${chosen.length} pages, ${warmupSeconds} s each, untimed)... `);
      for (const scenario of chosen) await drive(scenario, ctx, warmupSeconds);
      console.log("done");
    }
    const reference = /** @type {import("./lib/bench-scenarios.mjs").Scenario} */ (chosen.find((s) => s.name === REFERENCE));
    for (const scenario of [...chosen, reference]) {
      process.stdout.write(`  ${scenario.name}... `);
      const from = nowMicroseconds();
      const { responses, failures } = await drive(scenario, ctx, seconds);
      windows.push({ name: scenario.name, from, to: nowMicroseconds(), responses, failures });
      console.log(`${responses} responses${failures > 0 ? `, ${failures} time-outs, errors or unexpected statuses` : ""}`);
    }
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  return windows;
}

/**
 * Prints each page's parts, its busy time over the reference page's (both of the reference's runs
 * together) and its top functions, and saves each page's slice of `profile`.
 * @param {import("./lib/cpu-profile.mjs").CpuProfile} profile
 * @param {Awaited<ReturnType<typeof profiledRun>>} windows
 */
function report(profile, windows) {
  makeDirectory(outputDirectory);
  for (const old of fs.readdirSync(outputDirectory).filter((f) => f.endsWith(".cpuprofile"))) fs.rmSync(path.join(outputDirectory, old));
  const options = { top, buildDirectory: path.basename(buildDirectory) };
  /** @type {Map<string, ReturnType<typeof whereTimeGoes> & { responses: number, failures: number, topOf: number }>} */
  const byPage = new Map();
  for (const window of windows) {
    const slice = sliceProfile(profile, window.from, window.to);
    const found = whereTimeGoes(slice, options);
    const earlier = byPage.get(window.name);
    if (earlier) {
      // The reference page's second run: its figures join its first's.
      for (const part of /** @type {(keyof typeof PARTS)[]} */ (Object.keys(found.byPart))) earlier.byPart[part] += found.byPart[part];
      earlier.busy += found.busy;
      earlier.responses += window.responses;
      earlier.failures += window.failures;
      continue;
    }
    fs.writeFileSync(path.join(outputDirectory, `${window.name.replace(/[^a-z0-9]+/gi, "-")}.cpuprofile`), JSON.stringify(slice));
    // The top functions are those of a page's first run: `topOf` is that run's busy time.
    byPage.set(window.name, { ...found, responses: window.responses, failures: window.failures, topOf: found.busy });
  }
  const measured = [...byPage].map(([name, figures]) => ({ name, ...figures }));
  const partNames = /** @type {(keyof typeof PARTS)[]} */ (Object.keys(PARTS));
  const referenceBusy = (() => {
    const reference = measured.find((m) => m.name === REFERENCE);
    return reference && reference.responses > 0 ? reference.busy / reference.responses : NaN;
  })();
  const ms = (/** @type {number} */ microseconds, /** @type {number} */ responses) => (microseconds / 1000 / responses).toFixed(2);

  console.log(`\nThe main thread's busy time per response, ms, by part (one worker, ${seconds} s a page under the profiler):\n`);
  printTable(
    ["page", "responses", ...partNames, "busy", "÷ ref"],
    measured.map((m) => [
      m.name,
      String(m.responses),
      ...partNames.map((part) => ms(m.byPart[part], m.responses)),
      ms(m.busy, m.responses),
      (m.busy / m.responses / referenceBusy).toFixed(2),
    ]),
    1,
  );
  console.log(`\nParts: ${partNames.map((part) => `${part} = ${PARTS[part]}`).join("; ")}.`);
  if (top > 0) {
    for (const m of measured) {
      console.log(`\n${m.name}: the ${top} functions with most time of their own (share of busy time, first run)`);
      for (const [name, took] of m.topFunctions) console.log(`  ${((100 * took) / m.topOf).toFixed(1).padStart(5)}%  ${name}`);
    }
  }
  console.log(`\nEach page's profile: ${path.relative(root, outputDirectory)}/*.cpuprofile (Chrome DevTools, Performance tab, "Load profile").`);
  const failed = measured.filter((m) => m.failures > 0 || m.responses === 0);
  if (failed.length > 0) {
    console.error(`\nTime-outs, errors or unexpected statuses on: ${failed.map((m) => m.name).join(", ")}`);
    process.exitCode = 1;
  }
}

await main();

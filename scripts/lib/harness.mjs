// @ts-check
// Shared by the scripts that run the built server on their own copy of the data: the crash drill,
// the benchmarks and the shutdown test. Loopback only; every server gets its own port and database.
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * A port nobody is listening on right now: any the system gives, or, on a machine shared with other
 * servers, a free one of the range TEST_PORTS names ("3592-3599").
 * @returns {Promise<number>}
 */
export async function freePort() {
  const range = /^(\d+)-(\d+)$/.exec(process.env.TEST_PORTS ?? "");
  if (!range) return listenedOn(0);
  // Each process starts from a place of its own in the range (by its process id), so two test workers asking
  // at the same moment do not both take the first free port and then clash when their servers listen.
  const first = Number(range[1]);
  const size = Number(range[2]) - first + 1;
  for (let step = 0; step < size; step++) {
    const port = first + ((process.pid + step) % size);
    const free = await listenedOn(port).then(
      () => true,
      () => false,
    );
    if (free) return port;
  }
  throw new Error(`No port of TEST_PORTS (${process.env.TEST_PORTS}) is free`);
}

/**
 * Listens on `port` (0: any) of the loopback address and lets it go at once.
 * @param {number} port
 * @returns {Promise<number>} the port listened on
 */
function listenedOn(port) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(port, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/** Builds the app into `buildDirectory` when there is no build there or the code changed since. */
export function ensureBuild(buildDirectory = process.env.BUILD_DIR ?? "build") {
  const marker = fs.statSync(path.join(root, buildDirectory, "server/index.js"), { throwIfNoEntry: false });
  const sources = ["app", "public", "vite.config.ts", "remix.config.js", "package-lock.json", "tsconfig.json"];
  const newestSource = Math.max(...sources.map((s) => newestChange(path.join(root, s))));
  if (marker && marker.mtimeMs >= newestSource) return;
  console.log(`Building the app into ${buildDirectory}/ ...`);
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", BUILD_DIR: buildDirectory },
  });
  if (result.status !== 0) throw new Error("The build failed");
}

/**
 * A consistent copy of a live SQLite database (SQLite's online backup), without its -wal/-shm.
 * @param {string} from
 * @param {string} to
 */
export async function copyDatabase(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(to);
  } finally {
    source.close();
  }
}

/**
 * @param {string} entry
 * @returns {number}
 */
function newestChange(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((newest, child) => Math.max(newest, newestChange(path.join(entry, child))), stat.mtimeMs);
}

/**
 * A fresh copy of the demo data at `file`. The demo database is made once (migrations and seed) and
 * kept under tests/.data until the migrations or the seed change.
 * @param {string} file
 */
export async function demoDatabaseCopy(file) {
  const stamp = Math.round(Math.max(newestChange(path.join(root, "prisma/migrations")), newestChange(path.join(root, "prisma/seed.ts"))));
  const template = path.join(root, "tests/.data", `demo-template-${stamp}.db`);
  if (!fs.existsSync(template)) {
    console.log("Preparing the demo data (once, kept for later runs)...");
    const scratch = `${template}.${process.pid}.tmp`;
    const result = spawnSync(process.execPath, [path.join(root, "scripts/prepare-db.mjs"), "--demo"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: `file:${scratch}` },
    });
    if (result.status !== 0) throw new Error(`Preparing the demo data failed:\n${result.stdout}${result.stderr}`);
    await copyDatabase(scratch, template);
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${scratch}${suffix}`, { force: true });
  }
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
  await copyDatabase(template, file);
  return file;
}

/**
 * Waits until `url` answers at all (any status), or throws after `timeoutMs`.
 * @param {string} url
 * @param {{ timeoutMs?: number, child?: import("node:child_process").ChildProcess }} [options]
 */
async function waitForHttp(url, { timeoutMs = 60_000, child } = {}) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child && child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} before answering`);
    try {
      await fetch(url, { redirect: "manual" });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/**
 * The V8 flags `npm start` runs the server with (package.json's start script and docs/deploy.md say the
 * same; cluster workers inherit them), so a worker stays under 256 MB resident (decisions 0069, 0089,
 * 0093): an old-generation limit of 112 MB (V8's whole heap limit is then 136 MB, about 110 MB of a worker
 * being outside the heap), and semi-spaces of 8 MB instead of V8's 16 (the young generation is two of
 * them, and V8 adds one to the old generation's growth before each full collection).
 */
export const SERVER_NODE_FLAGS = ["--max-old-space-size=112", "--max-semi-space-size=8"];

/**
 * Starts the built server (`npm start`'s script, without rebuilding) on `databaseFile` and `port`, with
 * Node's flags `npm start` gives it and any `nodeFlags` after them. Resolves once it answers. `exited`
 * resolves with the exit code and signal when it stops. `checkout` is the folder of the code to start
 * (this one unless told): its start script, its migrations and its build.
 * @param {{ databaseFile: string, port: number, buildDirectory?: string, quiet?: boolean, env?: Record<string, string>, nodeFlags?: string[], checkout?: string }} options
 */
export async function startServer({
  databaseFile,
  port,
  buildDirectory = process.env.BUILD_DIR ?? "build",
  quiet = true,
  env = {},
  nodeFlags = [],
  checkout = root,
}) {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...nodeFlags, path.join(checkout, "scripts/start.mjs"), "--no-build"], {
    cwd: checkout,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: `file:${databaseFile}`,
      BUILD_DIR: buildDirectory,
      SMTP_URL: "",
      // Measurements and drills must not be disturbed by jobs or leave backups behind.
      SCHEDULED_WORK: "off",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  /** @param {Buffer} chunk */
  const collect = (chunk) => {
    output += chunk;
    if (!quiet) process.stdout.write(chunk);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  /** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} */
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}/sign-in`, { child });
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${error instanceof Error ? error.message : error}\n${output}`);
  }
  return { child, pid: child.pid, baseUrl, exited, output: () => output };
}

/**
 * Starts a server for each of `servers` (startServer's options; a free port when `port` is not given), one
 * after another. Should one fail to start, those already started are stopped before the error is thrown,
 * so that a failed start leaves nothing running.
 * @param {(Omit<Parameters<typeof startServer>[0], "port"> & { port?: number })[]} servers
 */
export async function startServers(servers) {
  /** @type {Awaited<ReturnType<typeof startServer>>[]} */
  const started = [];
  try {
    for (const options of servers) started.push(await startServer({ ...options, port: options.port ?? (await freePort()) }));
    return started;
  } catch (error) {
    await stopServers(started);
    throw error;
  }
}

/**
 * Stops servers that startServer started (SIGTERM, then SIGKILL after `graceMs`) and waits until each has exited.
 * @param {Awaited<ReturnType<typeof startServer>>[]} servers
 * @param {number} [graceMs]
 */
export async function stopServers(servers, graceMs = 10_000) {
  await Promise.all(
    servers.map(async (server) => {
      server.child.kill("SIGTERM");
      const killing = setTimeout(() => server.child.kill("SIGKILL"), graceMs);
      try {
        await server.exited;
      } finally {
        clearTimeout(killing);
      }
    }),
  );
}

/**
 * Signs `email` in without the form, as the server itself would: a Session row holding the SHA-256
 * of a random token. Returns the Cookie header value that carries the token.
 * @param {string} databaseFile
 * @param {string} email
 */
export function sessionCookieFor(databaseFile, email) {
  const db = new Database(databaseFile);
  try {
    db.pragma("busy_timeout = 5000");
    const user = /** @type {{ id: string } | undefined} */ (db.prepare("SELECT id FROM User WHERE email = ?").get(email));
    if (!user) throw new Error(`No user ${email} in ${databaseFile}`);
    const token = randomBytes(20).toString("hex");
    const id = createHash("sha256").update(token).digest("hex");
    const expiresAt = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString();
    db.prepare("INSERT INTO Session (id, userId, expiresAt) VALUES (?, ?, ?)").run(id, user.id, expiresAt);
    return `vrn_session=${token}`;
  } finally {
    db.close();
  }
}

/**
 * The resident memory of a process in bytes (Linux), or undefined where /proc is not available.
 * @param {number | undefined} pid
 */
export function residentMemory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `p`th percentile (0–100) of `sorted`, a list of figures in ascending order, by the nearest-rank method:
 * the smallest figure with at least p% of the list at or below it. NaN for an empty list, so a scenario that
 * measured nothing prints as such rather than as 0.
 * @param {readonly number[]} sorted
 * @param {number} p
 * @returns {number}
 */
export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/**
 * Prints rows as aligned columns: the first `leftColumns` (names) to the left, the rest (figures) to the right.
 * @param {string[]} header
 * @param {string[][]} rows
 * @param {number} leftColumns
 */
export function printTable(header, rows, leftColumns) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  for (const row of [header, ...rows])
    console.log(row.map((cell, i) => (i < leftColumns ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  "));
}

/**
 * A temporary folder under tests/.data for one run of a script.
 * @param {string} label
 */
export function scratchDirectory(label) {
  const dir = path.join(root, "tests/.data", `${label}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

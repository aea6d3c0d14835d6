// @ts-check
// `npm start`, the production start: applies migrations, builds the app when the build is missing or
// stale, and serves it. It never loads demo data: while the database has no active VRN lead it prints a
// one-time link at which the first lead sets up their account. `npm run demo` (scripts/demo.mjs) runs
// this same script in demo mode (DEMO_MODE=1, the demo database, demo data when it is new); `npm run dev`
// adds --dev: Vite's dev server instead of a build. The build prints nothing unless it fails.
// In production the server runs one worker process per core (WEB_CONCURRENCY sets how many): this
// script is then the primary, which prepares, builds and prints, and each worker runs it again to serve.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_DATABASE_URL, DEFAULT_PORT, DEMO_EMAIL_LIKE, linkOrigin } from "./env.mjs";
import { answerQuestions, runWorkers, workerCount, workerSlot } from "./lib/workers.mjs";
import { runningServerPid } from "./lib/backup.mjs";
import { queryRows } from "./lib/database.mjs";
import { engineOf } from "./lib/engines.mjs";
import { makeDirectory } from "./lib/directories.mjs";
import { portTaken } from "./lib/ports.mjs";
import { settingsProblem } from "./lib/settings.mjs";
import { describeDatabase, pidFile, prepareDatabase } from "./prepare-db.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const demo = process.env.DEMO_MODE === "1";
// Only when unset: the built server is production's whatever NODE_ENV says, and settingsProblem refuses any other value.
process.env.NODE_ENV ||= dev ? "development" : "production";
process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
const port = Number(process.env.PORT || DEFAULT_PORT);
const buildDirectory = process.env.BUILD_DIR ?? "build";

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

function buildIfStale() {
  const marker = fs.statSync(path.join(root, buildDirectory, "server/index.js"), { throwIfNoEntry: false });
  const sources = ["app", "public", "vite.config.ts", "remix.config.js", "package-lock.json", "tsconfig.json"];
  const newestSource = Math.max(...sources.map((s) => newestChange(path.join(root, s))));
  if (marker && marker.mtimeMs >= newestSource) return;
  console.log(marker ? "The app changed since the last build: building..." : "Building the app...");
  // Vite's progress lines and Rollup's notes (empty chunks) are for developers: shown only if it fails.
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error("The build failed");
  }
}

async function demoAccounts() {
  return /** @type {{ email: string, role: string }[]} */ (
    await queryRows(
      process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
      `SELECT "email", "role" FROM "User" WHERE "email" LIKE '${DEMO_EMAIL_LIKE}' AND "active" ORDER BY "email"`,
    )
  );
}

/**
 * A fresh one-time setup link for the first VRN lead while there is none (older unused links stop
 * working), or null once a lead exists.
 * @param {import("express").Express} app
 * @returns {Promise<{ token: string } | null>}
 */
async function leadSetupLink(app) {
  const entry = await app.locals.entryModule();
  if (await entry.hasActiveLead()) return null;
  return (await entry.issueLeadSetupLink()) ?? null;
}

/**
 * Where the nightly backups go, as an operator needs to know on a real start: the folder, or that none
 * are taken because scheduled work is off; with a warning when BACKUP_DIR is unset, since the default
 * folder sits beside the code, where a redeploy may remove it.
 * @returns {string}
 */
function backupsLine() {
  if (process.env.SCHEDULED_WORK === "off") {
    return "Backups: none taken by the server (SCHEDULED_WORK=off): run `npm run backup` from a timer of your own.";
  }
  const folder = path.resolve(process.env.BACKUP_DIR || "backups");
  const line = `Backups: nightly at 02:30 (UK time) into ${folder}`;
  return process.env.BACKUP_DIR
    ? line
    : `${line}\nWarning: BACKUP_DIR is not set, so the backups sit beside the code, where a redeploy may remove them. Set BACKUP_DIR to a folder kept apart from the code, and copy it off the machine.`;
}

/**
 * Where the service's emails go, as an operator needs to know on a start: through the mail server that
 * SMTP_URL names (its host and port alone: never the password the address may hold), or, without one,
 * into the outbox, where nobody but the VRN schools lead reads them.
 * @returns {string}
 */
function mailLine() {
  const setting = process.env.SMTP_URL;
  if (!setting)
    return "Email: no mail server (SMTP_URL is not set), so emails wait in the outbox, which the VRN schools lead reads: nobody else receives them.";
  const server = URL.canParse(setting) ? new URL(setting) : undefined;
  return `Email: sent through the mail server ${server ? server.host : "that SMTP_URL names"}.`;
}

/**
 * What an operator needs once the server listens: in demo mode the demo logins; in production, while
 * there is no VRN lead, a fresh one-time setup link.
 * @param {{ workers: number, leadSetupLink: () => Promise<{ token: string } | null> }} options
 */
async function printStartUp({ workers, leadSetupLink }) {
  const origin = linkOrigin(port);
  console.log(`\nVRN Schools Forum is running at http://localhost:${port}${demo ? " in DEMO MODE (made-up data)" : ""}`);
  if (workers > 1) console.log(`Workers: ${workers} (WEB_CONCURRENCY sets how many; one per core when unset)`);
  console.log(`Database: ${describeDatabase()}`);
  const accounts = await demoAccounts();
  if (demo) {
    console.log("\nDemo logins (password: demo-password-2026):");
    for (const { email, role } of accounts) console.log(`  ${email.padEnd(24)} ${role}`);
  } else {
    if (accounts.length > 0) {
      console.log(`\nWarning: this database holds ${accounts.length} demo account(s) (@example.org). Deactivate them, or start on a new database.`);
    }
    console.log(mailLine());
    console.log(backupsLine());
    if (!process.env.APP_URL) {
      console.log(
        `\nWarning: APP_URL is not set, so links in emails (invitations, new passwords) point at ${origin}, which only this machine can open. Set APP_URL to the service's public address.`,
      );
    }
    const link = await leadSetupLink();
    if (link) {
      console.log("\nNo VRN schools lead is set up yet: until one is, every page says the service is being set up.");
      console.log("The first lead sets up their account at this one-time link (it works once, for 24 hours):");
      console.log(`  ${origin}/setup/${link.token}`);
      console.log("A new link (`npm run create-lead -- --email name@your-organisation.org.uk`, or a restart) replaces this one.");
    }
  }
  console.log("");
}

/**
 * Serves the app in this process: the whole server when it runs alone, or one cluster worker.
 * `scheduledWork` says whether this process runs the timetable (one process per deployment does).
 * @param {{ scheduledWork: boolean }} options
 */
async function serveHere({ scheduledWork }) {
  const { createServer, serve } = await import("./server.mjs");
  let app;
  try {
    app = await createServer({ mode: process.env.NODE_ENV, buildDirectory });
  } catch (error) {
    // Plain lines for a person, not the JSON log lines createServer has turned console.error into.
    process.stderr.write(`\nThe server could not start: ${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  }
  if (scheduledWork) await app.locals.startScheduledWork();
  else await app.locals.noteScheduledWorkInAnotherWorker();
  return { app, server: serve(app, { port }) };
}

/**
 * Takes the pid file beside the SQLite database for this start, before anything touches the database, or
 * stops the start, saying why, while another server (or demo) started by this script serves it: the file
 * names a live process. Two would each run the scheduled work's timetable on one file, and the second's
 * migrations would meet the first's open database with an error that names neither. The file is written
 * whole under a name of its own, then linked into place, which fails when another start got there first,
 * so two starts at once do not both pass. A file left by a server that is gone (killed, the machine or the
 * container restarted) is replaced. The file goes when this process exits, if it still names this process.
 * The pid file also stops a SQLite restore under a running server; PostgreSQL guards its own data.
 * @throws {Error} when the file cannot be written, saying where
 */
function takePidFile() {
  if (engineOf(process.env.DATABASE_URL || DEFAULT_DATABASE_URL) !== "sqlite") return;
  const file = pidFile();
  const mine = `${file}.${process.pid}`;
  try {
    makeDirectory(path.dirname(file));
    fs.writeFileSync(mine, String(process.pid));
  } catch (error) {
    throw new Error(`it cannot write ${file}, beside the database: ${error instanceof Error ? error.message : error}`, { cause: error });
  }
  /** @param {string} problem */
  const refuse = (problem) => {
    fs.rmSync(mine, { force: true });
    console.error(`\nThe server could not start: ${problem}`);
    process.exit(1);
  };
  if (!linkedInPlace(mine, file)) {
    const pid = runningServerPid(file);
    if (pid !== undefined) {
      refuse(
        `another one (process ${pid}) is already serving ${describeDatabase()}. ` +
          "Stop it first (Ctrl-C where it runs, or your service manager), or give this one a database of its own with DATABASE_URL.",
      );
    }
    fs.rmSync(file, { force: true }); // Left by a server that is gone.
    if (!linkedInPlace(mine, file)) refuse(`another start on ${describeDatabase()} began at the same moment. Start one server only.`);
  }
  fs.rmSync(mine, { force: true });
  process.on("exit", () => {
    const named = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
    if (named === String(process.pid)) fs.rmSync(file, { force: true });
  });
}

/**
 * Links `from` at `to` (one step, as the file system does it), or false when `to` is there already.
 * @param {string} from @param {string} to
 */
function linkedInPlace(from, to) {
  try {
    fs.linkSync(from, to);
    return true;
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === "EEXIST") return false;
    throw error;
  }
}

const slot = workerSlot();
if (slot !== undefined) {
  // A worker: the primary prepared the database and the build, and prints the start-up lines.
  const { app } = await serveHere({ scheduledWork: slot === 1 });
  if (slot === 1) answerQuestions({ leadSetupLink: () => leadSetupLink(app) });
} else {
  const workers = dev ? { count: 1 } : workerCount(process.env.WEB_CONCURRENCY);
  if ("problem" in workers) {
    console.error(workers.problem);
    process.exit(1);
  }
  // Every setting before anything is made or migrated, so a refused start leaves no new file behind.
  const problem = await settingsProblem({ dev, demo });
  if (problem) {
    console.error(`\nThe server could not start: ${problem}`);
    process.exit(1);
  }
  try {
    takePidFile();
  } catch (error) {
    console.error(`\nThe server could not start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
  const portProblem = await portTaken(port);
  if (portProblem) {
    console.error(`\nThe server could not start: ${portProblem}`);
    process.exit(1);
  }
  try {
    await prepareDatabase({ demo });
  } catch (error) {
    console.error(`\nThe database could not be prepared: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
  // The key under which rate limits hash what they count: shared by this start's workers, never written
  // down, so a copy of the database cannot be matched against addresses (app/models/rate-limits.server.ts).
  process.env.RATE_LIMIT_KEY ||= randomBytes(32).toString("hex");
  // --no-build serves the build as it is (scripts that run beside a test run must not rebuild it).
  if (!dev && !process.argv.includes("--no-build")) buildIfStale();

  if (workers.count === 1) {
    const { app, server } = await serveHere({ scheduledWork: true });
    server.once("listening", () => {
      printStartUp({ workers: 1, leadSetupLink: () => leadSetupLink(app) }).catch((error) => {
        console.error("Could not check for a VRN schools lead:", error);
      });
    });
  } else {
    // The primary's pid stands for the whole server: signals to it reach every worker.
    const { askFirstWorker } = await runWorkers({ count: workers.count, script: fileURLToPath(import.meta.url), args: process.argv.slice(2) });
    const askLink = () => /** @type {Promise<{ token: string } | null>} */ (askFirstWorker("leadSetupLink"));
    printStartUp({ workers: workers.count, leadSetupLink: askLink }).catch((error) => {
      console.error("Could not check for a VRN schools lead:", error);
    });
  }
}

// @ts-check
// `npm start`, the production start: applies migrations, builds the app when the build is missing or
// stale, and serves it. It never loads demo data: while the database has no active VRN lead it prints a
// one-time link at which the first lead sets up their account. `npm run demo` (scripts/demo.mjs) runs
// this same script in demo mode (DEMO_MODE=1, the demo database, demo data when it is new); `npm run dev`
// adds --dev: Vite's dev server instead of a build. The build prints nothing unless it fails.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_DATABASE_URL, DEFAULT_PORT } from "./env.mjs";
import { queryRows } from "./lib/database.mjs";
import { engineOf } from "./lib/engines.mjs";
import { describeDatabase, pidFile, prepareDatabase } from "./prepare-db.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const demo = process.env.DEMO_MODE === "1";
process.env.NODE_ENV ??= dev ? "development" : "production";
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
      `SELECT "email", "role" FROM "User" WHERE "email" LIKE '%@example.org' AND "active" ORDER BY "email"`,
    )
  );
}

/**
 * What an operator needs once the server listens: in demo mode the demo logins; in production, while
 * there is no VRN lead, a fresh one-time setup link (older unused links stop working).
 * @param {import("express").Express} app
 */
async function printStartUp(app) {
  const origin = process.env.APP_URL || `http://localhost:${port}`;
  console.log(`\nVRN Schools Forum is running at http://localhost:${port}${demo ? " in DEMO MODE (made-up data)" : ""}`);
  console.log(`Database: ${describeDatabase()}`);
  const accounts = await demoAccounts();
  if (demo) {
    console.log("\nDemo logins (password: demo-password-2026):");
    for (const { email, role } of accounts) console.log(`  ${email.padEnd(24)} ${role}`);
  } else {
    if (accounts.length > 0) {
      console.log(`\nWarning: this database holds ${accounts.length} demo account(s) (@example.org). Deactivate them, or start on a new database.`);
    }
    const entry = await app.locals.entryModule();
    if (!(await entry.hasActiveLead())) {
      const link = await entry.issueLeadSetupLink();
      if (link) {
        console.log("\nNo VRN schools lead is set up yet: until one is, every page says the service is being set up.");
        console.log("The first lead sets up their account at this one-time link (it works once, for 24 hours):");
        console.log(`  ${origin}/setup/${link.token}`);
        console.log("A new link (`npm run create-lead -- --email name@example.org`, or a restart) replaces this one.");
      }
    }
  }
  console.log("");
}

try {
  await prepareDatabase({ demo });
} catch (error) {
  console.error(`\nThe database could not be prepared: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
// --no-build serves the build as it is (scripts that run beside a test run must not rebuild it).
if (!dev && !process.argv.includes("--no-build")) buildIfStale();

const { createServer, serve } = await import("./server.mjs");
let app;
try {
  app = await createServer({ mode: process.env.NODE_ENV, buildDirectory });
} catch (error) {
  console.error(`\nThe server could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
// The pid file stops a SQLite restore under a running server; PostgreSQL guards its own data.
const sqlite = engineOf(process.env.DATABASE_URL) === "sqlite";
if (sqlite) fs.writeFileSync(pidFile(), String(process.pid));
await app.locals.startScheduledWork();
if (sqlite) process.on("exit", () => fs.rmSync(pidFile(), { force: true }));
serve(app, {
  port,
  onListening: () => {
    printStartUp(app).catch((error) => {
      console.error("Could not check for a VRN schools lead:", error);
    });
  },
});

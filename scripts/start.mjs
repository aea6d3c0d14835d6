// @ts-check
// `npm start`: prepares the database, builds the app when the build is missing or stale, and serves it.
// `npm run dev` passes --dev: the same database steps, then Vite's dev server instead of a build.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { DEFAULT_DATABASE_URL, DEFAULT_PORT } from "./env.mjs";
import { databasePath, pidFile, prepareDatabase } from "./prepare-db.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
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
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("The build failed");
}

function demoAccounts() {
  const db = new Database(databasePath(), { readonly: true });
  const rows = /** @type {{ email: string, role: string }[]} */ (
    db.prepare("SELECT email, role FROM User WHERE email LIKE '%@example.org' AND active = 1 ORDER BY email").all()
  );
  db.close();
  return rows;
}

prepareDatabase();
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
fs.writeFileSync(pidFile(), String(process.pid));
await app.locals.startScheduledWork();
process.on("exit", () => fs.rmSync(pidFile(), { force: true }));
serve(app, {
  port,
  onListening: () => {
    console.log(`\nVRN Schools Forum is running at http://localhost:${port}`);
    const accounts = demoAccounts();
    if (accounts.length > 0) {
      console.log("\nDemo logins (password: demo-password-2026):");
      for (const { email, role } of accounts) console.log(`  ${email.padEnd(24)} ${role}`);
    }
    console.log("");
  },
});

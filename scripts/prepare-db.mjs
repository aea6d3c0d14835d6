// @ts-check
// Creates the SQLite database if needed and applies migrations. With --demo (npm run demo, npm run dev)
// it also loads demo data into an empty database; without it (npm start) it never does.
// `node scripts/prepare-db.mjs --reseed` (npm run db:seed) replaces the demo database's data with fresh
// demo data, and refuses a database that holds anyone but the demo accounts.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { DEFAULT_DATABASE_URL, DEMO_DATABASE_URL } from "./env.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function databasePath(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL) {
  return path.resolve(url.replace(/^file:/, ""));
}

/**
 * The file `npm start` writes its process id to while it serves this database, beside the database.
 * `npm run restore` refuses to run while the process it names is alive.
 * @param {string} [url]
 */
export function pidFile(url) {
  return `${databasePath(url)}.server-pid`;
}

/**
 * @param {string[]} args
 * @param {string} label
 */
function run(args, label) {
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL || DEFAULT_DATABASE_URL },
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`${label} failed`);
  }
}

/**
 * Applies migrations to the database at DATABASE_URL (creating the file if needed). `demo` loads the demo
 * data into a database without users; `reseed` replaces the data with fresh demo data. Neither touches a
 * database that holds a real account (any email outside example.org): it throws instead.
 * @param {{ demo?: boolean, reseed?: boolean, quiet?: boolean }} [options]
 */
export function prepareDatabase({ demo = false, reseed = false, quiet = false } = {}) {
  const file = databasePath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  run([path.join(root, "scripts/prisma.mjs"), "migrate", "deploy"], "Applying migrations");
  if (!demo && !reseed) return;

  const db = new Database(file);
  const { users, real } = /** @type {{ users: number, real: number | null }} */ (
    db.prepare("SELECT COUNT(*) AS users, SUM(email NOT LIKE '%@example.org') AS real FROM User").get()
  );
  db.close();
  if ((real ?? 0) > 0) {
    throw new Error(`${file} holds ${real} real account(s) (outside example.org): demo mode and demo data only ever use a demo database`);
  }
  if (users === 0 || reseed) {
    if (!quiet) console.log("Loading demo data...");
    run([path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "prisma/seed.ts")], "Loading demo data");
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const demo = process.argv.includes("--demo") || process.argv.includes("--reseed");
  if (demo) process.env.DATABASE_URL ||= DEMO_DATABASE_URL;
  try {
    prepareDatabase({ demo, reseed: process.argv.includes("--reseed") });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  console.log(`Database ready: ${databasePath()}`);
}

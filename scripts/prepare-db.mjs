// @ts-check
// Creates the SQLite database if needed, applies migrations and loads demo data into an empty database.
// `node scripts/prepare-db.mjs --reseed` replaces whatever is there with fresh demo data.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { DEFAULT_DATABASE_URL } from "./env.mjs";

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

export function prepareDatabase({ reseed = false, quiet = false } = {}) {
  const file = databasePath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  run([path.join(root, "scripts/prisma.mjs"), "migrate", "deploy"], "Applying migrations");

  const db = new Database(file);
  const { n: users } = /** @type {{ n: number }} */ (db.prepare("SELECT COUNT(*) AS n FROM User").get());
  db.close();
  if (users === 0 || reseed) {
    if (!quiet) console.log("Loading demo data...");
    run([path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "prisma/seed.ts")], "Loading demo data");
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  prepareDatabase({ reseed: process.argv.includes("--reseed") });
  console.log(`Database ready: ${databasePath()}`);
}

// @ts-check
// `npm run restore -- FILE`: puts a backup in place of the database, with the server stopped.
// Checks the file first (it reads back whole, holds this service's tables, no migrations newer than the code).
// On SQLite it refuses where DATABASE_URL names no database, since a mistyped path would leave the real
// database as it was while the operator believed it restored; `--new` makes a new database there from the
// backup, as on a new machine, and is refused where there is one (decision 0174).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_DATABASE_URL } from "./env.mjs";
import { restoreByUrl } from "./lib/backup.mjs";
import { databasePath, pidFile, refuseAfterUnfinishedRestore } from "./prepare-db.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const makeNew = process.argv.includes("--new");
const file = process.argv.slice(2).find((arg) => arg !== "--new");
if (!file) {
  console.error("Say which backup to restore: npm run restore -- backups/app-2026-11-21T190000Z.db (or .dump on PostgreSQL)");
  process.exit(2);
}
const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const postgresql = !url.startsWith("file:");
const target = postgresql ? undefined : databasePath(url);
if (postgresql && makeNew) {
  console.error("Restore refused: --new is for an SQLite file. On PostgreSQL the backup goes into the database DATABASE_URL names, which must exist.");
  process.exit(1);
}
/** Whether a restore into `file` stopped before its end, leaving its files beside it: running it again finishes the job. */
const unfinishedRestore = (/** @type {string} */ file) => {
  try {
    refuseAfterUnfinishedRestore(file);
    return false;
  } catch {
    return true;
  }
};
if (target && makeNew && fs.existsSync(target)) {
  console.error(`Restore refused: --new, but there is a database at ${target}. Leave out --new to replace it (it is kept aside), or check DATABASE_URL.`);
  process.exit(1);
}
if (target && !makeNew && !fs.existsSync(target) && !unfinishedRestore(target)) {
  console.error(
    `Restore refused: there is no database at ${target}: check DATABASE_URL. ` +
      `To make a new database there from this backup (a new machine, say), run npm run restore -- --new ${file}`,
  );
  process.exit(1);
}
try {
  const result = restoreByUrl(path.resolve(file), url, {
    pidFile: postgresql ? undefined : pidFile(url),
    migrationsDirectory: path.join(root, postgresql ? "prisma/postgresql/migrations" : "prisma/migrations"),
  });
  const check = `${postgresql ? "read back whole" : "integrity_check: ok"}, ${result.migrations.length} migrations`;
  console.log(`Restored ${path.resolve(file)}`);
  console.log(makeNew ? `  into a new database at ${result.restored}, as there was none there (${check})` : `  into ${result.restored} (${check})`);
  if (result.keptAside) console.log(`  the database it replaced is kept as ${result.keptAside}`);
  console.log("Start the server again with npm start; it applies any newer migrations.");
} catch (error) {
  console.error(`Restore refused: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

// @ts-check
// `npm run backup [-- DIRECTORY]`: a consistent copy of the database, safe while the server runs
// (VACUUM INTO for SQLite, pg_dump for PostgreSQL, as DATABASE_URL says).
// The folder is the argument, else BACKUP_DIR, else ./backups. Prints the file, its size and the check.
import path from "node:path";
import { DEFAULT_DATABASE_URL } from "./env.mjs";
import { backupByUrl } from "./lib/backup.mjs";

const directory = path.resolve(process.argv[2] || process.env.BACKUP_DIR || "backups");
const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const postgresql = !url.startsWith("file:");
// Never print a password that may be in the address.
const source = postgresql ? url.replace(/\/\/[^@/]*@/, "//") : path.resolve(url.replace(/^file:/, ""));
try {
  const started = Date.now();
  const { file, bytes, migrations } = backupByUrl(url, directory);
  console.log(`Backed up ${source}`);
  console.log(`  to ${file}`);
  console.log(`  ${(bytes / 1024 / 1024).toFixed(2)} MB, ${migrations.length} migrations, in ${Date.now() - started} ms`);
  console.log(postgresql ? "  pg_restore read it back: ok" : "  integrity_check: ok");
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

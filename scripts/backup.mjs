// @ts-check
// `npm run backup [-- DIRECTORY]`: a consistent copy of the database, safe while the server runs.
// The folder is the argument, else BACKUP_DIR, else ./backups. Prints the file, its size and the check.
import path from "node:path";
import { DEFAULT_DATABASE_URL } from "./env.mjs";
import { backupDatabase } from "./lib/backup.mjs";
import { databasePath } from "./prepare-db.mjs";

const directory = path.resolve(process.argv[2] || process.env.BACKUP_DIR || "backups");
const source = databasePath(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
try {
  const started = Date.now();
  const { file, bytes, migrations } = backupDatabase(source, directory);
  console.log(`Backed up ${source}`);
  console.log(`  to ${file}`);
  console.log(`  ${(bytes / 1024 / 1024).toFixed(2)} MB, ${migrations.length} migrations, in ${Date.now() - started} ms`);
  console.log("  integrity_check: ok");
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

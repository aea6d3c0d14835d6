// @ts-check
// `npm run restore -- FILE`: puts a backup in place of the database, with the server stopped.
// Checks the file first (it reads back whole, holds this service's tables, no migrations newer than the code).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_DATABASE_URL } from "./env.mjs";
import { restoreByUrl } from "./lib/backup.mjs";
import { pidFile } from "./prepare-db.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const file = process.argv[2];
if (!file) {
  console.error("Say which backup to restore: npm run restore -- backups/app-2026-11-21T190000Z.db (or .dump on PostgreSQL)");
  process.exit(2);
}
const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const postgresql = !url.startsWith("file:");
try {
  const result = restoreByUrl(path.resolve(file), url, {
    pidFile: postgresql ? undefined : pidFile(url),
    migrationsDirectory: path.join(root, postgresql ? "prisma/postgresql/migrations" : "prisma/migrations"),
  });
  console.log(`Restored ${path.resolve(file)}`);
  console.log(`  into ${result.restored} (${postgresql ? "read back whole" : "integrity_check: ok"}, ${result.migrations.length} migrations)`);
  if (result.keptAside) console.log(`  the database it replaced is kept as ${result.keptAside}`);
  console.log("Start the server again with npm start; it applies any newer migrations.");
} catch (error) {
  console.error(`Restore refused: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

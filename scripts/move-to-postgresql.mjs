// @ts-check
// `npm run db:move-to-postgresql -- --from file:./prisma/data/app.db --to postgresql://user@host/db`:
// copies a SQLite deployment's data into an empty PostgreSQL database (scripts/lib/move-to-postgresql.mjs).
// Refused while the service still serves the SQLite file (as `npm run restore` is): whatever it wrote
// after the copy would be lost once DATABASE_URL names PostgreSQL.
import { parseArgs } from "node:util";
import { requireDatabaseUnused } from "./lib/backup.mjs";
import { engineOf } from "./lib/engines.mjs";
import { moveToPostgresql } from "./lib/move-to-postgresql.mjs";
import { databasePath, pidFile } from "./prepare-db.mjs";

const usage = "Say where from and where to: npm run db:move-to-postgresql -- --from file:./prisma/data/app.db --to postgresql://user@host:5432/schools";
/** The engine a URL names, or null for one that names neither. @param {string | undefined} url */
const engineNamed = (url) => {
  try {
    return url ? engineOf(url) : null;
  } catch {
    return null;
  }
};
/** @type {{ from?: string, to?: string }} */
let values = {};
try {
  ({ values } = parseArgs({ options: { from: { type: "string" }, to: { type: "string" } } }));
} catch (error) {
  // An unknown option, a stray word or an option without its value.
  console.error(`${error instanceof Error ? error.message : error}\n${usage}`);
  process.exit(2);
}
if (!values.from || !values.to || engineNamed(values.from) !== "sqlite" || engineNamed(values.to) !== "postgresql") {
  console.error(usage);
  process.exit(2);
}
const hidden = values.to.replace(/\/\/[^@/]*@/, "//");
try {
  requireDatabaseUnused(databasePath(values.from), { pidFile: pidFile(values.from), then: "move" });
  const started = Date.now();
  const counts = await moveToPostgresql({ from: values.from, to: values.to, log: (line) => console.log(`  ${line}`) });
  const rows = counts.reduce((sum, table) => sum + table.rows, 0);
  console.log(`Moved ${rows} rows in ${counts.length} tables from ${values.from} to ${hidden} in ${Date.now() - started} ms.`);
  console.log("Every table holds the same number of rows on both sides. Set DATABASE_URL to the PostgreSQL address and start the service.");
} catch (error) {
  // Refused: nothing was copied. Committed: the copy is in PostgreSQL but failed its check.
  const committed = typeof error === "object" && error !== null && "committed" in error;
  console.error(`${committed ? "Move copied, but failed its check" : "Move refused"}: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

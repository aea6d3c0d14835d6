// @ts-check
// Authors a migration offline: `npm run db:migration -- <name>`.
// `prisma migrate dev` needs a native schema engine, so instead we diff the schema snapshot kept in the
// newest migration folder against prisma/schema.prisma, write the SQL, keep a new snapshot beside it,
// and apply it with `prisma migrate deploy`. Review the SQL before committing.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_DATABASE_URL } from "./env.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration -- <name_in_snake_case>");
  process.exit(1);
}

const migrationsDir = path.join("prisma", "migrations");
const schemaPath = path.join("prisma", "schema.prisma");
const previous = fs
  .readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
  .at(-1);
const previousSnapshot = previous ? path.join(migrationsDir, previous, "schema.prisma") : null;

const from = previousSnapshot && fs.existsSync(previousSnapshot) ? ["--from-schema-datamodel", previousSnapshot] : ["--from-empty"];
// The JS engine opens the database file even to diff two schemas, so its folder must exist.
const databaseFile = (process.env.DATABASE_URL || DEFAULT_DATABASE_URL).replace(/^file:/, "");
fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
const sql = execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "diff", ...from, "--to-schema-datamodel", schemaPath, "--script"], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});

if (!/\b(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE)\b/.test(sql)) {
  console.log("The schema has not changed since the last migration: nothing to write.");
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
fs.copyFileSync(schemaPath, path.join(dir, "schema.prisma"));
console.log(`Wrote ${path.join(dir, "migration.sql")}. Review it, then: npm start (or npx prisma migrate deploy).`);

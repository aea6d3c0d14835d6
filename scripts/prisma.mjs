// @ts-check
// Runs the Prisma CLI with DATABASE_URL defaulted. Prisma does not read .env when a config file is
// present, and without DATABASE_URL it tries to download a query engine, which cannot work offline.
// `node scripts/prisma.mjs --postgresql <command>` runs it on the PostgreSQL schema
// (prisma/postgresql/schema.prisma, written from prisma/schema.prisma first); its DATABASE_URL must
// then be a PostgreSQL URL (generate needs none; migrate diff connects to it).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { DEFAULT_DATABASE_URL } from "./env.mjs";
import { writePostgresqlSchema } from "./lib/engines.mjs";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const postgresql = process.argv[2] === "--postgresql";
const args = process.argv.slice(postgresql ? 3 : 2);
let databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
if (postgresql) {
  writePostgresqlSchema();
  args.push("--config", "prisma/postgresql/prisma.config.ts");
  if (!databaseUrl.startsWith("postgres")) databaseUrl = "postgresql://localhost/schools_forum";
}
const result = spawnSync(process.execPath, [cli, ...args], { stdio: "inherit", env: { ...process.env, DATABASE_URL: databaseUrl } });
process.exit(result.status ?? 1);

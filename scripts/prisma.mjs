// @ts-check
// Runs the Prisma CLI with DATABASE_URL defaulted. Prisma does not read .env when a config file is
// present, and without DATABASE_URL it tries to download a query engine, which cannot work offline.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { DEFAULT_DATABASE_URL } from "./env.mjs";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL || DEFAULT_DATABASE_URL },
});
process.exit(result.status ?? 1);

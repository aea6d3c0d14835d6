// @ts-check
// `npm run test:postgresql`: the Vitest suite on PostgreSQL. Uses the server at TEST_POSTGRESQL_URL when
// set (any database on it; each run makes and drops its own), else starts a throwaway cluster
// (scripts/lib/postgres.mjs), which needs PostgreSQL's programs installed (Debian: apt-get install postgresql).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const vitest = require.resolve("vitest/vitest.mjs");
const result = spawnSync(process.execPath, [vitest, "run", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, TEST_ENGINE: "postgresql" },
});
process.exit(result.status ?? 1);

import type { KnipConfig } from "knip";

// Routes, root and entry.server come from the Remix plugin, test files and their setup from the Vitest and
// Playwright plugins, and scripts run by npm from package.json; the entries below are the ones no plugin sees.
const config: KnipConfig = {
  entry: [
    // Run by hand or by other scripts through tsx or node, not always from package.json.
    "scripts/*.{mjs,ts}",
    // Run through tsx by scripts/prepare-db.mjs.
    "prisma/seed.ts",
    // Augments Remix's AppLoadContext; the compiler reads it, nothing imports it.
    "app/load-context.ts",
    // The route config Remix's Vite plugin reads (future flag v3_routeConfig).
    "app/routes.ts",
    // The Prisma CLI's settings for the PostgreSQL schema, passed by scripts/prisma.mjs --postgresql.
    "prisma/postgresql/prisma.config.ts",
    // Started as a worker thread by app/lib/backup-thread.server.ts, found by its path.
    "scripts/lib/backup-thread.mjs",
    // Run in a process of its own, once per engine, by tests/unit/move-to-postgresql.test.ts.
    "tests/unit/support/read-figures.ts",
    // Run in a process of its own, with the server's heap limit, by tests/unit/gias-import.test.ts.
    "tests/unit/support/parse-gias-in-small-heap.ts",
  ],
  ignore: [
    // Copies of schema.prisma kept beside each migration, to diff the next one against (scripts/new-migration.mjs).
    "prisma/migrations/**",
    "prisma/postgresql/migrations/**",
  ],
  // PostgreSQL's programs, : su runs them as the postgres user when the throwaway test cluster (scripts/lib/postgres.mjs) starts as root.
  ignoreBinaries: ["su"],
};

export default config;

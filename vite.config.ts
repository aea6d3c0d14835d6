import os from "node:os";
import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import { configDefaults } from "vitest/config";
import remixConfig from "./remix.config.js";

// Vitest loads this file too; the Remix plugin is only for the app build and dev server.
const isVitest = Boolean(process.env.VITEST);

// Test files whose subject has no PostgreSQL version yet: run on SQLite only until it has. Shrink this
// list; never grow it.
const NOT_YET_ON_POSTGRESQL: string[] = [];

export default defineConfig({
  plugins: [tailwindcss(), ...(isVitest ? [] : [remix(remixConfig)])],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  optimizeDeps: { exclude: ["@node-rs/argon2"] },
  build: {
    target: "es2022",
    rollupOptions: {
      // Resource routes (calendar files, CSV downloads) have no browser code, so their client chunks are
      // empty by design; Rollup's note about each is noise in every build and start.
      onwarn(warning, warn) {
        if (warning.code !== "EMPTY_BUNDLE") warn(warning);
      },
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...(process.env.TEST_ENGINE === "postgresql" ? NOT_YET_ON_POSTGRESQL : [])],
    globalSetup: ["tests/unit/global-setup.ts"],
    setupFiles: ["tests/unit/setup.ts"],
    // Each test file runs in a worker thread of its own, with its own modules and environment: starting a
    // thread costs less than starting a process, which took the SQLite run from 260 s to 226 s on two
    // cores. One worker per core this process may use (`taskset` included): the main process is nearly
    // idle while the workers work, so leaving a core for it only made the run longer.
    pool: "threads",
    maxWorkers: os.availableParallelism(),
    minWorkers: 1,
    // Ceilings for a slow or busy machine; the tests wait for conditions, never for these.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

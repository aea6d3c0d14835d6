import fs from "node:fs";
import os from "node:os";
import { defineConfig } from "@playwright/test";
import { baseURL, port } from "./tests/e2e/support/origin";

// Debian's build of Chromium's headless shell where it is installed (CI installs it): the same Blink and V8
// as the browser without the browser's own interface, it ran the browser tests in two thirds of the time
// (decision 0156). Else Debian's Chromium; else Playwright's own browser. The shell shows no window: to
// watch a test (`--headed`), name the whole browser in E2E_CHROMIUM (`E2E_CHROMIUM=/usr/bin/chromium`).
const debianChromium = process.env.E2E_CHROMIUM || ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((file) => fs.existsSync(file));

// Cores this process may really use (CPU affinity such as `taskset` included). Each worker drives a
// Chromium and shares the one server, which waits on the browsers much of the time: on two cores, two
// workers ran the whole suite in 502 s against one worker's 593 s, every test passing; on more cores,
// one worker per two cores keeps the browsers and the server busy without starving any of them.
const cores = os.availableParallelism();
const workers = Math.min(cores, Math.max(2, Math.floor(cores / 2)));

// Ceilings, not budgets: a passing test never waits for them. They leave room for a machine several
// times slower than a quiet 2-core one; tests marked `test.slow()` get three times as long.
const testTimeout = 120_000;
const expectTimeout = 15_000;

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? "line" : "list",
  timeout: testTimeout,
  expect: { timeout: expectTimeout },
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: debianChromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "journeys", testIgnore: /(sweeps|settings)\// },
    // The sweeps post to every form, so they run once the journeys are done and cannot disturb them, one
    // test at a time: a bad-input test checks that a refused request committed nothing, which a test
    // posting beside it would make untrue.
    { name: "access", testMatch: /sweeps\/access-matrix\.spec\.ts/, dependencies: ["journeys"], workers: 1 },
    { name: "bad-input", testMatch: /sweeps\/bad-input\.spec\.ts/, dependencies: ["access"], workers: 1 },
    // Settings that change how everyone of a role signs in (and end their sessions) run last, alone.
    { name: "settings", testMatch: /settings\/.*\.spec\.ts/, dependencies: ["bad-input"], workers: 1 },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: baseURL,
    reuseExistingServer: false,
    // Migrating and seeding a fresh database comes first, so allow a slow machine its time.
    timeout: 300_000,
    env: {
      PORT: String(port),
      DATABASE_URL: `file:./tests/.data/e2e-${port}.db`,
      NODE_ENV: "production",
      SMTP_URL: "",
      // Jobs would change the demo data other journeys read; the journeys that test scheduled work write runs themselves.
      SCHEDULED_WORK: "off",
    },
  },
});

import fs from "node:fs";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${port}`;
// Debian's Chromium where it is installed (CI and these machines); Playwright's own browser elsewhere.
const debianChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? "line" : "list",
  timeout: 30_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: fs.existsSync(debianChromium) ? debianChromium : undefined,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "journeys", testIgnore: /sweeps\// },
    // The sweeps post to every form, so they run once the journeys are done and cannot disturb them.
    { name: "access", testMatch: /sweeps\/access-matrix\.spec\.ts/, dependencies: ["journeys"] },
    { name: "bad-input", testMatch: /sweeps\/bad-input\.spec\.ts/, dependencies: ["access"] },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: baseURL,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PORT: String(port),
      DATABASE_URL: `file:./tests/.data/e2e-${port}.db`,
      NODE_ENV: "production",
      SMTP_URL: "",
    },
  },
});

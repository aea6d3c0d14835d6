import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseDatabase: string;
    runDirectory: string;
  }
}

/**
 * Migrates one base database per run; each test file then works on its own copy of it (setup.ts).
 * Each run has its own folder, so runs side by side never touch each other's files.
 */
export default function setup(project: TestProject) {
  const runDirectory = path.resolve("tests/.data", `unit-run-${process.pid}`);
  fs.mkdirSync(runDirectory, { recursive: true });
  const baseDatabase = path.join(runDirectory, "base.db");
  execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${baseDatabase}` },
    stdio: "ignore",
  });
  project.provide("baseDatabase", baseDatabase);
  project.provide("runDirectory", runDirectory);
  return () => fs.rmSync(runDirectory, { recursive: true, force: true });
}

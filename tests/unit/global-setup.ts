import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const DATA_DIR = path.resolve("tests/.data");
export const BASE_DB = path.join(DATA_DIR, "unit-base.db");

/** Migrates one base database; each test file then works on its own copy of it (see setup.ts). */
export default function setup() {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  for (const file of fs.readdirSync(DATA_DIR)) {
    if (file.startsWith("unit-")) fs.rmSync(path.join(DATA_DIR, file));
  }
  execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${BASE_DB}` },
    stdio: "ignore",
  });
}

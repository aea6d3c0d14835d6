// @ts-check
// The server the browser tests run against: `npm run demo` on a fresh demo database on every run.
import fs from "node:fs";
import { databasePath } from "./prepare-db.mjs";

const file = databasePath();
for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${suffix}`, { force: true });
await import("./demo.mjs");

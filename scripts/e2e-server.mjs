// @ts-check
// The server the browser tests run against: a fresh database with demo data on every run.
import fs from "node:fs";
import { databasePath } from "./prepare-db.mjs";

const file = databasePath();
for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${suffix}`, { force: true });
await import("./start.mjs");

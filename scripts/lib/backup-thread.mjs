// @ts-check
// The nightly backup's own thread, started by `backupInOwnThread` (app/lib/backup-thread.server.ts).
// VACUUM INTO (or pg_dump), the copy's integrity check and the pruning are all synchronous and can take
// many seconds on a large database; here they hold this thread only, and the server keeps serving.
// workerData: { url, directory, keep, now } (now as epoch milliseconds). Posts { bytes, removed,
// unfinished } (the copy's size, the older backups and unfinished copies deleted); a
// failure is thrown, and reaches the server as the thread's error.
import { parentPort, workerData } from "node:worker_threads";
import { backupByUrl, pruneBackups } from "./backup.mjs";

const { url, directory, keep, now } = workerData;
const { bytes } = backupByUrl(url, directory, { now: new Date(now) });
const { backups, unfinished } = pruneBackups(directory, keep);
parentPort?.postMessage({ bytes, removed: backups.length, unfinished: unfinished.length });

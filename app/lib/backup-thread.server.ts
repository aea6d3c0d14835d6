import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/** The thread's entry, from the project's root. */
const THREAD_ENTRY = "scripts/lib/backup-thread.mjs";

/**
 * The absolute path of the thread's entry. This module runs from app/lib in the source (Vitest, tsx,
 * Vite's dev server) and from the server build (build/server, or wherever BUILD_DIR puts it) once
 * built, so the entry is looked for in each folder from this module's up to the root.
 * Throws when no folder above holds it (a build copied without the scripts folder).
 */
function threadEntry(): string {
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let folder = start; ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, THREAD_ENTRY);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(folder) === folder) throw new Error(`The backup cannot start: no ${THREAD_ENTRY} in any folder above ${start}`);
  }
}

/**
 * What a backup did: the new copy's size in bytes, how many older backups were deleted, and how many
 * unfinished copies left by backups that stopped part-way.
 */
export type BackupOutcome = { bytes: number; removed: number; unfinished: number };

/**
 * Backs up the database `url` names into `directory` and keeps only the newest `keep` copies
 * (`backupByUrl` and `pruneBackups` of scripts/lib/backup.mjs), in a thread of its own: VACUUM INTO
 * or pg_dump and the copy's check hold a thread for as long as they take (many seconds on a large
 * database), and in the server's own thread they would hold every request meanwhile.
 * Resolves when the thread has finished; rejects with the backup's own error (the disk is full, the
 * copy failed its check) when it fails, or when the thread stops without saying what it did.
 */
export function backupInOwnThread({ url, directory, keep, now }: { url: string; directory: string; keep: number; now: Date }): Promise<BackupOutcome> {
  return new Promise((resolve, reject) => {
    // The thread's own JavaScript is a few calls and small results; its heap is kept small to match.
    const thread = new Worker(threadEntry(), {
      workerData: { url, directory, keep, now: now.getTime() },
      resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 },
    });
    let outcome: BackupOutcome | undefined;
    thread.once("message", (message: BackupOutcome) => (outcome = message));
    thread.once("error", reject);
    thread.once("exit", (code) => (outcome ? resolve(outcome) : reject(new Error(`The backup thread stopped (exit code ${code}) without finishing`))));
  });
}

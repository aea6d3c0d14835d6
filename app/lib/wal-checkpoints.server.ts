/**
 * SQLite's WAL checkpoints, moved off the thread that answers requests (decision 0128).
 *
 * In WAL mode every commit appends the pages it changed to the WAL file, and by default the commit that
 * takes the WAL past 1,000 pages then copies them back into the database file and syncs it (a checkpoint),
 * inside that COMMIT. better-sqlite3 is synchronous, so that one commit stops this process's event loop for
 * the copy and the sync: with pupils answering at once, one answer in about 25 held every other request
 * up for some 14 ms. Here the server's writer connection does not checkpoint
 * (`wal_autocheckpoint = 0`) and a thread of this process, with a connection of its own, does instead,
 * every CHECKPOINT_EVERY_MS, in PASSIVE mode: it copies what no reader still needs and never waits for
 * anyone or holds a writer up, as SQLite's own checkpoints do. The next write after a checkpoint that copied
 * everything starts the WAL again from its beginning, so the file stays about as large as the pages committed
 * between two checkpoints. Commits are as durable as before: each checkpoint syncs the WAL first, as it did.
 *
 * Should the thread fail to start or stop, the writer checkpoints again as SQLite does by default, and the
 * log says so. Scripts and tests that do not start the thread keep SQLite's own checkpoints.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** How often the thread checkpoints, ms: about as often as SQLite's own would under a class answering at once. */
const CHECKPOINT_EVERY_MS = 200;

/** SQLite's default `wal_autocheckpoint`, in pages: what the writer goes back to when the thread stops. */
export const SQLITE_AUTOCHECKPOINT = 1000;

/**
 * What the thread runs. Given as source, not a file, so the app's bundle needs no second entry (as the
 * reach query threads, app/models/reach-db.server.ts). It says "started" once its connection is open, and
 * nothing after: what was written back is SQLite's own record (the WAL index), not a message.
 */
const THREAD_SOURCE = `
(async () => {
  const { parentPort, workerData } = await import("node:worker_threads");
  const { default: Database } = await import(workerData.driver);
  const db = new Database(workerData.file, { fileMustExist: true });
  parentPort.postMessage({ started: true });
  const tick = () => {
    db.pragma("wal_checkpoint(PASSIVE)");
    setTimeout(tick, workerData.everyMs);
  };
  tick();
})();
`;

/** The thread's V8 heap, MB: it holds nothing but its connection. */
const THREAD_HEAP = { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 };

export type WalCheckpoints = {
  /** Resolves once the thread has its connection and the writer has stopped checkpointing. */
  started: Promise<void>;
  /** Stops the thread, then sets the writer to checkpoint again as SQLite does by default. */
  stop(): Promise<void>;
};

/**
 * Starts the checkpoint thread for the SQLite file at `file` (a path, in WAL mode). `setWriterAutocheckpoint(pages)`
 * sets `wal_autocheckpoint` on the writer connection of this process: 0 once the thread is running, and
 * SQLITE_AUTOCHECKPOINT again if it stops. `everyMs` defaults to CHECKPOINT_EVERY_MS. The thread does not
 * keep the process alive.
 */
export function startWalCheckpoints(
  file: string,
  setWriterAutocheckpoint: (pages: number) => Promise<unknown>,
  { everyMs = CHECKPOINT_EVERY_MS }: { everyMs?: number } = {},
): WalCheckpoints {
  const driver = pathToFileURL(createRequire(import.meta.url).resolve("better-sqlite3")).href;
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { driver, file, everyMs },
    resourceLimits: THREAD_HEAP,
  });
  let running = false;
  let stopping = false;
  // The writer's setting last asked for, so that setting it back waits for it: never 0 after the thread has gone.
  let setting: Promise<unknown> = Promise.resolve();
  let markStarted!: () => void;
  let failStart!: (error: Error) => void;
  const started = new Promise<void>((resolve, reject) => {
    markStarted = resolve;
    failStart = reject;
  });
  // Nobody need wait for it: the server serves either way.
  started.catch(() => undefined);
  const checkpoints: WalCheckpoints = {
    started,
    async stop() {
      stopping = true;
      const wasRunning = running;
      await worker.terminate();
      if (wasRunning) {
        await setting.catch(() => undefined);
        await setWriterAutocheckpoint(SQLITE_AUTOCHECKPOINT);
      }
    },
  };
  worker.on("message", (message: { started?: boolean }) => {
    if (message.started && !stopping) {
      running = true;
      setting = setWriterAutocheckpoint(0);
      setting.then(markStarted, failStart);
    }
  });
  worker.on("error", (error) => console.error("The WAL checkpoint thread failed:", error));
  worker.on("exit", () => {
    failStart(new Error("The WAL checkpoint thread stopped before it started"));
    // Stopped on purpose, `stop` sets the writer back itself, before the database is closed.
    if (!stopping && running) {
      console.error("The WAL checkpoint thread exited; the writer checkpoints on commit again");
      setting = setting
        .catch(() => undefined)
        .then(() => setWriterAutocheckpoint(SQLITE_AUTOCHECKPOINT))
        .catch((error: unknown) => console.error("The writer could not be set to checkpoint on commit again:", error));
    } else if (!stopping) {
      console.error("The WAL checkpoint thread did not start; the writer checkpoints on commit, as SQLite does by default");
    }
    running = false;
  });
  worker.unref();
  return checkpoints;
}

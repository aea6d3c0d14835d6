// @ts-check
// The production server's workers: one process per core (Node's `cluster`), or WEB_CONCURRENCY of them.
// The primary forks them, replaces one that dies (waiting longer after each quick death, so a crash loop
// does not spin), and on SIGTERM or Ctrl-C stops them all gracefully before it exits itself. See
// docs/decisions/0070-one-worker-per-core.md.
import cluster from "node:cluster";
import os from "node:os";

/** The most workers WEB_CONCURRENCY may ask for: beyond this, SQLite's single writer is the limit, not cores. */
const MOST_WORKERS = 64;

/** A worker that ran at least this long before it died is replaced at once; a quicker death backs off. */
const HEALTHY_RUN_MS = 30_000;
const FIRST_BACK_OFF_MS = 1_000;
const LONGEST_BACK_OFF_MS = 30_000;

/**
 * How many workers to run: WEB_CONCURRENCY when set (a whole number from 1 to 64), else one per
 * available core (`os.availableParallelism()`, which respects a container's CPU limit), 64 at most.
 * @param {string | undefined} setting the WEB_CONCURRENCY environment variable as given
 * @param {number} [cores] the cores this process may use
 * @returns {{ count: number } | { problem: string }}
 */
export function workerCount(setting, cores = os.availableParallelism()) {
  if (setting === undefined || setting.trim() === "") return { count: Math.min(cores, MOST_WORKERS) };
  const text = setting.trim();
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < 1 || count > MOST_WORKERS) {
    return {
      problem: `WEB_CONCURRENCY must be a whole number of workers from 1 to ${MOST_WORKERS} (it is "${setting}"). Leave it unset for one worker per core.`,
    };
  }
  return { count };
}

/**
 * This process's worker slot (1..N; a replacement keeps the slot of the worker it replaces), or
 * undefined in a process that is not a cluster worker.
 */
export function workerSlot() {
  return cluster.isWorker ? Number(process.env.WORKER_SLOT) : undefined;
}

/**
 * The primary's side of the workers' turns at writing (app/lib/write-turns.server.ts, decision 0086):
 * one worker at a time holds the turn, the others wait in the order they asked. A worker that stops
 * loses its turn and its place.
 */
export function writeTurns() {
  /** @type {{ worker: import("node:cluster").Worker, id: number }[]} */
  const waiting = [];
  /** @type {{ worker: import("node:cluster").Worker, id: number } | null} */
  let holder = null;

  function handOn() {
    while (!holder && waiting.length > 0) {
      const next = /** @type {{ worker: import("node:cluster").Worker, id: number }} */ (waiting.shift());
      if (!next.worker.isConnected()) continue;
      holder = next;
      next.worker.send({ writeTurn: "yours", id: next.id }, (error) => {
        // The worker went between the check and the message: the turn passes on.
        if (error && holder === next) {
          holder = null;
          handOn();
        }
      });
    }
  }

  return {
    /**
     * @param {import("node:cluster").Worker} worker
     * @param {any} message
     */
    onMessage(worker, message) {
      if (typeof message?.id !== "number") return;
      if (message.writeTurn === "ask") {
        waiting.push({ worker, id: message.id });
        handOn();
      } else if (message.writeTurn === "done" && holder?.worker === worker && holder.id === message.id) {
        holder = null;
        handOn();
      }
    },
    /** @param {import("node:cluster").Worker} worker */
    forget(worker) {
      for (let i = waiting.length - 1; i >= 0; i--) if (waiting[i]?.worker === worker) waiting.splice(i, 1);
      if (holder?.worker === worker) holder = null;
      handOn();
    },
  };
}

/**
 * Runs `count` workers of the current script (which, in a worker, serves) and keeps them running.
 * Resolves once every worker listens. On SIGTERM or SIGINT each worker gets SIGTERM and finishes its
 * requests in flight; the primary says so once no worker takes new connections, and exits when all
 * have stopped: 0 when every one stopped cleanly, 1 otherwise.
 * @param {{ count: number, script: string, args?: string[] }} options `script` is what each worker runs
 * @returns {Promise<{ askFirstWorker: (question: string) => Promise<unknown> }>}
 */
export function runWorkers({ count, script, args = [] }) {
  // Workers run the start script itself, whichever script (demo, the test server) imported it.
  cluster.setupPrimary({ exec: script, args });
  /** @type {Map<number, import("node:cluster").Worker>} slot → its worker */
  const bySlot = new Map();
  /** @type {Map<number, number>} slot → back-off before its next replacement */
  const backOff = new Map();
  let stopping = false;
  // Whether any worker has listened yet: until one has, a worker that stops means the start failed.
  let served = false;
  /** @type {WeakSet<import("node:cluster").Worker>} */
  const listened = new WeakSet();
  /**
   * Workers that no longer listen: they said so, whenever they did (a service manager signals the workers
   * and the primary at once, and a worker may say it before the primary has begun to stop), or they exited.
   * @type {WeakSet<import("node:cluster").Worker>}
   */
  const notListening = new WeakSet();
  /** Once stopping: says that no new connection is taken, when the last worker stops listening. */
  let sayWhenNoneListens = () => {};
  let nextQuestion = 0;
  const turns = writeTurns();

  /** @param {number} slot */
  function fork(slot) {
    const worker = cluster.fork({ WORKER_SLOT: String(slot), WRITE_TURNS: "primary" });
    const startedAt = Date.now();
    bySlot.set(slot, worker);
    worker.on("message", (message) => {
      turns.onMessage(worker, message);
      // A stopping worker asks whether this process still holds a connection for it (scripts/server.mjs): answered
      // after this turn's poll, so every connection waiting is taken and handed out first.
      // A worker gone meanwhile is not asking any more: a failed send is ignored (else it is the worker's 'error').
      if (typeof message?.holdCheck === "number") setImmediate(() => worker.isConnected() && worker.send({ holdCheckAnswer: message.holdCheck }, () => {}));
      if (message?.stoppedListening) {
        notListening.add(worker);
        sayWhenNoneListens();
      }
    });
    worker.once("listening", () => {
      served = true;
      listened.add(worker);
    });
    worker.on("exit", (code, signal) => {
      turns.forget(worker);
      if (bySlot.get(slot) === worker) bySlot.delete(slot);
      if (stopping) return;
      if (!served) {
        // No worker has served yet: the start itself failed (the worker said why), and would again.
        stopping = true;
        for (const other of bySlot.values()) other.process.kill("SIGTERM");
        console.error("The server could not start: a worker stopped before any served.");
        process.exit(1);
      }
      const ranMs = Date.now() - startedAt;
      const wait = ranMs >= HEALTHY_RUN_MS ? 0 : (backOff.get(slot) ?? FIRST_BACK_OFF_MS);
      backOff.set(slot, ranMs >= HEALTHY_RUN_MS ? FIRST_BACK_OFF_MS : Math.min(wait * 2, LONGEST_BACK_OFF_MS));
      console.error(
        `Worker ${slot} (process ${worker.process.pid}) stopped (${signal ?? `exit code ${code}`}): starting another${wait ? ` in ${wait / 1000} s` : ""}.`,
      );
      setTimeout(() => {
        if (!stopping) fork(slot);
      }, wait);
    });
    return worker;
  }

  /** @param {NodeJS.Signals} signal */
  function stopAll(signal) {
    if (stopping) return;
    stopping = true;
    const workers = [...bySlot.values()];
    let clean = true;
    // The shared listening socket closes with the last worker's, and only then is it true to say that no
    // new connection is taken.
    let said = false;
    sayWhenNoneListens = () => {
      if (said || !workers.every((worker) => notListening.has(worker))) return;
      said = true;
      console.log(`${signal}: finishing requests in flight, then stopping.`);
    };
    if (workers.length === 0) console.log(`${signal}: stopping.`);
    else sayWhenNoneListens();
    const exits = workers.map(
      (worker) =>
        new Promise((resolve) => {
          worker.once("exit", (code, exitSignal) => {
            // A worker still starting has no requests to finish: the signal ending it is a clean stop.
            const stillStarting = !listened.has(worker) && (exitSignal === "SIGTERM" || exitSignal === "SIGINT");
            if ((code !== 0 || exitSignal) && !stillStarting) clean = false;
            notListening.add(worker);
            sayWhenNoneListens();
            resolve(undefined);
          });
          worker.process.kill("SIGTERM");
        }),
    );
    Promise.all(exits).then(() => {
      console.log(clean ? "Stopped cleanly." : "Stopped, but a worker did not stop cleanly.");
      process.exit(clean ? 0 : 1);
    });
  }
  // Every SIGTERM (a service manager may send more than one); a second Ctrl-C ends it at once.
  process.on("SIGTERM", () => stopAll("SIGTERM"));
  process.once("SIGINT", () => stopAll("SIGINT"));

  /**
   * Asks worker 1 a question it answers over the cluster's channel (see answerQuestions).
   * @param {string} question
   */
  function askFirstWorker(question) {
    const worker = bySlot.get(1);
    if (!worker) return Promise.reject(new Error("Worker 1 is not running"));
    const id = ++nextQuestion;
    return new Promise((resolve, reject) => {
      /** @param {any} message */
      const onMessage = (message) => {
        if (message?.answerTo !== id) return;
        worker.off("message", onMessage);
        if (message.error) reject(new Error(message.error));
        else resolve(message.answer);
      };
      worker.on("message", onMessage);
      worker.send({ question, id });
    });
  }

  const listening = [];
  for (let slot = 1; slot <= count; slot++) {
    const worker = fork(slot);
    listening.push(new Promise((resolve) => worker.once("listening", resolve)));
  }
  return Promise.all(listening).then(() => ({ askFirstWorker }));
}

/**
 * In a worker: answers the primary's questions with `answers[question]()`.
 * @param {Record<string, () => Promise<unknown>>} answers
 */
export function answerQuestions(answers) {
  process.on("message", (/** @type {any} */ message) => {
    const answer = message && typeof message.question === "string" ? answers[message.question] : undefined;
    if (!answer) return;
    answer().then(
      (value) => process.send?.({ answerTo: message.id, answer: value }),
      (error) => process.send?.({ answerTo: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

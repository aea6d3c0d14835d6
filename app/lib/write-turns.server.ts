/**
 * Turns at writing shared by the server's workers (docs/decisions/0086-workers-take-turns-to-write.md).
 * SQLite lets one connection write at a time. Two workers asking SQLite for its write lock on their own
 * are not served in order: the one that has just written usually takes the lock again before the
 * other's next try, and an answer in the other worker can wait seconds. So each worker asks the
 * cluster's primary (scripts/lib/workers.mjs), which hands out turns first come, first served; SQLite's
 * lock is then taken only against processes outside the cluster (scripts, jobs run from cron).
 */
import cluster from "node:cluster";

/** Waits for this worker's turn; resolves to the function that ends it (calling it twice is harmless). */
export type TakeTurn = () => Promise<() => void>;

type TurnMessage = { writeTurn?: unknown; id?: unknown };

/**
 * In a worker of a primary that hands out turns (it sets WRITE_TURNS=primary in the worker's
 * environment), the way to take one; anywhere else (a single server process, a script, a test) null.
 */
export function workersWriteTurns(): TakeTurn | null {
  if (!cluster.isWorker || process.env.WRITE_TURNS !== "primary") return null;
  const send = process.send?.bind(process);
  if (!send) return null;
  const granted = new Map<number, () => void>();
  let lastId = 0;
  process.on("message", (message: TurnMessage) => {
    if (message?.writeTurn !== "yours" || typeof message.id !== "number") return;
    granted.get(message.id)?.();
    granted.delete(message.id);
  });
  return () =>
    new Promise((resolve) => {
      const id = ++lastId;
      granted.set(id, () => {
        let ended = false;
        resolve(() => {
          if (ended) return;
          ended = true;
          send({ writeTurn: "done", id });
        });
      });
      send({ writeTurn: "ask", id });
    });
}

/**
 * The most writes in a row one worker makes in one turn while requests of its own are waiting, before it
 * hands the turn on: enough to spare most round trips to the primary when answers come in together, few
 * enough that the other workers wait a few milliseconds, not a queue's worth.
 */
export const WRITES_PER_TURN = 8;

/**
 * The longest, in ms, one worker keeps passing its turn on: a turn granted this long ago goes back to the
 * primary at its next write's end, however few writes it has served, so one long transaction (an import,
 * a job's step) in a row of them holds the other workers back once, not eight times.
 */
export const TURN_PASSED_ON_MS = 20;

/**
 * This process's turns (`local`, first come, first served), each also holding the workers' turn when there
 * is one to take: one request at a time in this process asks the primary, so the workers take turns with
 * each other as the requests in each do. A request that ends its write while another request here waits
 * for the local turn passes the workers' turn straight to it, up to WRITES_PER_TURN writes and for at
 * most `passOnForMs` (TURN_PASSED_ON_MS), instead of handing it back to the primary and asking again:
 * each round trip to the primary (two messages, and the wait for the primary and for this worker's own
 * event loop to read them) is time the turn is held while nothing is written, and it is what bounded the
 * writes of two workers together.
 */
export function inTurnWithWorkers(local: () => Promise<() => void>, workersTurn: TakeTurn | null, passOnForMs = TURN_PASSED_ON_MS): () => Promise<() => void> {
  if (!workersTurn) return local;
  // Only the holder of the local turn reads or changes these, so no two requests ever do at once.
  let held: { end: () => void; writes: number; grantedAt: number } | null = null;
  let waitingHere = 0;
  return async () => {
    waitingHere++;
    const releaseLocal = await local();
    waitingHere--;
    if (!held) {
      try {
        held = { end: await workersTurn(), writes: 0, grantedAt: performance.now() };
      } catch (error) {
        releaseLocal();
        throw error;
      }
    }
    const turn = held;
    turn.writes++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (waitingHere === 0 || turn.writes >= WRITES_PER_TURN || performance.now() - turn.grantedAt >= passOnForMs) {
        turn.end();
        held = null;
      }
      releaseLocal();
    };
  };
}

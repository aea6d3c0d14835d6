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

// @ts-check
// Requests start one per turn of the event loop, in the order they arrived.
//
// Why: Node's event loop (libuv 1.45 and later) accepts one new connection per turn, and a turn runs
// every request whose bytes arrived in it to its end (a page's reads and writes are synchronous SQLite
// calls, so a request rarely waits for anything). On one busy process, 60 pupils answering at once made
// each turn run tens of requests, hundreds of milliseconds, so a phone that had just connected waited
// in the kernel's queue of unaccepted connections for one turn per phone ahead of it: seconds. A
// cluster worker is not affected (its primary accepts), but a server running alone is.
// See docs/decisions/0095-requests-start-one-per-turn.md.

import { sendErrorPage } from "./error-page.mjs";

/** The most requests held at once; beyond it, a new request is turned away (see below). */
const MOST_HELD = 1000;

/**
 * Express middleware: holds each request, and starts the oldest one held at each turn of the event loop
 * (a `setImmediate`), so every turn also accepts a waiting connection and reads the sockets that have
 * sent something. What a request does after it has started is not held back. A request held costs one
 * entry in an array.
 *
 * A request whose sender has closed the connection while it was held is dropped when its turn comes.
 *
 * Requests `unheld` picks (the health check, so that a load balancer learns the process is alive, not
 * how long its queue is) start at once. When `mostHeld` requests are already held, a new one is answered
 * at once with a 503 and `Retry-After`, before anything of it has run: nothing it asked is done, and the
 * queue, and the wait of those in it, stay bounded under overload.
 * @param {{ mostHeld?: number, unheld?: (req: import("express").Request) => boolean }} [options]
 * @returns {import("express").RequestHandler}
 */
export function startRequestsInTurn({ mostHeld = MOST_HELD, unheld = () => false } = {}) {
  /** @type {(() => void)[]} */
  const held = [];
  let turnBooked = false;

  const startOldest = () => {
    const next = held.shift();
    // Booked before the request runs, so a request that throws synchronously cannot stall the rest.
    if (held.length > 0) setImmediate(startOldest);
    else turnBooked = false;
    next?.();
  };

  return (req, res, next) => {
    if (unheld(req)) return next();
    if (held.length >= mostHeld) {
      res.set("Retry-After", "5");
      return sendErrorPage(res, 503, "The service is busy. Nothing you sent has been done: wait a few seconds, then try again.");
    }
    // A request whose sender has gone while it was held is dropped: no one is waiting for its answer.
    // (Node sees the sender go only once it has read the connection's end; until then the request runs.)
    held.push(() => {
      if (!req.destroyed && !req.socket?.destroyed) next();
    });
    if (turnBooked) return;
    turnBooked = true;
    setImmediate(startOldest);
  };
}

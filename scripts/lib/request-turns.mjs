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

/**
 * Express middleware: holds each request, and starts the oldest one held at each turn of the event loop
 * (a `setImmediate`), so every turn also accepts a waiting connection and reads the sockets that have
 * sent something. What a request does after it has started is not held back. A request held costs one
 * entry in an array; nothing is dropped.
 * @returns {import("express").RequestHandler}
 */
export function startRequestsInTurn() {
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

  return (_req, _res, next) => {
    held.push(() => next());
    if (turnBooked) return;
    turnBooked = true;
    setImmediate(startOldest);
  };
}

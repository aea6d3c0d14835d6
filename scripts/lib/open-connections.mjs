// @ts-check
// The connections an HTTP server holds, for stopping it without cutting off a request it has accepted
// (docs/decisions/0173-connections-handed-out-by-the-primary.md).

/**
 * Keeps count of `server`'s connections and the requests open on each. A connection is idle when no
 * request is open on it and nothing of a next one has been read: `closeIdle` closes those that were idle
 * at its last call too. Between two calls the process has read what was waiting on its connections, so a
 * connection is never closed with a request sent and unread, which the kernel would answer with a reset
 * (Node's own `closeIdleConnections` closes a connection that has not been read yet, such as one just
 * accepted, as idle). A request whose first bytes have arrived is left to finish.
 * @param {import("node:http").Server} server
 */
export function openConnections(server) {
  /**
   * Each open connection: its requests open, the bytes it had read when its last one ended, and whether
   * it was idle at the last sweep.
   * @type {Map<import("node:net").Socket, { requests: number, readWhenAnswered: number, idleAtLastSweep: boolean }>}
   */
  const open = new Map();
  let whenNoneOpen = () => {};

  server.on("connection", (/** @type {import("node:net").Socket} */ socket) => {
    open.set(socket, { requests: 0, readWhenAnswered: 0, idleAtLastSweep: false });
    socket.once("close", () => {
      open.delete(socket);
      if (open.size === 0) whenNoneOpen();
    });
  });
  server.on("request", (/** @type {import("node:http").IncomingMessage} */ request, /** @type {import("node:http").ServerResponse} */ response) => {
    const connection = open.get(request.socket);
    if (!connection) return;
    connection.requests++;
    response.once("close", () => {
      connection.requests--;
      connection.readWhenAnswered = request.socket.bytesRead;
    });
  });

  return {
    /** Closes the connections idle now and at the last call (called every 100 ms while stopping). */
    closeIdle() {
      for (const [socket, connection] of open) {
        const idle = connection.requests === 0 && socket.bytesRead === connection.readWhenAnswered;
        if (idle && connection.idleAtLastSweep) socket.destroy();
        connection.idleAtLastSweep = idle;
      }
    },
    /** Cuts off every connection, busy or not. */
    closeAll() {
      for (const socket of open.keys()) socket.destroy();
    },
    /** Resolves once no connection is open. */
    noneOpen() {
      return open.size === 0 ? Promise.resolve() : new Promise((resolve) => (whenNoneOpen = () => resolve(undefined)));
    },
  };
}

/** The longest a stopping server goes on accepting the connections that keep coming before it stops listening. */
const LONGEST_DRAIN_MS = 3_000;

/**
 * Stops `listener` listening once it has accepted the connections the kernel completed before: closing
 * a listening socket resets those still queued in the kernel, their requests sent. Node (libuv) accepts
 * one connection per turn of the event loop, so the socket is closed at the end of the first turn that
 * accepted none, or after `LONGEST_DRAIN_MS` of turns that each accepted one, if they keep coming.
 * @param {import("node:net").Server} listener
 * @param {() => void} [close] how it stops listening (`listener.close()` unless given)
 * @returns {Promise<void>} resolves once it no longer listens
 */
export function stopListeningOnceDrained(listener, close = () => listener.close()) {
  const startedAt = Date.now();
  // The turn this is called in may have accepted one already, before anyone counted: a whole turn is counted first.
  let accepted = true;
  const onConnection = () => (accepted = true);
  listener.on("connection", onConnection);
  return new Promise((resolve) => {
    const atEndOfTurn = () => {
      if (accepted && Date.now() - startedAt < LONGEST_DRAIN_MS) {
        accepted = false;
        // An immediate set from an immediate runs at the end of the next turn, after its poll for connections.
        setImmediate(atEndOfTurn);
        return;
      }
      listener.off("connection", onConnection);
      close();
      resolve(undefined);
    };
    setImmediate(atEndOfTurn);
  });
}

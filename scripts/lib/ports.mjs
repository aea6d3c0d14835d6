// @ts-check
// The port the server listens on, as an operator meets it when it cannot be had.
import net from "node:net";

/**
 * What to tell an operator when the server cannot listen on `port`: in use, or not allowed to this user;
 * undefined for any other error. Node's own words ("listen EADDRINUSE: address already in use :::3000",
 * with a stack) say neither what to do nor which setting to change.
 * @param {number} port
 * @param {NodeJS.ErrnoException} error
 * @returns {string | undefined}
 */
export function portProblem(port, error) {
  if (error.code === "EADDRINUSE") return `port ${port} is already in use, by another server perhaps. Stop that one, or set PORT to a free port.`;
  if (error.code === "EACCES") return `this user may not listen on port ${port}. Set PORT to 1024 or above, and let a proxy in front take ports 80 and 443.`;
  return undefined;
}

/**
 * Whether the server could listen on `port` now, tried as it listens (every address), and let go at
 * once: the start asks before it prepares the database and starts its workers, so a port in use stops
 * it with one line and nothing begun. Resolves to the problem in `portProblem`'s words (or Node's, for
 * another error), or undefined when the port is free. The server still handles the port being taken in
 * the moment between.
 * @param {number} port
 * @returns {Promise<string | undefined>}
 */
export function portTaken(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (/** @type {NodeJS.ErrnoException} */ error) => resolve(portProblem(port, error) ?? error.message));
    probe.listen(port, () => probe.close(() => resolve(undefined)));
  });
}

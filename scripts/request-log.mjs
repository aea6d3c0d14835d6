// @ts-check
// Structured request logs: one JSON line per request on stdout (pino), and a request id for each.
// What a line holds, and what it never holds, is in docs/decisions/0035-request-logs.md.
import cluster from "node:cluster";
import { randomUUID } from "node:crypto";
import { format } from "node:util";
import pino from "pino";

// Anything shaped like an email address: a mail server's refusal quotes the address it refused. Neither
// side of the "@" may hold another "@", each label of the domain no "." and no slash (no domain has one: a
// stack frame's path, ".../node_modules/@prisma/client/runtime/client.js", is not an address), and each part
// is as long as an address allows at most (64 before the "@", 63 a label, RFC 5321), so no stretch of text is
// tried in more than one way or for more than a few dozen characters: the time grows with the text's length.
const EMAIL_ADDRESS = /[^\s@<>()[\]"',;:]{1,64}@[^\s@<>()[\]"',;:./\\]{1,63}(?:\.[^\s@<>()[\]"',;:./\\]{1,63}){1,10}/g;

/**
 * `text` with every email address in it replaced by "[email address]": the log never holds one.
 * @param {string} text
 */
export const withoutEmailAddresses = (text) => text.replace(EMAIL_ADDRESS, "[email address]");

/**
 * `value` with every string in it, at any depth, without email addresses (`withoutEmailAddresses`).
 * @param {unknown} value @param {number} depth how much deeper to go; past it, a nested object is left out
 * @returns {unknown}
 */
function withoutAddressesAnywhere(value, depth = 5) {
  if (typeof value === "string") return withoutEmailAddresses(value);
  if (value === null || typeof value !== "object") return value;
  if (depth === 0) return "[left out]";
  if (Array.isArray(value)) return value.map((item) => withoutAddressesAnywhere(item, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutAddressesAnywhere(item, depth - 1)]));
}

/**
 * An error as a log line holds it: pino's own serialiser (message, stack, `cause` and the error's other
 * fields, such as a mail server's `response` and the `rejected` addresses nodemailer adds), with no email
 * address in any of its strings; anything else thrown (a Response) as it is.
 * @param {unknown} error
 */
function loggedError(error) {
  if (!(error instanceof Error)) return error;
  return withoutAddressesAnywhere(pino.stdSerializers.err(error));
}

/**
 * The log's settings: JSON lines, with an ISO time, the level by name, and errors (`err`) without email
 * addresses. A cluster worker's lines also say which worker wrote them (its slot, 1..N, and process id),
 * so a request can be followed to it.
 * @type {pino.LoggerOptions}
 */
export const LOG_OPTIONS = {
  base: cluster.isWorker ? { worker: Number(process.env.WORKER_SLOT), pid: process.pid } : null,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  serializers: { err: loggedError },
};

/** The log: on stdout. */
export const logger = pino(LOG_OPTIONS);

/**
 * Sends what the service's code writes with `console.error` and `console.warn` (a mail server that refused
 * a message, a thread that stopped) to `log` as error and warning lines, so whoever watches for
 * `"level":"error"` sees it: the first Error among the arguments as `err`, the rest as the message,
 * neither with an email address.
 * @param {pino.Logger} log
 */
export function logConsoleAsJson(log = logger) {
  /** @param {"error" | "warn"} level */
  const to =
    (level) =>
    (/** @type {unknown[]} */ ...args) => {
      const error = args.find((arg) => arg instanceof Error);
      const message = withoutEmailAddresses(format(...args.filter((arg) => arg !== error)));
      if (error) log[level]({ err: error }, message);
      else log[level](message);
    };
  console.error = to("error");
  console.warn = to("warn");
}

// An incoming X-Request-Id (from a proxy that already numbered the request) is kept only when it is a
// short token of letters, digits, dots, dashes and underscores: anything else could forge log content.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * This request's id: the incoming X-Request-Id when it is a safe short token, otherwise a new UUID.
 * @param {string | undefined} incoming
 */
export function requestIdFor(incoming) {
  return incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * The fixed words of every route's path in the Remix build (`sessions`, `deliveries`, `book`, `s`, ...).
 * @param {{ routes: Record<string, { path?: string }> }} build
 */
export function routeWords(build) {
  const words = new Set(["assets", "__manifest", "_root.data", "healthz", "favicon.svg"]);
  for (const route of Object.values(build.routes)) {
    for (const segment of (route.path ?? "").split("/")) {
      if (segment && !segment.startsWith(":") && segment !== "*") words.add(segment);
    }
  }
  return words;
}

/**
 * The path with every segment that is not a fixed word of some route replaced by `:param`, so ids,
 * survey codes, tokens and anything a person typed never reach the log. Query strings are dropped.
 * `/s/KM7P4XQD` gives `/s/:param`; single fetch's `/bookings/abc.data` gives `/bookings/:param.data`.
 * @param {string} path the request path without its query string
 * @param {Set<string>} words from routeWords
 */
export function routePattern(path, words) {
  const segments = path.split("/").map((segment) => {
    if (segment === "" || words.has(segment)) return segment;
    if (segment.endsWith(".data") && words.has(segment.slice(0, -".data".length))) return segment;
    return segment.endsWith(".data") ? ":param.data" : ":param";
  });
  return segments.join("/") || "/";
}

/**
 * Express middleware: gives each request its id (in `res.locals.requestId` and the X-Request-Id
 * response header) and, when the response has gone, logs one line: time, requestId, method, route
 * (a pattern, see routePattern), status and durationMs; when the sender went before the whole answer
 * was sent, `senderGone: true`, and a null status if no answer had begun. Never the query string,
 * cookies or any header.
 * @param {{ words: () => Promise<Set<string>> }} options
 * @returns {import("express").RequestHandler}
 */
export function requestLog({ words }) {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFor(req.get("x-request-id"));
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    const path = req.originalUrl.split("?")[0] ?? "/";
    const write = () => {
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      // A sender that went before the answer was complete: the status is the one sent, or none at all.
      const outcome = res.writableFinished ? { status: res.statusCode } : { status: res.headersSent ? res.statusCode : null, senderGone: true };
      words().then(
        (known) => logger.info({ requestId, method: req.method, route: routePattern(path, known), ...outcome, durationMs }, "request"),
        () => logger.info({ requestId, method: req.method, route: routePattern(path, new Set()), ...outcome, durationMs }, "request"),
      );
    };
    // "close" also fires for a client that went away before the response finished.
    res.once("close", write);
    next();
  };
}

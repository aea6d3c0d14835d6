// @ts-check
// The HTTP server: Express in front of the Remix request handler.
// Production serves the built app; development mounts Vite's dev server in the same process.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import cluster from "node:cluster";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { addressForLimits } from "./lib/client-address.mjs";
import { findStylesheet } from "./lib/error-page.mjs";
import {
  checkRequestBodies,
  dropUndecodableCookies,
  dropUnreadBodies,
  errorPages,
  refuseCrossSiteRequests,
  refuseUnknownMethods,
  refuseInvalidHosts,
  refuseOldDataRequests,
  refuseUndecodablePaths,
} from "./lib/request-guards.mjs";
import { portProblem } from "./lib/ports.mjs";
import { startRequestsInTurn } from "./lib/request-turns.mjs";
import { logConsoleAsJson, logger, requestLog, routeWords } from "./request-log.mjs";
import { securityHeadersMiddleware } from "./security-headers.mjs";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** Paths that take a file, and each one's limit: the GIAS file may be 20 MB (decision 0007), plus the form around it. */
const UPLOADS = { "/schools/import": 21 * 1024 * 1024 };

/** The path each of the app's cookies is set on, so an undecodable one is cleared where it lives. */
const COOKIE_PATHS = { vrn_session: "/", vrn_flash: "/", vrn_survey: "/s" };

/**
 * The request as Remix's Express adapter reads it, with a body already read here (a chunked one, counted
 * against its limit) instead of the spent socket stream.
 * @param {import("express").Request} req
 * @param {Buffer} body
 */
function withReadBody(req, body) {
  return Object.assign(Readable.from([body]), {
    method: req.method,
    headers: req.headers,
    originalUrl: req.originalUrl,
    protocol: req.protocol,
    hostname: req.hostname,
    ip: req.ip,
    socket: req.socket,
    get: req.get.bind(req),
  });
}

// What every page but the setup link answers until the first VRN lead exists. Plain HTML: no styles or
// scripts, which the Content-Security-Policy would refuse inline and which are not needed to say this.
const BEING_SET_UP = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Being set up – VRN Schools Forum</title></head>
<body><main><h1>The VRN Schools Forum is being set up</h1>
<p>The service is not open yet. Please try again later.</p>
<p>If you are setting it up, open the one-time link the server printed when it started.</p></main></body></html>`;

/**
 * Paths served before the first VRN lead exists: the setup link itself (its page and its data request),
 * the health check, and Remix's route manifest, which the setup page's scripts ask for.
 * @param {string} path
 */
const openWhileSettingUp = (path) => path.startsWith("/setup/") || path === "/healthz" || path === "/__manifest";

/**
 * Every file and folder under `directory`, as URL paths ("/favicon.svg", "/assets"), read once at start.
 * @param {string} directory
 */
function filesUnder(directory) {
  const entries = fs.readdirSync(directory, { recursive: true, encoding: "utf8" });
  return new Set(entries.map((entry) => `/${entry.split(path.sep).join("/")}`));
}

/** @param {{ mode?: string, buildDirectory?: string }} [options] */
export async function createServer({ mode = process.env.NODE_ENV ?? "production", buildDirectory = "build" } = {}) {
  // The built service's errors and warnings are log lines like its requests' (the development server's
  // stay as Vite prints them).
  if (mode === "production") logConsoleAsJson();
  const viteDevServer = mode === "production" ? undefined : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

  const build = viteDevServer
    ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build")
    : await import(new URL(`../${buildDirectory}/server/index.js`, import.meta.url).href);
  const loadBuild = async () => (typeof build === "function" ? await build() : build);
  /** @type {Promise<Set<string>> | undefined} */
  let words;

  const app = express();
  app.disable("x-powered-by");
  app.use(dropUnreadBodies());
  app.use(requestLog({ words: () => (words ??= loadBuild().then(routeWords)) }));
  app.use((req, res, next) => {
    // A response whose headers go out once shutdown has begun (even for a request that arrived before)
    // says `Connection: close`, so the client does not reuse a connection that is about to end.
    const writeHead = res.writeHead;
    res.writeHead = function (...args) {
      if (app.locals.shuttingDown) res.setHeader("Connection", "close");
      return Reflect.apply(writeHead, this, args);
    };
    next();
  });
  if (process.env.TRUST_PROXY) trustProxy(app, process.env.TRUST_PROXY);
  app.use(securityHeadersMiddleware({ development: Boolean(viteDevServer) }));
  // After the log, so a request's logged duration includes its wait for a turn, and after the security
  // headers, so a request turned away for a full queue carries them too.
  app.use(startRequestsInTurn({ unheld: (req) => req.path === "/healthz" }));
  // A load balancer's health check is told the process is stopping, so it sends no more while the process
  // answers the connections already made to it (stopListeningOnceQuiet).
  app.get("/healthz", (req, res, next) => {
    if (!app.locals.shuttingDown) return next();
    res.status(503).set("Cache-Control", "no-store").json({ status: "stopping" });
  });
  app.use(compression());

  app.locals.stylesheet = viteDevServer ? null : findStylesheet(buildDirectory);
  app.use(refuseInvalidHosts());
  app.use(refuseUndecodablePaths());
  app.use(refuseOldDataRequests());
  app.use(refuseCrossSiteRequests());
  app.use(refuseUnknownMethods());
  app.use(checkRequestBodies({ uploads: UPLOADS }));
  app.use(dropUndecodableCookies({ paths: COOKIE_PATHS }));

  if (viteDevServer) {
    app.use(viteDevServer.middlewares);
  } else {
    app.use("/assets", express.static(`${buildDirectory}/client/assets`, { immutable: true, maxAge: "1y" }));
    // Only paths that are in the build reach the file server: asking the disk about every page's path
    // (a stat per request, and an index.html lookup for "/") cost signed-in pages a few per cent.
    const clientFiles = filesUnder(`${buildDirectory}/client`);
    const serveClientFile = express.static(`${buildDirectory}/client`, { maxAge: "1h" });
    app.use((req, res, next) => (clientFiles.has(decodeURIComponent(req.path).replace(/\/+$/, "")) ? serveClientFile(req, res, next) : next()));
  }

  /** What app/entry.server.tsx exports: closing the database, whether a lead exists, setup links. */
  app.locals.entryModule = async () => (await loadBuild()).entry.module;

  /** Starts the scheduled jobs in this process (entry.server.tsx exports how; SCHEDULED_WORK=off skips them). */
  app.locals.startScheduledWork = async () => (await loadBuild()).entry.module.startScheduledWork?.();

  /** In a worker that does not run the timetable: notes that another worker of this server does (entry.server.tsx). */
  app.locals.noteScheduledWorkInAnotherWorker = async () => (await loadBuild()).entry.module.noteScheduledWorkInAnotherWorker?.();

  /** Closes the app's database connection (entry.server.tsx exports how) and the dev server. */
  app.locals.closeResources = async () => {
    await (await loadBuild()).entry.module.closeDatabase?.();
    await viteDevServer?.close();
  };

  app.use((req, res, next) => {
    if (openWhileSettingUp(req.path)) return next();
    loadBuild()
      .then((loaded) => loaded.entry.module.hasActiveLead())
      .then((ready) => {
        if (ready) return next();
        res.status(503).set("Retry-After", "3600").set("Cache-Control", "no-store").type("html").send(BEING_SET_UP);
      }, next);
  });

  const remix = createRequestHandler({
    build,
    mode,
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce,
      requestId: res.locals.requestId,
      /** Logs an error with its stack and this request's id. */
      logError: (/** @type {unknown} */ error, /** @type {string} */ message) => logger.error({ requestId: res.locals.requestId, err: error }, message),
      clientAddress: addressForLimits(req.ip ?? req.socket.remoteAddress ?? "unknown"),
      secureCookies: mode === "production" && !(req.protocol === "http" && LOOPBACK.has(req.hostname)),
      // Express keeps headers set here and Remix appends its own, so this works for redirects too.
      setCookie: (/** @type {string} */ cookie) => res.append("Set-Cookie", cookie),
    }),
  });
  app.all("*", (req, res, next) => {
    // A header the app sets replaces the server's default of the same name (a page's own
    // Referrer-Policy, say) instead of going out beside it; Set-Cookie headers add up as before.
    const append = res.append;
    res.append = function (field, value) {
      return field.toLowerCase() === "set-cookie" ? append.call(this, field, value) : this.set(field, value);
    };
    remix(res.locals.body ? /** @type {any} */ (withReadBody(req, res.locals.body)) : req, res, next);
  });
  app.use(errorPages());
  return app;
}

/**
 * Serves `app` on `port` (in a cluster worker, the port the workers share). On SIGTERM or Ctrl-C it
 * answers the connections already made, stops taking new ones once none has come for a moment
 * (`stopListeningOnceQuiet`), lets requests in flight finish (closing keep-alive connections as they fall
 * idle), closes the database and exits 0; whatever is still open after `graceMs` is cut off and the exit
 * code is 1.
 * @param {import("express").Express} app
 * @param {{ port: number, onListening?: () => void, graceMs?: number }} options
 */
export function serve(app, { port, onListening = () => {}, graceMs = 10_000 }) {
  const server = app.listen(port, onListening);
  server.on("error", (/** @type {NodeJS.ErrnoException} */ error) => {
    console.error(`The server could not start: ${portProblem(port, error) ?? error.message}`);
    process.exit(1);
  });
  let stopping = false;

  /** @param {NodeJS.Signals} signal */
  async function shutDown(signal) {
    if (stopping) return;
    stopping = true;
    if (cluster.isWorker) console.log(`Worker ${process.env.WORKER_SLOT}: ${signal}, finishing its requests in flight.`);
    app.locals.shuttingDown = true;
    const deadline = setTimeout(() => {
      console.error(`Still busy after ${graceMs / 1000} s: closing the remaining connections.`);
      server.closeAllConnections();
      process.exit(1);
    }, graceMs);
    deadline.unref();
    const { closed } = await stopListeningOnceQuiet(server);
    // A cluster's primary says this once every worker has stopped listening (scripts/lib/workers.mjs).
    if (cluster.isWorker) process.send?.({ stoppedListening: true });
    else console.log(`${signal}: finishing requests in flight, then stopping.`);
    // Keep-alive connections that go idle after their last response are closed as they do.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    await closed;
    clearInterval(sweep);
    try {
      await app.locals.closeResources?.();
    } catch (error) {
      console.error("Closing the database failed:", error);
      process.exit(1);
    }
    console.log(cluster.isWorker ? `Worker ${process.env.WORKER_SLOT}: stopped cleanly.` : "Stopped cleanly.");
    process.exit(0);
  }
  // Every SIGTERM, not only the first: a service manager (systemd's default) sends one to the primary and each
  // worker at once, and the primary passes one on to each worker, so a worker gets two; a second left to
  // Node's default would end it at once, cutting off its requests in flight. A second Ctrl-C still stops it.
  process.on("SIGTERM", () => void shutDown("SIGTERM"));
  process.once("SIGINT", () => void shutDown("SIGINT"));
  return server;
}

/** How long no new connection must come before a stopping server stops listening, and the longest it waits for that. */
const QUIET_MS = 250;
const LONGEST_DRAIN_MS = 3_000;

/**
 * Stops `server` listening once no connection has come to it for `QUIET_MS` (or after `LONGEST_DRAIN_MS`, should
 * they keep coming), answering with the rest those that do. Closing a listening socket at once would cut off,
 * with a reset, every connection made and not yet taken: those the kernel holds for this process, and, in a
 * cluster, those the primary holds for its workers, their requests already sent. A response's
 * `Connection: close` (set while stopping) ends each connection taken meanwhile. Each check runs after the
 * event loop's poll for connections, so a process that was busy for longer than `QUIET_MS` takes what came
 * meanwhile before it checks. A cluster worker asks the primary as well (`primaryHoldsNoneFor`): the primary
 * hands a worker one connection at a time, each once the worker has taken the one before, and on a machine whose
 * cores are all busy the primary can take longer than `QUIET_MS` to hand the next; when the last worker stops
 * listening, those it still holds are reset. Closing also closes the connections idle at that moment (Node's
 * `http.Server.close`): none was made in the last `QUIET_MS`, so none of them is one whose request is still
 * unread unless connections kept coming for `LONGEST_DRAIN_MS`.
 * @param {import("node:http").Server} server
 * @returns {Promise<{ closed: Promise<void> }>} resolves once it no longer listens; `closed` resolves once its
 *   last connection has closed
 */
function stopListeningOnceQuiet(server) {
  const startedAt = Date.now();
  let lastConnectionAt = startedAt;
  const onConnection = () => (lastConnectionAt = Date.now());
  server.on("connection", onConnection);
  return new Promise((resolve) => {
    const again = () => setTimeout(() => setImmediate(check), 50);
    const who = cluster.isWorker ? `Worker ${process.env.WORKER_SLOT}: ` : "";
    /** @param {string} [why] said in the log when it stops at the limit rather than once quiet */
    const stop = (why) => {
      if (why) console.log(`${who}${why} after ${LONGEST_DRAIN_MS / 1000} s: no longer taking connections.`);
      server.off("connection", onConnection);
      resolve({ closed: new Promise((closed) => server.close(() => closed())) });
    };
    const check = () => {
      const now = Date.now();
      if (now - startedAt >= LONGEST_DRAIN_MS) return stop("connections still coming");
      if (now - lastConnectionAt < QUIET_MS) return void again();
      if (!cluster.isWorker) return stop();
      const before = lastConnectionAt;
      primaryHoldsNoneFor(LONGEST_DRAIN_MS - (now - startedAt)).then((answered) => {
        if (!answered) stop("the primary had not answered");
        else if (lastConnectionAt === before) stop();
        else if (Date.now() - startedAt >= LONGEST_DRAIN_MS) stop("connections still coming");
        else again();
      });
    };
    again();
  });
}

let nextHoldCheck = 0;

/**
 * In a cluster worker: resolves true once the primary has answered a message sent now, or false when it has not
 * within `waitMs` (a primary blocked, or one started from older code that does not answer). The primary answers after the
 * poll of its event loop (scripts/lib/workers.mjs), so it has taken every connection waiting for it by then; and it
 * hands this worker a connection it holds as soon as the worker has taken the one before, in a message sent before
 * its answer on the same channel, which arrives first. So when the answer comes and no connection came with it,
 * the primary held none for this worker. Resolves true at once outside a cluster, or once the channel has closed
 * (no primary holds anything for it then).
 * @param {number} waitMs
 * @returns {Promise<boolean>}
 */
function primaryHoldsNoneFor(waitMs) {
  const send = process.send?.bind(process);
  if (!send || !process.connected) return Promise.resolve(true);
  const id = ++nextHoldCheck;
  return new Promise((resolve) => {
    /** @param {any} message */
    const onMessage = (message) => {
      if (message?.holdCheckAnswer === id) done(true);
    };
    const onDisconnect = () => done(true);
    const timer = setTimeout(() => done(false), Math.max(0, waitMs));
    /** @param {boolean} answered */
    const done = (answered) => {
      clearTimeout(timer);
      process.off("message", onMessage);
      process.off("disconnect", onDisconnect);
      resolve(answered);
    };
    process.on("message", onMessage);
    process.once("disconnect", onDisconnect);
    send({ holdCheck: id }, undefined, undefined, (error) => {
      if (error) done(true);
    });
  });
}

/**
 * Tells Express which proxies in front to believe (`TRUST_PROXY`): their addresses ("loopback" for one on this
 * machine, an IP address or range, several with commas), or how many there are (a whole number, such as 1;
 * Express would read "1" as the address 0.0.0.1 and trust nothing, without a word). Throws an Error naming the
 * setting for anything else: "true" would believe any client's X-Forwarded-For, so sign-in throttling and rate
 * limits would see whatever address it chose.
 * @param {import("express").Express} app
 * @param {string} value
 */
export function trustProxy(app, value) {
  const setting = /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (setting === 0 || /^(true|false|yes|no|on|off)$/i.test(String(setting).trim())) throw new Error(trustProxyProblem(value));
  try {
    app.set("trust proxy", setting);
  } catch {
    throw new Error(trustProxyProblem(value));
  }
}

/** @param {string} value */
const trustProxyProblem = (value) =>
  `TRUST_PROXY "${value}" is not a setting it takes: give the address of the proxy in front ("loopback" for one on this machine, an IP address or range, several with commas), or how many proxies there are (a whole number, such as 1). Leave it unset with no proxy.`;

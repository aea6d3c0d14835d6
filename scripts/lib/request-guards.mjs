// @ts-check
// Checks every request passes before Remix sees it: the address, the cookies, the site it came from
// and the body. Each refusal is the service's own error page with a 4xx status, never a server error.
// See docs/decisions/0030-requests-refused-before-remix.md.
import { parse, serialize } from "cookie";
import getRawBody from "raw-body";
import { sendErrorPage } from "./error-page.mjs";

/** Ordinary forms: far more than any of the service's forms holds (the longest is a guide page's Markdown). */
export const FORM_LIMIT_BYTES = 1024 * 1024;

/**
 * What is read and dropped of a body refused unread before the connection is cut: enough for any real
 * upload past its limit (the GIAS limit is 21 MB), so a browser still sending reads the refusal page.
 */
const UNREAD_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const FORM = "application/x-www-form-urlencoded";
const MULTIPART = "multipart/form-data";

/** @param {import("express").Request} req */
function isUnsafe(req) {
  return !SAFE_METHODS.has(req.method);
}

/** The request's path as Remix routes it: a single-fetch `.data` request belongs to the page it is for. */
function routePath(/** @type {import("express").Request} */ req) {
  const path = req.path.replace(/\.data$/, "");
  return path === "/_root" ? "/" : path;
}

/**
 * Express middleware, the first: a request answered before its body was read in full (a refusal
 * here, a full queue, a 413) has the rest of its body read and dropped, up to `limit` bytes, and keeps
 * its connection. Closing at once would make the kernel reset a connection the client is still
 * sending on, and the client would lose the answer ("connection reset" in a browser, EPIPE in Node)
 * instead of reading the page that says what went wrong. Past `limit` the connection is cut.
 * @param {{ limit?: number }} [options] bytes to drop at most (64 MB unless given)
 * @returns {import("express").RequestHandler}
 */
export function dropUnreadBodies({ limit = UNREAD_BODY_LIMIT_BYTES } = {}) {
  return (req, res, next) => {
    // Before "finish": there Node would dump the rest itself, without a limit and out of sight.
    res.once("prefinish", () => {
      if (req.complete || req.destroyed) return;
      let dropped = 0;
      req.on("data", (/** @type {Buffer} */ chunk) => {
        dropped += chunk.length;
        if (dropped > limit) req.socket.destroy();
      });
      // A reader that gave up part-way (raw-body past its limit) left the stream paused.
      req.resume();
    });
    next();
  };
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Whether percent-encoded text (an address's query, a form's body) decodes to valid UTF-8: each `%XX`
 * escape is taken as a byte, as URLSearchParams takes it, and a `%` not followed by two hex digits as
 * itself. Bytes that are not valid UTF-8 (`%FF`, `%C3` alone, `%ED%A0%80`, half of a UTF-16 pair) would
 * otherwise be read as U+FFFD and stored or searched for in place of what was meant.
 * @param {string} text
 */
function percentEncodedTextDecodes(text) {
  try {
    decodeURIComponent(text.replace(/%(?![0-9a-fA-F]{2})/g, "%25"));
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a form's body (`application/x-www-form-urlencoded`) is text a browser could have sent: valid
 * UTF-8 as it stands, and in each of its escapes (`percentEncodedTextDecodes`).
 * @param {Buffer} body
 */
function formBodyDecodes(body) {
  try {
    return percentEncodedTextDecodes(strictUtf8.decode(body));
  } catch {
    return false;
  }
}

/**
 * Express middleware: an address whose path or query is not valid percent-encoded UTF-8 (such as
 * `%ED%A0%80`, half of a UTF-16 pair, or `?q=%FF`) gets the 400 page. Without this, static files answer
 * such a path with Express's bare "Bad Request", and a page reads such a query as U+FFFD.
 * @returns {import("express").RequestHandler}
 */
export function refuseUndecodablePaths() {
  return (req, res, next) => {
    const query = req.originalUrl.indexOf("?");
    try {
      decodeURIComponent(req.path);
      if (query !== -1 && !percentEncodedTextDecodes(req.originalUrl.slice(query + 1))) throw new URIError("query");
    } catch {
      sendErrorPage(res, 400, "The address is not valid. Check it and try again.");
      return;
    }
    next();
  };
}

/**
 * Express middleware: an address with a `_data` query parameter gets the 400 page. It asks Remix for a
 * route's data the way Remix did before single fetch; this service's pages never send it (they ask for
 * `.data` addresses), but Remix still answers it, as a 500 on every page whose loader returns nothing or
 * whose action answers with a status, after running the action, with an error logged each time.
 * @returns {import("express").RequestHandler}
 */
export function refuseOldDataRequests() {
  return (req, res, next) => {
    const query = req.originalUrl.indexOf("?");
    if (query !== -1 && new URLSearchParams(req.originalUrl.slice(query + 1)).has("_data")) {
      sendErrorPage(res, 400, "The address asked for something this service does not give. Check it and try again.");
      return;
    }
    next();
  };
}

/**
 * Express middleware: a request whose Host header cannot name a web address (`exa mple`, `a@b`, a port
 * over 65535) gets the 400 page (`hostMakesAddress`). A browser never sends one, but without this the app's request, built
 * from the host, fails as a 500 with its stack in the log.
 * @returns {import("express").RequestHandler}
 */
export function refuseInvalidHosts() {
  return (req, res, next) => {
    if (!hostMakesAddress(req)) {
      sendErrorPage(res, 400, "The request named a host that is not valid.");
      return;
    }
    next();
  };
}

/**
 * Whether the address Remix's adapter builds from the request (its host name, as Express reads it, and
 * the port of X-Forwarded-Host or Host) is one a web request may have: it parses, and carries no user name or
 * password, which a Request refuses.
 * @param {import("express").Request} req
 */
function hostMakesAddress(req) {
  // As the adapter does: the port of X-Forwarded-Host when it has a whole number, else the Host header's.
  const portOf = (/** @type {string | undefined} */ header) => Number.parseInt(header?.split(":")[1] ?? "", 10);
  const forwarded = portOf(req.get("x-forwarded-host"));
  const port = Number.isSafeInteger(forwarded) ? forwarded : portOf(req.get("host"));
  try {
    const url = new URL(`${req.protocol}://${req.hostname}${Number.isSafeInteger(port) ? `:${port}` : ""}${req.originalUrl}`);
    return url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

/** @param {string} value */
function decodes(value) {
  try {
    decodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Express middleware: a cookie whose value is not valid percent-encoding can only have been made by
 * hand or by a fault, never by this app. It is taken out of the request, so no page reads it, and
 * cleared in the browser, so it does not come back. `paths` gives the path each of the app's cookies
 * is set on (a cookie is cleared only with the path it was set with); any other cookie is cleared on "/".
 * @param {{ paths: Record<string, string> }} options
 * @returns {import("express").RequestHandler}
 */
export function dropUndecodableCookies({ paths }) {
  return (req, res, next) => {
    const header = req.headers.cookie;
    if (!header) return next();
    const raw = parse(header, { decode: (value) => value });
    const bad = Object.keys(raw).filter((name) => !decodes(raw[name] ?? ""));
    if (bad.length === 0) return next();
    req.headers.cookie = Object.entries(raw)
      .filter(([name]) => !bad.includes(name))
      .map(([name, value]) => `${name}=${value}`)
      .join("; ");
    for (const name of bad) {
      res.append("Set-Cookie", serialize(name, "", { path: paths[name] ?? "/", maxAge: 0, httpOnly: true, sameSite: "lax", secure: req.secure }));
    }
    next();
  };
}

/**
 * The origin the browser sees this service at: scheme and host as the client sent them. Behind a TLS
 * proxy set TRUST_PROXY, so `req.protocol` (and the host) follow the proxy's X-Forwarded-Proto and
 * X-Forwarded-Host; otherwise every HTTPS Origin would look like another site.
 * @param {import("express").Request} req
 */
function ownOrigin(req) {
  const trusted = req.app.get("trust proxy fn")(req.socket.remoteAddress ?? "", 0);
  const forwardedHost = trusted ? req.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  return `${req.protocol}://${forwardedHost || req.get("host")}`;
}

/**
 * Whether a state-changing request must be refused as possibly cross-site (CSRF). Every current
 * browser sends Sec-Fetch-Site; "same-origin" is the only value accepted. Without it the request must
 * carry an Origin whose scheme and host are this service's. A request that shows neither is refused:
 * a browser always sends one of them on a POST, so only a hand-made request lacks both. An Origin that
 * is sent must name this host whatever Sec-Fetch-Site says: Remix refuses an action whose Origin host is
 * not the X-Forwarded-Host (or Host) header by throwing, which would be a 500 rather than this 403.
 * @param {import("express").Request} req
 */
function isCrossSiteRequest(req) {
  if (!isUnsafe(req)) return false;
  const site = req.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = req.get("origin");
  if (!origin) return site !== "same-origin";
  let url;
  try {
    url = new URL(origin);
  } catch {
    return true;
  }
  if (url.origin === "null") return true;
  const hostHeader = req.get("x-forwarded-host")?.split(",")[0]?.trim() || req.get("host");
  if (url.host !== hostHeader) return true;
  // The browser vouches that the page is this service's, so the scheme need not match here: behind a
  // TLS proxy without TRUST_PROXY, req.protocol is the proxy's http.
  if (site === "same-origin") return false;
  return url.origin !== new URL(ownOrigin(req)).origin;
}

/**
 * Express middleware: refuses possibly cross-site state-changing requests with 403.
 * @returns {import("express").RequestHandler}
 */
export function refuseCrossSiteRequests() {
  return (req, res, next) => {
    if (!isCrossSiteRequest(req)) return next();
    sendErrorPage(res, 403, "This request did not come from a page of this service, so it was refused. Go back to the page, reload it and try again.");
  };
}

/** The methods the service answers: pages (GET, and HEAD as GET without the body) and its forms (POST). */
const ALLOWED_METHODS = ["GET", "HEAD", "POST"];

/**
 * Express middleware answering any other method (PUT, DELETE, PATCH, OPTIONS, ...) with 405 and an
 * `Allow` header, before anything reads its body. Remix would otherwise run a route's action for it, as
 * for a POST: a DELETE to a form's address did what the form does.
 */
export function refuseUnknownMethods() {
  const allowed = new Set(ALLOWED_METHODS);
  return (/** @type {import("express").Request} */ req, /** @type {import("express").Response} */ res, /** @type {import("express").NextFunction} */ next) => {
    if (allowed.has(req.method)) return next();
    res.set("Allow", ALLOWED_METHODS.join(", "));
    sendErrorPage(res, 405, "The service's pages are read and its forms are sent in the usual way only. Go back to the page, reload it and try again.");
  };
}

/** @param {number} bytes */
function megabytes(bytes) {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/**
 * Answers a body that is not a form (or not a file upload, on the upload paths) with 415.
 * @param {import("express").Response} res
 * @param {number | undefined} uploadLimit
 */
function refuseType(res, uploadLimit) {
  res.set("Accept-Post", uploadLimit ? `${FORM}, ${MULTIPART}` : FORM);
  sendErrorPage(res, 415, "Only forms from this service's pages can be sent here.");
}

/**
 * Express middleware for the bodies of state-changing requests, before anything reads them:
 * - no body at all is taken as an empty form (with no type, it is given the form's type); an empty
 *   body that says it is of another type is 415, as a full one would be;
 * - only forms are taken (`application/x-www-form-urlencoded`; `multipart/form-data` only on the
 *   upload paths): any other type is 415;
 * - a body over its limit is 413, from Content-Length before a byte is read; a chunked body (no
 *   Content-Length) is read here, counting bytes, and refused as soon as it passes the limit (the rest
 *   of either is dropped by `dropUnreadBodies`, so the client reads the 413);
 * - a body that breaks off is 400;
 * - a form whose text is not valid UTF-8, as it stands or in its escapes, is 400 (`formBodyDecodes`):
 *   read lossily, its bytes would be stored as U+FFFD in place of what was meant.
 * A form, or a chunked upload, that passes is left read in `res.locals.body` for the Remix handler. Broken multipart
 * bodies reach only the upload paths, whose reader answers them with a message (app/lib/uploads.server.ts).
 * @param {{ uploads: Record<string, number> }} options upload paths and each one's limit in bytes
 * @returns {import("express").RequestHandler}
 */
export function checkRequestBodies({ uploads }) {
  return async (req, res, next) => {
    if (!isUnsafe(req)) return next();
    const declared = req.get("content-length");
    const chunked = req.get("transfer-encoding") !== undefined;
    const uploadLimit = uploads[routePath(req)];
    const type = (req.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (!chunked && (declared === undefined || Number(declared) === 0)) {
      // No body at all is an empty form: said so, as an action's `request.formData()` throws on a body
      // of no type (a 500), and every action answers an empty form with its fields' messages.
      if (type === "") req.headers["content-type"] = FORM;
      else if (type !== FORM && !(type === MULTIPART && uploadLimit)) return refuseType(res, uploadLimit);
      return next();
    }
    if (type !== FORM && !(type === MULTIPART && uploadLimit)) {
      refuseType(res, uploadLimit);
      return;
    }
    const limit = uploadLimit ?? FORM_LIMIT_BYTES;
    const tooLarge = () => {
      sendErrorPage(res, 413, `What was sent is larger than this page takes (${megabytes(limit)}). Go back and send less.`);
    };
    if (!chunked && Number(declared) > limit) {
      tooLarge();
      return;
    }
    // A file upload within its limit is read by its route, which answers a broken one itself.
    if (!chunked && type === MULTIPART) return next();
    try {
      res.locals.body = await getRawBody(req, { limit });
    } catch (error) {
      if (/** @type {{ type?: string }} */ (error).type === "entity.too.large") tooLarge();
      else sendErrorPage(res, 400, "What was sent could not be read in full. Go back and try again.");
      return;
    }
    if (type === FORM && !formBodyDecodes(res.locals.body)) {
      sendErrorPage(res, 400, "What was sent is not text this service can read (it is not valid UTF-8). Go back, reload the page and try again.");
      return;
    }
    next();
  };
}

/**
 * Express error handler, the last one: any error left over (a static file's, or the server's own) gets
 * the service's error page with its status instead of Express's bare one.
 * @returns {import("express").ErrorRequestHandler}
 */
export function errorPages() {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = Number(error?.status ?? error?.statusCode ?? 500);
    if (status >= 500) console.error(error);
    const clientError = status >= 400 && status < 500;
    sendErrorPage(
      res,
      clientError ? status : 500,
      clientError
        ? "The request could not be understood. Check the address and try again."
        : "Try again later. If it keeps happening, contact the VRN schools lead.",
    );
  };
}

// @ts-check
// The service's own error page for refusals made before Remix sees a request (CSRF, bodies, bad
// addresses, cookies): plain HTML, no scripts, the app's stylesheet when there is a build to take it from.
import fs from "node:fs";
import { encode } from "turbo-stream";

/** What each status says, in the words the app's own error pages use. */
const TITLES = /** @type {Record<number, string>} */ ({
  400: "The request could not be understood",
  403: "This request was refused",
  404: "Page not found",
  411: "The request did not say how long it is",
  413: "What was sent is too large",
  405: "That kind of request is not taken here",
  415: "The request was not a form",
  503: "The service is busy",
  500: "Sorry, there is a problem with the service",
});

/** @param {number} status */
const titleOf = (status) => TITLES[status] ?? (status >= 500 ? "Sorry, there is a problem with the service" : "The request could not be understood");

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The address of the app's built stylesheet (`/assets/app-<hash>.css`), or null when there is none
 * (in development Vite serves styles itself, and a bare page is still readable).
 * @param {string} buildDirectory
 */
export function findStylesheet(buildDirectory) {
  const folder = `${buildDirectory}/client/assets`;
  if (!fs.existsSync(folder)) return null;
  const file = fs.readdirSync(folder).find((name) => /^app-[\w-]+\.css$/.test(name));
  return file ? `/assets/${file}` : null;
}

/**
 * A whole HTML page for `status` with `message` as its one paragraph. Same header, width and type as
 * the app's pages (the class names are ones the app's stylesheet already holds).
 * @param {{ status: number, message: string, stylesheet: string | null }} options
 */
function errorPageHtml({ status, message, stylesheet }) {
  const title = titleOf(status);
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – VRN Schools Forum</title>
${stylesheet ? `<link rel="stylesheet" href="${escapeHtml(stylesheet)}">` : ""}
</head>
<body class="flex min-h-screen flex-col font-sans">
<header class="bg-brand text-white"><div class="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3"><a href="/" class="text-xl font-bold text-white no-underline hover:underline">VRN Schools Forum</a></div></header>
<main id="main-content" class="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
<h1>${escapeHtml(title)}</h1>
<p class="max-w-3xl">${escapeHtml(message)}</p>
<p class="mt-6"><a href="/">Go to the home page</a></p>
</main>
</body>
</html>
`;
}

/** A refusal as Remix's single fetch sends a response thrown by a loader or action: its status, status text and data. */
class RefusalForScript {
  /** @param {number} status @param {string} title @param {string} message */
  constructor(status, title, message) {
    this.status = status;
    this.title = title;
    this.data = { refusal: { title, message } };
  }
}

/**
 * The body Remix's browser code expects from a `.data` request (a form sent or a page loaded by the
 * app's own scripts), saying the request was refused: turbo-stream, with the refusal where Remix puts an
 * error response (decoded in the browser as `isRouteErrorResponse`, with `data.refusal` holding the title
 * and message). An action's answer holds the one error; a loader's holds it for the root route, whose
 * error boundary shows it, and for each route the request names in `_routes`. The encoding follows
 * `@remix-run/server-runtime`'s `encodeViaTurboStream` (Remix 2.17, turbo-stream 2.4).
 * @param {import("express").Request} req
 * @param {RefusalForScript} refusal
 * @returns {Promise<string>}
 */
async function singleFetchRefusal(req, refusal) {
  const answer = { error: refusal };
  const routes = typeof req.query._routes === "string" ? req.query._routes.split(",").filter(Boolean) : [];
  const body = req.method === "GET" || req.method === "HEAD" ? Object.fromEntries(["root", ...routes].map((id) => [id, answer])) : answer;
  const stream = encode(body, {
    plugins: [(value) => (value instanceof RefusalForScript ? ["ErrorResponse", value.data, value.status, value.title] : undefined)],
  });
  return new Response(stream).text();
}

/**
 * Sends the error page (or, to a client that does not take HTML, the message as text) with `status`.
 * A `.data` request, which the app's own scripts make, gets the refusal in the form they read instead,
 * so the page shows this title and message rather than failing to read an HTML page.
 * @param {import("express").Response} res
 * @param {number} status
 * @param {string} message
 * @returns {void | Promise<void>}
 */
export function sendErrorPage(res, status, message) {
  const stylesheet = /** @type {string | null} */ (res.app.locals.stylesheet ?? null);
  res.status(status);
  if (res.req.path.endsWith(".data")) {
    const refusal = new RefusalForScript(status, titleOf(status), message);
    return singleFetchRefusal(res.req, refusal).then(
      (body) => void res.set("X-Remix-Response", "yes").type("text/x-script").send(body),
      () => void res.type("text/plain").send(`${message}\n`),
    );
  }
  res.format({
    html: () => res.type("html").send(errorPageHtml({ status, message, stylesheet })),
    default: () => res.type("text/plain").send(`${message}\n`),
  });
}

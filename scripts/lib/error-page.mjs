// @ts-check
// The service's own error page for refusals made before Remix sees a request (CSRF, bodies, bad
// addresses, cookies): plain HTML, no scripts, the app's stylesheet when there is a build to take it from.
import fs from "node:fs";

/** What each status says, in the words the app's own error pages use. */
const TITLES = /** @type {Record<number, string>} */ ({
  400: "The request could not be understood",
  403: "This request was refused",
  404: "Page not found",
  411: "The request did not say how long it is",
  413: "What was sent is too large",
  415: "The request was not a form",
  500: "Sorry, there is a problem with the service",
});

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
  const title = TITLES[status] ?? (status >= 500 ? "Sorry, there is a problem with the service" : "The request could not be understood");
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

/**
 * Sends the error page (or, to a client that does not take HTML, the message as text) with `status`.
 * @param {import("express").Response} res
 * @param {number} status
 * @param {string} message
 */
export function sendErrorPage(res, status, message) {
  const stylesheet = /** @type {string | null} */ (res.app.locals.stylesheet ?? null);
  res.status(status);
  res.format({
    html: () => res.type("html").send(errorPageHtml({ status, message, stylesheet })),
    default: () => res.type("text/plain").send(`${message}\n`),
  });
}

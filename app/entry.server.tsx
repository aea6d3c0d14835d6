import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { configureDatabase, describeDatabaseSettings, prisma } from "~/db.server";
import { NonceProvider } from "~/lib/nonce";

// Refuses to start (the import of the server build fails) unless the database settings took.
const databaseSettings = await configureDatabase();
if (process.env.NODE_ENV !== "test") console.log(`Database settings checked: ${describeDatabaseSettings(databaseSettings)}`);

// Single fetch stops waiting for loader data after this long; React gets a second more to flush what
// it has before the render is aborted.
export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Every inline script React and Remix write must carry this response's nonce (scripts/security-headers.mjs).
  const nonce = loadContext.cspNonce;
  // Crawlers and no-JavaScript clients get the whole page at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged here; before it, Remix renders the error boundary.
          if (shellRendered) logError(loadContext, error, "Rendering the page failed");
        },
      },
    );
    setTimeout(abort, streamTimeout + 1_000);
  });
}

function logError(context: AppLoadContext, error: unknown, message: string) {
  if (context.logError) context.logError(error, message);
  else console.error(message, error);
}

/**
 * Every error a loader or action throws (not the responses they throw on purpose, such as 404s), logged
 * with its stack and the request id the error page shows. A request the client abandoned is not an error.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  logError(context, error, `${request.method} failed`);
};

// The setup gate and the one-time setup link, for scripts/server.mjs and scripts/start.mjs.
export { hasActiveLead, issueLeadSetupLink } from "~/models/lead-setup.server";

/** Called by the server (scripts/server.mjs) as it shuts down, after the last request has finished. */
export async function closeDatabase() {
  await prisma.$disconnect();
}

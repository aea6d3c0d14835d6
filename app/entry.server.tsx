import { Writable } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, HandleErrorFunction, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { byEngine, configureDatabase, describeDatabaseSettings, moveWalCheckpointsOffRequests, prisma } from "~/db.server";
import { getUser } from "~/auth/guards.server";
import { env } from "~/env.server";
import { backgroundWorkEnded, inBackground } from "~/lib/background-work.server";
import { ERROR_TITLE_PREFIX } from "~/lib/error-title";
import "~/lib/form-error-messages";
import { NonceProvider } from "~/lib/nonce";
import { setPageHeaders } from "~/lib/route-headers.server";
import { holdServerPresence } from "~/lib/server-presence.server";
import { counted, listInWords } from "~/lib/numbers";
import { fillClassKeysLeftEmpty } from "~/models/class-keys.server";
import { noteSchedulerStarted } from "~/models/job-runs.server";
import { noteServerMail, thisProcessMail } from "~/models/server-mail.server";
import { SCHEDULED_JOBS } from "~/models/scheduled-work.server";
import { startScheduler, type Scheduler } from "~/scheduler.server";

// Refuses to start (the import of the server build fails) unless the database settings took.
const databaseSettings = await configureDatabase();
if (process.env.NODE_ENV !== "test") console.log(`Database settings checked: ${describeDatabaseSettings(databaseSettings)}`);
const classKeysFilled = await fillClassKeysLeftEmpty();
if (classKeysFilled > 0)
  console.log(`Class keys written for ${counted(classKeysFilled, "mentor-led lesson")} whose names the migration could not key in SQL (decision 0206)`);
const walCheckpoints = moveWalCheckpointsOffRequests();
// On PostgreSQL, a connection held open so that a restore sees this server even while it is idle.
const presence = byEngine({ sqlite: null, postgresql: () => holdServerPresence(env.DATABASE_URL) })?.();

// Single fetch stops waiting for loader data after this long; React gets a second more to flush what
// it has before the render is aborted.
export const streamTimeout = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const { loaderHeaders, actionHeaders, errors } = remixContext.staticHandlerContext;
  responseStatusCode = statusOfPageShown(responseStatusCode, errors);
  setPageHeaders(responseHeaders, {
    url: request.url,
    // When it cannot be told, the page is treated as personal: not caching it is the safe side.
    signedIn: await getUser({ request, context: loadContext }).then(Boolean, () => true),
    status: responseStatusCode,
    answered: [...Object.values(actionHeaders ?? {}), ...Object.values(loaderHeaders)],
  });
  // Every inline script React and Remix write must carry this response's nonce (scripts/security-headers.mjs).
  const nonce = loadContext.cspNonce;

  // Every page is sent whole, in one write (decision 0120): no page waits on anything but the loader data
  // Remix writes into it, so streaming it gave the browser nothing sooner, and cost a write, a chunk and a
  // web stream's worth of work for every 2 KB React flushed.
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // Aborts a render still going after the time allowed. Cleared once the page is written or the shell
    // fails, so a finished render is not held in memory, page and data, until the timer runs.
    const abortLater = setTimeout(() => abort(), streamTimeout + 1_000);
    // The server aborts the request's signal once the response is closed: a render nobody will read is
    // stopped (a no-op for one already finished).
    request.signal.addEventListener("abort", () => abort(), { once: true });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          const page = new PageBuffer();
          page.once("finish", () => {
            clearTimeout(abortLater);
            const written = page.contents();
            const body = titleSaysError(request, responseStatusCode) ? withErrorTitle(written) : written;
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            responseHeaders.set("Content-Length", String(body.byteLength));
            resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }));
          });
          pipe(page);
        },
        onShellError(error: unknown) {
          clearTimeout(abortLater);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors in the shell are rendered by Remix's error boundary; a render stopped because its
          // reader left is not an error of the service.
          if (shellRendered && !request.signal.aborted) logError(loadContext, error, "Rendering the page failed");
        },
      },
    );
  });
}

/**
 * The status of the page a request is answered with. A page that shows an error (thrown by an action or a
 * loader) has that error's status: React Router gives an action's own status to the page drawn after it
 * even when a loader then failed, so a form refused (400) for a booking that is not the sender's came back
 * as "Page not found" with 400, not 404. Errors keyed by route run from the root down; the first is shown.
 */
function statusOfPageShown(status: number, errors: Record<string, unknown> | null | undefined): number {
  const shown = errors ? Object.values(errors)[0] : undefined;
  if (shown === undefined) return status;
  return isRouteErrorResponse(shown) ? shown.status : 500;
}

/**
 * Whether a page is sent with its title starting "Error: " (ERROR_TITLE_PREFIX): a 400, the page that says
 * what was wrong with what was sent (a form, or a filter in the address), or a form's 409. Without scripts
 * (a pupil's page carries none; a browser may not run them) that title is the one the page keeps. Where
 * they run and hydrate the page, React keeps the title it draws itself (Remix's `<Meta>` is patched to allow
 * the difference, decision 0139) and the error summary adds the prefix again.
 */
function titleSaysError(request: Request, status: number): boolean {
  // 409: a save refused because another was made since the page was opened (decision 0148) shows its
  // error summary as a 400 does.
  if (status === 409) return request.method === "POST";
  return status === 400;
}

const TITLE_TAG = Buffer.from("<title>");

/** The page with ERROR_TITLE_PREFIX at the start of its first title, unless it is there already. */
function withErrorTitle(page: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const bytes = Buffer.from(page.buffer, page.byteOffset, page.byteLength);
  const at = bytes.indexOf(TITLE_TAG);
  if (at === -1) return page;
  const start = at + TITLE_TAG.length;
  const prefix = Buffer.from(ERROR_TITLE_PREFIX);
  if (bytes.subarray(start, start + prefix.length).equals(prefix)) return page;
  return Buffer.concat([bytes.subarray(0, start), prefix, bytes.subarray(start)]) as Uint8Array<ArrayBuffer>;
}

/**
 * Where React writes a page: its chunks are kept and handed over as one buffer once React ends the page.
 * React ends it once more, with nothing to write and no callback, when it sees the stream close (its
 * abort-on-close, a no-op for a finished page but for that second `end`); Node answers a second `end` by
 * building an error, stack and all, that nobody reads. That bare second `end` is made the no-op it means
 * to be; any other call to `end` goes to Node as before.
 */
class PageBuffer extends Writable {
  readonly #chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
    this.#chunks.push(chunk);
    done();
  }

  /** The page as written so far, in one buffer (Buffer.concat's memory is never shared). */
  contents(): Uint8Array<ArrayBuffer> {
    return Buffer.concat(this.#chunks) as Uint8Array<ArrayBuffer>;
  }

  override end(...args: unknown[]): this {
    if (this.writableEnded && args.length === 0) return this;
    return (super.end as (...passed: unknown[]) => this)(...args);
  }
}

/** Single-fetch data responses (`.data`) get the same headers as the pages they are for. */
export async function handleDataRequest(response: Response, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  setPageHeaders(response.headers, { url: request.url, signedIn: await getUser({ request, context }).then(Boolean, () => true), status: response.status });
  return response;
}

function logError(context: AppLoadContext, error: unknown, message: string) {
  if (context.logError) context.logError(error, message);
  else console.error(message, error);
}

/**
 * Every error a loader or action throws (not the responses they throw on purpose, such as 404s), logged
 * with its stack and the request id the error page shows. A request the client abandoned is not an error,
 * nor is a request Remix refused itself with a 4xx.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  // Remix's own refusals of a request (405 for a POST to a page without a form, say) answer the client
  // with the error page; they are not the service failing, so they do not page whoever watches the log.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  logError(context, error, `${request.method} failed`);
};

// The setup gate and the one-time setup link, for scripts/server.mjs and scripts/start.mjs.
export { hasActiveLead, issueLeadSetupLink } from "~/models/lead-setup.server";

/** Called by the server (scripts/server.mjs) as it shuts down, after the last request has finished. */
export async function closeDatabase() {
  await scheduler?.stop();
  // A request's work that outlived its answer (a password reset link being made and sent) ends first.
  await backgroundWorkEnded();
  // The checkpoint thread's connection first, so the writer's, closing last, writes back what is left in the WAL.
  await walCheckpoints?.stop();
  await presence?.stop();
  await prisma.$disconnect();
}

let scheduler: Scheduler | undefined;

/**
 * Called once by the server process (scripts/start.mjs) when it starts serving: notes how it sends email
 * (for `npm run jobs` to compare with its own), and runs the scheduled jobs on their timetable in this
 * process, unless SCHEDULED_WORK=off (then `npm run jobs` from cron does).
 */
export function startScheduledWork() {
  inBackground(noteServerMail(thisProcessMail()), (error) => console.error("Could not note how this server sends email:", error));
  if (env.SCHEDULED_WORK === "off") {
    console.log("Scheduled work is off (SCHEDULED_WORK=off): run `npm run jobs` hourly from cron, and `npm run backup` nightly.");
    return;
  }
  scheduler ??= startScheduler();
  // From the timetable itself, so the list cannot fall behind it. The demo's made-up data is never backed
  // up (app/models/scheduled-work.server.ts), so no backup is promised.
  const jobs = SCHEDULED_JOBS.filter((job) => !(env.DEMO_MODE && job.name === "backup")).map((job) => job.label);
  console.log(`Scheduled work runs in this process: ${listInWords(jobs)}${env.DEMO_MODE ? " (no backup: demonstration data)" : ""}.`);
}

/**
 * Called by each of the server's other workers when one worker runs the timetable (scripts/start.mjs), so
 * their pages, too, know that scheduled work started moments ago rather than never (unless it is off).
 */
export function noteScheduledWorkInAnotherWorker() {
  if (env.SCHEDULED_WORK !== "off") noteSchedulerStarted(new Date());
}

import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { getUser } from "~/auth/guards.server";
import { DemoBanner, FlashMessage, PupilShell, SiteFooter, SiteHeader, useFocusAfterNavigation, type ShellUser } from "~/components/layout";
import { retryAfterOf, TooManyRequests } from "~/components/too-many-requests";
import { env } from "~/env.server";
import { readFlash, type Flash } from "~/lib/flash.server";
import { ERROR_TITLE_PREFIX } from "~/lib/error-title";
import { refusalOf } from "~/lib/refusals";
import { passOnHeaders } from "~/lib/route-headers.server";
import { useNonce } from "~/lib/nonce";
import { mailInOutbox } from "~/models/mailer.server";
import styles from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const headers = passOnHeaders;

const DESCRIPTION = {
  name: "description",
  content: "Sessions, Mentors in Violence Prevention and the Schools Guide for schools in Leicester, Leicestershire and Rutland.",
};

/**
 * The service's name; on an error page the root's boundary shows (a 404, a 403, a 400 thrown by a page),
 * that page's heading before it, as every other page's title names the page (WCAG 2.4.2), with "Error: "
 * before a 400's (decision 0139).
 */
export const meta: MetaFunction = ({ error }) => {
  // Remix gives `null` when nothing went wrong.
  if (error === undefined || error === null) return [{ title: "VRN Schools Forum" }, DESCRIPTION];
  const { status, title } = errorPageOf(error);
  return [{ title: `${status === 400 ? ERROR_TITLE_PREFIX : ""}${title} – VRN Schools Forum` }, DESCRIPTION];
};

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args);
  const shellUser: ShellUser | null = user
    ? {
        name: user.name,
        email: user.email,
        role: user.role,
        schoolId: user.schoolId,
        schoolName: user.schoolName,
      }
    : null;
  return {
    user: shellUser,
    flash: await readFlash(args.request, args.context),
    demo: env.DEMO_MODE,
    // Pages that promise an email say where it really goes when no mail server is set up (useMailInOutbox).
    mailInOutbox,
    requestId: args.context.requestId ?? null,
  };
}

// Every navigation asks the root loader again, so an error page always shows the id of the request
// that failed (the loaders of one navigation share one request), not that of the first page loaded,
// and the one-off message an action left is read on the page that action led to.
export const shouldRevalidate: ShouldRevalidateFunction = () => true;

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  // Pupils' pages work fully as plain HTML and must load fast on any school device: they send no scripts.
  const scripts = !usePupilPage();
  const demo = useRouteLoaderData<typeof loader>("root")?.demo ?? false;
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col font-sans">
        <a
          href="#main-content"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-focus focus:p-2 focus:text-ink"
        >
          Skip to main content
        </a>
        {demo ? <DemoBanner /> : null}
        {children}
        {scripts ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

function Shell({ user, flash, children }: { user: ShellUser | null; flash?: Flash | null; children: ReactNode }) {
  useFocusAfterNavigation();
  return (
    <>
      <SiteHeader user={user} />
      <main id="main-content" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 outline-none">
        <FlashMessage flash={flash ?? null} />
        {children}
      </main>
      <SiteFooter />
    </>
  );
}

/** Pupils' pages (their routes export `handle = { pupil: true }`) show no staff header or navigation. */
function usePupilPage() {
  return useMatches().some((match) => (match.handle as { pupil?: boolean } | undefined)?.pupil);
}

export default function App() {
  const { user, flash } = useLoaderData<typeof loader>();
  if (usePupilPage()) {
    return (
      <PupilShell>
        <Outlet />
      </PupilShell>
    );
  }
  return (
    <Shell user={user} flash={flash}>
      <Outlet />
    </Shell>
  );
}

const STATUS_PAGES: Record<number, { title: string; body: string }> = {
  400: { title: "Something in the request was wrong", body: "Go back and check what you entered." },
  403: {
    title: "You do not have access to this page",
    body: "This page belongs to another school or to the VRN team. If you think you should see it, contact the VRN schools lead.",
  },
  404: { title: "Page not found", body: "If you typed the web address, check it is correct. If you followed a link, it may be out of date." },
  405: { title: "That action is not available here", body: "Go back and try again from the page you were on." },
  429: { title: "Too many attempts", body: "Wait a few minutes, then try again." },
  503: { title: "Sorry, the service is not available just now", body: "Try again in a minute." },
};

/**
 * What a page says of a change when the database could not be reached (app/lib/database-failover.server.ts):
 * "not saved" only when it surely was not; "may have been saved" when the connection went as it committed.
 */
const CHANGE_OUTCOMES: Record<string, string> = {
  "not-saved": "The change you were making was not saved. Try again in a minute; everything saved before is kept.",
  unknown: "We could not tell whether the change you were making was saved. In a minute, look for it before you make it again.",
};
const changeOutcome = (error: unknown) =>
  isRouteErrorResponse(error) && error.status === 503 ? CHANGE_OUTCOMES[String((error.data as { change?: unknown } | null)?.change)] : undefined;

/**
 * The sentence a loader or action gave with the 400 or 404 it threw (`badRequest`, `notFound` in
 * responses.server): what was wrong (a guide page that cannot move there, a link's year not offered) or
 * what could not be found. Other statuses keep their page's own words.
 */
function thrownMessage(error: unknown): string | undefined {
  if (!isRouteErrorResponse(error) || (error.status !== 400 && error.status !== 404)) return undefined;
  const message = (error.data as { message?: unknown } | null)?.message;
  return typeof message === "string" && message.trim() !== "" ? message : undefined;
}

/** What the root's error page says of `error`: its status (500 for anything not a response), heading and sentence. */
function errorPageOf(error: unknown): { status: number; title: string; body: string } {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const refusal = refusalOf(error);
  const statusPage = STATUS_PAGES[status] ?? {
    title: "Sorry, there is a problem with the service",
    body: "Try again later. Nothing you saved has been lost.",
  };
  const thrown = thrownMessage(error);
  // A 404's sentence names what was not found; the page's own words then say what to check.
  const body = thrown && status === 404 ? `${thrown} ${statusPage.body}` : (thrown ?? statusPage.body);
  return { status, ...((refusal && { title: refusal.title, body: refusal.message }) ?? { title: statusPage.title, body }) };
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const { status, ...page } = errorPageOf(error);
  // The root loader read (and so cleared) any one-off message waiting for this response: an error page
  // shows it too, or it would be lost unseen.
  const flash = data?.flash ?? null;
  if (status === 429) {
    return (
      <Shell user={data?.user ?? null} flash={flash}>
        <TooManyRequests retryAfterSeconds={isRouteErrorResponse(error) ? retryAfterOf(error.data) : undefined} />
      </Shell>
    );
  }
  return (
    <Shell user={data?.user ?? null} flash={flash}>
      <h1>{page.title}</h1>
      <p className="max-w-3xl">{changeOutcome(error) ?? page.body}</p>
      {status >= 500 && data?.requestId ? (
        <p className="mt-4 max-w-3xl">
          If you contact the VRN schools lead about this, quote the reference <strong className="break-all font-mono">{data.requestId}</strong>.
        </p>
      ) : null}
      <p className="mt-6">
        <a href="/">Go to the home page</a>
      </p>
    </Shell>
  );
}

import { json } from "@remix-run/node";

/** Thrown from loaders and actions; the nearest error boundary renders a friendly page for each status. */
export function forbidden(): never {
  throw json({ message: "You do not have permission to see this page." }, { status: 403 });
}

export function notFound(what = "page"): never {
  throw json({ message: `We could not find that ${what}.` }, { status: 404 });
}

/**
 * A 400 for a request none of the page's forms or links would send. The error page shows `message`
 * under its title when given, else its own words ("Go back and check what you entered.").
 */
export function badRequest(message?: string): never {
  throw json({ message: message ?? null }, { status: 400 });
}

/** Too many requests: the 429 page (app/components/too-many-requests.tsx) says when to try again. */
export function tooManyRequests(retryAfterSeconds: number): never {
  throw json({ message: "Too many requests.", retryAfterSeconds }, { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } });
}

/**
 * The longest target kept, in characters: longer than any address of this service, and short enough for
 * a Location header every proxy passes (a sign-in's target is also stored while its second step waits).
 */
const MAX_REDIRECT_LENGTH = 2000;

// Any stand-in origin would do: a target is kept only if it resolves to a path on this same origin.
const HERE = "http://this.invalid";

/**
 * `to` as a path on this site (path, query and fragment), or `fallback` when it could lead anywhere else.
 * Used for every redirect target that comes from input, such as `redirectTo` after sign-in.
 *
 * A target must be at most MAX_REDIRECT_LENGTH characters, start with "/", hold no control characters (C0, DEL or C1: browsers drop tabs and
 * newlines, so "/\t/evil.example" would become "//evil.example"; CR and LF would also break the
 * Location header) and no backslash (browsers read it as "/"), and resolve with `new URL` to this
 * origin. What is returned is the resolved path, so it is exactly what the browser will follow.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length > MAX_REDIRECT_LENGTH) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (!to.startsWith("/") || /[\u0000-\u001f\u007f-\u009f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, HERE);
  } catch {
    return fallback;
  }
  // The path a browser is sent to must itself stay here: dot-segments can collapse `/.//evil.example`
  // to `//evil.example`, which a browser reads as another site.
  if (url.origin !== HERE || url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

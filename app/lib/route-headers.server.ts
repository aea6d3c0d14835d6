import type { HeadersFunction } from "@remix-run/node";

/** Headers that loaders and actions set on purpose: when to try again after a 429, and pages not to cache. */
const PASSED_ON = ["Retry-After", "Cache-Control"];

/**
 * A route's `headers` export that passes those on. Remix sends Set-Cookie from loaders and actions by
 * itself, but any other header only through a `headers` export, on page loads and on single-fetch
 * `.data` requests alike (see docs/decisions/0027-single-fetch.md). A thrown response's headers
 * reach the route that renders its error boundary, so the root exports this too.
 */
export const passOnHeaders: HeadersFunction = ({ errorHeaders, actionHeaders, loaderHeaders, parentHeaders }) => {
  const headers = new Headers();
  for (const name of PASSED_ON) {
    const value = errorHeaders?.get(name) ?? actionHeaders.get(name) ?? loaderHeaders.get(name) ?? parentHeaders.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
};

/** Pupils' pages: the survey code entry and each survey (`/s`, `/s/:code`, and their `.data` requests). */
function isPupilPath(pathname: string) {
  return pathname === "/s" || pathname.startsWith("/s/") || pathname === "/s.data";
}

/**
 * The headers every page and single-fetch data response gets, whatever its route's `headers` export
 * says (entry.server.tsx calls this for both), so no route can forget them:
 * - `Cache-Control: private, no-store` on anything made for one person: every page for a signed-in
 *   user (`signedIn`) and every pupil page (which carries a pupil's own progress through a survey).
 *   Neither the browser's back-forward cache of a shared classroom computer nor any proxy keeps it.
 * - `Retry-After` on a 429, taken from the loader or action that refused (`answered`: their headers),
 *   when the route that renders the refusal did not pass it on.
 */
export function setPageHeaders(
  headers: Headers,
  { url, signedIn, status, answered = [] }: { url: string; signedIn: boolean; status: number; answered?: Headers[] },
) {
  if (signedIn || isPupilPath(new URL(url).pathname)) headers.set("Cache-Control", "private, no-store");
  if (status === 429 && !headers.has("Retry-After")) {
    const retryAfter = answered.map((h) => h.get("Retry-After")).find(Boolean);
    if (retryAfter) headers.set("Retry-After", retryAfter);
  }
}

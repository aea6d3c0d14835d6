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

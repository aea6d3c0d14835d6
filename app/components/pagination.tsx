import { Link, useLocation } from "@remix-run/react";
import { LIST_CONTROL_STATE } from "~/components/layout";

/** Which page numbers to offer: the first, the last, and those either side of the current one. */
function pageNumbers(page: number, pageCount: number): (number | "gap")[] {
  const wanted = [...new Set([1, page - 1, page, page + 1, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  return wanted.flatMap((n, i) => (i > 0 && n - wanted[i - 1]! > 1 ? ["gap" as const, n] : [n]));
}

/**
 * GOV.UK-style pagination: plain links that keep the rest of the address (search, filters), so it
 * works without JavaScript. `param` lets one page hold several paginated lists. The links are the list's
 * own (LIST_CONTROL_STATE), so focus stays with the list's rows after one is followed.
 */
export function Pagination({
  page,
  pageCount,
  param = "page",
  label = "Pages",
  leaveOut = [],
}: {
  page: number;
  pageCount: number;
  param?: string;
  label?: string;
  /** Parameters of the address not to carry to the other pages: values the page refused and did not use. */
  leaveOut?: readonly string[];
}) {
  const location = useLocation();
  if (pageCount <= 1) return null;
  const href = (n: number) => {
    const params = new URLSearchParams(location.search);
    for (const name of leaveOut) params.delete(name);
    if (n === 1) params.delete(param);
    else params.set(param, String(n));
    const search = params.toString();
    return `${location.pathname}${search ? `?${search}` : ""}`;
  };
  return (
    <nav aria-label={label} className="mt-6">
      <ul className="flex flex-wrap items-center gap-x-4 gap-y-2">
        {page > 1 ? (
          <li>
            <Link to={href(page - 1)} state={LIST_CONTROL_STATE} rel="prev" className="font-bold">
              Previous<span className="sr-only"> page</span>
            </Link>
          </li>
        ) : null}
        {pageNumbers(page, pageCount).map((n, i) =>
          n === "gap" ? (
            <li key={`gap-${i}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={n}>
              {n === page ? (
                <a href={href(n)} aria-current="page" aria-label={`Page ${n}`} className="inline-block bg-link px-2 font-bold text-white no-underline">
                  {n}
                </a>
              ) : (
                <Link to={href(n)} state={LIST_CONTROL_STATE} aria-label={`Page ${n}`} className="px-2">
                  {n}
                </Link>
              )}
            </li>
          ),
        )}
        {page < pageCount ? (
          <li>
            <Link to={href(page + 1)} state={LIST_CONTROL_STATE} rel="next" className="font-bold">
              Next<span className="sr-only"> page</span>
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** "Showing 26 to 50 of 60" */
export function rangeText(page: number, pageSize: number, total: number): string {
  if (total === 0) return "none";
  const first = (page - 1) * pageSize + 1;
  return `showing ${first} to ${Math.min(page * pageSize, total)} of ${total}`;
}

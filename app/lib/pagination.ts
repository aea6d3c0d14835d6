import { onlyValue } from "./filter-choices";
import { parseWholeNumber } from "./numbers";

// Far beyond any real list, and small enough that page × page size stays a safe database offset.
const MAX_PAGE = 100_000;

/**
 * Which page of a list to show: a whole number from 1, whatever is in the address. Anything else (not a
 * whole number, below 1, or two different numbers) gives the first page; past MAX_PAGE gives MAX_PAGE.
 */
export function pageFrom(searchParams: URLSearchParams, name = "page"): number {
  const page = parseWholeNumber(onlyValue(searchParams, name) ?? "");
  return page !== null && page > 0 ? Math.min(page, MAX_PAGE) : 1;
}

/** How many pages a list of `total` items takes, `pageSize` a page: at least 1, as an empty list shows one page saying so. */
export function pageCountOf(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * The page to show of a list of `total` items, `pageSize` a page, for the page asked for (`pageFrom`): kept
 * within the list, so an address past its end (an old link, a list that has since grown shorter) shows the
 * last page, not an empty one whose "no one matches" or "nothing yet" would be untrue. `page` is the one
 * shown (from 1); `skip` and `take` are its rows for the query.
 */
export function pageWithin(requested: number, total: number, pageSize: number) {
  const pageCount = pageCountOf(total, pageSize);
  const page = Math.min(Math.max(1, requested), pageCount);
  return { page, pageCount, skip: (page - 1) * pageSize, take: pageSize };
}

/** Slices a list already in memory, keeping the page within range (`pageWithin`). */
export function paginate<T>(items: T[], page: number, pageSize: number) {
  const shown = pageWithin(page, items.length, pageSize);
  return { items: items.slice(shown.skip, shown.skip + shown.take), page: shown.page, pageCount: shown.pageCount, total: items.length };
}

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

export function pageCountOf(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Slices a list already in memory, keeping the page within range. */
export function paginate<T>(items: T[], page: number, pageSize: number) {
  const pageCount = pageCountOf(items.length, pageSize);
  const current = Math.min(page, pageCount);
  return { items: items.slice((current - 1) * pageSize, current * pageSize), page: current, pageCount, total: items.length };
}

/** What every page's title ends with: the service's name. */
const SERVICE_NAME = "VRN Schools Forum";

/** A list's place among its pages, as its loader gives it: the page shown (from 1) and how many there are. */
export type PageOfList = { page: number; pageCount: number };

/**
 * The title of a page that shows a list a page at a time: `name`, then, while the list runs to more than one
 * page, which one this is, then the service's name: "Schools (page 2 of 14) – VRN Schools Forum". Each page
 * of a list then has a title of its own, the first thing a screen reader says of it, and a browser's history
 * tells them apart (GOV.UK's pagination pattern; WCAG 2.2, 2.4.2 Page Titled). `list` is undefined while
 * the loader's data is not there (an error page), and the title is then the list's name alone.
 */
export function listPageTitle(name: string, list: PageOfList | null | undefined): string {
  const place = list && list.pageCount > 1 ? ` (page ${list.page} of ${list.pageCount})` : "";
  return `${name}${place} – ${SERVICE_NAME}`;
}

/** One of a page's lists, named as a title says it ("past sessions"), with its place among its pages. */
type NamedList = { name: string; list: PageOfList | null | undefined };

/**
 * The title of a page with several lists, each a page at a time (a school's bookings: past sessions, and
 * those cancelled): `name`, then each list that is past its first page, then the service's name: "Your
 * school's bookings (past sessions, page 2 of 5) – VRN Schools Forum". A list on its first page is not
 * named, so the page as first opened keeps its plain title; moving through any list gives a title of its
 * own, as `listPageTitle` does for one list.
 */
export function listsPageTitle(name: string, lists: readonly NamedList[]): string {
  const places = lists.flatMap(({ name: listName, list }) => (list && list.page > 1 ? [`${listName}, page ${list.page} of ${list.pageCount}`] : []));
  return `${name}${places.length > 0 ? ` (${places.join("; ")})` : ""} – ${SERVICE_NAME}`;
}

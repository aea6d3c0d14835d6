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

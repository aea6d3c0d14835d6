/** The links between the guide's published pages, as readers follow them (decision 0208). */
import { prisma } from "~/db.server";
import { guidePageHref } from "~/lib/guide-paths";
import { appOrigin } from "~/lib/app-origin.server";
import { linkTargets } from "~/lib/markdown.server";

/** `text` percent-decoded, or as it is when it does not decode (then it leads to no page). */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A link's path as the routes read it: each segment percent-decoded (so "in%2Dthe%2Dclassroom" is
 * "in-the-classroom"), and without a slash at the end ("/guide/help/who-to-call/" is the same page).
 */
function routedPath(pathname: string): string {
  const path = pathname.split("/").map(decoded).join("/");
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

export type LinkingPage = { id: string; title: string; href: string; paths: Set<string> };

/**
 * Every published page, in the guide's order, with the paths on this service its links lead to: each
 * link's target in the HTML readers get (`linkTargets`: none in an HTML comment), resolved as a browser
 * would from the page's own address (so "who-to-call" from a page of the same section counts), kept when
 * it is on this service's origin (`appOrigin`), as the routes read it (`routedPath`), without its query or
 * fragment, except that a link to a section on the contents page is kept as "/guide#slug". `href` is the
 * page's editor. Renders every page's Markdown afresh, a few milliseconds each: for the lead's editor pages only.
 * Does no permission check: callers check the actor may edit the guide.
 */
export async function publishedPagesWithLinks(): Promise<LinkingPage[]> {
  const origin = appOrigin();
  const pages = await prisma.guidePage.findMany({
    where: { publishedRevisionId: { not: null } },
    orderBy: [{ section: { position: "asc" } }, { position: "asc" }, { slug: "asc" }],
    select: { id: true, slug: true, section: { select: { slug: true } }, publishedRevision: { select: { title: true, body: true } } },
  });
  return pages.map((page) => {
    const from = new URL(guidePageHref(page.section.slug, page.slug), origin);
    const paths = new Set<string>();
    for (const href of linkTargets(page.publishedRevision?.body ?? "")) {
      const target = URL.canParse(href, from) ? new URL(href, from) : null;
      if (target?.origin !== origin) continue;
      const path = routedPath(target.pathname);
      // The contents page's anchors are sections' addresses, old ones included.
      paths.add(path === "/guide" && target.hash ? `/guide${decoded(target.hash)}` : path);
    }
    return { id: page.id, title: page.publishedRevision?.title ?? page.slug, href: `/admin/guide/pages/${page.id}`, paths };
  });
}

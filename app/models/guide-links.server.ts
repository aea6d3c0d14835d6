/** The links between the guide's published pages, as readers follow them (decision 0208). */
import { prisma } from "~/db.server";
import { appOrigin } from "~/lib/app-origin.server";
import { linkTargets } from "~/lib/markdown.server";

export type LinkingPage = { id: string; title: string; href: string; paths: Set<string> };

/**
 * Every published page, in the guide's order, with the paths on this service its links lead to: each
 * link's target in the HTML readers get (`linkTargets`: none in an HTML comment), resolved as a browser
 * would from the page's own address (so "who-to-call" from a page of the same section counts), kept when
 * it is on this service's origin (`appOrigin`), without its query or fragment. `href` is the page's
 * editor. Renders every page's Markdown afresh, a few milliseconds each: for the lead's editor pages only.
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
    const from = new URL(`/guide/${page.section.slug}/${page.slug}`, origin);
    const paths = new Set<string>();
    for (const href of linkTargets(page.publishedRevision?.body ?? "")) {
      const target = URL.canParse(href, from) ? new URL(href, from) : null;
      if (target?.origin === origin) paths.add(target.pathname);
    }
    return { id: page.id, title: page.publishedRevision?.title ?? page.slug, href: `/admin/guide/pages/${page.id}`, paths };
  });
}

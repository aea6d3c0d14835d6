/**
 * Reading the Schools Guide. Readers only ever see published versions; the same article view serves
 * the lead's preview, so a draft looks exactly as it will once published. Reading published pages takes
 * no actor, because the public reads the guide without an account; the preview takes one and checks it.
 */
import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { guidePageHref } from "~/lib/guide-paths";
import type { GuideRevision } from "~/generated/prisma/client";
import { renderGuideMarkdown, type GuideHeading } from "~/lib/markdown.server";

type PageLink = { href: string; title: string };

export type GuideArticle = {
  pageId: string;
  sectionTitle: string;
  sectionHref: string;
  title: string;
  summary: string;
  audience: string;
  html: string;
  headings: GuideHeading[];
  /** When this version went live; null for a draft. */
  lastUpdated: string | null;
  version: number;
  previous: PageLink | null;
  next: PageLink | null;
};

/**
 * The contents page: sections in the lead's order, each with its published pages in order and the
 * addresses it had before (`oldSlugs`: /guide#old-slug still finds it, decision 0208).
 */
export async function getContents() {
  const sections = await prisma.guideSection.findMany({
    orderBy: [{ position: "asc" }, { title: "asc" }],
    select: {
      slug: true,
      title: true,
      summary: true,
      oldSlugs: { select: { slug: true }, orderBy: { slug: "asc" } },
      pages: {
        where: { publishedRevisionId: { not: null } },
        orderBy: [{ position: "asc" }, { slug: "asc" }],
        select: { slug: true, publishedRevision: { select: { title: true, summary: true } } },
      },
    },
  });
  return sections
    .filter((section) => section.pages.length > 0)
    .map((section) => ({
      slug: section.slug,
      oldSlugs: section.oldSlugs.map((old) => old.slug),
      title: section.title,
      summary: section.summary,
      pages: section.pages.map((page) => ({
        href: guidePageHref(section.slug, page.slug),
        title: page.publishedRevision?.title ?? "",
        summary: page.publishedRevision?.summary ?? "",
      })),
    }));
}

/** The page before and after this one, reading the whole guide from start to end. */
async function neighbours(pageId: string) {
  const sections = await prisma.guideSection.findMany({
    orderBy: [{ position: "asc" }, { title: "asc" }],
    select: {
      slug: true,
      pages: {
        where: { publishedRevisionId: { not: null } },
        orderBy: [{ position: "asc" }, { slug: "asc" }],
        select: { id: true, slug: true, publishedRevision: { select: { title: true } } },
      },
    },
  });
  const order = sections.flatMap((section) =>
    section.pages.map((page) => ({
      id: page.id,
      href: guidePageHref(section.slug, page.slug),
      title: page.publishedRevision?.title ?? "",
    })),
  );
  const index = order.findIndex((entry) => entry.id === pageId);
  const link = (entry: (typeof order)[number] | undefined) => (entry ? { href: entry.href, title: entry.title } : null);
  if (index === -1) return { previous: null, next: null };
  return { previous: link(order[index - 1]), next: link(order[index + 1]) };
}

/**
 * A version as an article: its Markdown rendered, its headings for the contents list, and the published
 * pages before and after it. `published` says whether to show when it went live. Does no permission
 * check: callers pass only a version the actor may see.
 */
export async function toArticle(
  page: { id: string; section: { slug: string; title: string } },
  revision: GuideRevision,
  { published }: { published: boolean },
): Promise<GuideArticle> {
  const rendered = renderGuideMarkdown(revision.body);
  return {
    pageId: page.id,
    sectionTitle: page.section.title,
    sectionHref: `/guide#${page.section.slug}`,
    title: revision.title,
    summary: revision.summary,
    audience: revision.audience,
    html: rendered.html,
    headings: rendered.headings,
    lastUpdated: published && revision.publishedAt ? revision.publishedAt.toISOString() : null,
    version: revision.number,
    ...(await neighbours(page.id)),
  };
}

/**
 * What a reader finds at /guide/`sectionSlug`/`pageSlug`:
 * - `article`: the page as published;
 * - `moved`: the section's address has changed since (decision 0208); it is `sectionSlug` now, and `href`
 *   the same page's address now (whether or not there is such a page: the next request finds out);
 * - `withdrawn`: the page was published once and is not now; `title` is the title readers last saw, which
 *   was public then (a page never published is `none`, so a draft's address tells nobody it exists);
 * - `none`: nothing, nor ever anything a reader could see.
 * A section's address now wins over one another section had before.
 */
export async function findGuidePage(
  sectionSlug: string,
  pageSlug: string,
): Promise<
  { kind: "article"; article: GuideArticle } | { kind: "moved"; sectionSlug: string; href: string } | { kind: "withdrawn"; title: string } | { kind: "none" }
> {
  const page = await prisma.guidePage.findFirst({
    where: { slug: pageSlug, section: { slug: sectionSlug } },
    include: { section: true, publishedRevision: true },
  });
  if (page?.publishedRevision) return { kind: "article", article: await toArticle(page, page.publishedRevision, { published: true }) };
  if (page) {
    const lastSeen = await prisma.guideRevision.findFirst({
      where: { pageId: page.id, publishedAt: { not: null } },
      orderBy: { publishedAt: "desc" },
      select: { title: true },
    });
    return lastSeen ? { kind: "withdrawn", title: lastSeen.title } : { kind: "none" };
  }
  const now = await sectionSlugNow(sectionSlug);
  // The same slug back: the section is there and has no such page.
  // Encoded: the page's part is as the request gave it, and could hold anything, line breaks included.
  return now && now !== sectionSlug ? { kind: "moved", sectionSlug: now, href: guidePageHref(now, encodeURIComponent(pageSlug)) } : { kind: "none" };
}

/** A published page for readers, or null when there is no such page or it is not published. */
export async function getPublishedArticle(sectionSlug: string, pageSlug: string): Promise<GuideArticle | null> {
  const found = await findGuidePage(sectionSlug, pageSlug);
  return found.kind === "article" ? found.article : null;
}

/**
 * The address a section has now, given one it has (the same slug back) or had before (decision 0208);
 * null when no section has or had it. Public: it only decides between a redirect and a 404.
 */
export async function sectionSlugNow(sectionSlug: string): Promise<string | null> {
  if ((await prisma.guideSection.count({ where: { slug: sectionSlug } })) > 0) return sectionSlug;
  const old = await prisma.guideSectionOldSlug.findUnique({ where: { slug: sectionSlug }, select: { section: { select: { slug: true } } } });
  return old?.section.slug ?? null;
}

/**
 * The lead's preview: the draft if there is one, otherwise what readers see, through the readers' view.
 * Null for an unknown page or one with neither. Throws a 403 response unless the actor may edit the guide.
 */
export async function getPreviewArticle(actor: Actor, pageId: string) {
  assertCan(actor, "guide:edit");
  const page = await prisma.guidePage.findUnique({
    where: { id: pageId },
    include: { section: true, draftRevision: true, publishedRevision: true },
  });
  const revision = page?.draftRevision ?? page?.publishedRevision;
  if (!page || !revision) return null;
  return { isDraft: Boolean(page.draftRevision), article: await toArticle(page, revision, { published: !page.draftRevision }) };
}

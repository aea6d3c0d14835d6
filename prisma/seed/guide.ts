/**
 * The Schools Guide's demo content: five sections of real guidance, each page published, plus what the
 * editor's features need to show something: one page with two published versions, one with a draft
 * waiting, and one past its review date. Dates are relative to today so the demo never goes stale.
 */
import type { Prisma } from "~/generated/prisma/client";
import { rebuildSearchIndex } from "~/models/guide-search.server";
import { APPROACH_SECTIONS } from "./guide-content-approach";
import { CLASSROOM_SECTION } from "./guide-content-classroom";
import { HELP_SECTION, INCIDENT_SECTION } from "./guide-content-incidents";

type SeedPageText = { title: string; summary: string; body: string };
export type SeedPage = SeedPageText & {
  slug: string;
  audience: string;
  /** Days from today to the next review; negative means the review is overdue. */
  reviewInDays: number;
  /** An earlier published version, to show the history. */
  earlier?: SeedPageText & { note: string };
  /** A newer version saved but not yet published. */
  draft?: SeedPageText & { note: string };
};
export type SeedSection = { slug: string; title: string; summary: string; pages: SeedPage[] };

const SECTIONS: SeedSection[] = [...APPROACH_SECTIONS, CLASSROOM_SECTION, INCIDENT_SECTION, HELP_SECTION];

const DAY = 24 * 60 * 60 * 1000;
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);

export async function seedGuide(prisma: Prisma.TransactionClient) {
  const lead = await prisma.user.findFirst({ where: { role: "VRN_LEAD" }, orderBy: { createdAt: "asc" } });
  const author = { authorId: lead?.id ?? null, authorName: lead?.name ?? "VRN schools lead" };
  let pageCount = 0;

  for (const [sectionIndex, section] of SECTIONS.entries()) {
    const created = await prisma.guideSection.create({
      data: { slug: section.slug, title: section.title, summary: section.summary, position: sectionIndex + 1 },
    });
    for (const [pageIndex, page] of section.pages.entries()) {
      const guidePage = await prisma.guidePage.create({ data: { sectionId: created.id, slug: page.slug, position: pageIndex + 1 } });
      const reviewBy = daysFromNow(page.reviewInDays);
      const versions: (SeedPageText & { note: string; publishedAt: Date | null; createdAt: Date })[] = [
        ...(page.earlier ? [{ ...page.earlier, publishedAt: daysFromNow(-150), createdAt: daysFromNow(-151) }] : []),
        { ...page, note: page.earlier ? "Added more places to get help" : "First published", publishedAt: daysFromNow(-40), createdAt: daysFromNow(-41) },
        ...(page.draft ? [{ ...page.draft, publishedAt: null, createdAt: daysFromNow(-2) }] : []),
      ];
      const ids: string[] = [];
      for (const [index, version] of versions.entries()) {
        const revision = await prisma.guideRevision.create({
          data: {
            pageId: guidePage.id,
            number: index + 1,
            title: version.title,
            summary: version.summary,
            body: version.body,
            audience: page.audience,
            reviewBy,
            note: version.note,
            ...author,
            createdAt: version.createdAt,
            publishedAt: version.publishedAt,
          },
        });
        ids.push(revision.id);
      }
      const publishedIndex = page.earlier ? 1 : 0;
      await prisma.guidePage.update({
        where: { id: guidePage.id },
        data: { publishedRevisionId: ids[publishedIndex], draftRevisionId: page.draft ? ids[publishedIndex + 1] : null },
      });
      pageCount++;
    }
  }
  await rebuildSearchIndex(prisma);
  return { sections: SECTIONS.length, pages: pageCount };
}

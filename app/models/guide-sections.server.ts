/** The guide's sections and the lead's overview of every page: order, state, reviews due and feedback. */
import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { guidePageHref } from "~/lib/guide-paths";
import type { Prisma } from "~/generated/prisma/client";
import { londonDayStart } from "~/lib/dates";
import { londonDateInputValue } from "~/lib/london-time";
import { sameAsStored } from "~/lib/same-as-stored";
import { slugify } from "~/lib/markdown.server";
import { moveOnePlace, moveRefused, type MoveResult } from "~/lib/ordering";
import { changedMeanwhile, editVersion, type ChangedMeanwhile } from "./edit-versions.server";
import { deletedBefore, recordAudit } from "./audit.server";
import { unlessUniqueClash } from "./db-errors.server";
import { publishedPagesWithLinks } from "./guide-links.server";
import { answerSentBefore, saveOnce } from "./sent-forms.server";

type SectionInput = { title: string; summary?: string; slug?: string; version?: string; formToken?: string };
type Failure = { ok: false; field?: string; message: string };

export type PageState = "published" | "published-with-draft" | "draft" | "withdrawn";

/**
 * Every section as a select option (value: id, label: title), in the lead's order, empty ones included.
 * Throws a 403 response unless the actor may edit the guide.
 */
export async function listSectionOptions(actor: Actor) {
  assertCan(actor, "guide:edit");
  const sections = await prisma.guideSection.findMany({ orderBy: { position: "asc" }, select: { id: true, title: true } });
  return sections.map((s) => ({ value: s.id, label: s.title }));
}

/** One section with its page count, or null. Throws a 403 response unless the actor may edit the guide. */
export async function getSection(actor: Actor, id: string) {
  assertCan(actor, "guide:edit");
  return prisma.guideSection.findUnique({ where: { id }, include: { _count: { select: { pages: true } } } });
}

/**
 * The addresses section `id` had before, the oldest first, each with the published pages that have a link
 * using it (`linkedFrom`, as { title, href: the page's editor }): letting it go leaves those links at a 404.
 * Throws a 403 response unless the actor may edit the guide.
 */
export async function listOldAddresses(actor: Actor, id: string) {
  assertCan(actor, "guide:edit");
  const olds = await prisma.guideSectionOldSlug.findMany({
    where: { sectionId: id },
    orderBy: [{ createdAt: "asc" }, { slug: "asc" }],
    select: { slug: true },
  });
  if (olds.length === 0) return [];
  const pages = await publishedPagesWithLinks();
  return olds.map(({ slug }) => {
    const uses = (path: string) => path === `/guide/${slug}` || path === `/guide#${slug}` || path.startsWith(`/guide/${slug}/`);
    return { slug, linkedFrom: pages.filter((page) => [...page.paths].some(uses)).map(({ title, href }) => ({ title, href })) };
  });
}

/**
 * Lets go an address section `id` had before: links that use it lead nowhere after (a 404), and another
 * section may be given it (decision 0208). `unchanged` when it was not the section's, or was let go
 * before, as by the same press sent again. Throws a 403 response unless the actor may edit the guide.
 */
export async function releaseOldAddress(actor: Actor, id: string, slug: string): Promise<{ ok: true; unchanged: boolean }> {
  assertCan(actor, "guide:edit");
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.guideSectionOldSlug.deleteMany({ where: { sectionId: id, slug } });
    if (count === 0) return { ok: true as const, unchanged: true };
    await recordAudit(
      { actor, action: "update", entityType: "GuideSection", entityId: id, summary: `Let go the guide section's old address /guide/${slug}` },
      tx,
    );
    return { ok: true as const, unchanged: false };
  });
}

/** Addresses under /guide/ that belong to the guide itself, so no section may take them. */
const RESERVED_SLUGS = new Set(["search"]);

/**
 * Ids the contents page uses around its sections: a section's slug is its heading's id there (the target of
 * /guide#slug), so a section slugged "main-content" would take the skip link's target, and one slugged
 * "guide-search-q" the search box's (or, with a suffix, its error's or hint's).
 */
const isContentsPageId = (slug: string) => slug === "main-content" || slug === "guide-search-q" || slug.startsWith("guide-search-q-");

/** Whether no section may have `slug`, as the guide or its contents page uses it. */
const isReservedSlug = (slug: string) => RESERVED_SLUGS.has(slug) || isContentsPageId(slug);

const SLUG_USED: Failure = { ok: false, field: "slug", message: "This web address is already used in the guide: choose another" };
const SLUG_RESERVED: Failure = { ok: false, field: "slug", message: "The guide uses this web address for a part of its own: choose another" };

/**
 * Why section `id` (none: a new one) cannot have `slug`, or null: another section has it now, or had it
 * before and it still leads there (decision 0208), or the guide uses it. Read inside the saving
 * transaction, so a section saved a moment before counts. `current`, the section's slug now, is never
 * refused: a section saved before a word was reserved keeps its address while its title changes.
 */
async function slugRefusal(tx: Prisma.TransactionClient, slug: string, id?: string, current?: string): Promise<Failure | null> {
  if (slug === current) return null;
  if (isReservedSlug(slug)) return SLUG_RESERVED;
  const found = await tx.guideSection.findUnique({ where: { slug } });
  if (found && found.id !== id) return SLUG_USED;
  const before = await tx.guideSectionOldSlug.findUnique({ where: { slug }, select: { sectionId: true, section: { select: { title: true } } } });
  if (!before || before.sectionId === id) return null;
  return {
    ok: false,
    field: "slug",
    message: `The section “${before.section.title}” had this web address before, and it still leads to that section's pages: choose another, or let it go on that section's page first`,
  };
}

/**
 * Gives `slug` to section `id`, in the saving transaction: an address the section had before is its own
 * again, and the address it had until now (`before`, when it had one) is kept to lead to it (decision
 * 0208), unless the guide uses it for a part of its own.
 */
async function claimSlug(tx: Prisma.TransactionClient, id: string, slug: string, before?: string) {
  await tx.guideSectionOldSlug.deleteMany({ where: { slug, sectionId: id } });
  if (before && before !== slug && !isReservedSlug(before)) {
    await tx.guideSectionOldSlug.upsert({ where: { slug: before }, create: { slug: before, sectionId: id }, update: { sectionId: id } });
  }
}

/**
 * Adds a section at the end. Fails (ok: false, field "slug") when its web address is taken or reserved,
 * also when another is saved with it at the same moment, or another section had it before (slugRefusal).
 * The same form sent again (`input.formToken`: a double click, a retry) adds nothing more and returns the
 * section the first sending added, with `repeat`, in place of that refusal (decision 0147); a 404 response
 * if that section has gone since. Sent again with other details, it is refused whole (a Failure without a
 * field, decision 0178). Throws a 403 response unless the actor may edit the guide.
 */
export async function createSection(actor: Actor, input: SectionInput): Promise<{ ok: true; id: string; repeat?: true } | Failure> {
  assertCan(actor, "guide:edit");
  const slug = input.slug || slugify(input.title);
  if (!slug) return { ok: false, field: "slug", message: "Enter a web address for the section, like in-the-classroom" };
  const once = await unlessUniqueClash(
    () =>
      saveOnce(input.formToken, "GuideSection", input, (note) =>
        prisma.$transaction(async (tx): Promise<{ ok: true; id: string } | Failure> => {
          const refused = await slugRefusal(tx, slug);
          if (refused) return refused;
          const last = await tx.guideSection.aggregate({ _max: { position: true } });
          const created = await tx.guideSection.create({
            data: { title: input.title, summary: input.summary ?? "", slug, position: (last._max.position ?? 0) + 1 },
          });
          await recordAudit(
            { actor, action: "create", entityType: "GuideSection", entityId: created.id, summary: `Added the guide section "${created.title}"` },
            tx,
          );
          await note(tx, [created.id]);
          return { ok: true, id: created.id };
        }),
      ),
    { saved: SLUG_USED },
  );
  // The first sending's section, if it is still there (else a 404, as for any section gone).
  return answerSentBefore(once, {
    find: (ids) => prisma.guideSection.findUnique({ where: { id: ids[0] }, select: { id: true, title: true } }),
    what: "section",
    repeat: (first) => ({ ok: true as const, id: first.id, repeat: true as const }),
    made: (first) => `the section “${first.title}” added`,
  });
}

/** A section's fields its form changes, by their labels there, in its order (decision 0148). */
const SECTION_FORM_FIELDS = { title: "Section title", summary: "Summary", slug: "Web address" } as const;

/** The fingerprint of a section as its page shows it (editVersion). Pure: the section was read for an actor already. */
export function sectionVersion(section: Record<keyof typeof SECTION_FORM_FIELDS, unknown>): string {
  return editVersion(section, Object.keys(SECTION_FORM_FIELDS));
}

/**
 * Changes a section's title, summary and web address; the address it had before keeps leading to its
 * pages (claimSlug, decision 0208). Fails (ok: false, field "slug") when the address is taken or reserved,
 * and (no field) when the section has just been deleted; `changed` is false, with nothing written, when
 * the form gave the section as it was. With `input.version`, the fingerprint its
 * page showed (sectionVersion), a change after another changed the section is refused with
 * `changedMeanwhile` (decision 0148). Throws a 403 response unless the actor may edit the guide.
 */
export async function updateSection(actor: Actor, id: string, input: SectionInput): Promise<{ ok: true; changed: boolean } | Failure | ChangedMeanwhile> {
  assertCan(actor, "guide:edit");
  const slug = input.slug || slugify(input.title);
  if (!slug) return { ok: false, field: "slug", message: "Enter a web address for the section, like in-the-classroom" };
  const data = { title: input.title, summary: input.summary ?? "", slug };
  return unlessUniqueClash(
    () =>
      prisma.$transaction(async (tx): Promise<{ ok: true; changed: boolean } | Failure | ChangedMeanwhile> => {
        const current = await tx.guideSection.findUnique({ where: { id } });
        if (current && sameAsStored(current, data)) return { ok: true, changed: false };
        const stale = current && changedMeanwhile(current, data, SECTION_FORM_FIELDS, input.version);
        if (stale) return stale;
        const refused = await slugRefusal(tx, slug, id, current?.slug);
        if (refused) return refused;
        const { count } = await tx.guideSection.updateMany({ where: { id }, data });
        if (count === 0) return { ok: false, message: "This section has just been deleted by someone else, so nothing was saved" };
        await claimSlug(tx, id, slug, current?.slug);
        const moved = current && current.slug !== slug ? `, its address from /guide/${current.slug} to /guide/${slug}` : "";
        await recordAudit(
          { actor, action: "update", entityType: "GuideSection", entityId: id, summary: `Changed the guide section "${input.title}"${moved}` },
          tx,
        );
        return { ok: true, changed: true };
      }),
    SLUG_USED,
  );
}

/**
 * Only an empty section can go: pages are never removed along with their section. A section deleted
 * before, as by the same press sent again, is left deleted, with `unchanged` (decision 0184). Null for a
 * section that never was; fails for a section with pages. Throws a 403 response unless the actor may edit
 * the guide.
 */
export async function deleteSection(actor: Actor, id: string): Promise<{ ok: true; unchanged: boolean } | Failure | null> {
  assertCan(actor, "guide:edit");
  return prisma.$transaction(async (tx) => {
    const section = await tx.guideSection.findUnique({ where: { id }, include: { _count: { select: { pages: true } } } });
    if (!section) return (await deletedBefore("GuideSection", id, tx)) ? { ok: true as const, unchanged: true } : null;
    if (section._count.pages > 0) return { ok: false as const, message: "Move or delete this section's pages first" };
    // Deleted by a press sent at the same moment, which recorded it.
    if ((await tx.guideSection.deleteMany({ where: { id } })).count === 0) return { ok: true as const, unchanged: true };
    await recordAudit({ actor, action: "delete", entityType: "GuideSection", entityId: id, summary: `Deleted the empty guide section "${section.title}"` }, tx);
    return { ok: true as const, unchanged: false };
  });
}

/**
 * Moves a section one place up or down. With `seenPlace`, the section's place (from 1) as the editor showed
 * it, a section found elsewhere, as after the same press sent again, is not moved (moveOnePlace). Says why
 * nothing moved (the section is gone, already first or last, or moved since) rather than claiming a move.
 * Throws a 403 response unless the actor may edit the guide.
 */
export async function moveSection(actor: Actor, id: string, direction: "up" | "down", seenPlace?: number): Promise<MoveResult> {
  assertCan(actor, "guide:edit");
  return prisma.$transaction(async (tx) => {
    const sections = await tx.guideSection.findMany({ orderBy: [{ position: "asc" }, { title: "asc" }] });
    const section = sections.find((s) => s.id === id);
    const moved = moveOnePlace(
      sections.map((s) => s.id),
      id,
      direction,
      seenPlace,
    );
    if (!section || !moved.ok) return moveRefused(moved.ok ? { why: "missing" } : moved, "section");
    for (const [index, sectionId] of moved.order.entries()) await tx.guideSection.update({ where: { id: sectionId }, data: { position: index + 1 } });
    await recordAudit(
      { actor, action: "reorder", entityType: "GuideSection", entityId: id, summary: `Moved the guide section "${section.title}" ${direction}` },
      tx,
    );
    return { ok: true } as const;
  });
}

function stateOf(page: { publishedRevisionId: string | null; draftRevisionId: string | null }, everPublished: boolean): PageState {
  if (page.publishedRevisionId) return page.draftRevisionId ? "published-with-draft" : "published";
  return everPublished ? "withdrawn" : "draft";
}

/**
 * A page is past its review date once the London day it names has ended: a review date before the start
 * of today (London), never one that is today. Every count of overdue reviews compares with this instant.
 */
export function reviewsOverdueBefore(now: Date): Date {
  return londonDayStart(londonDateInputValue(now));
}

/**
 * Everything the editor's front page shows, drafts and withdrawn pages included, with the pages whose
 * review date has passed. Throws a 403 response unless the actor may edit the guide.
 */
export async function getEditorOverview(actor: Actor, now = new Date()) {
  assertCan(actor, "guide:edit");
  const startOfToday = reviewsOverdueBefore(now);
  const [sections, feedback, publishedPages] = await Promise.all([
    prisma.guideSection.findMany({
      orderBy: [{ position: "asc" }, { title: "asc" }],
      include: {
        pages: {
          orderBy: [{ position: "asc" }, { slug: "asc" }],
          include: {
            publishedRevision: { select: { title: true, reviewBy: true, publishedAt: true } },
            draftRevision: { select: { title: true, createdAt: true } },
          },
        },
      },
    }),
    prisma.pageFeedback.groupBy({ by: ["pageId", "helpful"], _count: { _all: true } }),
    prisma.guideRevision.groupBy({ by: ["pageId"], where: { publishedAt: { not: null } } }),
  ]);
  const everPublished = new Set(publishedPages.map((p) => p.pageId));
  const votes = (pageId: string, helpful: boolean) => feedback.find((f) => f.pageId === pageId && f.helpful === helpful)?._count._all ?? 0;

  const rows = sections.map((section) => ({
    id: section.id,
    title: section.title,
    slug: section.slug,
    pages: section.pages.map((page) => ({
      id: page.id,
      title: page.draftRevision?.title ?? page.publishedRevision?.title ?? page.slug,
      href: guidePageHref(section.slug, page.slug),
      state: stateOf(page, everPublished.has(page.id)),
      reviewBy: page.publishedRevision?.reviewBy.toISOString() ?? null,
      overdue: page.publishedRevision ? page.publishedRevision.reviewBy < startOfToday : false,
      helpful: votes(page.id, true),
      notHelpful: votes(page.id, false),
    })),
  }));
  const overdue = rows
    .flatMap((section) => section.pages.filter((page) => page.overdue).map((page) => ({ ...page, sectionTitle: section.title })))
    .sort((a, b) => (a.reviewBy ?? "").localeCompare(b.reviewBy ?? ""));
  return { sections: rows, overdue };
}

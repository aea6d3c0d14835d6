/**
 * Writing the guide: the VRN lead's pages, drafts and publishing. The rules (docs/decisions/0006):
 * - the words live only in numbered versions (GuideRevision), which are added and never changed;
 * - saving adds a version and makes it the page's draft; readers still see the published version;
 * - publishing points the page at the draft, so readers see it; the version it replaces stays in history;
 * - the search index changes in the same transaction as what readers see.
 */
import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { guidePageHref } from "~/lib/guide-paths";
import type { GuideRevision, Prisma } from "~/generated/prisma/client";
import { londonDayStart } from "~/lib/dates";
import type { PageContentInput } from "~/lib/guide-forms";
import { londonDateInputValue } from "~/lib/london-time";
import { slugify } from "~/lib/markdown.server";
import { moveOnePlace, moveRefused, type MoveResult } from "~/lib/ordering";
import { sameAsStored } from "~/lib/same-as-stored";
import { publishedPagesWithLinks } from "./guide-links.server";
import { deletedBefore, recordAudit } from "./audit.server";
import { changedMeanwhile, editVersion } from "./edit-versions.server";
import { unlessRecordGone, unlessUniqueClash } from "./db-errors.server";
import { indexPublishedPage, removeFromSearch } from "./guide-search.server";
import { answerSentBefore, saveOnce } from "./sent-forms.server";

type Tx = Prisma.TransactionClient;
type Failure = { ok: false; field?: string; reason?: "draft-changed" | "published-changed"; message: string };

type Content = Pick<GuideRevision, "title" | "summary" | "body" | "audience" | "reviewBy">;

/**
 * Browsers send CRLF from a textarea; keep one line ending so versions compare line by line. Trailing space
 * goes by `trimEnd`, which reads the text once: a pattern for it tried every run of spaces to the end.
 */
const normaliseBody = (body: string) => body.replace(/\r\n?/g, "\n").trimEnd();

function contentFrom(input: PageContentInput): Content {
  return {
    title: input.title,
    summary: input.summary,
    body: normaliseBody(input.body),
    audience: input.audience,
    reviewBy: londonDayStart(input.reviewBy),
  };
}

/**
 * Adds the next numbered version of a page. Nothing else ever writes a version. Called only inside a
 * transaction of a model function that has already checked the actor may edit the guide.
 */
export async function addRevision(tx: Tx, pageId: string, content: Content, actor: Actor, extra: { note?: string; restoredFrom?: number } = {}) {
  const last = await tx.guideRevision.aggregate({ where: { pageId }, _max: { number: true } });
  return tx.guideRevision.create({
    data: {
      pageId,
      number: (last._max.number ?? 0) + 1,
      ...content,
      note: extra.note ?? "",
      restoredFrom: extra.restoredFrom ?? null,
      authorId: actor.id,
      authorName: actor.name,
    },
  });
}

/**
 * Adds a page to a section with its first version as a draft; readers see nothing until it is published.
 * Fails (ok: false, with the form field) for an unknown section or a web address already used in it, also
 * when the section is deleted or another page saved with that address at the same moment. The same form
 * sent again (`input.formToken`: a double click, a retry) adds nothing more and returns the page the first
 * sending added, with `repeat`, in place of that refusal (decision 0147); a 404 response if that page has
 * gone since. Sent again with other details, it is refused whole (a Failure without a field, decision
 * 0178). Throws a 403 response unless the actor may edit the guide.
 */
export async function createPage(
  actor: Actor,
  input: PageContentInput & { sectionId: string; slug?: string; formToken?: string },
): Promise<{ ok: true; pageId: string; repeat?: true } | Failure> {
  assertCan(actor, "guide:edit");
  const slug = input.slug || slugify(input.title);
  if (!slug) return { ok: false, field: "slug", message: "Enter a web address for the page, like who-to-call" };
  const slugUsed: Failure = { ok: false, field: "slug", message: "Another page in this section already uses this web address" };
  const once = await unlessUniqueClash(
    () =>
      saveOnce(input.formToken, "GuidePage", input, (note) =>
        prisma.$transaction(async (tx): Promise<{ ok: true; pageId: string } | Failure> => {
          // Both read inside the transaction, so a section deleted or a page added a moment before counts.
          const section = await tx.guideSection.findUnique({ where: { id: input.sectionId } });
          if (!section) return { ok: false, field: "sectionId", message: "Choose a section" };
          if (await tx.guidePage.findUnique({ where: { sectionId_slug: { sectionId: section.id, slug } } })) return slugUsed;
          const last = await tx.guidePage.aggregate({ where: { sectionId: section.id }, _max: { position: true } });
          const page = await tx.guidePage.create({ data: { sectionId: section.id, slug, position: (last._max.position ?? 0) + 1 } });
          const revision = await addRevision(tx, page.id, contentFrom(input), actor, { note: input.note || "First draft" });
          await tx.guidePage.update({ where: { id: page.id }, data: { draftRevisionId: revision.id } });
          await recordAudit(
            {
              actor,
              action: "create",
              entityType: "GuidePage",
              entityId: page.id,
              summary: `Created the guide page "${input.title}" (a draft, not yet published)`,
            },
            tx,
          );
          await note(tx, [page.id]);
          return { ok: true, pageId: page.id };
        }),
      ),
    { saved: slugUsed },
  );
  // The first sending's page, if it is still there (else a 404, as for any page gone).
  return answerSentBefore(once, {
    find: (ids) =>
      prisma.guidePage.findUnique({
        where: { id: ids[0] },
        select: { id: true, draftRevision: { select: { title: true } }, publishedRevision: { select: { title: true } } },
      }),
    what: "page",
    repeat: (first) => ({ ok: true as const, pageId: first.id, repeat: true as const }),
    // Its draft's title, or the published one's once the draft is published.
    made: (first) => `the page “${(first.draftRevision ?? first.publishedRevision)?.title ?? ""}” added`,
  });
}

/** A version's fields the page's form changes, by their labels there, in its order (decision 0148). */
const PAGE_FORM_FIELDS = { title: "Title", summary: "Summary", audience: "Who this page is for", reviewBy: "Review by", body: "The page" } as const;

/**
 * Saves the writer's words as a new version and makes it the draft. Readers keep seeing the published one.
 * Returns null for an unknown page, and `unchanged: true` (adding nothing) when the words match the
 * current draft or published version. With `input.version`, the fingerprint of the words the editing
 * page showed (getPageForEditing), a save after another saved a version is refused with
 * `changedMeanwhile` (decision 0148): the other's words stay the draft. Throws a 403 response unless the
 * actor may edit the guide.
 */
export async function saveDraft(actor: Actor, pageId: string, input: PageContentInput) {
  assertCan(actor, "guide:edit");
  const content = contentFrom(input);
  // Read, compared and written in one transaction, so a version saved a moment before is seen. A page
  // deleted since it was read (an unpublished one) is answered as an unknown page (decision 0118).
  return unlessRecordGone(
    () =>
      prisma.$transaction(async (tx) => {
        const page = await tx.guidePage.findUnique({ where: { id: pageId }, include: { draftRevision: true, publishedRevision: true } });
        if (!page) return null;
        const current = page.draftRevision ?? page.publishedRevision;
        if (current && sameAsStored(current, content)) return { ok: true as const, unchanged: true, version: current.number };
        const stale = changedMeanwhile(current ?? {}, content, PAGE_FORM_FIELDS, input.version);
        if (stale) return stale;
        const added = await addRevision(tx, pageId, content, actor, { note: input.note });
        await tx.guidePage.update({ where: { id: pageId }, data: { draftRevisionId: added.id } });
        await recordAudit(
          { actor, action: "update", entityType: "GuidePage", entityId: pageId, summary: `Saved version ${added.number} of "${added.title}" as a draft` },
          tx,
        );
        return { ok: true as const, unchanged: false, version: added.number };
      }),
    null,
  );
}

/**
 * Why the draft cannot be published or set aside as `seenVersion`, the version the lead's page showed, or
 * null: another save since made a newer draft, which they have not read. Null when no version is given.
 */
function draftChangedProblem(draft: { number: number }, seenVersion: number | undefined, what: string): Failure | null {
  if (seenVersion === undefined || draft.number === seenVersion) return null;
  return {
    ok: false,
    reason: "draft-changed",
    message: `Nothing was ${what}: the draft has changed since your page showed version ${seenVersion}. It is now version ${draft.number}; check it, then try again.`,
  };
}

/**
 * Why a publish or set-aside of `version` finds nothing to act on once the page has no draft: a failure
 * when the page never had that version, else null (the caller says what became of it).
 */
async function unknownVersion(tx: Tx, pageId: string, version: number): Promise<Failure | null> {
  if (await tx.guideRevision.count({ where: { pageId, number: version } })) return null;
  return { ok: false, message: `This page has no version ${version}.` };
}

/**
 * Shows readers the page's draft and puts it in the search index. With `seenVersion` (the draft's version
 * number the lead's page showed): when readers already see that version, the same press sent again (a
 * double click, a second tab), nothing is changed and `unchanged` says so, with any draft saved since as
 * `newerDraft`; when the draft is now another, it is refused (`draft-changed`), as a save from another tab
 * or by another lead is not published unread; when there is no draft, it is refused with what readers see
 * instead. Without `seenVersion`, fails when there is no draft. Throws a 403 response unless the actor may
 * edit the guide.
 */
export async function publishDraft(actor: Actor, pageId: string, seenVersion?: number): Promise<Published | Failure> {
  assertCan(actor, "guide:edit");
  return prisma.$transaction(async (tx) => {
    const page = await tx.guidePage.findUnique({ where: { id: pageId }, include: { draftRevision: true, publishedRevision: true } });
    if (!page) return { ok: false, message: "This page no longer exists" };
    const { draftRevision: draft, publishedRevision: live } = page;
    if (seenVersion !== undefined && live?.number === seenVersion) {
      return { ok: true, unchanged: true, version: seenVersion, newerDraft: draft?.number ?? null };
    }
    if (!draft) {
      if (seenVersion === undefined) return { ok: false, message: "There is no draft to publish" };
      const instead = live ? `readers see version ${live.number}` : "readers see nothing: the page is not published";
      return (
        (await unknownVersion(tx, pageId, seenVersion)) ?? {
          ok: false,
          message: `Nothing was published: version ${seenVersion} is no longer the draft, and ${instead}. To publish it, restore it from the page's history.`,
        }
      );
    }
    const changed = draftChangedProblem(draft, seenVersion, "published");
    if (changed) return changed;
    await tx.guideRevision.update({ where: { id: draft.id }, data: { publishedAt: draft.publishedAt ?? new Date() } });
    await tx.guidePage.update({ where: { id: pageId }, data: { publishedRevisionId: draft.id, draftRevisionId: null } });
    await indexPublishedPage(tx, pageId);
    await recordAudit(
      { actor, action: "publish", entityType: "GuidePage", entityId: pageId, summary: `Published version ${draft.number} of "${draft.title}"` },
      tx,
    );
    const readersSee: ReadersSee = !live ? "the-page-now" : sameAsStored(live, contentOf(draft)) ? "the-same-words" : "new-words";
    return { ok: true, unchanged: false, title: draft.title, readersSee };
  });
}

/** A draft published, with what readers now see; or (`unchanged`) the version asked for found published already. */
type Published =
  { ok: true; unchanged: false; title: string; readersSee: ReadersSee } | { ok: true; unchanged: true; version: number; newerDraft: number | null };

/**
 * What readers see once a draft is published: a page they could not read or find before (never
 * published, or withdrawn), the words they read before (the draft was saved back to the live version's
 * words), or new words.
 */
export type ReadersSee = "the-page-now" | "the-same-words" | "new-words";

/** The words and dates of a stored version, as contentFrom gives them for a form. */
function contentOf(revision: Content): Content {
  const { title, summary, body, audience, reviewBy } = revision;
  return { title, summary, body, audience, reviewBy };
}

/**
 * Stops offering the draft for publishing. Its version stays in the history and can be restored.
 * With `seenVersion` (the draft's version number the lead's page showed): when that version is no longer
 * the draft and there is none, as after the same press sent again, nothing is changed and `unchanged`
 * says so; it is refused when readers see that version, or when the draft is now another (as
 * publishDraft). Without it, fails when there is no draft. Throws a 403 response unless the actor may edit
 * the guide.
 */
export async function discardDraft(actor: Actor, pageId: string, seenVersion?: number): Promise<{ ok: true; unchanged: boolean } | Failure> {
  assertCan(actor, "guide:edit");
  return prisma.$transaction(async (tx) => {
    const page = await tx.guidePage.findUnique({ where: { id: pageId }, include: { draftRevision: true, publishedRevision: true } });
    if (!page) return { ok: false, message: "This page no longer exists" };
    const { draftRevision: draft, publishedRevision: live } = page;
    if (seenVersion !== undefined && live?.number === seenVersion) {
      return {
        ok: false,
        message: `Nothing was set aside: version ${seenVersion} is published, so readers see it. To take it away from them, withdraw the page.`,
      };
    }
    if (!draft) {
      if (seenVersion === undefined) return { ok: false, message: "There is no draft to discard" };
      return (await unknownVersion(tx, pageId, seenVersion)) ?? { ok: true, unchanged: true };
    }
    const changed = draftChangedProblem(draft, seenVersion, "set aside");
    if (changed) return changed;
    await tx.guidePage.update({ where: { id: pageId }, data: { draftRevisionId: null } });
    await recordAudit(
      {
        actor,
        action: "discard-draft",
        entityType: "GuidePage",
        entityId: pageId,
        summary: `Set aside the draft (version ${draft.number}) of "${draft.title}"`,
      },
      tx,
    );
    return { ok: true, unchanged: false };
  });
}

/**
 * Takes a page away from readers and search. Every version is kept, so it can be published again. With
 * `seenVersion` (the number of the version the lead's page showed readers seeing): when readers now see
 * another version, published since, it is refused (`published-changed`), so a version the lead has not
 * read is not withdrawn; a version the page never had is refused too. A page published before and not now,
 * as after the same press sent again, is left as it is, with `unchanged`. Fails for a missing page or one
 * never published; throws a 403 response unless the actor may edit the guide.
 */
export async function withdrawPage(actor: Actor, pageId: string, seenVersion?: number): Promise<{ ok: true; unchanged: boolean } | Failure> {
  assertCan(actor, "guide:edit");
  return prisma.$transaction(async (tx): Promise<{ ok: true; unchanged: boolean } | Failure> => {
    const page = await tx.guidePage.findUnique({ where: { id: pageId }, include: { publishedRevision: true } });
    if (!page) return { ok: false, message: "This page no longer exists" };
    const { publishedRevision: live } = page;
    if (!live && !(await tx.guideRevision.count({ where: { pageId, publishedAt: { not: null } } }))) {
      return { ok: false, message: "This page has never been published, so there is nothing to withdraw." };
    }
    const unknown = seenVersion === undefined ? null : await unknownVersion(tx, pageId, seenVersion);
    if (unknown) return unknown;
    if (!live) return { ok: true, unchanged: true };
    if (seenVersion !== undefined && live.number !== seenVersion) return publishedChanged(seenVersion, live.number);
    // Only while readers still see the version read above: one published at the same moment is not withdrawn unread.
    const { count } = await tx.guidePage.updateMany({ where: { id: pageId, publishedRevisionId: live.id }, data: { publishedRevisionId: null } });
    if (count === 0) return publishedChanged(live.number, null);
    await removeFromSearch(tx, pageId);
    await recordAudit({ actor, action: "withdraw", entityType: "GuidePage", entityId: pageId, summary: `Withdrew "${live.title}" from readers` }, tx);
    return { ok: true, unchanged: false };
  });
}

/** Why a withdrawal is refused when readers no longer see `seenVersion`: they see `nowVersion`, or something else changed as it was pressed (null). */
function publishedChanged(seenVersion: number, nowVersion: number | null): Failure {
  const now = nowVersion === null ? "what they see changed as you pressed Withdraw" : `they now see version ${nowVersion}`;
  return {
    ok: false,
    reason: "published-changed",
    message: `Nothing was withdrawn: your page showed version ${seenVersion} as the one readers see, and ${now}. Check it, then withdraw the page again if you still mean to.`,
  };
}

/**
 * Only a page that was never published may be deleted: anything readers once saw is kept. A page deleted
 * before, as by the same press sent again, is left deleted, with `unchanged` (decision 0184). Null for a
 * page that never was; fails for a once-published page. Throws a 403 response unless the actor may edit
 * the guide.
 */
export async function deletePage(actor: Actor, pageId: string): Promise<{ ok: true; unchanged: boolean } | Failure | null> {
  assertCan(actor, "guide:edit");
  return prisma.$transaction(async (tx) => {
    const page = await tx.guidePage.findUnique({ where: { id: pageId }, include: { revisions: { orderBy: { number: "desc" }, take: 1 } } });
    if (!page) return (await deletedBefore("GuidePage", pageId, tx)) ? { ok: true as const, unchanged: true } : null;
    if (await tx.guideRevision.count({ where: { pageId, publishedAt: { not: null } } })) {
      return { ok: false as const, message: "This page has been published, so it is kept. Withdraw it instead." };
    }
    // Deleted by a press sent at the same moment, which recorded it.
    if ((await tx.guidePage.deleteMany({ where: { id: pageId } })).count === 0) return { ok: true as const, unchanged: true };
    await removeFromSearch(tx, pageId);
    await recordAudit(
      {
        actor,
        action: "delete",
        entityType: "GuidePage",
        entityId: pageId,
        summary: `Deleted the unpublished page "${page.revisions[0]?.title ?? page.slug}"`,
      },
      tx,
    );
    return { ok: true as const, unchanged: false };
  });
}

/**
 * Moves a page one place up or down within its section. With `seenPlace`, the page's place in its section
 * (from 1) as the editor showed it, a page found elsewhere, as after the same press sent again, is not moved
 * (moveOnePlace). Says why nothing moved (the page is gone, already first or last, or moved since) rather
 * than claiming a move. Throws a 403 response unless the actor may edit the guide.
 */
export async function movePage(actor: Actor, pageId: string, direction: "up" | "down", seenPlace?: number): Promise<MoveResult> {
  assertCan(actor, "guide:edit");
  return prisma.$transaction(async (tx) => {
    const page = await tx.guidePage.findUnique({ where: { id: pageId } });
    if (!page) return moveRefused({ why: "missing" }, "page");
    const siblings = await tx.guidePage.findMany({ where: { sectionId: page.sectionId }, orderBy: [{ position: "asc" }, { slug: "asc" }] });
    const moved = moveOnePlace(
      siblings.map((p) => p.id),
      pageId,
      direction,
      seenPlace,
    );
    if (!moved.ok) return moveRefused(moved, "page");
    for (const [index, id] of moved.order.entries()) await tx.guidePage.update({ where: { id }, data: { position: index + 1 } });
    await recordAudit({ actor, action: "reorder", entityType: "GuidePage", entityId: pageId, summary: `Moved the page "${page.slug}" ${direction}` }, tx);
    return { ok: true } as const;
  });
}

/** The form's starting values: the draft if there is one, otherwise what readers see. */
function formValuesFrom(revision: Content | null) {
  if (!revision) return null;
  return {
    title: revision.title,
    summary: revision.summary,
    audience: revision.audience,
    body: revision.body,
    reviewBy: londonDateInputValue(revision.reviewBy),
  };
}

/**
 * The published pages, other than this one, with a link that leads to it (`publishedPagesWithLinks`), by its
 * address now or by one its section had before (decision 0208): withdrawn, it leaves those links at a page
 * saying so. Each as { title, href: the linking page's editor }, in the guide's order.
 */
async function publishedPagesLinkingTo(page: { id: string; slug: string; section: { slug: string; oldSlugs: { slug: string }[] } }) {
  const addresses = [page.section.slug, ...page.section.oldSlugs.map((old) => old.slug)].map((section) => guidePageHref(section, page.slug));
  return (await publishedPagesWithLinks())
    .filter((other) => other.id !== page.id && addresses.some((address) => other.paths.has(address)))
    .map(({ title, href }) => ({ title, href }));
}

/**
 * A page as the editor shows it: what readers see, what is waiting, the form's starting values, and the
 * published pages that link to it (`linkedFrom`, publishedPagesLinkingTo). Null for an unknown page.
 * Throws a 403 response unless the actor may edit the guide, since it shows drafts.
 */
export async function getPageForEditing(actor: Actor, pageId: string) {
  assertCan(actor, "guide:edit");
  const page = await prisma.guidePage.findUnique({
    where: { id: pageId },
    include: { section: { include: { oldSlugs: { select: { slug: true } } } }, draftRevision: true, publishedRevision: true },
  });
  if (!page) return null;
  const everPublished = (await prisma.guideRevision.count({ where: { pageId, publishedAt: { not: null } } })) > 0;
  const { draftRevision: draft, publishedRevision: published } = page;
  return {
    status: {
      pageId: page.id,
      title: draft?.title ?? published?.title ?? page.slug,
      sectionTitle: page.section.title,
      publicHref: guidePageHref(page.section.slug, page.slug),
      everPublished,
      published: published ? { number: published.number, publishedAt: (published.publishedAt ?? published.createdAt).toISOString() } : null,
      draft: draft ? { number: draft.number, savedAt: draft.createdAt.toISOString(), authorName: draft.authorName } : null,
    },
    linkedFrom: published ? await publishedPagesLinkingTo(page) : [],
    values: formValuesFrom(draft ?? published),
    version: editVersion(draft ?? published ?? {}, Object.keys(PAGE_FORM_FIELDS)),
  };
}
export type EditingStatus = NonNullable<Awaited<ReturnType<typeof getPageForEditing>>>["status"];

/** A page's history: every version, what changed between two, and restoring an earlier one. */
import { assertCan, type Actor } from "~/auth/actor";
import { diffLines } from "diff";
import { prisma } from "~/db.server";
import type { GuideRevision } from "~/generated/prisma/client";
import { formatDate } from "~/lib/dates";
import { pageWithin } from "~/lib/pagination";
import { recordAudit } from "./audit.server";
import { addRevision } from "./guide-editor.server";
import { toArticle } from "./guide.server";

const HISTORY_PAGE_SIZE = 20;

export type VersionState = "published" | "draft" | "was-published" | "never-published";

function stateOf(revision: GuideRevision, page: { publishedRevisionId: string | null; draftRevisionId: string | null }): VersionState {
  if (revision.id === page.publishedRevisionId) return "published";
  if (revision.id === page.draftRevisionId) return "draft";
  return revision.publishedAt ? "was-published" : "never-published";
}

const summaryOf = (revision: GuideRevision, page: { publishedRevisionId: string | null; draftRevisionId: string | null }) => ({
  number: revision.number,
  title: revision.title,
  note: revision.note,
  authorName: revision.authorName,
  createdAt: revision.createdAt.toISOString(),
  publishedAt: revision.publishedAt?.toISOString() ?? null,
  restoredFrom: revision.restoredFrom,
  state: stateOf(revision, page),
});

async function findPage(pageId: string) {
  return prisma.guidePage.findUnique({ where: { id: pageId }, include: { section: true } });
}

/**
 * One page of a page's versions, newest first, with the total and the newest title, and which page of
 * them it is (`pageNumber`, a page past the end showing the last: `pageWithin`) of `pageCount`. Null for an
 * unknown page. Throws a 403 response unless the actor may edit the guide: unpublished words are here.
 */
export async function listVersions(actor: Actor, pageId: string, pageNumber = 1) {
  assertCan(actor, "guide:edit");
  const page = await findPage(pageId);
  if (!page) return null;
  const [total, newest] = await Promise.all([
    prisma.guideRevision.count({ where: { pageId } }),
    prisma.guideRevision.findFirst({ where: { pageId }, orderBy: { number: "desc" }, select: { title: true } }),
  ]);
  const shown = pageWithin(pageNumber, total, HISTORY_PAGE_SIZE);
  const revisions = await prisma.guideRevision.findMany({ where: { pageId }, orderBy: { number: "desc" }, skip: shown.skip, take: shown.take });
  return {
    page,
    total,
    title: newest?.title ?? page.slug,
    versions: revisions.map((r) => summaryOf(r, page)),
    pageNumber: shown.page,
    pageCount: shown.pageCount,
  };
}

/**
 * One version, rendered exactly as readers would see it if it were published. Null for an unknown page
 * or version. Throws a 403 response unless the actor may edit the guide.
 */
export async function getVersion(actor: Actor, pageId: string, number: number) {
  assertCan(actor, "guide:edit");
  const page = await findPage(pageId);
  const revision = page ? await prisma.guideRevision.findUnique({ where: { pageId_number: { pageId, number } } }) : null;
  if (!page || !revision) return null;
  return { page, version: summaryOf(revision, page), article: await toArticle(page, revision, { published: false }) };
}

export type DiffBlock =
  | { kind: "added" | "removed" | "same"; lines: string[] }
  | { kind: "skipped"; count: number }
  | { kind: "too-different"; linesBefore: number; linesAfter: number };

/** Unchanged runs longer than this are shortened to a little context either side. */
const CONTEXT = 2;

/**
 * The most lines added and removed that a comparison works out line by line. The work grows with the lines
 * times the changes: two bodies of 8,500 lines, every line changed, held the server 12 s; with this bound the
 * longest body there can be (25,000 lines in 50,000 characters) is given up on in about 130 ms.
 */
const MOST_CHANGES_COMPARED = 1000;

/**
 * A page's body before and after, line by line: runs added, removed and unchanged (long unchanged runs
 * shortened to CONTEXT lines either side of a change). Two bodies that differ by more than
 * MOST_CHANGES_COMPARED lines are not compared: one `too-different` block says so, with each one's length.
 */
export function diffBodies(before: string, after: string): DiffBlock[] {
  const blocks: DiffBlock[] = [];
  const parts = diffLines(before, after, { maxEditLength: MOST_CHANGES_COMPARED });
  if (!parts) return [{ kind: "too-different", linesBefore: before.split("\n").length, linesAfter: after.split("\n").length }];
  parts.forEach((part, index) => {
    const lines = part.value.replace(/\n$/, "").split("\n");
    if (part.added || part.removed) {
      blocks.push({ kind: part.added ? "added" : "removed", lines });
      return;
    }
    const head = index === 0 ? 0 : CONTEXT;
    const tail = index === parts.length - 1 ? 0 : CONTEXT;
    if (lines.length <= head + tail + 1) {
      blocks.push({ kind: "same", lines });
      return;
    }
    if (head) blocks.push({ kind: "same", lines: lines.slice(0, head) });
    blocks.push({ kind: "skipped", count: lines.length - head - tail });
    if (tail) blocks.push({ kind: "same", lines: lines.slice(-tail) });
  });
  return blocks;
}

/** Whether two versions of a page say the same: every field readers see, and its review date. */
function sameWords(a: GuideRevision, b: GuideRevision): boolean {
  return a.title === b.title && a.summary === b.summary && a.audience === b.audience && a.body === b.body && a.reviewBy?.getTime() === b.reviewBy?.getTime();
}

const FIELDS = [
  { key: "title", label: "Title" },
  { key: "summary", label: "Summary" },
  { key: "audience", label: "Who it is for" },
  { key: "reviewBy", label: "Review date" },
] as const;

/**
 * What changed from one version to another: the short fields side by side, the body line by line.
 * Null when the page or either version does not exist. Throws a 403 response unless the actor may edit the guide.
 */
export async function compareVersions(actor: Actor, pageId: string, from: number, to: number) {
  assertCan(actor, "guide:edit");
  const page = await findPage(pageId);
  if (!page) return null;
  const [before, after] = await Promise.all([from, to].map((number) => prisma.guideRevision.findUnique({ where: { pageId_number: { pageId, number } } })));
  if (!before || !after) return null;
  const text = (revision: GuideRevision, key: (typeof FIELDS)[number]["key"]) => (key === "reviewBy" ? formatDate(revision.reviewBy) : revision[key]);
  return {
    page,
    from: summaryOf(before, page),
    to: summaryOf(after, page),
    fields: FIELDS.map(({ key, label }) => ({ label, before: text(before, key), after: text(after, key) })).filter((field) => field.before !== field.after),
    body: before.body === after.body ? [] : diffBodies(before.body, after.body),
  };
}

/**
 * Brings back an earlier version as a new draft (a new, higher number), ready to check and publish.
 * Nothing is overwritten: the version restored, the one readers see and any earlier draft all stay.
 * When the page's draft already has the same words (restored a moment before, from another tab or by a
 * second press) nothing is added, and `made` is false with the draft's number. `replacedDraft` is the number
 * of a draft with other words that the restored version now takes the place of (saved by a colleague since
 * the page was opened, say), which stays in the history; null when there was none. Null for an unknown
 * version. Throws a 403 response unless the actor may edit the guide.
 */
export async function restoreVersion(actor: Actor, pageId: string, number: number) {
  assertCan(actor, "guide:edit");
  return prisma.$transaction(async (tx) => {
    const old = await tx.guideRevision.findUnique({ where: { pageId_number: { pageId, number } } });
    if (!old) return null;
    const { title, summary, body, audience, reviewBy } = old;
    const page = await tx.guidePage.findUnique({ where: { id: pageId }, select: { draftRevision: true } });
    const draft = page?.draftRevision;
    if (draft && sameWords(draft, old)) {
      return { version: draft.number, made: false, replacedDraft: null };
    }
    const restored = await addRevision(tx, pageId, { title, summary, body, audience, reviewBy }, actor, {
      note: `Restored from version ${number}`,
      restoredFrom: number,
    });
    await tx.guidePage.update({ where: { id: pageId }, data: { draftRevisionId: restored.id } });
    await recordAudit(
      {
        actor,
        action: "restore",
        entityType: "GuidePage",
        entityId: pageId,
        summary: `Restored version ${number} of "${title}" as a new draft (version ${restored.number})${draft ? `, in place of the draft, version ${draft.number}` : ""}`,
      },
      tx,
    );
    return { version: restored.number, made: true, replacedDraft: draft?.number ?? null };
  });
}

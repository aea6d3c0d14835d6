/**
 * Search across the published guide, with SQLite's FTS5 (the GuideSearch virtual table, created by hand in
 * the guide migration). The index holds one row per published page and nothing else, so drafts and
 * withdrawn pages can never be found. Callers keep it in step inside the same transaction as the change.
 */
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { escapeHtml, markdownToPlainText } from "~/lib/markdown.server";

type Db = Prisma.TransactionClient | typeof prisma;

export const SEARCH_PAGE_SIZE = 10;
// Control characters never typed in a page mark where FTS5 found a match; everything else is escaped,
// then these become <mark> tags, so no text from a page or a query can ever become markup.
const MARK_START = "\u0002";
const MARK_END = "\u0003";
// eslint-disable-next-line no-control-regex -- the marks are control characters on purpose (above)
const stripMarks = (text: string) => text.replace(/[\u0002\u0003]/g, "");

/** Title matches count most, then the summary, then the body. The first weight is the unindexed page id. */
const WEIGHTS = { pageId: 0, title: 10, summary: 4, body: 1 };

/** Puts the page's published version in the index in place of any old row; a page readers cannot see gets none. */
export async function indexPublishedPage(db: Db, pageId: string) {
  await db.$executeRaw`DELETE FROM GuideSearch WHERE pageId = ${pageId}`;
  const page = await db.guidePage.findUnique({ where: { id: pageId }, select: { publishedRevision: true } });
  const revision = page?.publishedRevision;
  if (!revision) return;
  await db.$executeRaw`INSERT INTO GuideSearch (pageId, title, summary, body)
    VALUES (${pageId}, ${stripMarks(revision.title)}, ${stripMarks(revision.summary)}, ${stripMarks(markdownToPlainText(revision.body))})`;
}

/** Takes a page out of the index, in the transaction that takes it away from readers. */
export async function removeFromSearch(db: Db, pageId: string) {
  await db.$executeRaw`DELETE FROM GuideSearch WHERE pageId = ${pageId}`;
}

/** Builds the index again from the published pages: after seeding, or if it is ever in doubt. */
export async function rebuildSearchIndex(db: Db = prisma) {
  await db.$executeRaw`DELETE FROM GuideSearch`;
  const pages = await db.guidePage.findMany({ where: { publishedRevisionId: { not: null } }, select: { id: true } });
  for (const page of pages) await indexPublishedPage(db, page.id);
}

/**
 * Whatever a reader typed, as an FTS5 query that cannot be malformed: each word becomes a quoted phrase
 * of its letters and digits, and all must appear. Operators, quotes, stars and brackets are just dropped.
 */
export function toMatchQuery(input: string): string | null {
  const phrases = input
    .normalize("NFKC")
    .split(/\s+/)
    .map((word) => (word.match(/[\p{L}\p{N}]+/gu) ?? []).join(" ").slice(0, 40).trim())
    .filter(Boolean)
    .slice(0, 12);
  return phrases.length ? phrases.map((phrase) => `"${phrase}"`).join(" ") : null;
}

/** Safe HTML for a highlighted fragment: escaped text with <mark> around the matching words. */
export function markedFragment(text: string): string {
  return escapeHtml(text).replaceAll(MARK_START, "<mark>").replaceAll(MARK_END, "</mark>");
}

type Row = { pageId: string; title: string; summary: string; snippet: string; score: number };

export type SearchResult = {
  href: string;
  sectionTitle: string;
  titleHtml: string;
  excerptHtml: string;
};

/**
 * One page of published pages matching what a reader typed, best first, `SEARCH_PAGE_SIZE` at a time,
 * with the total. Takes no actor: the public searches the guide without an account, and the index holds
 * only published pages. Never throws for odd input; a query with no words finds nothing.
 */
export async function searchGuide(input: string, page = 1): Promise<{ results: SearchResult[]; total: number }> {
  const match = toMatchQuery(input);
  if (!match) return { results: [], total: 0 };
  const offset = (Math.max(1, page) - 1) * SEARCH_PAGE_SIZE;
  const [rows, counted] = await Promise.all([
    prisma.$queryRaw<Row[]>`
      SELECT pageId,
        highlight(GuideSearch, 1, ${MARK_START}, ${MARK_END}) AS title,
        highlight(GuideSearch, 2, ${MARK_START}, ${MARK_END}) AS summary,
        snippet(GuideSearch, 3, ${MARK_START}, ${MARK_END}, '…', 24) AS snippet,
        bm25(GuideSearch, ${WEIGHTS.pageId}, ${WEIGHTS.title}, ${WEIGHTS.summary}, ${WEIGHTS.body}) AS score
      FROM GuideSearch
      WHERE GuideSearch MATCH ${match}
      ORDER BY score
      LIMIT ${SEARCH_PAGE_SIZE} OFFSET ${offset}`,
    prisma.$queryRaw<{ total: number | bigint }[]>`SELECT count(*) AS total FROM GuideSearch WHERE GuideSearch MATCH ${match}`,
  ]);
  const pages = await prisma.guidePage.findMany({
    where: { id: { in: rows.map((row) => row.pageId) }, publishedRevisionId: { not: null } },
    select: { id: true, slug: true, section: { select: { slug: true, title: true } } },
  });
  const byId = new Map(pages.map((p) => [p.id, p]));
  const results = rows.flatMap((row) => {
    const found = byId.get(row.pageId);
    if (!found) return [];
    // The body excerpt when the words are in the body; otherwise the summary, which then holds them.
    const excerpt = row.snippet.includes(MARK_START) ? row.snippet : row.summary;
    return [
      {
        href: `/guide/${found.section.slug}/${found.slug}`,
        sectionTitle: found.section.title,
        titleHtml: markedFragment(row.title),
        excerptHtml: markedFragment(excerpt),
      },
    ];
  });
  return { results, total: Number(counted[0]?.total ?? 0) };
}

/**
 * Search across the published guide, with SQLite's FTS5 (the GuideSearch virtual table, created by hand in
 * the guide migration). The index holds one row per published page and nothing else, so drafts and
 * withdrawn pages can never be found. Callers keep it in step inside the same transaction as the change.
 */
import { prisma } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
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
 * Words too common to say what a page is about, dropped from what readers type so that a plain question
 * ("what should I do if a pupil brings a knife") searches for its content words. A short list of our own
 * (decision 0053): English function words and question words, nothing from the field.
 */
const STOP_WORDS = new Set(
  (
    "a about after all also am an and any are as at be because been being but by can could did do does doing for from " +
    "had has have having he her here hers him his how i if in into is it its just me my no nor not of off on once " +
    "only or our ours out over own same she should so some such than that the their theirs them then there these " +
    "they this those through to too under until up very was we were what when where which while who whom why will " +
    "with would you your yours"
  ).split(" "),
);
const MAX_TERMS = 12;
const MAX_TERM_LENGTH = 40;
// Shorter words are matched whole: as prefixes, "in" or "ab" would find nearly every page.
const MIN_PREFIX_LENGTH = 3;

/**
 * What a reader typed, as the FTS5 terms to look for, one per word, each safe whatever was typed: a word
 * is a run of letters and digits (after NFKC, so "ﬁ" is "fi"), lower-cased, quoted, and followed by `*` to
 * match as a prefix ("knif" finds "knife") when it has three or more characters. Stop words are dropped
 * unless nothing else is left; repeats count once; at most 12 words of at most 40 characters. Operators,
 * quotes, stars and brackets never reach FTS5's query syntax. An empty list means nothing to search for.
 */
export function toSearchTerms(input: string): string[] {
  const words = [
    ...new Set(
      (
        input
          .normalize("NFKC")
          .toLowerCase()
          .match(/[\p{L}\p{N}]+/gu) ?? []
      ).map((word) => word.slice(0, MAX_TERM_LENGTH)),
    ),
  ];
  const contentWords = words.filter((word) => !STOP_WORDS.has(word));
  return (contentWords.length ? contentWords : words).slice(0, MAX_TERMS).map((word) => (word.length >= MIN_PREFIX_LENGTH ? `"${word}"*` : `"${word}"`));
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
 * One page of published pages matching what a reader typed, `SEARCH_PAGE_SIZE` at a time, with the total.
 * A page matches if it has any of the words (`toSearchTerms`); pages holding more of the words come first,
 * then by bm25 (title matches count most). Takes no actor: the public searches the guide without an
 * account, and the index holds only published pages. Never throws for odd input; a query with no words
 * finds nothing.
 */
export async function searchGuide(input: string, page = 1): Promise<{ results: SearchResult[]; total: number }> {
  const terms = toSearchTerms(input);
  if (!terms.length) return { results: [], total: 0 };
  const anyTerm = terms.join(" OR ");
  // One row per page and word found, so a page's count is how many of the reader's words it holds.
  const hits = Prisma.join(
    terms.map((term) => Prisma.sql`SELECT rowid AS id FROM GuideSearch WHERE GuideSearch MATCH ${term}`),
    " UNION ALL ",
  );
  const offset = (Math.max(1, page) - 1) * SEARCH_PAGE_SIZE;
  const [rows, counted] = await Promise.all([
    prisma.$queryRaw<Row[]>`
      SELECT pageId,
        highlight(GuideSearch, 1, ${MARK_START}, ${MARK_END}) AS title,
        highlight(GuideSearch, 2, ${MARK_START}, ${MARK_END}) AS summary,
        snippet(GuideSearch, 3, ${MARK_START}, ${MARK_END}, '…', 24) AS snippet,
        bm25(GuideSearch, ${WEIGHTS.pageId}, ${WEIGHTS.title}, ${WEIGHTS.summary}, ${WEIGHTS.body}) AS score
      FROM GuideSearch
      JOIN (SELECT id, count(*) AS wordsFound FROM (${hits}) GROUP BY id) AS found ON found.id = GuideSearch.rowid
      WHERE GuideSearch MATCH ${anyTerm}
      ORDER BY found.wordsFound DESC, score
      LIMIT ${SEARCH_PAGE_SIZE} OFFSET ${offset}`,
    prisma.$queryRaw<{ total: number | bigint }[]>`SELECT count(*) AS total FROM GuideSearch WHERE GuideSearch MATCH ${anyTerm}`,
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

/**
 * Search across the published guide: the GuideSearch table (SQLite's FTS5, PostgreSQL's full-text search;
 * created by hand in each engine's guide migration). The index holds one row per published page and nothing
 * else, so drafts and withdrawn pages can never be found. Callers keep it in step inside the same
 * transaction as the change. What readers type is read here; each engine's query is in
 * guide-search-engines.server.ts.
 */
import { prisma } from "~/db.server";
import { guidePageHref } from "~/lib/guide-paths";
import type { Prisma } from "~/generated/prisma/client";
import { escapeHtml, markdownToPlainText } from "~/lib/markdown.server";
import { findInGuide } from "./guide-search-engines.server";
import { pageWithin } from "~/lib/pagination";
import { characterCount, cutToCharacters } from "~/lib/characters";

type Db = Prisma.TransactionClient | typeof prisma;

export const SEARCH_PAGE_SIZE = 10;
// Control characters never typed in a page mark where the engine found a match; everything else is escaped,
// then these become <mark> tags, so no text from a page or a query can ever become markup.
const MARK_START = "\u0002";
const MARK_END = "\u0003";
// eslint-disable-next-line no-control-regex -- the marks are control characters on purpose (above)
const stripMarks = (text: string) => text.replace(/[\u0002\u0003]/g, "");

/** Puts the page's published version in the index in place of any old row; a page readers cannot see gets none. */
export async function indexPublishedPage(db: Db, pageId: string) {
  await db.$executeRaw`DELETE FROM "GuideSearch" WHERE "pageId" = ${pageId}`;
  const page = await db.guidePage.findUnique({ where: { id: pageId }, select: { publishedRevision: true } });
  const revision = page?.publishedRevision;
  if (!revision) return;
  await db.$executeRaw`INSERT INTO "GuideSearch" ("pageId", "title", "summary", "body")
    VALUES (${pageId}, ${stripMarks(revision.title)}, ${stripMarks(revision.summary)}, ${stripMarks(markdownToPlainText(revision.body))})`;
}

/** Takes a page out of the index, in the transaction that takes it away from readers. */
export async function removeFromSearch(db: Db, pageId: string) {
  await db.$executeRaw`DELETE FROM "GuideSearch" WHERE "pageId" = ${pageId}`;
}

/** Builds the index again from the published pages: after seeding, or if it is ever in doubt. */
export async function rebuildSearchIndex(db: Db = prisma) {
  await db.$executeRaw`DELETE FROM "GuideSearch"`;
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
 * One thing to look for: a single word, or a phrase (several words one after the other). `prefix` says
 * whether the last word also matches longer words that start with it ("knif" finds "knife").
 */
export type SearchTerm = { words: string[]; prefix: boolean };

/** The runs of letters and digits in `text`, each at most 40 characters. */
const wordsIn = (text: string) => (text.match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => cutToCharacters(word, MAX_TERM_LENGTH));

/**
 * What a reader typed, as the terms to look for, each safe whatever was typed: a word is a run of letters
 * and digits (after NFKC, so "ﬁ" is "fi"), lower-cased. Words in double quotes are a phrase, matched whole
 * and in that order, stop words and all ("a pupil with a knife"); a quote left open is ignored. Other words
 * match as prefixes when they have three or more characters. Stop words outside quotes are dropped unless
 * nothing else is left; repeats count once; at most 12 terms (and 12 words to a phrase). Operators,
 * quotes, stars and brackets never reach either engine's query syntax: each engine writes its own query
 * from these words. An empty list means nothing to search for.
 */
export function toSearchTerms(input: string): SearchTerm[] {
  const parts = input.normalize("NFKC").toLowerCase().split('"');
  // Odd parts are inside quotes, except a last part opened by a quote that is never closed.
  const quoted = (index: number) => index % 2 === 1 && (index < parts.length - 1 || parts.length % 2 === 1);
  const phrases: SearchTerm[] = [];
  const loose: string[] = [];
  parts.forEach((part, index) => {
    const words = wordsIn(part);
    if (quoted(index) && words.length > 0) phrases.push({ words: words.slice(0, MAX_TERMS), prefix: false });
    else if (!quoted(index)) loose.push(...words);
  });
  const contentWords = loose.filter((word) => !STOP_WORDS.has(word));
  const words = (contentWords.length || phrases.length ? contentWords : loose).map((word) => ({
    words: [word],
    prefix: characterCount(word) >= MIN_PREFIX_LENGTH,
  }));
  const unique = new Map([...phrases, ...words].map((term) => [`${term.words.join(" ")}${term.prefix ? "*" : ""}`, term]));
  return [...unique.values()].slice(0, MAX_TERMS);
}

/** Safe HTML for a highlighted fragment: escaped text with <mark> around the matching words. */
export function markedFragment(text: string): string {
  return escapeHtml(text).replaceAll(MARK_START, "<mark>").replaceAll(MARK_END, "</mark>");
}

export type SearchResult = {
  href: string;
  sectionTitle: string;
  titleHtml: string;
  excerptHtml: string;
};

/**
 * One page of published pages matching what a reader typed, `SEARCH_PAGE_SIZE` at a time, with the total
 * and which page of the results it is (`page`, from 1: a page past the end shows the last, `pageWithin`).
 * A page matches if it has any of the terms (`toSearchTerms`); pages holding more of them come first, then
 * by relevance (title matches count most): SQLite's FTS5 or PostgreSQL's full-text search, the same
 * behaviour on both (guide-search-engines.server.ts). Takes no actor: the public searches the guide without
 * an account, and the index holds only published pages. Never throws for odd input; a query with no words
 * finds nothing.
 */
export async function searchGuide(input: string, page = 1): Promise<{ results: SearchResult[]; total: number; page: number }> {
  const terms = toSearchTerms(input);
  if (!terms.length) return { results: [], total: 0, page: 1 };
  const find = (skip: number) => findInGuide(terms, { limit: SEARCH_PAGE_SIZE, offset: skip, markStart: MARK_START, markEnd: MARK_END });
  const asked = Math.max(1, page);
  let { rows, total } = await find((asked - 1) * SEARCH_PAGE_SIZE);
  // The total comes with the rows: a page past the end is read again as the last one.
  const shown = pageWithin(asked, total, SEARCH_PAGE_SIZE);
  if (shown.page !== asked) ({ rows, total } = await find(shown.skip));
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
        href: guidePageHref(found.section.slug, found.slug),
        sectionTitle: found.section.title,
        titleHtml: markedFragment(row.title),
        excerptHtml: markedFragment(excerpt),
      },
    ];
  });
  return { results, total, page: shown.page };
}

/**
 * The guide search's query on each engine, with one behaviour (decisions 0053 and 0080): a page matches
 * if it holds any of the terms; pages holding more of them come first, then by relevance with the title
 * weighing 10, the summary 4 and the body 1; the title and summary come back with every match marked, and
 * the body as a short excerpt around the matches. The terms are only letters and digits (toSearchTerms),
 * and each engine's query syntax is written here from them, so nothing typed reaches it.
 */
import { engine, prisma } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import type { SearchTerm } from "./guide-search.server";

export type FoundPage = { pageId: string; title: string; summary: string; snippet: string };

type Window = { limit: number; offset: number; markStart: string; markEnd: string };

/** One window of the pages matching `terms`, best first, with the number of pages matching in all. */
export function findInGuide(terms: SearchTerm[], window: Window): Promise<{ rows: FoundPage[]; total: number }> {
  return engine === "postgresql" ? findWithPostgresql(terms, window) : findWithSqlite(terms, window);
}

/** An FTS5 string: each word quoted, so it is only ever a word; `*` after the quotes makes it a prefix. */
const fts5Query = (term: SearchTerm) => `"${term.words.join(" ")}"${term.prefix ? "*" : ""}`;

async function findWithSqlite(terms: SearchTerm[], { limit, offset, markStart, markEnd }: Window) {
  const queries = terms.map(fts5Query);
  const anyTerm = queries.join(" OR ");
  // One row per page and term found, so a page's count is how many of the reader's terms it holds.
  const hits = Prisma.join(
    queries.map((query) => Prisma.sql`SELECT rowid AS id FROM GuideSearch WHERE GuideSearch MATCH ${query}`),
    " UNION ALL ",
  );
  const [rows, counted] = await Promise.all([
    prisma.$queryRaw<FoundPage[]>`
      SELECT pageId,
        highlight(GuideSearch, 1, ${markStart}, ${markEnd}) AS title,
        highlight(GuideSearch, 2, ${markStart}, ${markEnd}) AS summary,
        snippet(GuideSearch, 3, ${markStart}, ${markEnd}, '…', 24) AS snippet
      FROM GuideSearch
      JOIN (SELECT id, count(*) AS termsFound FROM (${hits}) GROUP BY id) AS found ON found.id = GuideSearch.rowid
      WHERE GuideSearch MATCH ${anyTerm}
      -- bm25's weights: the unindexed page id, then title, summary and body. Lower is better.
      ORDER BY found.termsFound DESC, bm25(GuideSearch, 0, 10, 4, 1)
      LIMIT ${limit} OFFSET ${offset}`,
    prisma.$queryRaw<{ total: number | bigint }[]>`SELECT count(*) AS total FROM GuideSearch WHERE GuideSearch MATCH ${anyTerm}`,
  ]);
  return { rows, total: Number(counted[0]?.total ?? 0) };
}

/**
 * A tsquery string: each word in single quotes (letters and digits only, so nothing to escape), the words
 * of a phrase joined by `<->` (next to each other), and `:*` for a prefix.
 */
const tsQuery = (term: SearchTerm) => `${term.words.map((word) => `'${word}'`).join(" <-> ")}${term.prefix ? ":*" : ""}`;

async function findWithPostgresql(terms: SearchTerm[], { limit, offset, markStart, markEnd }: Window) {
  const queries = terms.map(tsQuery);
  const anyTerm = Prisma.sql`to_tsquery('guide_english', ${queries.map((query) => `(${query})`).join(" | ")})`;
  const termsFound = Prisma.join(
    queries.map((query) => Prisma.sql`(CASE WHEN "document" @@ to_tsquery('guide_english', ${query}) THEN 1 ELSE 0 END)`),
    " + ",
  );
  const marks = `StartSel=${markStart}, StopSel=${markEnd}`;
  const [rows, counted] = await Promise.all([
    prisma.$queryRaw<(FoundPage & { body: string })[]>`
      SELECT "pageId", "body",
        ts_headline('guide_english', "title", ${anyTerm}, ${`HighlightAll=true, ${marks}`}) AS "title",
        ts_headline('guide_english', "summary", ${anyTerm}, ${`HighlightAll=true, ${marks}`}) AS "summary",
        ts_headline('guide_english', "body", ${anyTerm}, ${`MaxWords=24, MinWords=12, ${marks}`}) AS "snippet"
      FROM "GuideSearch"
      WHERE "document" @@ ${anyTerm}
      -- ts_rank's weights are for D, C, B, A: the body, nothing, the summary, the title (1 : 4 : 10).
      ORDER BY ${termsFound} DESC, ts_rank('{0.1, 0, 0.4, 1.0}', "document", ${anyTerm}) DESC, "pageId"
      LIMIT ${limit} OFFSET ${offset}`,
    prisma.$queryRaw<{ total: number | bigint }[]>`SELECT count(*) AS "total" FROM "GuideSearch" WHERE "document" @@ ${anyTerm}`,
  ]);
  return {
    rows: rows.map(({ body, snippet, ...row }) => ({ ...row, snippet: withEllipses(snippet, body, [markStart, markEnd]) })),
    total: Number(counted[0]?.total ?? 0),
  };
}

/** An excerpt with "…" where it cuts the body short, as FTS5's snippet() writes it. */
function withEllipses(excerpt: string, body: string, marks: string[]) {
  const plain = marks.reduce((text, mark) => text.replaceAll(mark, ""), excerpt);
  const at = body.indexOf(plain);
  if (at < 0) return excerpt;
  return `${at > 0 ? "…" : ""}${excerpt}${at + plain.length < body.length ? "…" : ""}`;
}

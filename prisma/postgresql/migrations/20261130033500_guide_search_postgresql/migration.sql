-- Written by hand: the PostgreSQL twin of the SQLite migration's FTS5 table "GuideSearch" (Prisma does not
-- model it). One row per published page, plain text; app/models/guide-search.server.ts keeps it in step in
-- the same transaction as each publish, restore or withdrawal, and searches it (decision 0080).

-- English stemming like FTS5's porter tokenizer, and like it no stop words: a query of only common words
-- ("who is it") still finds the pages holding them. Our own code drops stop words from longer queries.
CREATE TEXT SEARCH DICTIONARY "guide_english_stem" (TEMPLATE = snowball, LANGUAGE = english);
CREATE TEXT SEARCH CONFIGURATION "guide_english" (COPY = english);
ALTER TEXT SEARCH CONFIGURATION "guide_english" ALTER MAPPING REPLACE english_stem WITH "guide_english_stem";

CREATE TABLE "GuideSearch" (
    "pageId" TEXT NOT NULL PRIMARY KEY REFERENCES "GuidePage"("id") ON DELETE CASCADE,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    -- Title weighs most (A), then the summary (B), then the body (D), as FTS5's bm25 weights 10, 4, 1.
    "document" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('guide_english', "title"), 'A') ||
        setweight(to_tsvector('guide_english', "summary"), 'B') ||
        setweight(to_tsvector('guide_english', "body"), 'D')
    ) STORED
);
CREATE INDEX "GuideSearch_document_idx" ON "GuideSearch" USING GIN ("document");

-- A safety net, as on SQLite: a page that stops being published can never linger in search results
-- (a deleted page's row goes with it through the foreign key above).
CREATE FUNCTION "GuidePage_search_after_unpublish"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM "GuideSearch" WHERE "pageId" = OLD."id";
    RETURN NULL;
END;
$$;
CREATE TRIGGER "GuidePage_search_after_unpublish" AFTER UPDATE OF "publishedRevisionId" ON "GuidePage"
FOR EACH ROW WHEN (NEW."publishedRevisionId" IS NULL) EXECUTE FUNCTION "GuidePage_search_after_unpublish"();

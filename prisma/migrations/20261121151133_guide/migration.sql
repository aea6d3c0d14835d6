-- CreateTable
CREATE TABLE "GuideSection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "GuidePage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sectionId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "publishedRevisionId" TEXT,
    "draftRevisionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "GuidePage_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "GuideSection" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "GuidePage_publishedRevisionId_fkey" FOREIGN KEY ("publishedRevisionId") REFERENCES "GuideRevision" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "GuidePage_draftRevisionId_fkey" FOREIGN KEY ("draftRevisionId") REFERENCES "GuideRevision" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GuideRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pageId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "reviewBy" DATETIME NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "restoredFrom" INTEGER,
    "authorId" TEXT,
    "authorName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" DATETIME,
    CONSTRAINT "GuideRevision_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "GuidePage" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PageFeedback" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pageId" TEXT NOT NULL,
    "revisionNumber" INTEGER,
    "helpful" BOOLEAN NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "userId" TEXT,
    "role" TEXT NOT NULL,
    "schoolName" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PageFeedback_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "GuidePage" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "GuideSection_slug_key" ON "GuideSection"("slug");

-- CreateIndex
CREATE INDEX "GuideSection_position_idx" ON "GuideSection"("position");

-- CreateIndex
CREATE UNIQUE INDEX "GuidePage_publishedRevisionId_key" ON "GuidePage"("publishedRevisionId");

-- CreateIndex
CREATE UNIQUE INDEX "GuidePage_draftRevisionId_key" ON "GuidePage"("draftRevisionId");

-- CreateIndex
CREATE INDEX "GuidePage_sectionId_position_idx" ON "GuidePage"("sectionId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "GuidePage_sectionId_slug_key" ON "GuidePage"("sectionId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "GuideRevision_pageId_number_key" ON "GuideRevision"("pageId", "number");

-- CreateIndex
CREATE INDEX "PageFeedback_pageId_createdAt_idx" ON "PageFeedback"("pageId", "createdAt");


-- Written by hand: Prisma does not model virtual tables, so `migrate diff` neither creates nor drops these.
-- Full-text index of the published guide only (one row per published page, plain text, no Markdown).
-- app/models/guide-search.server.ts writes it in the same transaction as each publish, restore or withdrawal.
CREATE VIRTUAL TABLE "GuideSearch" USING fts5(
    pageId UNINDEXED,
    title,
    summary,
    body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- A safety net: a page that is deleted, or stops being published, can never linger in search results.
CREATE TRIGGER "GuidePage_search_after_delete" AFTER DELETE ON "GuidePage"
BEGIN
    DELETE FROM "GuideSearch" WHERE pageId = old.id;
END;

CREATE TRIGGER "GuidePage_search_after_unpublish" AFTER UPDATE OF "publishedRevisionId" ON "GuidePage"
WHEN new.publishedRevisionId IS NULL
BEGIN
    DELETE FROM "GuideSearch" WHERE pageId = old.id;
END;

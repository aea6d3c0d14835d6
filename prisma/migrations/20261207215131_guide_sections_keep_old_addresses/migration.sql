-- CreateTable
CREATE TABLE "GuideSectionOldSlug" (
    "slug" TEXT NOT NULL PRIMARY KEY,
    "sectionId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GuideSectionOldSlug_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "GuideSection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "GuideSectionOldSlug_sectionId_idx" ON "GuideSectionOldSlug"("sectionId");


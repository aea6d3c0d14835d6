-- CreateTable
CREATE TABLE "GuideSectionOldSlug" (
    "slug" TEXT NOT NULL,
    "sectionId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GuideSectionOldSlug_pkey" PRIMARY KEY ("slug")
);

-- CreateIndex
CREATE INDEX "GuideSectionOldSlug_sectionId_idx" ON "GuideSectionOldSlug"("sectionId");

-- AddForeignKey
ALTER TABLE "GuideSectionOldSlug" ADD CONSTRAINT "GuideSectionOldSlug_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "GuideSection"("id") ON DELETE CASCADE ON UPDATE CASCADE;


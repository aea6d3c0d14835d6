import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { appOrigin } from "~/lib/app-origin.server";
import { createPage, getPageForEditing, saveDraft, withdrawPage } from "~/models/guide-editor.server";
import { createSection, deleteSection, getSection, listOldAddresses, releaseOldAddress, updateSection } from "~/models/guide-sections.server";
import { findGuidePage, getContents, sectionSlugNow } from "~/models/guide.server";
import { content, createGuideSection, createLead, createPublishedPage, createSchoolStaff, editAndPublish } from "./guide-fixtures";

let counter = 0;
const unique = (stem: string) => `${stem}-${++counter}-${Date.now()}`;

async function addressOf(pageId: string) {
  const page = await prisma.guidePage.findUniqueOrThrow({ where: { id: pageId }, include: { section: true } });
  return { sectionId: page.sectionId, section: page.section.slug, page: page.slug, href: `/guide/${page.section.slug}/${page.slug}` };
}

describe("a section's web address changed (decision 0208)", () => {
  it("leads links by every address the section had to its pages now, and back again without a loop", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead), { title: "Where to get help" });
    const first = await addressOf(pageId);
    const [second, third] = [unique("getting-help"), unique("help-now")];

    expect(await updateSection(lead, first.sectionId, { title: "Getting help", slug: second })).toEqual({ ok: true, changed: true });
    expect(await findGuidePage(first.section, first.page)).toEqual({ kind: "moved", sectionSlug: second, href: `/guide/${second}/${first.page}` });
    expect(await findGuidePage(second, first.page)).toMatchObject({ kind: "article", article: { title: "Where to get help" } });

    await updateSection(lead, first.sectionId, { title: "Getting help", slug: third });
    for (const old of [first.section, second]) {
      expect(await sectionSlugNow(old)).toBe(third);
      expect(await findGuidePage(old, first.page)).toMatchObject({ kind: "moved", href: `/guide/${third}/${first.page}` });
    }
    expect((await listOldAddresses(lead, first.sectionId)).map((old) => old.slug)).toEqual([first.section, second]);
    const listed = (await getContents()).find((section) => section.slug === third);
    expect(listed?.oldSlugs.sort()).toEqual([first.section, second].sort());

    // Given its first address back, the section answers there itself and its latest one leads to it.
    await updateSection(lead, first.sectionId, { title: "Getting help", slug: first.section });
    expect(await sectionSlugNow(first.section)).toBe(first.section);
    expect(await findGuidePage(first.section, first.page)).toMatchObject({ kind: "article" });
    expect(await findGuidePage(third, first.page)).toMatchObject({ kind: "moved", href: first.href });
    // A page the section does not have is not found, not sent round to the same address.
    expect(await findGuidePage(first.section, "no-such-page")).toEqual({ kind: "none" });
    expect(await findGuidePage(second, "no-such-page")).toMatchObject({ kind: "moved", href: `/guide/${first.section}/no-such-page` });
    // What the address held after the old slug is sent on encoded: a line break would otherwise end the redirect's header.
    expect(await findGuidePage(second, "x\r\nSet-Cookie: a=b/..")).toMatchObject({
      kind: "moved",
      href: `/guide/${first.section}/x%0D%0ASet-Cookie%3A%20a%3Db%2F..`,
    });
  });

  it("refuses another section an address a section had before, naming it, and says in the audit log what changed", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    const before = await addressOf(pageId);
    const after = unique("moved-on");
    await updateSection(lead, before.sectionId, { title: "Moved on", slug: after });
    const audit = await prisma.auditEvent.findFirst({ where: { entityId: before.sectionId, action: "update" }, orderBy: { at: "desc" } });
    expect(audit?.summary).toBe(`Changed the guide section "Moved on", its address from /guide/${before.section} to /guide/${after}`);

    const refused = {
      ok: false,
      field: "slug",
      message:
        "The section “Moved on” had this web address before, and it still leads to that section's pages: choose another, or let it go on that section's page first",
    };
    expect(await createSection(lead, { title: "A new section", slug: before.section })).toEqual(refused);
    const other = await createGuideSection(lead);
    expect(await updateSection(lead, other, { title: "Took it", slug: before.section })).toEqual(refused);
    expect(await findGuidePage(before.section, before.page)).toMatchObject({ kind: "moved", href: `/guide/${after}/${before.page}` });
    expect((await listOldAddresses(lead, before.sectionId)).map((old) => old.slug)).toEqual([before.section]);
  });

  it("lets the lead let an old address go, after showing the published pages whose links use it", async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead, "Getting help");
    const pageId = await createPublishedPage(lead, sectionId, { title: "Where to get help" });
    const old = await addressOf(pageId);
    await updateSection(lead, sectionId, { title: "Getting help", slug: unique("help") });
    const linking = await createPublishedPage(lead, await createGuideSection(lead), { title: "Knife crime", body: `[Help](${old.href}#now)` });
    await createPublishedPage(lead, await createGuideSection(lead), { title: "Not this one", body: `[Elsewhere](/guide/${old.section}-more/x)` });
    // Links the routes lead to the section, written otherwise: percent-encoded, and to the contents page's anchor.
    const encoded = `/guide/${old.section.replace(/-/g, "%2D")}/${old.page}`;
    const byEncoded = await createPublishedPage(lead, await createGuideSection(lead), { title: "Encoded", body: `[Help](${encoded})` });
    const byAnchor = await createPublishedPage(lead, await createGuideSection(lead), { title: "Contents", body: `[Help](/guide#${old.section})` });
    expect(await listOldAddresses(lead, sectionId)).toEqual([
      {
        slug: old.section,
        linkedFrom: [
          { title: "Knife crime", href: `/admin/guide/pages/${linking}` },
          { title: "Encoded", href: `/admin/guide/pages/${byEncoded}` },
          { title: "Contents", href: `/admin/guide/pages/${byAnchor}` },
        ],
      },
    ]);

    for (const staff of await createSchoolStaff()) {
      await expect(listOldAddresses(staff, sectionId)).rejects.toMatchObject({ status: 403 });
      await expect(releaseOldAddress(staff, sectionId, old.section)).rejects.toMatchObject({ status: 403 });
    }
    const other = await createGuideSection(lead);
    expect(await releaseOldAddress(lead, other, old.section)).toEqual({ ok: true, unchanged: true });
    expect(await releaseOldAddress(lead, sectionId, old.section)).toEqual({ ok: true, unchanged: false });
    expect(await releaseOldAddress(lead, sectionId, old.section)).toEqual({ ok: true, unchanged: true });
    expect(await findGuidePage(old.section, old.page)).toEqual({ kind: "none" });
    expect(await updateSection(lead, other, { title: "Took it", slug: old.section })).toEqual({ ok: true, changed: true });
    const audit = await prisma.auditEvent.findMany({ where: { entityId: sectionId, summary: { startsWith: "Let go" } } });
    expect(audit.map((event) => event.summary)).toEqual([`Let go the guide section's old address /guide/${old.section}`]);
  });

  it("forgets a deleted section's old addresses", async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead);
    const old = (await getSection(lead, sectionId))?.slug ?? "";
    await updateSection(lead, sectionId, { title: "Short-lived", slug: unique("short-lived") });
    expect(await sectionSlugNow(old)).not.toBeNull();
    expect(await deleteSection(lead, sectionId)).toMatchObject({ ok: true });
    expect(await sectionSlugNow(old)).toBeNull();
    expect(await prisma.guideSectionOldSlug.count({ where: { slug: old } })).toBe(0);
  });

  it("refuses the ids the contents page uses around its sections, so a section cannot take the skip link's target", async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead);
    for (const slug of ["main-content", "guide-search-q", "guide-search-q-error", "search"]) {
      const refused = { ok: false, field: "slug", message: "The guide uses this web address for a part of its own: choose another" };
      expect(await createSection(lead, { title: "Taken", slug })).toEqual(refused);
      expect(await updateSection(lead, sectionId, { title: "Taken", slug })).toEqual(refused);
    }
    for (const slug of [unique("main-contents"), unique("main-content-for-parents"), unique("guide-search-tips")]) {
      expect(await createSection(lead, { title: slug, slug })).toMatchObject({ ok: true });
    }
  });

  it("lets a section saved with such an address before keep it while its title changes, and keeps no old address of it", async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead);
    await prisma.guideSection.update({ where: { id: sectionId }, data: { slug: "main-content" } });
    try {
      expect(await updateSection(lead, sectionId, { title: "Retitled", slug: "main-content" })).toEqual({ ok: true, changed: true });
      const moved = unique("for-parents");
      expect(await updateSection(lead, sectionId, { title: "Retitled", slug: moved })).toEqual({ ok: true, changed: true });
      expect(await listOldAddresses(lead, sectionId)).toEqual([]);
      expect(await sectionSlugNow("main-content")).toBeNull();
    } finally {
      await prisma.guideSection.updateMany({ where: { id: sectionId, slug: "main-content" }, data: { slug: unique("put-back") } });
    }
  });
});

describe("a withdrawn page", () => {
  it("is said to be withdrawn, with the title readers last saw; a page never published is not found", async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead);
    const pageId = await createPublishedPage(lead, sectionId, { title: "Carrying a knife" });
    await editAndPublish(lead, pageId, { title: "Carrying a knife: the law" });
    expect(await withdrawPage(lead, pageId)).toMatchObject({ ok: true, unchanged: false });
    await saveDraft(lead, pageId, content({ title: "A draft nobody has read" }));
    const address = await addressOf(pageId);
    expect(await findGuidePage(address.section, address.page)).toEqual({ kind: "withdrawn", title: "Carrying a knife: the law" });

    const draft = await createPage(lead, { ...content({ title: "Secret plans" }), sectionId, slug: unique("draft") });
    if (!draft.ok) throw new Error(draft.message);
    const drafted = await addressOf(draft.pageId);
    expect(await findGuidePage(drafted.section, drafted.page)).toEqual({ kind: "none" });
  });

  it("shows the editor the published pages with a link that leads to it, by its address now or one its section had", async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead);
    const target = await createPublishedPage(lead, sectionId, { title: "Who to call" });
    const old = await addressOf(target);
    await updateSection(lead, sectionId, { title: "Help", slug: unique("help") });
    const now = await addressOf(target);
    const elsewhere = await createGuideSection(lead);
    const byOld = await createPublishedPage(lead, elsewhere, { title: "By the old address", body: `See [who to call](${old.href}).` });
    const inFull = await createPublishedPage(lead, elsewhere, { title: "In full", body: `Read <${appOrigin()}${now.href}#at-night>.` });
    const beside = await createPublishedPage(lead, sectionId, { title: "Beside it", body: `[Who to call](${now.page}?from=beside)` });
    const slashed = await createPublishedPage(lead, elsewhere, { title: "With a slash at the end", body: `[Who to call](${now.href}/)` });
    const notHere = [
      `[Another page](${now.href}-at-night)`,
      `[Another site](https://other-council.example${now.href})`,
      `[Wrong case](${now.href.toUpperCase()})`,
      `<!-- [hidden](${now.href}) -->`,
      `The address ${now.href} written out, not a link.`,
    ];
    for (const body of notHere) await createPublishedPage(lead, elsewhere, { title: `Not a link here: ${body}`, body });
    await createPublishedPage(lead, elsewhere, { title: "Relative, elsewhere", body: `[Who to call](${now.page})` });
    const drafted = await createPublishedPage(lead, elsewhere, { title: "Link only in a draft" });
    await saveDraft(lead, drafted, content({ title: "Link only in a draft", body: `[Who to call](${now.href})` }));
    const withdrawn = await createPublishedPage(lead, elsewhere, { title: "Withdrawn", body: `[Who to call](${now.href})` });
    await withdrawPage(lead, withdrawn);

    const editing = await getPageForEditing(lead, target);
    // In the guide's order, each to its editor, where the lead changes the link.
    const expected = [
      { title: "Beside it", href: `/admin/guide/pages/${beside}` },
      { title: "By the old address", href: `/admin/guide/pages/${byOld}` },
      { title: "In full", href: `/admin/guide/pages/${inFull}` },
      { title: "With a slash at the end", href: `/admin/guide/pages/${slashed}` },
    ];
    const sectionsFirst =
      (await prisma.guideSection.findUniqueOrThrow({ where: { id: sectionId } })).position <
      (await prisma.guideSection.findUniqueOrThrow({ where: { id: elsewhere } })).position;
    expect(sectionsFirst).toBe(true);
    expect(editing?.linkedFrom).toEqual(expected);
    // Not the page's own links to itself.
    await editAndPublish(lead, target, { title: "Who to call", body: `[Top](${now.href}#top)` });
    expect((await getPageForEditing(lead, target))?.linkedFrom).toEqual(expected);
  });
});

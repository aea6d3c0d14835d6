import { describe, expect, it } from "vitest";
import { moveOnePlace } from "~/lib/ordering";
import { getLeadOverview } from "~/models/home.server";
import { prisma } from "~/db.server";
import { createPage, deletePage, discardDraft, getPageForEditing, movePage, publishDraft, saveDraft, withdrawPage } from "~/models/guide-editor.server";
import { compareVersions, diffBodies, getVersion, listVersions, restoreVersion } from "~/models/guide-history.server";
import { getPreviewArticle, getPublishedArticle } from "~/models/guide.server";
import { createSection, deleteSection, getEditorOverview, getSection, listSectionOptions, moveSection, updateSection } from "~/models/guide-sections.server";
import { content, createGuideSection, createLead, createPublishedPage, createSchoolStaff, editAndPublish } from "./guide-fixtures";

async function readerView(pageId: string) {
  const page = await prisma.guidePage.findUniqueOrThrow({ where: { id: pageId }, include: { section: true } });
  return getPublishedArticle(page.section.slug, page.slug);
}

describe("drafts and publishing", () => {
  it("keeps readers on the published version while a draft waits beside it", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead), { title: "Original title" });

    const saved = await saveDraft(lead, pageId, content({ title: "Edited title", body: "New words" }));
    expect(saved).toMatchObject({ ok: true, unchanged: false, version: 2 });

    const page = await prisma.guidePage.findUniqueOrThrow({ where: { id: pageId }, include: { draftRevision: true, publishedRevision: true } });
    expect(page.publishedRevision?.title).toBe("Original title");
    expect(page.draftRevision?.title).toBe("Edited title");
    expect((await readerView(pageId))?.title).toBe("Original title");
  });

  it("shows readers the new version once it is published, and keeps the old one", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead), { title: "Before" });
    await editAndPublish(lead, pageId, { title: "After" });

    const article = await readerView(pageId);
    expect(article).toMatchObject({ title: "After", version: 2 });
    expect(article?.lastUpdated).not.toBeNull();
    const history = await listVersions(lead, pageId);
    expect(history?.versions.map((v) => [v.number, v.title, v.state])).toEqual([
      [2, "After", "published"],
      [1, "Before", "was-published"],
    ]);
  });

  it("keeps a version for every publish, and every save, so nothing is lost", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    for (const title of ["Second", "Third", "Fourth"]) await editAndPublish(lead, pageId, { title });
    await saveDraft(lead, pageId, content({ title: "Unpublished idea" }));
    await discardDraft(lead, pageId);

    const revisions = await prisma.guideRevision.findMany({ where: { pageId }, orderBy: { number: "asc" } });
    expect(revisions.map((r) => r.title)).toEqual(["A page about something", "Second", "Third", "Fourth", "Unpublished idea"]);
    expect(revisions.filter((r) => r.publishedAt !== null)).toHaveLength(4);
    expect((await readerView(pageId))?.title).toBe("Fourth");
  });

  it("says what readers see once a draft is published: the page at last, new words, or the words they read before", async () => {
    const lead = await createLead();
    const created = await createPage(lead, { ...content({ title: "Carrying a knife" }), sectionId: await createGuideSection(lead), slug: "carrying" });
    if (!created.ok) throw new Error(created.message);
    const { pageId } = created;
    expect(await publishDraft(lead, pageId)).toMatchObject({ ok: true, readersSee: "the-page-now" });

    await saveDraft(lead, pageId, content({ title: "Carrying a knife", body: "Changed words" }));
    expect(await publishDraft(lead, pageId)).toMatchObject({ ok: true, readersSee: "new-words" });

    // A draft edited, then saved back to the live words before it was published.
    await saveDraft(lead, pageId, content({ title: "Carrying a knife", body: "An idea" }));
    await saveDraft(lead, pageId, content({ title: "Carrying a knife", body: "Changed words" }));
    expect(await publishDraft(lead, pageId)).toMatchObject({ ok: true, readersSee: "the-same-words" });

    await withdrawPage(lead, pageId);
    await saveDraft(lead, pageId, content({ title: "Carrying a knife", body: "Changed words" }));
    expect(await publishDraft(lead, pageId)).toMatchObject({ ok: true, readersSee: "the-page-now" });
  });

  it("does not add a version when nothing has changed", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    const saved = await saveDraft(lead, pageId, content({ body: "## First heading\r\n\r\nSome words.\r\n" }));
    expect(saved).toMatchObject({ ok: true, unchanged: true, version: 1 });
    expect(await prisma.guideRevision.count({ where: { pageId } })).toBe(1);
  });

  it("publishes or sets aside only the draft the lead's page showed: a draft saved since is left for them to read", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead), { title: "Published" });
    await saveDraft(lead, pageId, content({ title: "Previewed draft" }));
    // Another tab, or another lead, saves again after the preview was opened at version 2.
    await saveDraft(lead, pageId, content({ title: "Unread draft" }));
    const refused = {
      ok: false,
      reason: "draft-changed",
      message: expect.stringMatching(/has changed since your page showed version 2\. It is now version 3;/),
    };
    expect(await publishDraft(lead, pageId, 2)).toEqual(refused);
    expect(await discardDraft(lead, pageId, 2)).toEqual(refused);
    expect((await readerView(pageId))?.title).toBe("Published");

    // Through the page's button, the version it sends is checked the same way, and the lead sees the preview.
    const { action } = await import("~/routes/admin.guide.pages.$pageId._index");
    const { createSession } = await import("~/auth/session.server");
    const send = async (version: string) => {
      const body = new URLSearchParams({ intent: "publish", version });
      const headers = { Cookie: `vrn_session=${(await createSession(lead.id)).token}`, "Content-Type": "application/x-www-form-urlencoded" };
      const request = new Request(`http://localhost/admin/guide/pages/${pageId}?index`, { method: "POST", body, headers });
      const context = { cspNonce: "", clientAddress: "192.0.2.92", secureCookies: false, setCookie: () => undefined };
      return Promise.resolve(action({ request, params: { pageId }, context })).catch((thrown: unknown) => thrown);
    };
    const sent = await send("2");
    expect(sent instanceof Response ? [sent.status, sent.headers.get("Location")] : sent).toEqual([302, `/admin/guide/pages/${pageId}/preview`]);
    expect((await readerView(pageId))?.title).toBe("Published");
    const published = await send("3");
    expect(published instanceof Response ? [published.status, published.headers.get("Location")] : published).toEqual([302, `/admin/guide/pages/${pageId}`]);
    expect((await readerView(pageId))?.title).toBe("Unread draft");
  });

  it("has nothing to publish when there is no draft", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    expect(await publishDraft(lead, pageId)).toMatchObject({ ok: false });
  });

  it("records every change in the audit log", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    await saveDraft(lead, pageId, content({ title: "Audited" }));
    await publishDraft(lead, pageId);
    const actions = await prisma.auditEvent.findMany({ where: { entityId: pageId }, orderBy: { id: "asc" } });
    expect(actions.map((a) => a.action)).toEqual(["create", "publish", "update", "publish"]);
    expect(actions.every((a) => a.actorId === lead.id)).toBe(true);
  });

  it("withdraws a page from readers but keeps every version; only never-published pages can be deleted", async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead);
    const pageId = await createPublishedPage(lead, sectionId);
    expect(await withdrawPage(lead, pageId)).toEqual({ ok: true, unchanged: false });
    expect(await readerView(pageId)).toBeNull();
    expect(await prisma.guideRevision.count({ where: { pageId } })).toBe(1);
    expect(await deletePage(lead, pageId)).toMatchObject({ ok: false });
    expect(await prisma.guidePage.count({ where: { id: pageId } })).toBe(1);
  });
});

describe("only the VRN lead edits pages", () => {
  it("refuses a teacher and an MVP lead the editing view, the preview and every page change with a 403, changing nothing", async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead);
    const pageId = await createPublishedPage(lead, sectionId);
    await saveDraft(lead, pageId, content({ title: "Waiting draft" }));
    const forbidden = { status: 403 };
    for (const staff of await createSchoolStaff()) {
      await expect(getPageForEditing(staff, pageId)).rejects.toMatchObject(forbidden);
      await expect(getPreviewArticle(staff, pageId)).rejects.toMatchObject(forbidden);
      await expect(createPage(staff, { ...content(), sectionId })).rejects.toMatchObject(forbidden);
      await expect(saveDraft(staff, pageId, content({ title: "Staff edit" }))).rejects.toMatchObject(forbidden);
      await expect(publishDraft(staff, pageId)).rejects.toMatchObject(forbidden);
      await expect(discardDraft(staff, pageId)).rejects.toMatchObject(forbidden);
      await expect(withdrawPage(staff, pageId)).rejects.toMatchObject(forbidden);
      await expect(deletePage(staff, pageId)).rejects.toMatchObject(forbidden);
      await expect(movePage(staff, pageId, "down")).rejects.toMatchObject(forbidden);
    }
    const page = await prisma.guidePage.findUniqueOrThrow({ where: { id: pageId }, include: { draftRevision: true } });
    expect(page.draftRevision?.title).toBe("Waiting draft");
    expect(page.publishedRevisionId).not.toBeNull();
    expect(await prisma.guidePage.count({ where: { sectionId } })).toBe(1);
  });
});

describe("restoring an earlier version", () => {
  it("adds a new draft copied from the old version, losing nothing", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead), { title: "Version one", body: "Old words" });
    await editAndPublish(lead, pageId, { title: "Version two", body: "New words" });
    await saveDraft(lead, pageId, content({ title: "Version three (draft)" }));

    // The draft waiting (version three) is no longer the one offered for publishing: said so, and kept.
    expect(await restoreVersion(lead, pageId, 1)).toEqual({ version: 4, made: true, replacedDraft: 3 });
    // Pressed again (or from another tab): the draft already says it, so no fifth version is made.
    expect(await restoreVersion(lead, pageId, 1)).toEqual({ version: 4, made: false, replacedDraft: null });

    const revisions = await prisma.guideRevision.findMany({ where: { pageId }, orderBy: { number: "asc" } });
    expect(revisions.map((r) => r.title)).toEqual(["Version one", "Version two", "Version three (draft)", "Version one"]);
    expect(revisions[3]).toMatchObject({ body: "Old words", restoredFrom: 1, publishedAt: null });
    // Readers still see version two until the restored draft is published.
    expect((await readerView(pageId))?.title).toBe("Version two");
    await publishDraft(lead, pageId);
    expect(await readerView(pageId)).toMatchObject({ title: "Version one", version: 4 });
  });

  it("replaces no draft when none is waiting", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead), { title: "Version one" });
    await editAndPublish(lead, pageId, { title: "Version two" });
    expect(await restoreVersion(lead, pageId, 1)).toEqual({ version: 3, made: true, replacedDraft: null });
  });

  it("returns null for a version that does not exist", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    expect(await restoreVersion(lead, pageId, 99)).toBeNull();
  });
});

describe("only the VRN lead reads and restores versions", () => {
  it("refuses a teacher and an MVP lead the history, a version, a comparison and a restore with a 403", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead), { title: "Version one" });
    await editAndPublish(lead, pageId, { title: "Version two" });
    const forbidden = { status: 403 };
    for (const staff of await createSchoolStaff()) {
      await expect(listVersions(staff, pageId)).rejects.toMatchObject(forbidden);
      await expect(getVersion(staff, pageId, 1)).rejects.toMatchObject(forbidden);
      await expect(compareVersions(staff, pageId, 1, 2)).rejects.toMatchObject(forbidden);
      await expect(restoreVersion(staff, pageId, 1)).rejects.toMatchObject(forbidden);
    }
    expect(await prisma.guideRevision.count({ where: { pageId } })).toBe(2);
  });
});

describe("what changed between two versions", () => {
  it("lists changed fields and the body's added and removed lines", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead), {
      title: "Helplines",
      body: "Call Childline.\n\nCall 101.\n\nKeep this line.",
    });
    await editAndPublish(lead, pageId, { title: "Helplines and websites", body: "Call Childline.\n\nCall 999 in an emergency.\n\nKeep this line." });

    const comparison = await compareVersions(lead, pageId, 1, 2);
    expect(comparison?.fields).toEqual([{ label: "Title", before: "Helplines", after: "Helplines and websites" }]);
    expect(comparison?.body).toContainEqual({ kind: "removed", lines: ["Call 101."] });
    expect(comparison?.body).toContainEqual({ kind: "added", lines: ["Call 999 in an emergency."] });
    expect(await compareVersions(lead, pageId, 1, 7)).toBeNull();
  });

  it("shortens long unchanged runs to a little context", () => {
    const same = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n");
    const blocks = diffBodies(`${same}\nold end`, `${same}\nnew end`);
    expect(blocks[0]).toEqual({ kind: "skipped", count: 18 });
    expect(blocks).toContainEqual({ kind: "removed", lines: ["old end"] });
    expect(blocks).toContainEqual({ kind: "added", lines: ["new end"] });
  });

  it("says two long bodies differ in too many lines to show, rather than holding the server to work it out", () => {
    // Two bodies of 8,500 lines, every line changed, held a worker 12 s before the comparison had a bound.
    const lines = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join("\n");
    expect(diffBodies(lines("a", 8500), lines("b", 8500))).toEqual([{ kind: "too-different", linesBefore: 8500, linesAfter: 8500 }]);
    // Many lines with a few hundred changed are still compared line by line.
    const changed = Array.from({ length: 8500 }, (_, i) => (i % 40 === 0 ? `b${i}` : `a${i}`)).join("\n");
    const blocks = diffBodies(lines("a", 8500), changed);
    expect(blocks.filter((block) => block.kind === "added")).toHaveLength(213);
  });
});

describe("the editor's overview", () => {
  it("lists pages whose review date has passed", async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead);
    const overdueId = await createPublishedPage(lead, sectionId, { reviewBy: "2020-01-31" });
    const currentId = await createPublishedPage(lead, sectionId, { reviewBy: "2099-01-31" });
    const { overdue } = await getEditorOverview(lead, new Date("2026-11-21T12:00:00Z"));
    expect(overdue.map((p) => p.id)).toContain(overdueId);
    expect(overdue.map((p) => p.id)).not.toContain(currentId);
  });

  it("counts a page due for review today as due, not overdue, on the editor's page and the lead's home page alike", async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead);
    const now = new Date("2031-03-12T09:00:00Z");
    const overdueNow = async () => (await getLeadOverview(lead, now)).guideReviewsDue;
    const before = await overdueNow();
    const today = await createPublishedPage(lead, sectionId, { reviewBy: "2031-03-12" });
    const yesterday = await createPublishedPage(lead, sectionId, { reviewBy: "2031-03-11" });
    const { overdue } = await getEditorOverview(lead, now);
    expect(overdue.map((p) => p.id)).toContain(yesterday);
    expect(overdue.map((p) => p.id)).not.toContain(today);
    expect(await overdueNow()).toBe(before + 1);
  });

  it("says nothing moved, and logs nothing, for a page already first or one that does not exist", async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead);
    const first = await createPublishedPage(lead, sectionId);
    const second = await createPublishedPage(lead, sectionId);
    const moves = () => prisma.auditEvent.count({ where: { action: "reorder", entityType: "GuidePage" } });
    const before = await moves();
    expect(await movePage(lead, first, "up")).toEqual({ ok: false, message: "This page is already first: nothing was moved." });
    expect(await movePage(lead, "nonexistent", "up")).toEqual({ ok: false, message: "This page no longer exists: nothing was moved." });
    expect(await moveSection(lead, "nonexistent", "down")).toEqual({ ok: false, message: "This section no longer exists: nothing was moved." });
    expect(await moves()).toBe(before);
    expect(await movePage(lead, second, "up")).toEqual({ ok: true });
    expect(await moves()).toBe(before + 1);
  });

  it("moves one item a place at a time and never off the ends", () => {
    expect(moveOnePlace(["a", "b", "c"], "b", "up")).toEqual({ ok: true, order: ["b", "a", "c"] });
    expect(moveOnePlace(["a", "b", "c"], "c", "down")).toEqual({ ok: false, why: "last" });
    expect(moveOnePlace(["a", "b", "c"], "a", "up")).toEqual({ ok: false, why: "first" });
    expect(moveOnePlace(["a", "b", "c"], "x", "up")).toEqual({ ok: false, why: "missing" });
  });
});

describe("sections", () => {
  it("refuses a web address already used, including the guide's own search page", async () => {
    const lead = await createLead();
    expect(await createSection(lead, { title: "Search", slug: "search" })).toMatchObject({ ok: false, field: "slug" });
    expect(await createSection(lead, { title: "Getting started" })).toMatchObject({ ok: true });
    expect(await createSection(lead, { title: "Getting started" })).toMatchObject({ ok: false, field: "slug" });
  });

  it("changes and audits nothing when a section is saved as it is", async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead);
    const input = { title: `Before the session ${Date.now()}`, summary: "What to do first" };
    expect(await updateSection(lead, sectionId, input)).toEqual({ ok: true, changed: true });
    const audited = () => prisma.auditEvent.count({ where: { entityType: "GuideSection", entityId: sectionId } });
    const auditBefore = await audited();
    expect(await updateSection(lead, sectionId, input)).toEqual({ ok: true, changed: false });
    expect(await audited()).toBe(auditBefore);
  });
});

describe("only the VRN lead arranges the guide", () => {
  it("refuses a teacher and an MVP lead the overview and every section read and change with a 403", async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead, "Kept as it was");
    const forbidden = { status: 403 };
    for (const staff of await createSchoolStaff()) {
      await expect(getEditorOverview(staff)).rejects.toMatchObject(forbidden);
      await expect(listSectionOptions(staff)).rejects.toMatchObject(forbidden);
      await expect(getSection(staff, sectionId)).rejects.toMatchObject(forbidden);
      await expect(createSection(staff, { title: "Staff section" })).rejects.toMatchObject(forbidden);
      await expect(updateSection(staff, sectionId, { title: "Renamed" })).rejects.toMatchObject(forbidden);
      await expect(moveSection(staff, sectionId, "up")).rejects.toMatchObject(forbidden);
      await expect(deleteSection(staff, sectionId)).rejects.toMatchObject(forbidden);
    }
    expect(await prisma.guideSection.findUnique({ where: { id: sectionId } })).toMatchObject({ title: "Kept as it was" });
    expect(await prisma.guideSection.count({ where: { title: "Staff section" } })).toBe(0);
  });
});

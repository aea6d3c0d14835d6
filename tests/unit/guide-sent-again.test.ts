/**
 * The editor's Publish, Set aside and Withdraw buttons pressed twice (a double click without JavaScript,
 * two tabs): the second press finds its change already made and says so, as restoring a version and
 * confirming an import do, rather than answering the first press's success with an error page. A press
 * for a version that is neither the draft nor the published one is still refused, with the reason.
 */
import { describe, expect, it } from "vitest";
import type { Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { createPage, publishDraft, saveDraft } from "~/models/guide-editor.server";
import { getEditorOverview } from "~/models/guide-sections.server";
import { content, createGuideSection, createLead, createPublishedPage, createSchoolStaff } from "./guide-fixtures";
import { flashOf, routeContext, signedInPost } from "./support/route";

/** The editor's buttons, pressed by `userId`: where the answer leads and what it says, or its status and message. */
async function press(userId: string, pageId: string, fields: Record<string, string>) {
  const { action } = await import("~/routes/admin.guide.pages.$pageId._index");
  const request = await signedInPost(`/admin/guide/pages/${pageId}?index`, userId, fields);
  const answer = await Promise.resolve(action({ request, params: { pageId }, context: routeContext() })).catch((thrown: unknown) => thrown);
  if (!(answer instanceof Response)) throw answer;
  if (answer.status === 302) return { status: 302, to: answer.headers.get("Location"), message: await flashOf(answer) };
  return { status: answer.status, message: ((await answer.json()) as { message: string | null }).message };
}

const audited = (pageId: string, action: string) => prisma.auditEvent.count({ where: { entityType: "GuidePage", entityId: pageId, action } });

/** A page whose one version is a draft, never published. */
async function unpublishedPage(lead: Actor) {
  const created = await createPage(lead, { ...content(), sectionId: await createGuideSection(lead), slug: "never-published" });
  if (!created.ok) throw new Error(created.message);
  return created.pageId;
}

describe("a change pressed twice", () => {
  it("publishes a draft once, and tells the second press the version is already published", async () => {
    const lead = await createLead();
    const pageId = await unpublishedPage(lead);
    const here = `/admin/guide/pages/${pageId}`;
    expect(await press(lead.id, pageId, { intent: "publish", version: "1" })).toEqual({
      status: 302,
      to: here,
      message: 'Published. Readers can now read "A page about something" and find it in search.',
    });
    expect(await press(lead.id, pageId, { intent: "publish", version: "1" })).toEqual({
      status: 302,
      to: here,
      message: "Nothing changed: version 1 is already published.",
    });

    // A new draft, published from two tabs.
    await saveDraft(lead, pageId, content({ body: "New words" }));
    expect(await press(lead.id, pageId, { intent: "publish", version: "2" })).toMatchObject({ status: 302, message: expect.stringMatching(/^Published\./) });
    expect(await press(lead.id, pageId, { intent: "publish", version: "2" })).toEqual({
      status: 302,
      to: here,
      message: "Nothing changed: version 2 is already published.",
    });
    expect(await audited(pageId, "publish")).toBe(2);
  });

  it("says so when a newer draft was saved after the version was published, and leads to it", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    await saveDraft(lead, pageId, content({ body: "Second words" }));
    await press(lead.id, pageId, { intent: "publish", version: "2" });
    await saveDraft(lead, pageId, content({ body: "Third words" }));
    expect(await press(lead.id, pageId, { intent: "publish", version: "2" })).toEqual({
      status: 302,
      to: `/admin/guide/pages/${pageId}/preview`,
      message: "Nothing changed: version 2 is already published. A newer draft, version 3, has been saved since: check it, then publish it.",
    });
    const page = await prisma.guidePage.findUniqueOrThrow({ where: { id: pageId }, include: { draftRevision: true, publishedRevision: true } });
    expect([page.publishedRevision?.number, page.draftRevision?.number]).toEqual([2, 3]);
  });

  it("withdraws a page once, and tells the second press it was already withdrawn", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    const here = `/admin/guide/pages/${pageId}`;
    expect(await press(lead.id, pageId, { intent: "withdraw" })).toEqual({
      status: 302,
      to: here,
      message: "The page has been withdrawn. Readers can no longer see or find it; every version is kept.",
    });
    expect(await press(lead.id, pageId, { intent: "withdraw" })).toEqual({
      status: 302,
      to: here,
      message: "Nothing changed: the page was already withdrawn. Readers cannot see or find it; every version is kept.",
    });
    expect(await audited(pageId, "withdraw")).toBe(1);
  });

  it("sets a draft aside once, and tells the second press it is no longer the draft", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    await saveDraft(lead, pageId, content({ body: "An idea" }));
    expect(await press(lead.id, pageId, { intent: "discard", version: "2" })).toMatchObject({
      status: 302,
      message: expect.stringMatching(/^The draft has been set aside/),
    });
    expect(await press(lead.id, pageId, { intent: "discard", version: "2" })).toEqual({
      status: 302,
      to: `/admin/guide/pages/${pageId}`,
      message: "Nothing changed: version 2 is no longer the draft, so there was nothing to set aside. It stays in the page's history.",
    });
    expect(await audited(pageId, "discard-draft")).toBe(1);
  });
});

describe("Delete pressed twice", () => {
  it("deletes an unpublished page once, and tells the second press it was already deleted; a page that never was is still a 404", async () => {
    const lead = await createLead();
    const pageId = await unpublishedPage(lead);
    expect(await press(lead.id, pageId, { intent: "delete" })).toEqual({ status: 302, to: "/admin/guide", message: "The unpublished page has been deleted." });
    expect(await press(lead.id, pageId, { intent: "delete" })).toEqual({
      status: 302,
      to: "/admin/guide",
      message: "Nothing changed: the page had already been deleted.",
    });
    expect(await audited(pageId, "delete")).toBe(1);
    expect(await press(lead.id, "no-such-page", { intent: "delete" })).toEqual({ status: 404, message: "We could not find that page." });
  });

  it("deletes an empty section once, and tells the second press it was already deleted", async () => {
    const { action } = await import("~/routes/admin.guide.sections.$sectionId");
    const lead = await createLead();
    const sectionId = await createGuideSection(lead);
    const remove = async (id: string) => {
      const request = await signedInPost(`/admin/guide/sections/${id}`, lead.id, { intent: "delete" });
      const answer = await Promise.resolve(action({ request, params: { sectionId: id }, context: routeContext() })).catch((thrown: unknown) => thrown);
      if (!(answer instanceof Response)) throw answer;
      return answer.status === 302 ? { status: 302, message: await flashOf(answer) } : { status: answer.status };
    };
    expect(await remove(sectionId)).toEqual({ status: 302, message: "Section deleted." });
    expect(await remove(sectionId)).toEqual({ status: 302, message: "Nothing changed: the section had already been deleted." });
    expect(await prisma.auditEvent.count({ where: { entityType: "GuideSection", entityId: sectionId, action: "delete" } })).toBe(1);
    expect(await remove("no-such-section")).toEqual({ status: 404 });
  });

  it("answers a second press only to those who may edit the guide", async () => {
    const lead = await createLead();
    const pageId = await unpublishedPage(lead);
    await press(lead.id, pageId, { intent: "delete" });
    for (const staff of await createSchoolStaff()) {
      expect(await press(staff.id, pageId, { intent: "delete" })).toMatchObject({ status: 403 });
    }
  });
});

describe("Move up or down pressed twice", () => {
  /** The guide editor's move buttons, pressed by `userId`: the message the answer carries. */
  async function move(userId: string, fields: Record<string, string>) {
    const { action } = await import("~/routes/admin.guide._index");
    const answer = await action({ request: await signedInPost("/admin/guide?index", userId, fields), params: {}, context: routeContext() });
    return flashOf(answer);
  }
  const reorders = (entityType: string, entityId: string) => prisma.auditEvent.count({ where: { entityType, entityId, action: "reorder" } });

  it("moves a page one place, and tells the second press it is no longer where the page showed it", async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead);
    const pages = [await createPublishedPage(lead, sectionId), await createPublishedPage(lead, sectionId), await createPublishedPage(lead, sectionId)];
    const third = pages[2]!;
    const press = { intent: "move-page", id: third, direction: "up", place: "3" };
    expect(await move(lead.id, press)).toBe("Moved the page up.");
    expect(await move(lead.id, press)).toBe(
      "Nothing was moved: this page is in place 2 now, not in place 3 as your page showed it. Check the order, then move it again if you mean to.",
    );
    const order = await prisma.guidePage.findMany({ where: { sectionId }, orderBy: { position: "asc" }, select: { id: true } });
    expect(order.map((page) => page.id)).toEqual([pages[0], third, pages[1]]);
    expect(await reorders("GuidePage", third)).toBe(1);
  });

  it("moves a section one place, and tells the second press it is no longer where the page showed it", async () => {
    const lead = await createLead();
    await createGuideSection(lead);
    const sectionId = await createGuideSection(lead);
    const place = async () => (await getEditorOverview(lead)).sections.findIndex((section) => section.id === sectionId) + 1;
    const seen = await place();
    const press = { intent: "move-section", id: sectionId, direction: "up", place: String(seen) };
    expect(await move(lead.id, press)).toBe("Moved the section up.");
    expect(await move(lead.id, press)).toBe(
      `Nothing was moved: this section is in place ${seen - 1} now, not in place ${seen} as your page showed it. Check the order, then move it again if you mean to.`,
    );
    expect(await place()).toBe(seen - 1);
    expect(await reorders("GuideSection", sectionId)).toBe(1);
  });
});

describe("a change for a version that is neither the draft nor the published one", () => {
  it("is refused with the reason, changing nothing", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    await press(lead.id, pageId, { intent: "withdraw" });
    // Version 1 was published, then the page withdrawn: publishing it again is not what the press asked.
    expect(await press(lead.id, pageId, { intent: "publish", version: "1" })).toEqual({
      status: 400,
      message:
        "Nothing was published: version 1 is no longer the draft, and readers see nothing: the page is not published. To publish it, restore it from the page's history.",
    });
    expect(await press(lead.id, pageId, { intent: "publish", version: "9" })).toEqual({ status: 400, message: "This page has no version 9." });
    expect(await prisma.guidePage.findUniqueOrThrow({ where: { id: pageId } })).toMatchObject({ publishedRevisionId: null, draftRevisionId: null });
  });

  it("refuses to set aside the version readers see, and to withdraw a page never published", async () => {
    const lead = await createLead();
    const published = await createPublishedPage(lead, await createGuideSection(lead));
    expect(await press(lead.id, published, { intent: "discard", version: "1" })).toEqual({
      status: 400,
      message: "Nothing was set aside: version 1 is published, so readers see it. To take it away from them, withdraw the page.",
    });
    const pageId = await unpublishedPage(lead);
    expect(await press(lead.id, pageId, { intent: "withdraw" })).toEqual({
      status: 400,
      message: "This page has never been published, so there is nothing to withdraw.",
    });
  });
});

describe("Withdraw pressed on a page left open", () => {
  it("withdraws nothing once another version has been published, says which readers see, and withdraws it from the page as it is now", async () => {
    const lead = await createLead();
    const colleague = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    const here = `/admin/guide/pages/${pageId}`;
    // The lead's page showed version 1 as the one readers see; a colleague then publishes version 2.
    await saveDraft(colleague, pageId, content({ body: "Newer words" }));
    expect(await publishDraft(colleague, pageId, 2)).toMatchObject({ ok: true, unchanged: false });

    expect(await press(lead.id, pageId, { intent: "withdraw", version: "1" })).toEqual({
      status: 302,
      to: here,
      message:
        "Nothing was withdrawn: your page showed version 1 as the one readers see, and they now see version 2. Check it, then withdraw the page again if you still mean to.",
    });
    const page = await prisma.guidePage.findUniqueOrThrow({ where: { id: pageId }, include: { publishedRevision: true } });
    expect(page.publishedRevision?.number).toBe(2);
    expect(await audited(pageId, "withdraw")).toBe(0);

    expect(await press(lead.id, pageId, { intent: "withdraw", version: "2" })).toEqual({
      status: 302,
      to: here,
      message: "The page has been withdrawn. Readers can no longer see or find it; every version is kept.",
    });
    expect(await press(lead.id, pageId, { intent: "withdraw", version: "2" })).toEqual({
      status: 302,
      to: here,
      message: "Nothing changed: the page was already withdrawn. Readers cannot see or find it; every version is kept.",
    });
    expect(await audited(pageId, "withdraw")).toBe(1);
  });

  it("refuses a version the page never had, and one that is not a number, changing nothing", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    expect(await press(lead.id, pageId, { intent: "withdraw", version: "9" })).toEqual({ status: 400, message: "This page has no version 9." });
    expect(await press(lead.id, pageId, { intent: "withdraw", version: "the first" })).toEqual({
      status: 400,
      message: "Reload the page, check what readers see and try again.",
    });
    expect(await prisma.guidePage.findUniqueOrThrow({ where: { id: pageId } })).toMatchObject({ publishedRevisionId: expect.any(String) });
    expect(await audited(pageId, "withdraw")).toBe(0);
  });
});

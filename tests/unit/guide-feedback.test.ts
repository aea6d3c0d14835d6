import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { can } from "~/auth/roles";
import { byEngine, prisma } from "~/db.server";
import { createPage } from "~/models/guide-editor.server";
import { giveFeedback as giveFeedbackFrom, listFeedback, publicFeedbackLimit } from "~/models/guide-feedback.server";
import { waitForRoomInWindow } from "../support/one-window";
import { createSchool, createUser } from "./factories";
import { content, createGuideSection, createLead, createPublishedPage, createSchoolStaff } from "./guide-fixtures";

describe("who may do what with the guide", () => {
  it("lets only the VRN lead edit", () => {
    expect(can({ role: "VRN_LEAD", schoolId: null }, "guide:edit")).toBe(true);
    expect(can({ role: "TEACHER", schoolId: "a" }, "guide:edit")).toBe(false);
    expect(can({ role: "MVP_LEAD", schoolId: "a" }, "guide:edit")).toBe(false);
  });
});

// Staff answers are not limited by address; the public's are (see "feedback from the public").
const giveFeedback = (actor: Parameters<typeof giveFeedbackFrom>[0], pageId: string, input: Parameters<typeof giveFeedbackFrom>[2]) =>
  giveFeedbackFrom(actor, pageId, input, "192.0.2.1");

describe("feedback on a page", () => {
  it("is kept with the reader's role, school and the version they read, for the lead to see", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    const school = await createSchool({ name: "Heron Academy" });
    const teacher = await createUser({ role: "TEACHER", schoolId: school.id });

    expect(await giveFeedback(teacher, pageId, { helpful: "yes", comment: "Used it in a staff briefing" })).toEqual({ ok: true });
    expect(await giveFeedback(teacher, pageId, { helpful: "no" })).toEqual({ ok: true });

    const feedback = await listFeedback(lead, pageId);
    expect(feedback).toMatchObject({ total: 2, helpful: 1 });
    expect(feedback?.entries.find((e) => e.helpful)).toMatchObject({
      comment: "Used it in a staff briefing",
      role: "TEACHER",
      schoolName: "Heron Academy",
      revisionNumber: 1,
    });
    expect(await prisma.auditEvent.count({ where: { entityType: "PageFeedback", actorId: teacher.id } })).toBe(2);
  });

  it("cannot be given on a page readers cannot see", async () => {
    const lead = await createLead();
    const created = await createPage(lead, { ...content(), sectionId: await createGuideSection(lead), slug: "not-yet" });
    if (!created.ok) throw new Error(created.message);
    const teacher = await createUser({ role: "TEACHER" });
    expect(await giveFeedback(teacher, created.pageId, { helpful: "yes" })).toMatchObject({ ok: false });
    expect(await prisma.pageFeedback.count({ where: { pageId: created.pageId } })).toBe(0);
  });
});

describe("who may give and read feedback", () => {
  it("refuses a teacher and an MVP lead the lead's list of feedback with a 403", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    for (const staff of await createSchoolStaff()) {
      expect(await giveFeedback(staff, pageId, { helpful: "yes", comment: "Not for other schools to read" })).toEqual({ ok: true });
      await expect(listFeedback(staff, pageId)).rejects.toMatchObject({ status: 403 });
    }
  });

  it("keeps an answer from anyone without a staff role as the public's, with nothing about who gave it", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    const pupil = { id: "pupil", email: "pupil@example.test", name: "A pupil", role: "PUPIL", schoolId: null };
    expect(await giveFeedback(pupil, pageId, { helpful: "yes" })).toEqual({ ok: true });
    expect(await prisma.pageFeedback.findFirstOrThrow({ where: { pageId } })).toMatchObject({ givenBy: "PUBLIC", userId: null, role: null, schoolName: null });
  });
});

describe("feedback from the public", () => {
  it("is kept with the version read and nothing about the reader, seen only by the lead, and not audited as anyone", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    expect(await giveFeedbackFrom(null, pageId, { helpful: "no", comment: "Too long" }, "198.51.100.7")).toEqual({ ok: true });
    const feedback = await listFeedback(lead, pageId);
    expect(feedback).toMatchObject({ total: 1, helpful: 0 });
    expect(feedback?.entries[0]).toMatchObject({ givenBy: "PUBLIC", role: null, schoolName: null, comment: "Too long", revisionNumber: 1 });
    expect(await prisma.auditEvent.count({ where: { entityType: "PageFeedback", entityId: feedback?.entries[0]?.id } })).toBe(0);
    for (const staff of await createSchoolStaff()) await expect(listFeedback(staff, pageId)).rejects.toMatchObject({ status: 403 });
  });

  it("keeps the London day it was given, not the time, and an id that does not count up with the clock (decision 0163)", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    // 11:30pm on 1 July in UTC is half past midnight on 2 July in London.
    for (const at of ["2026-07-01T23:30:12.345Z", "2026-07-02T09:15:00.001Z", "2026-07-02T21:59:59.999Z"]) {
      expect(await giveFeedbackFrom(null, pageId, { helpful: "yes" }, "198.51.100.8", new Date(at))).toEqual({ ok: true });
    }
    const kept = await prisma.pageFeedback.findMany({ where: { pageId } });
    expect(kept.map((row) => row.createdAt.toISOString())).toEqual(Array(3).fill("2026-07-02T00:00:00.000Z"));
    for (const row of kept) expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Answers of one day are listed in one order from page to page.
    const listed = (await listFeedback(lead, pageId))?.entries.map((entry) => entry.id);
    expect(listed).toEqual(
      kept
        .map((row) => row.id)
        .sort()
        .reverse(),
    );
    // Staff answers are audited with their time anyway, and keep it.
    await giveFeedbackFrom(lead, pageId, { helpful: "no" }, "198.51.100.8", new Date("2026-07-02T09:15:00.001Z"));
    expect((await prisma.pageFeedback.findFirstOrThrow({ where: { pageId, givenBy: "STAFF" } })).createdAt.toISOString()).toBe("2026-07-02T09:15:00.001Z");
  });

  it("given before decision 0163 is moved to its London day and a random id by the migration; staff answers are left", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    const kept = [
      ["cmx9wur9e000if67dml8zn3ml", "2026-12-05T04:26:45.506Z", "2026-12-05"],
      ["cmx9wur9e000if67dml8zn3mm", "2026-07-01T23:30:00.000Z", "2026-07-02"],
      ["cmx9wur9e000if67dml8zn3mn", "2026-03-29T00:59:59.000Z", "2026-03-29"],
      ["cmx9wur9e000if67dml8zn3mo", "2026-10-24T23:30:00.000Z", "2026-10-25"],
      ["cmx9wur9e000if67dml8zn3mp", "2026-10-25T01:30:00.000Z", "2026-10-25"],
    ];
    for (const [id, at] of kept)
      await prisma.pageFeedback.create({ data: { id: `${id}${pageId}`, pageId, helpful: true, givenBy: "PUBLIC", createdAt: new Date(at!) } });
    const staff = await prisma.pageFeedback.create({
      data: { pageId, helpful: true, givenBy: "STAFF", role: "VRN_LEAD", createdAt: new Date("2026-07-01T23:30:00.000Z") },
    });

    const folder = byEngine({ sqlite: "prisma/migrations", postgresql: "prisma/postgresql/migrations" });
    const sql = fs.readFileSync(path.join(folder, "20261205050000_public_feedback_keeps_its_day", "migration.sql"), "utf8").replace(/^\s*--.*$/gm, "");
    await prisma.$executeRawUnsafe(sql.trim().replace(/;$/, ""));

    const after = await prisma.pageFeedback.findMany({ where: { pageId, givenBy: "PUBLIC" } });
    expect(after.map((row) => row.createdAt.toISOString()).sort()).toEqual(kept.map(([, , day]) => `${day}T00:00:00.000Z`).sort());
    for (const row of after) expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await prisma.pageFeedback.findUniqueOrThrow({ where: { id: staff.id } })).toEqual(staff);
  });

  it("takes 30 saved answers an hour from one address, then answers 429 without saving; other addresses and staff carry on", async () => {
    await publicFeedbackLimit.reset();
    await waitForRoomInWindow(publicFeedbackLimit.windowMs, 30_000);
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    const address = "203.0.113.9";
    for (let i = 0; i < 30; i++) expect(await giveFeedbackFrom(null, pageId, { helpful: "yes" }, address)).toEqual({ ok: true });
    await expect(giveFeedbackFrom(null, pageId, { helpful: "yes" }, address)).rejects.toMatchObject({ status: 429 });
    expect(await prisma.pageFeedback.count({ where: { pageId } })).toBe(30);
    expect(await giveFeedbackFrom(null, pageId, { helpful: "yes" }, "203.0.113.10")).toEqual({ ok: true });
    const [teacher] = await createSchoolStaff();
    expect(await giveFeedbackFrom(teacher!, pageId, { helpful: "yes" }, address)).toEqual({ ok: true });
    await publicFeedbackLimit.reset();
  });

  it("saves no more than 30 from one address when 40 are sent at once", async () => {
    await publicFeedbackLimit.reset();
    await waitForRoomInWindow(publicFeedbackLimit.windowMs, 30_000);
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () =>
        giveFeedbackFrom(null, pageId, { helpful: "no" }, "203.0.113.12").then(
          () => "saved",
          (error: unknown) => (error instanceof Response ? error.status : error),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === "saved")).toHaveLength(30);
    expect(outcomes.filter((outcome) => outcome === 429)).toHaveLength(10);
    expect(await prisma.pageFeedback.count({ where: { pageId } })).toBe(30);
    await publicFeedbackLimit.reset();
  });

  it("does not count an answer to an unpublished page against the address", async () => {
    await publicFeedbackLimit.reset();
    const lead = await createLead();
    const created = await createPage(lead, { ...content(), sectionId: await createGuideSection(lead), slug: "draft-for-public" });
    if (!created.ok) throw new Error(created.message);
    expect(await giveFeedbackFrom(null, created.pageId, { helpful: "yes" }, "203.0.113.11")).toMatchObject({ ok: false });
    expect(await publicFeedbackLimit.check("203.0.113.11")).toEqual({ allowed: true });
  });
});

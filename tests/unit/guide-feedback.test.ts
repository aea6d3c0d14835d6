import { describe, expect, it } from "vitest";
import { can } from "~/auth/roles";
import { prisma } from "~/db.server";
import { createPage } from "~/models/guide-editor.server";
import { canGiveFeedback, giveFeedback, listFeedback } from "~/models/guide-feedback.server";
import { createSchool, createUser } from "./factories";
import { content, createGuideSection, createLead, createPublishedPage, createSchoolStaff } from "./guide-fixtures";

describe("who may do what with the guide", () => {
  it("lets only the VRN lead edit", () => {
    expect(can({ role: "VRN_LEAD", schoolId: null }, "guide:edit")).toBe(true);
    expect(can({ role: "TEACHER", schoolId: "a" }, "guide:edit")).toBe(false);
    expect(can({ role: "MVP_LEAD", schoolId: "a" }, "guide:edit")).toBe(false);
  });

  it("lets signed-in staff of any role give feedback, and nobody else", () => {
    expect(canGiveFeedback(null)).toBe(false);
    expect(canGiveFeedback({ id: "u", email: "t@x", role: "TEACHER", schoolId: "a" })).toBe(true);
    expect(canGiveFeedback({ id: "u", email: "t@x", role: "MVP_LEAD", schoolId: "a" })).toBe(true);
    expect(canGiveFeedback({ id: "u", email: "t@x", role: "PUPIL", schoolId: null })).toBe(false);
  });
});

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

  it("refuses feedback with a 403 from anyone without a staff role, keeping nothing", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    const pupil = { id: "pupil", email: "pupil@example.test", name: "A pupil", role: "PUPIL", schoolId: null };
    await expect(giveFeedback(pupil, pageId, { helpful: "yes" })).rejects.toMatchObject({ status: 403 });
    expect(await prisma.pageFeedback.count({ where: { pageId } })).toBe(0);
  });
});

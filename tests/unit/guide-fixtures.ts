import type { Actor } from "~/auth/actor";
import { createSchool, createUser } from "./factories";
import { createPage, publishDraft, saveDraft } from "~/models/guide-editor.server";
import { createSection } from "~/models/guide-sections.server";

let counter = 0;

export async function createLead(): Promise<Actor> {
  const user = await createUser({ role: "VRN_LEAD" });
  return { id: user.id, email: user.email, name: user.name, role: user.role, schoolId: user.schoolId };
}

/** A teacher and an MVP lead of one school: signed-in staff who read the guide but may not edit it. */
export async function createSchoolStaff(): Promise<Actor[]> {
  const school = await createSchool();
  return Promise.all([createUser({ role: "TEACHER", schoolId: school.id }), createUser({ role: "MVP_LEAD", schoolId: school.id })]);
}

export function content(overrides: Partial<{ title: string; summary: string; audience: string; reviewBy: string; body: string; note: string }> = {}) {
  return {
    title: "A page about something",
    summary: "What this page covers, in a sentence.",
    audience: "All school staff",
    reviewBy: "2027-09-01",
    body: "## First heading\n\nSome words.",
    ...overrides,
  };
}

export async function createGuideSection(actor: Actor, title = `Section ${++counter}`) {
  const result = await createSection(actor, { title, slug: `section-${++counter}-${Date.now()}` });
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

/** A page with one published version, as readers would find it. */
export async function createPublishedPage(actor: Actor, sectionId: string, overrides: Parameters<typeof content>[0] = {}) {
  const result = await createPage(actor, { ...content(overrides), sectionId, slug: `page-${++counter}` });
  if (!result.ok) throw new Error(result.message);
  const published = await publishDraft(actor, result.pageId);
  if (!published.ok) throw new Error(published.message);
  return result.pageId;
}

export async function editAndPublish(actor: Actor, pageId: string, overrides: Parameters<typeof content>[0]) {
  await saveDraft(actor, pageId, content(overrides));
  const published = await publishDraft(actor, pageId);
  if (!published.ok) throw new Error(published.message);
}

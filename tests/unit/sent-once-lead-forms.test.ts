/**
 * The lead's forms that add a record with a natural key save once (decision 0147): a topic, a locality, a
 * district or ward mapped to a locality, a guide section, a guide page and a school. Sent again, one after
 * the other or at the same moment (a double click without JavaScript), each adds nothing more and is given
 * what the first sending added, where the second used to be refused by the name, web address or URN the
 * first had just saved. A second page's form is refused by the natural key as before.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import type { SchoolInput } from "~/lib/school-form";
import { createPage, deletePage } from "~/models/guide-editor.server";
import { createSection, deleteSection } from "~/models/guide-sections.server";
import { addLocalityArea, createLocality, removeLocalityArea } from "~/models/localities.server";
import { createSchool } from "~/models/schools.server";
import { newFormToken } from "~/models/sent-forms.server";
import { saveTopic } from "~/models/topics.server";
import { sentWithOtherDetails } from "~/lib/sent-once";
import { lead } from "./delivery-factories";
import { createUser } from "./factories";
import { content, createGuideSection } from "./guide-fixtures";
import { replyOf } from "./support/reply";
import { flashOf, routeContext, signedInGet, signedInPost } from "./support/route";

const unique = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const thrice = <T>(send: () => Promise<T>) => Promise.all([send(), send(), send()]);
const audited = (entityId: string) => prisma.auditEvent.count({ where: { entityId, action: "create" } });

describe("a new topic's form sent twice", () => {
  const topic = (title: string) => ({ title, description: "", yearGroups: [9], durationMinutes: 60, formats: ["ONLINE" as const] });

  it("adds one topic, one after the other or at once, and each repeat is given the first's", async () => {
    const actor = await lead();
    const title = `Knife crime ${unique()}`;
    const formToken = newFormToken();
    const first = await saveTopic(actor, { ...topic(title), formToken });
    if (!first.ok) throw new Error(first.message);
    expect(first.repeat).toBeUndefined();
    expect(await saveTopic(actor, { ...topic(title), formToken })).toEqual({ ok: true, id: first.id, changed: false, repeat: true });
    expect(await prisma.topic.count({ where: { title } })).toBe(1);

    const atOnce = `County lines ${unique()}`;
    const token = newFormToken();
    const results = await thrice(() => saveTopic(actor, { ...topic(atOnce), formToken: token }));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.repeat)).toHaveLength(2);
    const made = await prisma.topic.findMany({ where: { title: atOnce } });
    expect(made).toHaveLength(1);
    expect(new Set(results.map((r) => r.ok && r.id))).toEqual(new Set([made[0]!.id]));
    expect(await audited(made[0]!.id)).toBe(1);
  });

  it("from a second page is refused by the title; a repeat is still the lead's to send, and a 404 once the topic has gone", async () => {
    const actor = await lead();
    const title = `Online harms ${unique()}`;
    const formToken = newFormToken();
    const first = await saveTopic(actor, { ...topic(title), formToken });
    if (!first.ok) throw new Error(first.message);
    expect(await saveTopic(actor, { ...topic(title), formToken: newFormToken() })).toEqual({
      ok: false,
      field: "title",
      message: `There is already a topic called “${title}”`,
    });
    const teacher = await createUser({ role: "TEACHER" });
    await expect(saveTopic(teacher, { ...topic(title), formToken })).rejects.toMatchObject({ status: 403 });
    await prisma.topic.delete({ where: { id: first.id } });
    await expect(saveTopic(actor, { ...topic(title), formToken })).rejects.toMatchObject({ status: 404 });
  });
});

describe("a new locality's form sent twice", () => {
  it("adds one locality, one after the other or at once, and each repeat is given the first's", async () => {
    const actor = await lead();
    const name = `Soar Valley ${unique()}`;
    const formToken = newFormToken();
    const first = await createLocality(actor, { name, localAuthority: "Leicestershire", formToken });
    if (!first.ok) throw new Error("locality not added");
    expect(first.value.repeat).toBeUndefined();
    expect(await createLocality(actor, { name, localAuthority: "Leicestershire", formToken })).toEqual({
      ok: true,
      value: { id: first.value.id, repeat: true },
    });

    const atOnce = `Wreake ${unique()}`;
    const token = newFormToken();
    const results = await thrice(() => createLocality(actor, { name: atOnce, localAuthority: "Leicestershire", formToken: token }));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.value.repeat)).toHaveLength(2);
    const made = await prisma.locality.findMany({ where: { name: atOnce } });
    expect(made).toHaveLength(1);
    expect(await audited(made[0]!.id)).toBe(1);
  });

  it("from a second page is refused by the name, and a repeat is a 404 once the locality has gone", async () => {
    const actor = await lead();
    const name = `Charnwood Forest ${unique()}`;
    const formToken = newFormToken();
    const first = await createLocality(actor, { name, localAuthority: "Leicestershire", formToken });
    if (!first.ok) throw new Error("locality not added");
    expect(await createLocality(actor, { name, localAuthority: "Leicestershire", formToken: newFormToken() })).toEqual({
      ok: false,
      fieldErrors: { name: [`There is already a locality called ${name}`] },
    });
    await prisma.locality.delete({ where: { id: first.value.id } });
    await expect(createLocality(actor, { name, localAuthority: "Leicestershire", formToken })).rejects.toMatchObject({ status: 404 });
  });
});

describe("a locality's form to map a ward sent twice", () => {
  const leicesterLocality = () => prisma.locality.create({ data: { name: `West ${unique()}`, localAuthority: "Leicester" } });

  it("maps the ward once, one after the other or at once, and each repeat is told so", async () => {
    const actor = await lead();
    const locality = await leicesterLocality();
    const name = `Westcotes ${unique()}`;
    const formToken = newFormToken();
    expect(await addLocalityArea(actor, locality.id, { name, formToken })).toEqual({ ok: true, value: { name } });
    expect(await addLocalityArea(actor, locality.id, { name, formToken })).toEqual({ ok: true, value: { name, repeat: true } });

    const atOnce = `Fosse ${unique()}`;
    const token = newFormToken();
    const results = await thrice(() => addLocalityArea(actor, locality.id, { name: atOnce, formToken: token }));
    expect(results.every((r) => r?.ok)).toBe(true);
    expect(results.filter((r) => r?.ok && r.value.repeat)).toHaveLength(2);
    expect(await prisma.localityArea.count({ where: { localityId: locality.id } })).toBe(2);
    const area = await prisma.localityArea.findFirstOrThrow({ where: { name: atOnce } });
    expect(await audited(area.id)).toBe(1);
  });

  it("from a second page is refused by the name; a repeat names nothing of another locality's (a 404), nor a mapping removed since", async () => {
    const actor = await lead();
    const locality = await leicesterLocality();
    const name = `Abbey ${unique()}`;
    const formToken = newFormToken();
    expect(await addLocalityArea(actor, locality.id, { name, formToken })).toMatchObject({ ok: true });
    expect(await addLocalityArea(actor, locality.id, { name, formToken: newFormToken() })).toEqual({
      ok: false,
      fieldErrors: { name: [`The ward ${name} is already mapped to this locality`] },
    });
    // The same token sent to another locality's address: that one mapped nothing.
    const other = await leicesterLocality();
    await expect(addLocalityArea(actor, other.id, { name, formToken })).rejects.toMatchObject({ status: 404 });
    const area = await prisma.localityArea.findFirstOrThrow({ where: { name } });
    expect(await removeLocalityArea(actor, locality.id, area.id)).toEqual({ name });
    await expect(addLocalityArea(actor, locality.id, { name, formToken })).rejects.toMatchObject({ status: 404 });
  });
});

describe("a new guide section's form sent twice", () => {
  it("adds one section, one after the other or at once, and each repeat is given the first's", async () => {
    const actor = await lead();
    const title = `In the classroom ${unique()}`;
    const formToken = newFormToken();
    const first = await createSection(actor, { title, formToken });
    if (!first.ok) throw new Error(first.message);
    expect(await createSection(actor, { title, formToken })).toEqual({ ok: true, id: first.id, repeat: true });
    expect(await prisma.guideSection.count({ where: { title } })).toBe(1);

    const atOnce = `Safeguarding ${unique()}`;
    const token = newFormToken();
    const results = await thrice(() => createSection(actor, { title: atOnce, formToken: token }));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.repeat)).toHaveLength(2);
    const made = await prisma.guideSection.findMany({ where: { title: atOnce } });
    expect(made).toHaveLength(1);
    expect(await audited(made[0]!.id)).toBe(1);
  });

  it("from a second page is refused by the web address, and a repeat is a 404 once the section has gone", async () => {
    const actor = await lead();
    const title = `Getting started ${unique()}`;
    const formToken = newFormToken();
    const first = await createSection(actor, { title, formToken });
    if (!first.ok) throw new Error(first.message);
    expect(await createSection(actor, { title, formToken: newFormToken() })).toMatchObject({ ok: false, field: "slug" });
    expect(await deleteSection(actor, first.id)).toEqual({ ok: true, unchanged: false });
    await expect(createSection(actor, { title, formToken })).rejects.toMatchObject({ status: 404 });
  });
});

describe("a new guide page's form sent twice", () => {
  it("adds one page, one after the other or at once, and each repeat is given the first's", async () => {
    const actor = await lead();
    const sectionId = await createGuideSection(actor);
    const formToken = newFormToken();
    const first = await createPage(actor, { ...content({ title: "Who to call" }), sectionId, formToken });
    if (!first.ok) throw new Error(first.message);
    expect(await createPage(actor, { ...content({ title: "Who to call" }), sectionId, formToken })).toEqual({ ok: true, pageId: first.pageId, repeat: true });

    const token = newFormToken();
    const results = await thrice(() => createPage(actor, { ...content({ title: "Carrying a knife" }), sectionId, formToken: token }));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.repeat)).toHaveLength(2);
    const pages = await prisma.guidePage.findMany({ where: { sectionId }, include: { revisions: true } });
    expect(pages.map((p) => p.revisions.length)).toEqual([1, 1]);
  });

  it("from a second page is refused by the web address, and a repeat is a 404 once the page has gone", async () => {
    const actor = await lead();
    const sectionId = await createGuideSection(actor);
    const formToken = newFormToken();
    const first = await createPage(actor, { ...content(), sectionId, formToken });
    if (!first.ok) throw new Error(first.message);
    expect(await createPage(actor, { ...content(), sectionId, formToken: newFormToken() })).toEqual({
      ok: false,
      field: "slug",
      message: "Another page in this section already uses this web address",
    });
    expect(await deletePage(actor, first.pageId)).toEqual({ ok: true, unchanged: false });
    await expect(createPage(actor, { ...content(), sectionId, formToken })).rejects.toMatchObject({ status: 404 });
  });
});

describe("a new school's form sent twice", () => {
  let nextUrn = 970000;
  const school = (): SchoolInput => ({
    urn: String(++nextUrn),
    name: `Brookvale Academy ${nextUrn}`,
    localAuthority: "Leicester",
    type: "SECONDARY",
    numberOnRoll: 900,
    status: "OPEN",
  });

  it("adds one school, one after the other or at once, and each repeat is given the first's", async () => {
    const actor = await lead();
    const input = { ...school(), formToken: newFormToken() };
    const first = await createSchool(actor, input);
    if (!first.ok) throw new Error("school not added");
    expect(first.repeat).toBeUndefined();
    expect(await createSchool(actor, input)).toEqual({ ok: true, school: first.school, changed: false, repeat: true });

    const atOnce = { ...school(), formToken: newFormToken() };
    const results = await thrice(() => createSchool(actor, atOnce));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.repeat)).toHaveLength(2);
    const made = await prisma.school.findMany({ where: { urn: atOnce.urn } });
    expect(made).toHaveLength(1);
    expect(await audited(made[0]!.id)).toBe(1);
  });

  it("from a second page is refused by the URN, and a repeat is a 404 once the school has gone", async () => {
    const actor = await lead();
    const input = { ...school(), formToken: newFormToken() };
    const first = await createSchool(actor, input);
    if (!first.ok) throw new Error("school not added");
    expect(await createSchool(actor, { ...input, formToken: newFormToken() })).toEqual({
      ok: false,
      fieldErrors: { urn: [`URN ${input.urn} is already used by ${input.name}`] },
    });
    await prisma.school.delete({ where: { id: first.school.id } });
    await expect(createSchool(actor, input)).rejects.toMatchObject({ status: 404 });
  });
});

describe("a lead's form's token", () => {
  it("sent with a form for another kind of record is refused whole (400)", async () => {
    const actor = await lead();
    const formToken = newFormToken();
    expect(await createSection(actor, { title: `Help ${unique()}`, formToken })).toMatchObject({ ok: true });
    await expect(createLocality(actor, { name: `Melton ${unique()}`, localAuthority: "Leicestershire", formToken })).rejects.toMatchObject({ status: 400 });
  });
});

describe("a lead's form sent again with other details (decision 0178)", () => {
  /** The refusal of a form whose page's token a sending with other details used, naming what that one saved. */
  const otherDetails = (made: string) => ({ ok: false, otherDetails: true, message: sentWithOtherDetails(made) });

  it("is refused whole for a topic, a locality, a mapping, a section, a page and a school, saving nothing", async () => {
    const actor = await lead();
    const topicToken = newFormToken();
    const topic = { title: `Knife crime ${unique()}`, description: "", yearGroups: [9], durationMinutes: 60, formats: ["ONLINE" as const] };
    expect(await saveTopic(actor, { ...topic, formToken: topicToken })).toMatchObject({ ok: true });
    expect(await saveTopic(actor, { ...topic, title: `${topic.title} (2)`, formToken: topicToken })).toEqual(otherDetails(`the topic “${topic.title}” added`));
    expect(await saveTopic(actor, { ...topic, formToken: topicToken })).toMatchObject({ ok: true, repeat: true });
    expect(await prisma.topic.count({ where: { title: { startsWith: topic.title } } })).toBe(1);

    const name = `Soar Valley ${unique()}`;
    const localityToken = newFormToken();
    const locality = await createLocality(actor, { name, localAuthority: "Leicestershire", formToken: localityToken });
    if (!locality.ok) throw new Error("locality not added");
    expect(await createLocality(actor, { name: `${name} North`, localAuthority: "Leicestershire", formToken: localityToken })).toEqual(
      otherDetails(`the locality ${name} added`),
    );
    expect(await prisma.locality.count({ where: { name: { startsWith: name } } })).toBe(1);

    const areaToken = newFormToken();
    const area = `Charnwood ${unique()}`;
    expect(await addLocalityArea(actor, locality.value.id, { name: area, formToken: areaToken })).toMatchObject({ ok: true });
    expect(await addLocalityArea(actor, locality.value.id, { name: `${area} West`, formToken: areaToken })).toEqual(
      otherDetails(`${area} mapped to this locality`),
    );
    expect(await prisma.localityArea.count({ where: { localityId: locality.value.id } })).toBe(1);

    const title = `In the classroom ${unique()}`;
    const sectionToken = newFormToken();
    const section = await createSection(actor, { title, formToken: sectionToken });
    if (!section.ok) throw new Error(section.message);
    expect(await createSection(actor, { title: `${title} again`, formToken: sectionToken })).toEqual(otherDetails(`the section “${title}” added`));
    expect(await prisma.guideSection.count({ where: { title: { startsWith: title } } })).toBe(1);

    const pageToken = newFormToken();
    expect(await createPage(actor, { ...content({ title: "Who to call" }), sectionId: section.id, formToken: pageToken })).toMatchObject({ ok: true });
    expect(await createPage(actor, { ...content({ title: "Who to ring" }), sectionId: section.id, formToken: pageToken })).toEqual(
      otherDetails("the page “Who to call” added"),
    );
    expect(await prisma.guidePage.count({ where: { sectionId: section.id } })).toBe(1);

    const schoolToken = newFormToken();
    const school: SchoolInput = {
      urn: "979001",
      name: `Brookvale Academy ${unique()}`,
      localAuthority: "Leicester",
      type: "SECONDARY",
      numberOnRoll: 900,
      status: "OPEN",
    };
    expect(await createSchool(actor, { ...school, formToken: schoolToken })).toMatchObject({ ok: true });
    expect(await createSchool(actor, { ...school, urn: "979002", formToken: schoolToken })).toEqual(otherDetails(`${school.name} added`));
    expect(await prisma.school.count({ where: { urn: "979002" } })).toBe(0);
  });

  it("answers the page's form with a 400 and the message above it; the form opened again saves the new details", async () => {
    const actor = await lead();
    const route = await import("~/routes/sessions.topics.new");
    const open = async () => {
      const loaded = await replyOf(await route.loader({ request: await signedInGet("/sessions/topics/new", actor.id), context: routeContext(), params: {} }));
      return (loaded.body as { formToken: string }).formToken;
    };
    const send = async (fields: Record<string, string>) =>
      route.action({ request: await signedInPost("/sessions/topics/new", actor.id, fields), context: routeContext(), params: {} });
    const title = `County lines ${unique()}`;
    const fields = { title, description: "", yearGroups: "9", durationMinutes: "60", formats: "ONLINE" };
    const formToken = await open();
    const added = await send({ ...fields, formToken });
    expect(added instanceof Response && added.status).toBe(302);
    // The page restored with its token, and another title typed: refused above the form, nothing added.
    const refused = await replyOf(await send({ ...fields, title: `${title} (2)`, formToken }));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain(JSON.stringify(sentWithOtherDetails(`the topic “${title}” added`)).slice(1, -1));
    expect(await prisma.topic.count({ where: { title: `${title} (2)` } })).toBe(0);
    // As the message says: the form opened again has a token of its own, and adds the new details.
    const again = await open();
    expect(again).not.toBe(formToken);
    const second = await send({ ...fields, title: `${title} (2)`, formToken: again });
    expect(second instanceof Response && (await flashOf(second))).toBe(`Topic "${title} (2)" added`);
    expect(await prisma.topic.count({ where: { title: `${title} (2)` } })).toBe(1);
  });
});

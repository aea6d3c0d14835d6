import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { listAuditEvents } from "~/models/audit.server";
import { listOpenInvitations } from "~/models/invitations.server";
import { listOutboxMessages } from "~/models/mailer.server";
import { getSchoolReachHistory } from "~/models/reach-schools.server";
import { searchGuide } from "~/models/guide-search.server";
import { listUsers } from "~/models/users.server";
import { pageFrom, pageWithin } from "~/lib/pagination";
import { createSchool, createUser } from "./factories";
import { createGuideSection, createLead, createPublishedPage } from "./guide-fixtures";
import { booking, deliveryAt, topic } from "./reach-factories";

const page = (query: string) => pageFrom(new URLSearchParams(query));
const lead = { id: "lead", email: "lead@example.test", name: "Lead", role: "VRN_LEAD", schoolId: null };

describe("pageFrom", () => {
  it("reads a whole page number from the address", () => {
    expect(page("page=3")).toBe(3);
    expect(page("")).toBe(1);
  });

  it("falls back to the first page for anything else", () => {
    for (const query of ["page=0", "page=-2", "page=1.5", "page=abc", "page=", "page=NaN"]) expect(page(query)).toBe(1);
  });

  it("keeps an enormous page number to one the database can skip to", async () => {
    const huge = page("page=99999999999999999999");
    expect(huge).toBeLessThanOrEqual(100_000);
    const listed = await listAuditEvents(lead, { page: huge });
    expect(listed.page).toBe(listed.pageCount);
  });
});

describe("pageWithin", () => {
  it("keeps the page asked for within the list, and says which rows it holds", () => {
    expect(pageWithin(2, 60, 25)).toEqual({ page: 2, pageCount: 3, skip: 25, take: 25 });
    expect(pageWithin(9, 60, 25)).toEqual({ page: 3, pageCount: 3, skip: 50, take: 25 });
    // An empty list still has its one page, which says it is empty.
    expect(pageWithin(4, 0, 25)).toEqual({ page: 1, pageCount: 1, skip: 0, take: 25 });
    expect(pageWithin(0, 10, 25)).toEqual({ page: 1, pageCount: 1, skip: 0, take: 25 });
  });
});

/**
 * An address past a list's end (an old link, a list since grown shorter) showed an empty page whose words
 * were untrue: "No one matches these filters" beside 26 people, "No events match", "No surveys yet". Each
 * list now shows its last page, and says it is that page.
 */
describe("a page past the end of a list", () => {
  const past = 999;

  it("of a school's people and its invitations shows their last pages", async () => {
    const school = await createSchool();
    for (let i = 0; i < 26; i += 1) await createUser({ role: "TEACHER", schoolId: school.id });
    const people = await listUsers(lead, { schoolId: school.id, page: past });
    expect(people).toMatchObject({ page: 2, pageCount: 2, total: 26 });
    expect(people.users).toHaveLength(1);

    const sender = await createUser({ role: "VRN_LEAD" });
    await prisma.invitation.createMany({
      data: [1, 2, 3].map((i) => ({
        email: `past-end-${i}@school.example.test`,
        name: `Invitee ${i}`,
        role: "TEACHER",
        schoolId: school.id,
        tokenHash: `past-end-token-${i}`,
        invitedById: sender.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      })),
    });
    const invitations = await listOpenInvitations(lead, { schoolId: school.id, page: past });
    expect(invitations).toMatchObject({ page: 1, pageCount: 1, total: 3 });
    expect(invitations.invitations).toHaveLength(3);
  });

  it("of the outbox and of the audit log shows their last pages", async () => {
    await prisma.outboxMessage.createMany({
      data: [1, 2].map((i) => ({ to: `past-end-outbox-${i}@example.test`, subject: "Hello", text: "Hello" })),
    });
    const outbox = await listOutboxMessages(lead, { page: past, to: "past-end-outbox" });
    expect(outbox).toMatchObject({ page: 1, pageCount: 1, total: 2 });
    expect(outbox.messages).toHaveLength(2);

    await prisma.auditEvent.createMany({
      data: [1, 2].map((i) => ({ action: "update", entityType: "School", entityId: `past-end-${i}`, summary: "Changed" })),
    });
    const log = await listAuditEvents(lead, { page: past });
    expect(log.total).toBeGreaterThan(0);
    expect(log.page).toBe(log.pageCount);
    expect(log.events.length).toBeGreaterThan(0);
  });

  it("of a school's sessions on its reach page shows the last page", async () => {
    const school = await createSchool();
    const { id: topicId } = await topic("Past the end");
    const delivery = await deliveryAt(topicId, "2025-10-08", "10:00");
    await booking(delivery.id, school.id, "DELIVERED", { 9: 20 });
    const history = await getSchoolReachHistory(lead, school.id, past);
    expect(history.deliveriesPage).toEqual({ page: 1, pageCount: 1, total: 1 });
    expect(history.sessions).toHaveLength(1);
  });

  it("of the guide's search results shows the last page of them", async () => {
    const editor = await createLead();
    const section = await createGuideSection(editor, "Paging tests");
    for (let i = 0; i < 11; i += 1) await createPublishedPage(editor, section, { title: `Quokka notes ${i}`, body: `The quokka page number ${i}.` });
    const found = await searchGuide("quokka", past);
    expect(found).toMatchObject({ page: 2, total: 11 });
    expect(found.results).toHaveLength(1);
  });
});

/**
 * "Was this page useful?" saves once (decisions 0147 and 0179): the page's form sent again (a double click,
 * a browser sending the request again) adds no second answer, for the public and for staff, and the reader
 * is told their answer had been received. What is noted beside a public answer's token leads nobody from
 * the answer to the reader: not its id, not its moment, not the token the page carried (decision 0163).
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { sentAlready, sentWithOtherDetails } from "~/lib/sent-once";
import { giveFeedback, publicFeedbackLimit } from "~/models/guide-feedback.server";
import { newFormToken } from "~/models/sent-forms.server";
import { waitForRoomInWindow } from "../support/one-window";
import { createGuideSection, createLead, createPublishedPage, createSchoolStaff } from "./guide-fixtures";
import { replyOf } from "./support/reply";
import { flashOf, routeContext } from "./support/route";

const thrice = <T>(send: () => Promise<T>) => Promise.all([send(), send(), send()]);
const answers = (pageId: string) => prisma.pageFeedback.count({ where: { pageId } });
const received = { ok: true, repeat: true };
const otherDetails = { ok: false, message: sentWithOtherDetails("your answer received"), otherDetails: true };

async function publishedPage() {
  const lead = await createLead();
  return createPublishedPage(lead, await createGuideSection(lead));
}

describe("a public reader's answer sent twice", () => {
  it("is saved once, one after the other or at once, and the repeat is told it was received", async () => {
    const pageId = await publishedPage();
    const formToken = newFormToken();
    const answer = { helpful: "yes" as const, comment: "Clear steps", formToken };
    expect(await giveFeedback(null, pageId, answer, "198.51.100.20")).toEqual({ ok: true });
    expect(await giveFeedback(null, pageId, answer, "198.51.100.20")).toEqual(received);
    expect(await answers(pageId)).toBe(1);

    const token = newFormToken();
    const results = await thrice(() => giveFeedback(null, pageId, { helpful: "no", formToken: token }, "198.51.100.20"));
    expect(results.filter((result) => result.ok && !("repeat" in result))).toHaveLength(1);
    expect(results.filter((result) => result.ok && "repeat" in result)).toHaveLength(2);
    expect(await answers(pageId)).toBe(2);
  });

  it("with other details is refused whole; a new page's form saves them", async () => {
    const pageId = await publishedPage();
    const formToken = newFormToken();
    expect(await giveFeedback(null, pageId, { helpful: "yes", formToken }, "198.51.100.21")).toEqual({ ok: true });
    expect(await giveFeedback(null, pageId, { helpful: "no", comment: "Too long", formToken }, "198.51.100.21")).toEqual(otherDetails);
    expect(await answers(pageId)).toBe(1);
    expect(await giveFeedback(null, pageId, { helpful: "no", comment: "Too long", formToken: newFormToken() }, "198.51.100.21")).toEqual({ ok: true });
    expect(await answers(pageId)).toBe(2);
  });

  it("notes neither the answer's id nor its moment nor the token itself, only a keyed hash on the answer's day", async () => {
    const pageId = await publishedPage();
    const formToken = newFormToken();
    // 11:30pm on 1 July in UTC is half past midnight on 2 July in London.
    await giveFeedback(null, pageId, { helpful: "no", comment: "Someone threatened me", formToken }, "198.51.100.22", new Date("2026-07-01T23:30:12.345Z"));
    const answer = await prisma.pageFeedback.findFirstOrThrow({ where: { pageId } });
    expect(answer.createdAt.toISOString()).toBe("2026-07-02T00:00:00.000Z");

    // Not among staff forms' notes, which keep their moment and, in the order rows were written, would date it.
    expect(await prisma.sentForm.count({ where: { entity: "PageFeedback", recordId: pageId } })).toBe(0);
    expect(await prisma.publicSentForm.count({ where: { OR: [{ token: formToken }, { recordId: { contains: answer.id } }] } })).toBe(0);
    const noted = await prisma.publicSentForm.findFirstOrThrow({ where: { entity: "PageFeedback", recordId: pageId } });
    expect(noted.token).toMatch(/^[\w-]{43}$/);
    expect(noted.day.toISOString()).toBe("2026-07-02T00:00:00.000Z");
    // What it said, only as a keyed hash: a plain digest of a short answer is found by trying the answers.
    const said = JSON.stringify({ comment: "Someone threatened me", helpful: "no", pageId });
    expect(noted.digest).toMatch(/^[\w-]{43}$/);
    expect(noted.digest).not.toBe(createHash("sha256").update(said).digest("base64url"));
    // Still recognised when the page's form is sent again.
    expect(await giveFeedback(null, pageId, { helpful: "no", comment: "Someone threatened me", formToken }, "198.51.100.22")).toEqual(received);
    expect(await answers(pageId)).toBe(1);
  });

  it("is answered as received, not counted again, when the address has used its hour's answers", async () => {
    await publicFeedbackLimit.reset();
    await waitForRoomInWindow(publicFeedbackLimit.windowMs, 30_000);
    const pageId = await publishedPage();
    const address = "203.0.113.30";
    const first = newFormToken();
    expect(await giveFeedback(null, pageId, { helpful: "yes", formToken: first }, address)).toEqual({ ok: true });
    for (let i = 1; i < 30; i++) expect(await giveFeedback(null, pageId, { helpful: "yes", formToken: newFormToken() }, address)).toEqual({ ok: true });
    await expect(giveFeedback(null, pageId, { helpful: "yes", formToken: newFormToken() }, address)).rejects.toMatchObject({ status: 429 });
    expect(await giveFeedback(null, pageId, { helpful: "yes", formToken: first }, address)).toEqual(received);
    expect(await answers(pageId)).toBe(30);
    await publicFeedbackLimit.reset();
  });
});

describe("a member of staff's answer sent twice", () => {
  it("is saved and audited once, and the repeat told it was received; sent by someone else it names nothing", async () => {
    const pageId = await publishedPage();
    const [teacher, mvpLead] = await createSchoolStaff();
    const formToken = newFormToken();
    const answer = { helpful: "yes" as const, comment: "Used it in a staff briefing", formToken };
    expect(await giveFeedback(teacher!, pageId, answer, "192.0.2.1")).toEqual({ ok: true });
    expect(await giveFeedback(teacher!, pageId, answer, "192.0.2.1")).toEqual(received);
    expect(await giveFeedback(teacher!, pageId, { ...answer, helpful: "no" }, "192.0.2.1")).toEqual(otherDetails);
    const kept = await prisma.pageFeedback.findMany({ where: { pageId } });
    expect(kept).toHaveLength(1);
    expect(await prisma.auditEvent.count({ where: { entityType: "PageFeedback", entityId: kept[0]!.id } })).toBe(1);
    // A staff answer's token is noted as it is, with the answer, which is kept against the person anyway.
    expect(await prisma.sentForm.findUniqueOrThrow({ where: { token: formToken } })).toMatchObject({ recordId: kept[0]!.id });
    await expect(giveFeedback(mvpLead!, pageId, answer, "192.0.2.1")).rejects.toMatchObject({ status: 404 });
    expect(await answers(pageId)).toBe(1);
  });

  it("as three at once saves one", async () => {
    const pageId = await publishedPage();
    const [teacher] = await createSchoolStaff();
    const formToken = newFormToken();
    const results = await thrice(() => giveFeedback(teacher!, pageId, { helpful: "no", formToken }, "192.0.2.1"));
    expect(results.filter((result) => result.ok && "repeat" in result)).toHaveLength(2);
    expect(await answers(pageId)).toBe(1);
  });
});

describe("the guide page's feedback form", () => {
  it("carries a token of its own on each page drawn, kept from shared caches; sent again it says the answer was received", async () => {
    await publicFeedbackLimit.reset();
    const pageId = await publishedPage();
    const page = await prisma.guidePage.findUniqueOrThrow({ where: { id: pageId }, include: { section: true } });
    const params = { sectionSlug: page.section.slug, pageSlug: page.slug };
    const path = `/guide/${params.sectionSlug}/${params.pageSlug}`;
    const route = await import("~/routes/guide.$sectionSlug.$pageSlug");
    const open = async () => {
      const loaded = await replyOf(await route.loader({ request: new Request(`http://localhost${path}`), context: routeContext(), params }));
      expect(loaded.headers.get("Cache-Control")).toBe("private, no-cache");
      return (loaded.body as { formToken: string }).formToken;
    };
    const send = async (fields: Record<string, string>) =>
      route.action({ request: new Request(`http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields) }), context: routeContext(), params });

    const formToken = await open();
    const fields = { helpful: "yes", comment: "Printed it for our governors", formToken };
    const first = await send(fields);
    expect(first instanceof Response && [first.status, await flashOf(first)]).toEqual([302, "Thank you. Your feedback has gone to the VRN team."]);
    const again = await send(fields);
    expect(again instanceof Response && [again.status, await flashOf(again)]).toEqual([302, sentAlready("your answer received")]);
    expect(await answers(pageId)).toBe(1);

    // The page restored with its token and another answer chosen: refused above the form, nothing saved.
    const refused = await replyOf(await send({ ...fields, helpful: "no" }));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { "": [otherDetails.message] } });
    expect(await answers(pageId)).toBe(1);
    // As the message says: the page opened again has a token of its own, and saves the other answer.
    const reopened = await open();
    expect(reopened).not.toBe(formToken);
    const second = await send({ ...fields, helpful: "no", formToken: reopened });
    expect(second instanceof Response && (await flashOf(second))).toBe("Thank you. Your feedback has gone to the VRN team.");
    expect(await answers(pageId)).toBe(2);
  });
});

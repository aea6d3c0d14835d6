/** "Was this page useful?": readers of the guide, signed in or not, tell the VRN lead, who reads the answers page by page. */
import { randomUUID } from "node:crypto";
import { assertCan, type Actor } from "~/auth/actor";
import { isRole, type Role } from "~/auth/roles";
import { prisma } from "~/db.server";
import { createRateLimiter } from "~/models/rate-limits.server";
import { tooManyRequests } from "~/lib/responses.server";
import { recordAudit } from "./audit.server";
import { getSchoolName } from "./schools.server";
import { londonDay } from "~/lib/london-time";
import { pageWithin } from "~/lib/pagination";

const FEEDBACK_PAGE_SIZE = 25;

/**
 * Public answers per network address: generous for a school or library where many readers share one
 * address, tight enough that a script cannot bury the lead's list. Answers to a published page count (one
 * to an unknown or unpublished page is not saved, and not counted); the address is counted only as a keyed
 * hash, kept for the hour (decisions 0054 and 0071).
 */
export const publicFeedbackLimit = createRateLimiter({ name: "public-feedback", limit: 30, windowMs: 60 * 60_000 });

/** Whether a signed-in user answers as staff (any role); anyone else answers as the public. */
function isStaff<T extends Pick<Actor, "role">>(user: T | null): user is T & { role: Role } {
  return user !== null && isRole(user.role);
}

/**
 * Records whether a reader found the published page useful, against the version they read. Staff (any
 * signed-in role) are kept with their role and school name and audited; the public (`actor` null, or no
 * staff role) are kept with nothing about them: the London day `now` falls on, not its time, and a random
 * id, not one that counts up with the clock, so neither can be matched to a web server's log of who asked
 * for the page when (decision 0163). At most `publicFeedbackLimit` answers come from one `clientAddress` an
 * hour, however many are sent at once. Fails (ok: false) when the page is not published.
 * Throws a 429 response when a public reader's address is over its limit.
 */
export async function giveFeedback(
  actor: Actor | null,
  pageId: string,
  input: { helpful: "yes" | "no"; comment?: string },
  clientAddress: string,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; message: string }> {
  const staff = isStaff(actor) ? actor : null;
  const page = await prisma.guidePage.findUnique({ where: { id: pageId }, include: { publishedRevision: true } });
  const revision = page?.publishedRevision;
  if (!revision) return { ok: false, message: "This page is not published" };
  const answer = { pageId, revisionNumber: revision.number, helpful: input.helpful === "yes", comment: input.comment ?? "" };
  if (!staff) {
    // Counted before it is saved, by the one statement that adds to the count and reads it: checked first
    // and counted after, answers sent at once from one address all passed the check before any was counted.
    const limit = await publicFeedbackLimit.hit(clientAddress);
    if (!limit.allowed) tooManyRequests(limit.retryAfterSeconds);
    await prisma.pageFeedback.create({ data: { ...answer, id: randomUUID(), createdAt: londonDay(now), givenBy: "PUBLIC" } });
    return { ok: true };
  }
  const schoolName = staff.schoolId ? await getSchoolName(staff, staff.schoolId) : null;
  await prisma.$transaction(async (tx) => {
    const feedback = await tx.pageFeedback.create({
      data: { ...answer, createdAt: now, givenBy: "STAFF", userId: staff.id, role: staff.role, schoolName },
    });
    await recordAudit(
      {
        actor: staff,
        action: "create",
        entityType: "PageFeedback",
        entityId: feedback.id,
        summary: `Said the guide page "${revision.title}" was ${feedback.helpful ? "" : "not "}useful`,
      },
      tx,
    );
  });
  return { ok: true };
}

/**
 * One page's feedback for the lead, newest first, `FEEDBACK_PAGE_SIZE` at a time (a page past the end shows
 * the last: `pageWithin`), with the totals and which page of it this is (`pageNumber` of `pageCount`). Null
 * for an unknown page. Throws a 403 response unless the actor may edit the guide: comments are for the lead.
 */
export async function listFeedback(actor: Actor, pageId: string, pageNumber = 1) {
  assertCan(actor, "guide:edit");
  const page = await prisma.guidePage.findUnique({
    where: { id: pageId },
    include: { section: true, publishedRevision: true, draftRevision: true },
  });
  if (!page) return null;
  const [total, helpful] = await Promise.all([
    prisma.pageFeedback.count({ where: { pageId } }),
    prisma.pageFeedback.count({ where: { pageId, helpful: true } }),
  ]);
  const shown = pageWithin(pageNumber, total, FEEDBACK_PAGE_SIZE);
  const entries = await prisma.pageFeedback.findMany({
    where: { pageId },
    // Public answers share their day's midnight: the id keeps the order of those the same from page to page.
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: shown.skip,
    take: shown.take,
  });
  return {
    page,
    title: page.draftRevision?.title ?? page.publishedRevision?.title ?? page.slug,
    total,
    helpful,
    pageNumber: shown.page,
    pageCount: shown.pageCount,
    entries: entries.map((entry) => ({
      id: entry.id,
      createdAt: entry.createdAt.toISOString(),
      helpful: entry.helpful,
      comment: entry.comment,
      givenBy: entry.givenBy,
      role: entry.role,
      schoolName: entry.schoolName,
      revisionNumber: entry.revisionNumber,
    })),
  };
}

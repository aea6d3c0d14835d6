/** "Was this page useful?": readers of the guide, signed in or not, tell the VRN lead, who reads the answers page by page. */
import { randomUUID } from "node:crypto";
import { assertCan, type Actor } from "~/auth/actor";
import { isRole, type Role } from "~/auth/roles";
import { prisma } from "~/db.server";
import { createRateLimiter } from "~/models/rate-limits.server";
import { tooManyRequests } from "~/lib/responses.server";
import { recordAudit } from "./audit.server";
import { getSchoolName } from "./schools.server";
import { answerSentBefore, saveOnce, type SentWithOtherDetails } from "./sent-forms.server";
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

/** What became of an answer: saved; or, its form sent before, nothing more saved (`repeat`, or SentWithOtherDetails); or refused. */
type FeedbackResult = { ok: true; repeat?: true } | { ok: false; message: string } | SentWithOtherDetails;

/** What the first sending of the page's form saved, in the words `sentAlready` and `sentWithOtherDetails` take. */
export const ANSWER_RECEIVED = "your answer received";

/**
 * Records whether a reader found the published page useful, against the version they read. Staff (any
 * signed-in role) are kept with their role and school name and audited; the public (`actor` null, or no
 * staff role) are kept with nothing about them: the London day `now` falls on, not its time, and a random
 * id, not one that counts up with the clock, so neither can be matched to a web server's log of who asked
 * for the page when (decision 0163). At most `publicFeedbackLimit` answers come from one `clientAddress` an
 * hour, however many are sent at once. Fails (ok: false) when the page is not published.
 *
 * The page's form sent again (`input.formToken`: a double click, a browser sending the request again)
 * saves nothing more and returns `repeat`; sent again with other details it is refused whole
 * (SentWithOtherDetails, decision 0178). A repeat is not counted against the address. A public answer's
 * token is noted without its moment, and without the answer's id, only as a keyed hash (saveOnce's
 * `anonymous`, decision 0179), so it leads nobody from the answer to the reader. A staff answer's repeat is
 * a 404 response unless it was the actor's own answer, still kept.
 * Throws a 429 response when a public reader's address is over its limit.
 */
export async function giveFeedback(
  actor: Actor | null,
  pageId: string,
  input: { helpful: "yes" | "no"; comment?: string; formToken?: string },
  clientAddress: string,
  now = new Date(),
): Promise<FeedbackResult> {
  const staff = isStaff(actor) ? actor : null;
  const page = await prisma.guidePage.findUnique({ where: { id: pageId }, include: { publishedRevision: true } });
  const revision = page?.publishedRevision;
  if (!revision) return { ok: false, message: "This page is not published" };
  const answer = { pageId, revisionNumber: revision.number, helpful: input.helpful === "yes", comment: input.comment ?? "" };
  const details = { pageId, ...input };
  if (!staff) {
    const once = await saveOnce(
      input.formToken,
      "PageFeedback",
      details,
      async (note) => {
        // Counted before it is saved, by the one statement that adds to the count and reads it: checked first
        // and counted after, answers sent at once from one address all passed the check before any was counted.
        const limit = await publicFeedbackLimit.hit(clientAddress);
        if (!limit.allowed) tooManyRequests(limit.retryAfterSeconds);
        await prisma.$transaction(async (tx) => {
          await tx.pageFeedback.create({ data: { ...answer, id: randomUUID(), createdAt: londonDay(now), givenBy: "PUBLIC" } });
          // The page answered, never the answer: nothing noted beside the token leads to it.
          await note(tx, [pageId]);
        });
        return { ok: true as const };
      },
      now,
      { anonymous: true },
    );
    return answerSentBefore(once, {
      find: (ids) => prisma.guidePage.findUnique({ where: { id: ids[0] }, select: { id: true } }),
      what: "page",
      repeat: () => ({ ok: true as const, repeat: true as const }),
      made: () => ANSWER_RECEIVED,
    });
  }
  const schoolName = staff.schoolId ? await getSchoolName(staff, staff.schoolId) : null;
  const once = await saveOnce(
    input.formToken,
    "PageFeedback",
    details,
    (note) =>
      prisma.$transaction(async (tx) => {
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
        await note(tx, [feedback.id]);
        return { ok: true as const };
      }),
    now,
  );
  return answerSentBefore(once, {
    find: (ids) => prisma.pageFeedback.findFirst({ where: { id: ids[0], userId: staff.id }, select: { id: true } }),
    what: "answer",
    repeat: () => ({ ok: true as const, repeat: true as const }),
    made: () => ANSWER_RECEIVED,
  });
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

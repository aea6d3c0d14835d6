/** "Was this page useful?": school staff tell the VRN lead, who reads the answers page by page. */
import { assertCan, type Actor } from "~/auth/actor";
import { isRole, type Role } from "~/auth/roles";
import { prisma } from "~/db.server";
import { forbidden } from "~/lib/responses.server";
import { recordAudit } from "./audit.server";
import { getSchoolName } from "./schools.server";

export const FEEDBACK_PAGE_SIZE = 25;

/** Every signed-in role may answer; the lead too, which helps when checking the form works. */
export function canGiveFeedback<T extends Pick<Actor, "role">>(user: T | null): user is T & { role: Role } {
  return user !== null && isRole(user.role);
}

/**
 * Records whether the actor found the published page useful, against the version they read, with their
 * role and school name. Fails (ok: false) when the page is not published.
 * Throws a 403 response unless the actor holds a staff role (`canGiveFeedback`).
 */
export async function giveFeedback(
  actor: Actor,
  pageId: string,
  input: { helpful: "yes" | "no"; comment?: string },
): Promise<{ ok: true } | { ok: false; message: string }> {
  if (!canGiveFeedback(actor)) forbidden();
  const page = await prisma.guidePage.findUnique({ where: { id: pageId }, include: { publishedRevision: true } });
  const revision = page?.publishedRevision;
  if (!revision) return { ok: false, message: "This page is not published" };
  const schoolName = actor.schoolId ? await getSchoolName(actor, actor.schoolId) : null;
  await prisma.$transaction(async (tx) => {
    const feedback = await tx.pageFeedback.create({
      data: {
        pageId,
        revisionNumber: revision.number,
        helpful: input.helpful === "yes",
        comment: input.comment ?? "",
        userId: actor.id,
        role: actor.role,
        schoolName,
      },
    });
    await recordAudit(
      {
        actor,
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
 * One page's feedback for the lead, newest first, `FEEDBACK_PAGE_SIZE` at a time, with the totals. Null
 * for an unknown page. Throws a 403 response unless the actor may edit the guide: comments are for the lead.
 */
export async function listFeedback(actor: Actor, pageId: string, pageNumber = 1) {
  assertCan(actor, "guide:edit");
  const page = await prisma.guidePage.findUnique({
    where: { id: pageId },
    include: { section: true, publishedRevision: true, draftRevision: true },
  });
  if (!page) return null;
  const [entries, total, helpful] = await Promise.all([
    prisma.pageFeedback.findMany({
      where: { pageId },
      orderBy: { createdAt: "desc" },
      skip: (pageNumber - 1) * FEEDBACK_PAGE_SIZE,
      take: FEEDBACK_PAGE_SIZE,
    }),
    prisma.pageFeedback.count({ where: { pageId } }),
    prisma.pageFeedback.count({ where: { pageId, helpful: true } }),
  ]);
  return {
    page,
    title: page.draftRevision?.title ?? page.publishedRevision?.title ?? page.slug,
    total,
    helpful,
    entries: entries.map((entry) => ({
      id: entry.id,
      createdAt: entry.createdAt.toISOString(),
      helpful: entry.helpful,
      comment: entry.comment,
      role: entry.role,
      schoolName: entry.schoolName,
      revisionNumber: entry.revisionNumber,
    })),
  };
}

import { prisma } from "~/db.server";

/** What the VRN lead's home page shows: the state of the forum at a glance. */
export async function getLeadOverview(now = new Date()) {
  const [openSchools, activeUsers, pendingInvitations, outboxMessages, guideReviewsDue] = await Promise.all([
    prisma.school.count({ where: { status: "OPEN" } }),
    prisma.user.count({ where: { active: true } }),
    prisma.invitation.count({ where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } } }),
    prisma.outboxMessage.count(),
    prisma.guidePage.count({ where: { publishedRevision: { reviewBy: { lt: now } } } }),
  ]);
  return { openSchools, activeUsers, pendingInvitations, outboxMessages, guideReviewsDue };
}

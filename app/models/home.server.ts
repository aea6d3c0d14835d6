import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { glanceAtOverdueReturns } from "./overdue-returns.server";
import { listRequests, listSchoolBookings } from "./bookings.server";
import { getScheduledWorkStatus } from "./job-runs.server";
import { SCHEDULED_JOBS } from "./scheduled-work.server";

/**
 * What the VRN lead's home page shows: the state of the forum at a glance. Throws a 403 response unless
 * the actor may see every count: all schools, users and invitations, the outbox and the guide's reviews.
 */
export async function getLeadOverview(actor: Actor, now = new Date()) {
  for (const permission of ["schools:list-all", "users:manage", "outbox:read", "guide:edit"] as const) assertCan(actor, permission);
  const [openSchools, activeUsers, pendingInvitations, outboxMessages, guideReviewsDue] = await Promise.all([
    prisma.school.count({ where: { status: "OPEN" } }),
    prisma.user.count({ where: { active: true } }),
    prisma.invitation.count({ where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } } }),
    prisma.outboxMessage.count(),
    prisma.guidePage.count({ where: { publishedRevision: { reviewBy: { lt: now } } } }),
  ]);
  return { openSchools, activeUsers, pendingInvitations, outboxMessages, guideReviewsDue };
}

/** How many requests and overdue returns the lead's home page lists. */
const SHOWN = 5;

/** The lead's sessions at a glance: requests waiting for a decision and overdue attendance returns. */
export async function getLeadDeliveriesOverview(actor: Actor, now = new Date()) {
  const [requests, overdue] = await Promise.all([listRequests(actor), glanceAtOverdueReturns(actor, SHOWN, now)]);
  const row = (b: { id: string; school: { name: string }; delivery: { startsAt: Date; endsAt: Date; topic: { title: string } } }) => ({
    id: b.id,
    school: b.school.name,
    title: b.delivery.topic.title,
    startsAt: b.delivery.startsAt,
    endsAt: b.delivery.endsAt,
  });
  return { requests: requests.slice(0, SHOWN).map(row), requestCount: requests.length, overdue: overdue.first.map(row), overdueCount: overdue.count };
}

/** A school's next sessions and the attendance returns it owes. */
export async function getSchoolDeliveriesOverview(actor: Actor, now = new Date()) {
  const { upcoming, awaitingReturn } = await listSchoolBookings(actor, now);
  const row = (b: (typeof upcoming)[number]) => ({
    id: b.id,
    title: b.delivery.topic.title,
    startsAt: b.delivery.startsAt,
    endsAt: b.delivery.endsAt,
    status: b.status,
  });
  return { next: upcoming.slice(0, 3).map(row), returnsDue: awaitingReturn.map(row) };
}

/**
 * Scheduled work as the lead's home page shows it at `now`: each job's latest run, when any last started,
 * and whether to warn (nothing for over two hours, or a job failed last time). Lead only (403 otherwise).
 */
export async function getLeadScheduledWork(actor: Actor, now = new Date()) {
  return getScheduledWorkStatus(
    actor,
    SCHEDULED_JOBS.map(({ name, label }) => ({ name, label })),
    now,
  );
}

import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { schoolBookingGroupOf, schoolBookingGroupWhere, type SchoolBookingGroup } from "~/lib/statuses";
import { glanceAtOverdueReturns } from "./overdue-returns.server";
import { bookingSchoolId, glanceAtRequests } from "./bookings.server";
import { reviewsOverdueBefore } from "./guide-sections.server";
import { getScheduledWorkStatus } from "./job-runs.server";
import { selectRows } from "./raw-sql.server";
import { instant } from "./reach-queries.server";
import { SCHEDULED_JOBS } from "./scheduled-work.server";

/**
 * The forum at a glance: open schools, active users, invitations that can still be taken up (not accepted,
 * withdrawn or expired, and not to a school since closed, which takes no new people), messages in the
 * outbox, published guide pages due for review.
 */
type LeadOverview = { openSchools: number; activeUsers: number; pendingInvitations: number; outboxMessages: number; guideReviewsDue: number };

/**
 * What the VRN lead's home page shows: the state of the forum at a glance. Throws a 403 response unless
 * the actor may see every count: all schools, users and invitations, the outbox and the guide's reviews.
 */
export async function getLeadOverview(actor: Actor, now = new Date()) {
  for (const permission of ["schools:list-all", "users:manage", "outbox:read", "guide:edit"] as const) assertCan(actor, permission);
  // Five counts in one statement rather than five.
  const [counts] = await selectRows<LeadOverview>(
    `SELECT
       (SELECT COUNT(*) FROM "School" WHERE "status" = 'OPEN') AS "openSchools",
       (SELECT COUNT(*) FROM "User" WHERE "active" = TRUE) AS "activeUsers",
       (SELECT COUNT(*) FROM "Invitation" i WHERE i."acceptedAt" IS NULL AND i."revokedAt" IS NULL AND i."expiresAt" > ?
          AND NOT EXISTS (SELECT 1 FROM "School" closed WHERE closed."id" = i."schoolId" AND closed."status" = 'CLOSED')) AS "pendingInvitations",
       (SELECT COUNT(*) FROM "OutboxMessage") AS "outboxMessages",
       (SELECT COUNT(*) FROM "GuidePage" p JOIN "GuideRevision" r ON r."id" = p."publishedRevisionId" WHERE r."reviewBy" < ?) AS "guideReviewsDue"`,
    instant(now),
    instant(reviewsOverdueBefore(now)),
  );
  return counts!;
}

/** How many requests and overdue returns the lead's home page lists. */
const SHOWN = 5;

/** The lead's sessions at a glance: requests waiting for a decision and overdue attendance returns. */
export async function getLeadDeliveriesOverview(actor: Actor, now = new Date()) {
  const [requests, overdue] = await Promise.all([glanceAtRequests(actor, SHOWN), glanceAtOverdueReturns(actor, SHOWN, now)]);
  const row = (b: { id: string; school: { name: string }; delivery: { startsAt: Date; endsAt: Date; topic: { title: string } } }) => ({
    id: b.id,
    school: b.school.name,
    title: b.delivery.topic.title,
    startsAt: b.delivery.startsAt,
    endsAt: b.delivery.endsAt,
  });
  return {
    requests: requests.first.map(row),
    requestCount: requests.count,
    moreRequests: requests.more,
    overdue: overdue.first.map(row),
    overdueCount: overdue.count,
    moreOverdue: overdue.more,
  };
}

/**
 * A school's next sessions (the first three, soonest first) and every attendance return it owes (oldest
 * first), for the actor's own school (403 for anyone who may not book), as rows of booking id, topic
 * title, session times and booking status. Each kind is a group of the school's bookings page
 * (schoolBookingGroupOf: upcoming, return due), read in one statement and never capped, so however many
 * bookings a school has had none is cut off: it has few sessions to come and few returns owed.
 */
export async function getSchoolDeliveriesOverview(actor: Actor, now = new Date()) {
  const schoolId = bookingSchoolId(actor);
  const bookings = await prisma.booking.findMany({
    where: { schoolId, OR: [schoolBookingGroupWhere("UPCOMING", now), schoolBookingGroupWhere("RETURN_DUE", now)] },
    select: { id: true, status: true, delivery: { select: { startsAt: true, endsAt: true, status: true, topic: { select: { title: true } } } } },
    orderBy: [{ delivery: { startsAt: "asc" } }, { id: "asc" }],
  });
  const row = (b: (typeof bookings)[number]) => ({
    id: b.id,
    title: b.delivery.topic.title,
    startsAt: b.delivery.startsAt,
    endsAt: b.delivery.endsAt,
    status: b.status,
  });
  const inGroup = (group: SchoolBookingGroup) => bookings.filter((b) => schoolBookingGroupOf(b, now) === group);
  return { next: inGroup("UPCOMING").slice(0, 3).map(row), returnsDue: inGroup("RETURN_DUE").map(row) };
}

/**
 * Scheduled work as the lead's home page shows it at `now`: each job's latest run, when any last started,
 * and whether to warn (nothing for over two hours, a job failed last time, or its last run will never record
 * an outcome). Lead only (403 otherwise).
 */
export async function getLeadScheduledWork(actor: Actor, now = new Date()) {
  return getScheduledWorkStatus(
    actor,
    SCHEDULED_JOBS.map(({ name, label }) => ({ name, label })),
    now,
  );
}

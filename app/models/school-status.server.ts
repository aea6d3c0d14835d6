/**
 * A school's lifecycle status decides what it may start (the rule is `schoolActivityRefusal` in
 * app/lib/statuses.ts). These read the status for the models that create bookings, waiting-list places,
 * survey runs and invitations, and for the pages that explain why an action is not offered.
 */
import { ownSchoolId, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { schoolActivityRefusal, type SchoolActivity } from "~/lib/statuses";

/**
 * Why the school `schoolId` may not start `activity` now, or null when it may (or when there is no
 * such school: the caller reports that in its own words). Read inside the caller's transaction when it
 * passes `db`, so a status changed at the same moment is seen.
 */
export async function schoolRefusal(
  schoolId: string,
  activity: SchoolActivity,
  db: Prisma.TransactionClient = prisma,
  school?: string,
): Promise<string | null> {
  const found = await db.school.findUnique({ where: { id: schoolId }, select: { status: true, name: true } });
  return found ? schoolActivityRefusal(found.status, activity, school ?? found.name) : null;
}

/**
 * For a school user's own pages: why their school may not start `activity`, or null. Throws a 403
 * response for someone with no school who may not do `permission` for one.
 */
export async function ownSchoolRefusal(actor: Actor, permission: Parameters<typeof ownSchoolId>[1], activity: SchoolActivity): Promise<string | null> {
  return schoolRefusal(ownSchoolId(actor, permission), activity, prisma, "Your school");
}

/**
 * A school's lifecycle status decides what it may start (the rule is `schoolActivityRefusal` in
 * app/lib/statuses.ts), and its opening day which sessions it may take part in (`sessionRefusal`). These
 * read both for the models that create bookings, waiting-list places, survey runs and invitations, and for
 * the pages that explain why an action is not offered.
 */
import { ownSchoolId, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { formatDate } from "~/lib/dates";
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
 * response for someone with no school who may not do `permission` for one. A signed-in person's school
 * status read with their session as the request began (`schoolStatus`) is used as it is, sparing a
 * query; the models that then save re-read it in their own transaction.
 */
export async function ownSchoolRefusal(actor: Actor, permission: Parameters<typeof ownSchoolId>[1], activity: SchoolActivity): Promise<string | null> {
  const schoolId = ownSchoolId(actor, permission);
  if (actor.schoolStatus) return schoolActivityRefusal(actor.schoolStatus, activity, "Your school");
  return schoolRefusal(schoolId, activity, prisma, "Your school");
}

/** Why no pupil survey is opened on a day outside the school's days, after "so ": shared by the page and openRun. */
export const noSurveyOpened = (side: "before" | "after") => `it cannot open a pupil survey ${side} then.`;

/** The ways a school takes part in a session, each of which its status and its opening day may rule out. */
export type SessionPart = "book" | "confirm" | "wait" | "move" | "survey";

const BEFORE_OPENING_WORDS: Record<SessionPart, string> = {
  book: "book a session before then",
  confirm: "have a booking confirmed for a session before then",
  wait: "join the waiting list for a session before then",
  move: "have a booking moved to a session before then",
  survey: "open a pupil survey for a session before then",
};

/**
 * Why a school may not take part (`part`) in the session starting at `startsAt`, in words for the page
 * and the form, or null when it may: a closed school starts nothing (schoolActivityRefusal), and a school
 * takes part in no session that starts before the day it opens ("Your school opens on 1 September 2031,
 * so it cannot book a session before then."): it has no pupils yet (decision 0158). Nor does it open a
 * survey, for any session, before that day (at `now`): a survey counts as the school at work on the day it
 * is opened (openRun checks it again, with the closing day, in its transaction). An opening day not known
 * never refuses. `called` is the school's name, or "Your school" for its own staff.
 */
export function sessionRefusal(
  school: { status: string; openedOn: Date | null },
  part: SessionPart,
  startsAt: Date,
  called = "This school",
  now = new Date(),
): string | null {
  const status = schoolActivityRefusal(school.status, part === "survey" ? "survey" : "booking", called);
  if (status) return status;
  if (!school.openedOn) return null;
  const opens = formatDate(school.openedOn);
  if (startsAt < school.openedOn) return `${called} opens on ${opens}, so it cannot ${BEFORE_OPENING_WORDS[part]}.`;
  if (part === "survey" && now < school.openedOn) return `${called} opens on ${opens}, so ${noSurveyOpened("before")}`;
  return null;
}

/**
 * sessionRefusal for the school `schoolId` at `now`, read inside the caller's transaction when it passes
 * `db`; null when there is no such school (the caller reports that in its own words). `called` defaults to
 * the school's name.
 */
export async function schoolSessionRefusal(
  schoolId: string,
  part: SessionPart,
  startsAt: Date,
  db: Prisma.TransactionClient = prisma,
  called?: string,
  now = new Date(),
): Promise<string | null> {
  const found = await db.school.findUnique({ where: { id: schoolId }, select: { status: true, openedOn: true, name: true } });
  return found ? sessionRefusal(found, part, startsAt, called ?? found.name, now) : null;
}

/** Schools open by the session starting at `startsAt` (sessionRefusal's opening day), as a Prisma filter. */
export function openBy(startsAt: Date) {
  return { OR: [{ openedOn: null }, { openedOn: { lte: startsAt } }] };
}

/** "Your school" when `schoolId` is `actor`'s own, else undefined: a refusal then names the school. */
export function yourSchool(actor: Actor, schoolId: string): "Your school" | undefined {
  return actor.schoolId === schoolId ? "Your school" : undefined;
}

/** What `actor` calls `school` in a refusal: "Your school" to its own staff, its name to anyone else (the lead). */
export function schoolCalledBy(actor: Actor, school: { id: string; name: string }): string {
  return yourSchool(actor, school.id) ?? school.name;
}

/**
 * Why `school` (its id, name and status, as read) may not start `activity`, in words for `actor`
 * (schoolCalledBy); or null when it may.
 */
export function schoolRefusalFor(actor: Actor, school: { id: string; name: string; status: string }, activity: SchoolActivity): string | null {
  return schoolActivityRefusal(school.status, activity, schoolCalledBy(actor, school));
}

/**
 * Overdue attendance returns: confirmed bookings whose session ended more than a week ago with no
 * return, for the lead to chase. Each reminder the lead sends is kept as a SentReminder of kind
 * ATTENDANCE_OVERDUE_<n> (the n-th for that booking), only if it went to someone (or to the outbox):
 * the page shows when each school was last reminded, and the unique (booking, kind) key lets only one
 * of two identical submits send.
 */
import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { recordAudit } from "./audit.server";
import { glanceAtBookings, type BookingCondition } from "./booking-glance.server";
import { bookingMailInclude, countSchoolRecipients, sendAttendanceReminder, type SchoolTold } from "./booking-messages.server";
import { isUniqueViolation } from "./db-errors.server";
import { instant } from "./reach-queries.server";
import { counted } from "~/lib/numbers";

const DAY = 24 * 60 * 60 * 1000;
const RETURN_OVERDUE_DAYS = 7;
const KIND_PREFIX = "ATTENDANCE_OVERDUE_";
const LIST_LIMIT = 200;

const overdueSince = (now: Date) => new Date(now.getTime() - RETURN_OVERDUE_DAYS * DAY);

const overdueWhere = (now: Date) => ({
  status: "CONFIRMED" as const,
  delivery: { status: "SCHEDULED" as const, endsAt: { lt: overdueSince(now) } },
});

/** overdueWhere in SQL, on the booking `b` and its session `d`. */
const overdueSql = (now: Date): BookingCondition => ({
  sql: `b."status" = 'CONFIRMED' AND d."status" = 'SCHEDULED' AND d."endsAt" < ?`,
  params: [instant(overdueSince(now))],
});

/**
 * The overdue returns, oldest session first (at most 200), each with `lastRemindedAt` (null: never
 * reminded by the lead) and `peopleToRemind` (0: nobody at the school has an account a reminder goes to).
 */
export async function listOverdueReturns(actor: Actor, now = new Date()) {
  assertCan(actor, "deliveries:manage");
  const bookings = await prisma.booking.findMany({
    where: overdueWhere(now),
    include: {
      school: { select: { name: true } },
      delivery: { include: { topic: { select: { title: true } } } },
      reminders: { where: { kind: { startsWith: KIND_PREFIX } }, orderBy: { sentAt: "desc" }, take: 1, select: { sentAt: true } },
    },
    orderBy: [{ delivery: { startsAt: "asc" } }, { id: "asc" }],
    take: LIST_LIMIT,
  });
  return Promise.all(
    bookings.map(async ({ reminders, ...b }) => ({ ...b, lastRemindedAt: reminders[0]?.sentAt ?? null, peopleToRemind: await countSchoolRecipients(b) })),
  );
}

/**
 * The overdue returns as the lead's home page shows them: the `shown` oldest (school name, topic title,
 * session times) and how many there are (counted up to the list's limit of 200, as the list counts them).
 * Leaves out what only the list page shows (reminders, people to remind), which costs a query per booking.
 */
export async function glanceAtOverdueReturns(actor: Actor, shown: number, now = new Date()) {
  return glanceAtBookings(actor, overdueSql(now), shown, LIST_LIMIT);
}

/**
 * Claims the next overdue-return reminder for a booking: the claimed row's id, or null when one was sent
 * at or after `since` (the page the lead pressed was older than it: a second submit), or when a
 * simultaneous request claimed the same number first.
 */
async function claimReminder(bookingId: string, since: Date, now: Date): Promise<string | null> {
  const earlier = await prisma.sentReminder.findMany({ where: { bookingId, kind: { startsWith: KIND_PREFIX } }, select: { sentAt: true } });
  if (earlier.some((r) => r.sentAt >= since)) return null;
  try {
    const claimed = await prisma.sentReminder.create({ data: { bookingId, kind: `${KIND_PREFIX}${earlier.length + 1}`, sentAt: now }, select: { id: true } });
    return claimed.id;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/**
 * What reminding did: per school, what the mailer did (summed over its bookings); schools skipped as
 * reminded already; and how many of the bookings named were not overdue (recorded meanwhile, or never on
 * the list), so that the page does not say "no returns are overdue" of a list that still has some.
 */
export type RemindersResult = { told: SchoolTold[]; remindedAlready: string[]; notOverdue: number };

/**
 * Emails each school with an overdue return a reminder to record attendance: the bookings named in
 * `bookingIds`, or every overdue one when it is "all". `since` is when the lead's page was drawn: a
 * booking reminded since then is skipped, so submitting the same page twice emails nobody twice. A booking
 * that is no longer overdue (recorded meanwhile) is skipped and counted in `notOverdue`. One audit entry for the lot.
 */
export async function remindOverdueSchools(actor: Actor, bookingIds: string[] | "all", since: Date, now = new Date()): Promise<RemindersResult> {
  assertCan(actor, "deliveries:manage");
  const bookings = await prisma.booking.findMany({
    where: { ...overdueWhere(now), ...(bookingIds === "all" ? {} : { id: { in: bookingIds } }) },
    include: bookingMailInclude,
    orderBy: [{ delivery: { startsAt: "asc" } }, { id: "asc" }],
    take: LIST_LIMIT,
  });
  const told = new Map<string, SchoolTold>();
  const remindedAlready = new Set<string>();
  for (const booking of bookings) {
    const claimed = await claimReminder(booking.id, since, now);
    if (!claimed) {
      remindedAlready.add(booking.school.name);
      continue;
    }
    const result = await sendAttendanceReminder(booking);
    // A reminder that went to nobody (no one with an account, or every send refused) is not kept: the
    // page's "Last reminded" would say the school was reminded, and the next press could not try again.
    if (result.sent === 0) await prisma.sentReminder.delete({ where: { id: claimed } });
    const sum = told.get(booking.schoolId) ?? { ...result, sent: 0, failed: 0 };
    told.set(booking.schoolId, { ...sum, sent: sum.sent + result.sent, failed: sum.failed + result.failed });
  }
  const schools = [...told.values()];
  for (const school of schools) remindedAlready.delete(school.schoolName);
  if (schools.length > 0) {
    // A school emailed whose reminder was refused for some of its people says how many, as the page does.
    const emailed = schools
      .filter((s) => s.sent > 0 && !s.inOutbox)
      .map((s) => (s.failed > 0 ? `${s.schoolName} (${counted(s.failed, "reminder")} refused)` : s.schoolName));
    const inOutbox = schools.filter((s) => s.sent > 0 && s.inOutbox).map((s) => s.schoolName);
    const nobody = schools.filter((s) => s.sent === 0).map((s) => s.schoolName);
    await recordAudit({
      actor,
      action: "remind",
      entityType: "Booking",
      entityId: bookings.length === 1 ? bookings[0]!.id : null,
      summary:
        `Reminders to record attendance. Emailed: ${emailed.join(", ") || "none"}. ` +
        (inOutbox.length > 0 ? `In the outbox, as no mail server is set up: ${inOutbox.join(", ")}. ` : "") +
        `Not emailed: ${nobody.join(", ") || "none"}`,
    });
  }
  const notOverdue = bookingIds === "all" ? 0 : new Set(bookingIds).size - bookings.length;
  return { told: schools, remindedAlready: [...remindedAlready], notOverdue };
}

/**
 * Reminders 7 days and 1 day before a confirmed session. Each (booking, kind) is claimed by inserting a
 * SentReminder row first: its unique index means a reminder goes at most once, however often or late
 * the jobs run, and even if two runs overlap.
 */
import { prisma } from "~/db.server";
import { bookingMailInclude, sendReminderMessage } from "./booking-messages.server";
import { isUniqueViolation } from "./db-errors.server";
import { whenInLondonDays } from "~/lib/london-time";

const DAY = 24 * 60 * 60 * 1000;
const REMINDERS = [
  { kind: "DAYS_7", days: 7 },
  { kind: "DAYS_1", days: 1 },
] as const;

/**
 * Sends the reminders now due. Returns how many went to someone (`sent`), and how many the mail server
 * refused for everyone they were for (`refused`): those are not kept as sent, so the next run tries
 * them again, rather than the week's reminder being lost with a run recorded as done.
 */
export async function sendDueReminders(now = new Date()): Promise<{ sent: number; refused: number }> {
  let sent = 0;
  let refused = 0;
  for (const { kind, days } of REMINDERS) {
    // The week's reminder is due from 7 days to 1 day before; inside the last day only the 1-day one goes.
    const lowerDays = kind === "DAYS_7" ? 1 : 0;
    const due = await prisma.booking.findMany({
      where: {
        status: "CONFIRMED",
        reminders: { none: { kind } },
        delivery: { status: "SCHEDULED", startsAt: { gt: new Date(now.getTime() + lowerDays * DAY), lte: new Date(now.getTime() + days * DAY) } },
      },
      include: bookingMailInclude,
    });
    for (const booking of due) {
      let claim: { id: string };
      try {
        claim = await prisma.sentReminder.create({ data: { bookingId: booking.id, kind, sentAt: now }, select: { id: true } });
      } catch (error) {
        if (isUniqueViolation(error)) continue; // another run claimed it
        throw error;
      }
      // In London calendar days: a session at 14:00 reminded at 09:05 the same day is "today", not "tomorrow".
      const when = whenInLondonDays(now, booking.delivery.startsAt);
      // Counted only when the mailer sent or queued it for someone: a school with no accounts hears nothing.
      const told = await sendReminderMessage(booking, when);
      if (told.sent > 0) sent += 1;
      else if (told.failed > 0) {
        await prisma.sentReminder.delete({ where: { id: claim.id } });
        refused += 1;
      }
    }
  }
  return { sent, refused };
}

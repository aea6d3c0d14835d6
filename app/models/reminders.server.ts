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
 * What a run of the reminders did: how many reminders went to someone (`sent`); how many the mail server
 * refused for everyone they were for (`refused`), which the next run tries again; of those sent, the ones
 * it refused for some of the people they were for (`partlyRefused`: how many reminders, people and
 * schools), which are kept as sent, so those people are not tried again and the others not sent it twice;
 * and `unreached`, those due to a school where nobody has an active account, which went to no one and are
 * not tried again.
 */
export type RemindersRun = { sent: number; refused: number; partlyRefused: { reminders: number; people: number; schools: number }; unreached: number };

/**
 * Sends the reminders now due. A reminder that went to nobody because the mail server refused it for
 * everyone is not kept as sent, so the next run tries it again, rather than the week's reminder being lost
 * with a run recorded as done; one it refused for only some is kept, and counted in `partlyRefused`.
 */
export async function sendDueReminders(now = new Date()): Promise<RemindersRun> {
  let sent = 0;
  let refused = 0;
  let unreached = 0;
  const partly = { reminders: 0, people: 0, schools: new Set<string>() };
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
      if (told.sent > 0) {
        sent += 1;
        if (told.failed > 0) {
          partly.reminders += 1;
          partly.people += told.failed;
          partly.schools.add(booking.schoolId);
        }
      } else if (told.failed > 0) {
        await prisma.sentReminder.delete({ where: { id: claim.id } });
        refused += 1;
      } else {
        unreached += 1;
      }
    }
  }
  return { sent, refused, partlyRefused: { reminders: partly.reminders, people: partly.people, schools: partly.schools.size }, unreached };
}

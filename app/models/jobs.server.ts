/**
 * Work that runs on a timetable rather than on a request: `npm run jobs` (scripts/run-jobs.ts), run
 * hourly from cron. Each job finds what is due at `now` and does it, so running late or twice is safe.
 */
import { removeDueNames, type RemovedNames } from "./mvp-retention.server";
import { sendDueReminders } from "./reminders.server";
import { expireWaitlistOffers } from "./waitlist.server";

export type JobsReport = { ranAt: Date; mvpNamesRemoved: RemovedNames[]; remindersSent: number; waitlistOffersExpired: number };

export async function runScheduledJobs(now = new Date()): Promise<JobsReport> {
  const mvpNamesRemoved = await removeDueNames(null, now);
  const waitlistOffersExpired = await expireWaitlistOffers(now);
  const remindersSent = await sendDueReminders(now);
  return { ranAt: now, mvpNamesRemoved, remindersSent, waitlistOffersExpired };
}

/** Plain lines for the job's log. */
export function describeJobsReport(report: JobsReport): string[] {
  const lines = [`Scheduled jobs ran at ${report.ranAt.toISOString()}.`];
  if (report.mvpNamesRemoved.length === 0) lines.push("MVP data retention: no mentors' names were due for removal.");
  for (const cohort of report.mvpNamesRemoved) {
    lines.push(`MVP data retention: removed ${cohort.mentors} mentors' names in ${cohort.label} at ${cohort.schoolName}.`);
  }
  lines.push(`Sessions: ${report.remindersSent} reminders sent, ${report.waitlistOffersExpired} waiting-list offers expired and passed on.`);
  return lines;
}

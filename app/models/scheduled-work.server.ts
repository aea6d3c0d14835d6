/**
 * The timetable of scheduled work and how one pass runs it. Each job runs for the latest slot of its
 * timetable (Europe/London) that has not run yet: a server that was down catches up once, not once per
 * missed slot. A slot runs once across every process sharing the database (leases in job-runs.server.ts),
 * and each run is recorded. The jobs find what is due at `now` themselves, so a late run is safe.
 * The in-process timer is app/scheduled-work.server.ts; `npm run jobs` calls runDueWork from a shell.
 */
import path from "node:path";
import { Cron } from "croner";
import { env } from "~/env.server";
import { backupInOwnThread } from "~/lib/backup-thread.server";
import { describeRemoved, removeLapsedRecords } from "./housekeeping.server";
import { finishJobRun, finishLease, LEASE_RENEW_MS, renewLease, startJobRun, takeLease } from "./job-runs.server";
import { mailer, type Mailer } from "./mailer.server";
import { removeDueNames } from "./mvp-retention.server";
import { sendDueReminders, type RemindersRun } from "./reminders.server";
import { expireWaitlistOffers } from "./waitlist.server";
import { counted } from "~/lib/numbers";

type JobOutput = { summary: string; counts: Record<string, number> };

type ScheduledJob = {
  name: string;
  label: string;
  /** A cron pattern read in Europe/London. */
  timetable: string;
  /** Whether `npm run jobs` runs it too (the backup has its own command, `npm run backup`). */
  byCommand: boolean;
  run: (now: Date) => Promise<JobOutput>;
};

/**
 * The nightly backup: a checked copy of the database (SQLite file or pg_dump) into BACKUP_DIR, then only
 * the newest BACKUP_KEEP copies are kept (scripts/lib/backup.mjs), all in a thread of its own so the
 * server keeps serving meanwhile. In demo mode nothing is copied: made-up data needs no backup, and its
 * copies would sit among (and, by count, push out) a real installation's.
 */
async function nightlyBackup(now: Date): Promise<JobOutput> {
  if (env.DEMO_MODE) return { summary: "Demonstration data: not backed up.", counts: { backupBytes: 0, backupsRemoved: 0 } };
  const { bytes, removed, unfinished } = await backupInOwnThread({
    url: env.DATABASE_URL,
    directory: path.resolve(env.BACKUP_DIR),
    keep: env.BACKUP_KEEP,
    now,
  });
  const leftovers = unfinished > 0 ? ` Deleted ${counted(unfinished, "unfinished copy", "unfinished copies")} left by a backup that stopped part-way.` : "";
  return {
    summary: `Backed up the database (${(bytes / 1024 / 1024).toFixed(1)} MB); removed ${counted(removed, "older backup")}, keeping at most ${env.BACKUP_KEEP}.${leftovers}`,
    counts: { backupBytes: bytes, backupsRemoved: removed, unfinishedCopiesRemoved: unfinished },
  };
}

export const SCHEDULED_JOBS: ScheduledJob[] = [
  {
    name: "waitlist-offers",
    label: "Waiting-list offers",
    timetable: "*/15 * * * *",
    byCommand: true,
    run: async (now) => {
      const { expired, offered } = await expireWaitlistOffers(now);
      return {
        summary: `${counted(expired, "offer")} expired unused; ${counted(offered, "place")} offered to the next school waiting.`,
        counts: { waitlistOffersExpired: expired, waitlistPlacesOffered: offered },
      };
    },
  },
  {
    name: "reminders",
    label: "Session reminders",
    timetable: "5 * * * *",
    byCommand: true,
    run: async (now) => {
      return remindersOutcome(await sendDueReminders(now), mailer.transport);
    },
  },
  {
    name: "mvp-retention",
    label: "MVP name removal",
    timetable: "10 * * * *",
    byCommand: true,
    run: async (now) => {
      const removed = await removeDueNames(null, now);
      const mentors = removed.reduce((sum, cohort) => sum + cohort.mentors, 0);
      return {
        summary: `${counted(mentors, "mentor's name", "mentors' names")} removed from ${counted(removed.length, "cohort")}.`,
        counts: { mentorNamesRemoved: mentors, cohorts: removed.length },
      };
    },
  },
  {
    name: "housekeeping",
    label: "Removing lapsed records",
    timetable: "20 * * * *",
    byCommand: true,
    run: async (now) => {
      const removed = await removeLapsedRecords(now);
      return { summary: describeRemoved(removed), counts: removed };
    },
  },
  { name: "backup", label: "Nightly backup", timetable: "30 2 * * *", byCommand: false, run: nightlyBackup },
];

/**
 * What the reminders job says it did: reminders that had someone to go to were sent, or, with no mail
 * server set up (`transport` "outbox"), kept in the outbox where nobody at the schools sees them; those
 * of them refused for some of their people, who are not tried again; and those the mail server refused
 * for everyone, which the next run tries again.
 */
export function remindersOutcome(
  { sent, refused, partlyRefused, unreached }: RemindersRun,
  transport: Mailer["transport"],
): { summary: string; counts: Record<string, number> } {
  const nobody =
    unreached > 0
      ? ` ${counted(unreached, sent > 0 ? "more reminder" : "reminder", sent > 0 ? "more reminders" : "reminders")} went to nobody: no one at ${unreached === 1 ? "its school" : "their schools"} has an active account.`
      : "";
  const tryAgain = `${refused > 0 ? ` The mail server refused ${counted(refused, "reminder")}: the next run tries again.` : ""}${nobody}`;
  const unreachedCounts: Record<string, number> = unreached > 0 ? { remindersToNobody: unreached } : {};
  const refusedCounts: Record<string, number> = refused > 0 ? { remindersRefused: refused } : {};
  const partly = partlyRefused.reminders > 0 ? `; ${refusedForSome(sent, partlyRefused, transport)} (not tried again)` : "";
  const partlyCounts: Record<string, number> =
    partlyRefused.reminders > 0 ? { remindersRefusedForSome: partlyRefused.reminders, peopleRefused: partlyRefused.people } : {};
  if (transport === "outbox" && sent > 0) {
    return {
      summary: `${counted(sent, "reminder")} put in the outbox: no mail server is set up, so none was sent${partly}.${tryAgain}`,
      counts: { remindersInOutbox: sent, ...partlyCounts, ...refusedCounts, ...unreachedCounts },
    };
  }
  return {
    summary: `${counted(sent, "reminder")} sent${partly}.${tryAgain}`,
    counts: { remindersSent: sent, ...partlyCounts, ...refusedCounts, ...unreachedCounts },
  };
}

/** "the mail server refused it for 1 person at 1 school": of the `sent` reminders, those refused for some of their people. */
function refusedForSome(sent: number, partly: RemindersRun["partlyRefused"], transport: Mailer["transport"]): string {
  const which = partly.reminders < sent ? `${partly.reminders} of them` : sent === 1 ? "it" : "them";
  const whom = `${counted(partly.people, "person", "people")} at ${counted(partly.schools, "school")}`;
  return transport === "outbox" ? `${which} could not be put in the outbox for ${whom}` : `the mail server refused ${which} for ${whom}`;
}

/** The latest slot of a cron `timetable` (read in Europe/London) at or before `now`. */
export function latestSlot(timetable: string, now: Date): Date | undefined {
  const cron = new Cron(timetable, { paused: true, timezone: "Europe/London" });
  // croner's reference is exclusive to the second, so look from a second on and drop anything later.
  return cron.previousRuns(2, new Date(now.getTime() + 1000)).find((slot) => slot <= now);
}

export type JobPass = { job: string; slot: Date; ran: boolean; outcome?: "SUCCEEDED" | "FAILED"; summary: string };

/**
 * One pass over the timetable at `clock()`: each job whose latest slot has not run, and whose lease this
 * holder takes, runs and is recorded (started, finished, outcome, summary, error). While a job runs, its
 * lease is renewed every `renewEveryMs` (real time; 5 minutes unless a test says otherwise). A failing
 * job is recorded as failed and the others still run. Returns what happened to each job, in order.
 */
export async function runDueWork({
  clock,
  holder,
  trigger,
  jobs = SCHEDULED_JOBS,
  renewEveryMs = LEASE_RENEW_MS,
}: {
  clock: () => Date;
  holder: string;
  trigger: "schedule" | "command";
  jobs?: ScheduledJob[];
  renewEveryMs?: number;
}): Promise<JobPass[]> {
  const passes: JobPass[] = [];
  for (const job of jobs) {
    const now = clock();
    const slot = latestSlot(job.timetable, now);
    if (!slot) continue;
    if (!(await takeLease(job.name, slot, holder, now))) {
      passes.push({ job: job.name, slot, ran: false, summary: "Already run (or running) for this slot." });
      continue;
    }
    const run = await startJobRun(job.name, slot, trigger, now);
    // A renewal that fails (the database briefly out of reach) is tried again at the next one.
    const renewing = setInterval(() => void renewLease(job.name, slot, holder, clock()).catch(() => undefined), renewEveryMs);
    try {
      const output = await job.run(now);
      await finishJobRun(run.id, { outcome: "SUCCEEDED", finishedAt: clock(), ...output });
      passes.push({ job: job.name, slot, ran: true, outcome: "SUCCEEDED", summary: output.summary });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await finishJobRun(run.id, { outcome: "FAILED", finishedAt: clock(), summary: "Failed.", error: message });
      passes.push({ job: job.name, slot, ran: true, outcome: "FAILED", summary: `Failed: ${message}` });
    } finally {
      clearInterval(renewing);
      await finishLease(job.name, slot, holder);
    }
  }
  return passes;
}

/** One log line per job of a pass, saying what really happened. */
export function describeJobPass(pass: JobPass): string {
  const label = SCHEDULED_JOBS.find((job) => job.name === pass.job)?.label ?? pass.job;
  return `${label} (slot ${pass.slot.toISOString()}): ${pass.summary}`;
}

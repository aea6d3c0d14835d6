/**
 * Scheduled work's records. A lease per (job, slot) makes servers that share one database run each job
 * once per slot of its timetable; a JobRun per run says when it ran and what it did, for the lead's home
 * page and GET /healthz. Counts and plain words only: never a person's name or email.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import type { JobOutcome } from "~/generated/prisma/enums";
import { isUniqueViolation } from "./db-errors.server";
import { selectRows } from "./raw-sql.server";
import { cutToCharacters } from "~/lib/characters";

/** How long a lease holds a slot: a holder that died mid-run frees it after this. */
const LEASE_MS = 30 * 60 * 1000;

/**
 * How often a holder renews its lease while its job runs (`renewLease`): well inside LEASE_MS, so a job
 * that runs longer (a backup of a large database) keeps its slot, while one whose holder died loses it.
 */
export const LEASE_RENEW_MS = 5 * 60 * 1000;

/** The lead is warned when no job has started for longer than this. */
const STALE_AFTER_MS = 2 * 60 * 60 * 1000;
/** How long the in-process scheduler may take to make its first run: its timer wakes once a minute. */
const FIRST_RUN_WITHIN_MS = 2 * 60 * 1000;

/** When this process began running scheduled work itself (app/scheduler.server.ts), or null if it does not. */
let schedulerStartedAt: Date | null = null;

/** Records that this process runs scheduled work from `at` (null: it no longer does). Called by startScheduler. */
export function noteSchedulerStarted(at: Date | null) {
  schedulerStartedAt = at;
}

/** A name for this process as a lease holder: host, process id and a random part. */
export function leaseHolderName(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

/**
 * Takes the lease on `job`'s `slot` for `holder` until `now` + 30 minutes. True when this holder got it.
 * Atomic in SQLite whoever else tries at the same moment: either the first insert of the (job, slot)
 * row, or one conditional update of a lease that expired unfinished. A finished slot is never taken.
 */
export async function takeLease(job: string, slot: Date, holder: string, now: Date): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + LEASE_MS);
  try {
    await prisma.jobLease.create({ data: { job, slot, holder, expiresAt } });
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const taken = await prisma.jobLease.updateMany({ where: { job, slot, finished: false, expiresAt: { lte: now } }, data: { holder, expiresAt } });
  return taken.count === 1;
}

/**
 * Holds `job`'s `slot` for `holder` until `now` + 30 minutes, while its run goes on. False when the lease
 * is no longer this holder's (it expired and another took it) or is finished.
 */
export async function renewLease(job: string, slot: Date, holder: string, now: Date): Promise<boolean> {
  const renewed = await prisma.jobLease.updateMany({
    where: { job, slot, holder, finished: false },
    data: { expiresAt: new Date(now.getTime() + LEASE_MS) },
  });
  return renewed.count === 1;
}

/** Marks `job`'s `slot` done, so no process runs it again (whatever the run's outcome). */
export async function finishLease(job: string, slot: Date, holder: string): Promise<void> {
  await prisma.jobLease.updateMany({ where: { job, slot, holder }, data: { finished: true } });
}

/** Records that a run has started; `trigger` is "schedule" (inside the server) or "command" (npm run jobs). */
export async function startJobRun(job: string, slot: Date, trigger: "schedule" | "command", startedAt: Date) {
  return prisma.jobRun.create({ data: { job, slot, trigger, startedAt }, select: { id: true } });
}

/**
 * Records how a run ended. `summary` is plain words with counts; `counts` the same numbers by name;
 * `error` the failure's message (cut to 500 characters).
 */
export async function finishJobRun(
  id: string,
  result: { outcome: Exclude<JobOutcome, "RUNNING">; finishedAt: Date; summary: string; counts?: Record<string, number>; error?: string },
) {
  await prisma.jobRun.update({
    where: { id },
    data: {
      outcome: result.outcome,
      finishedAt: result.finishedAt,
      summary: result.summary,
      counts: JSON.stringify(result.counts ?? {}),
      error: cutToCharacters(result.error ?? "", 500),
    },
  });
}

/** Whole seconds since any scheduled job last started, or null when none ever has. For GET /healthz. */
export async function secondsSinceScheduledWork(now = new Date(), db: Pick<typeof prisma, "jobRun"> = prisma): Promise<number | null> {
  const last = await db.jobRun.findFirst({ orderBy: { startedAt: "desc" }, select: { startedAt: true } });
  return last ? Math.max(0, Math.floor((now.getTime() - last.startedAt.getTime()) / 1000)) : null;
}

/**
 * A JobRun as raw SQL reads it, with its slot's lease: times as stored text on SQLite, as Dates on
 * PostgreSQL; `leaseFinished` 0/1 on SQLite, a boolean on PostgreSQL; the lease's columns null if none is found.
 */
type StoredRun = {
  id: string;
  job: string;
  startedAt: string | Date;
  finishedAt: string | Date | null;
  outcome: JobOutcome;
  summary: string;
  error: string;
  leaseExpiresAt: string | Date | null;
  leaseFinished: number | boolean | null;
};

/**
 * What is known of a run still recorded as RUNNING at `now`, from its slot's lease:
 * - "stopped": the lease expired unrenewed (a live holder renews it every LEASE_RENEW_MS), so the process
 *   running it has most likely stopped (killed, or its machine went down) and will not record an outcome;
 * - "unrecorded": the lease was marked finished, which its holder does once the run is over, so the run
 *   ended but its outcome could not be saved;
 * - null: the run may still be going (its lease holds, or no lease was found), or it has an outcome.
 */
function unfinishedState(run: StoredRun, now: Date): "stopped" | "unrecorded" | null {
  if (run.outcome !== "RUNNING" || run.leaseExpiresAt === null) return null;
  if (Number(run.leaseFinished)) return "unrecorded";
  return new Date(run.leaseExpiresAt).getTime() <= now.getTime() ? "stopped" : null;
}

type JobRunSummary = {
  job: string;
  label: string;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: JobOutcome;
  /** For a run recorded as RUNNING: whether its process most likely stopped, or it ended unrecorded (unfinishedState). */
  unfinished: "stopped" | "unrecorded" | null;
  summary: string;
  error: string;
};

/**
 * What the lead's home page says about scheduled work at `now`: the latest run of each job in `jobs`
 * (name to label, in that order), when any job last started, whether that was over two hours ago (or
 * never, unless this process started running scheduled work under two minutes ago: then `startedAt` says
 * when, and its first run is still to come), which jobs failed on their latest run, and which latest runs will never record an outcome
 * (recorded as running, but their lease ran out unrenewed or was marked finished: unfinishedState). Throws a 403 response unless the actor is the lead.
 */
export async function getScheduledWorkStatus(actor: Actor, jobs: { name: string; label: string }[], now = new Date()) {
  assertCan(actor, "outbox:read");
  // Each job's latest run in one statement however many jobs there are. The newest start is compared with
  // the stored value itself, never a value read back and bound again (a time can be stored in more than one form).
  const names = jobs.map((job) => job.name);
  const found = names.length
    ? await selectRows<StoredRun>(
        `SELECT r."id", r."job", r."startedAt", r."finishedAt", r."outcome", r."summary", r."error",
                l."expiresAt" AS "leaseExpiresAt", l."finished" AS "leaseFinished"
         FROM "JobRun" r LEFT JOIN "JobLease" l ON l."job" = r."job" AND l."slot" = r."slot"
         WHERE r."job" IN (${names.map(() => "?").join(", ")})
           AND r."startedAt" = (SELECT MAX(latest."startedAt") FROM "JobRun" latest WHERE latest."job" = r."job")
         ORDER BY r."id"`,
        ...names,
      )
    : [];
  const latest = jobs.map((job) => {
    const run = found.find((r) => r.job === job.name);
    return run ? { ...run, startedAt: new Date(run.startedAt), finishedAt: run.finishedAt === null ? null : new Date(run.finishedAt) } : null;
  });
  const runs: JobRunSummary[] = latest.flatMap((run, i) =>
    run
      ? [
          {
            job: run.job,
            label: jobs[i]!.label,
            startedAt: run.startedAt,
            finishedAt: run.finishedAt,
            outcome: run.outcome,
            unfinished: unfinishedState(run, now),
            summary: run.summary,
            error: run.error,
          },
        ]
      : [],
  );
  const lastRanAt = runs.reduce<Date | null>((newest, run) => (!newest || run.startedAt > newest ? run.startedAt : newest), null);
  // Nothing has run yet because this server started scheduled work moments ago: not a fault to warn of.
  const sinceStart = schedulerStartedAt ? now.getTime() - schedulerStartedAt.getTime() : null;
  const firstRunDue = !lastRanAt && sinceStart !== null && sinceStart >= 0 && sinceStart < FIRST_RUN_WITHIN_MS;
  return {
    lastRanAt,
    startedAt: firstRunDue ? schedulerStartedAt : null,
    overdue: !firstRunDue && (!lastRanAt || now.getTime() - lastRanAt.getTime() > STALE_AFTER_MS),
    failed: runs.filter((run) => run.outcome === "FAILED").map((run) => run.label),
    noOutcome: runs.filter((run) => run.unfinished !== null).map((run) => run.label),
    runs,
  };
}

/**
 * Removing records that have served their purpose, so the database keeps nothing longer than its use:
 * ended sign-in sessions, lapsed sign-in and code throttles, old password reset links, sent forms' tokens
 * and the scheduled work's own old runs. Run hourly by scheduled work (`housekeeping`); each kind is
 * also tidied on its own path where it is written, so this catches what nobody returned to.
 */
import { DAY_MS, KNOWN_BROWSER_DAYS, WINDOW_MS as SIGN_IN_WINDOW_MS } from "~/auth/throttle.server";
import { CODE_WINDOW_MS } from "~/auth/two-step-throttle.server";
import { prisma } from "~/db.server";
import { executeStatement } from "./raw-sql.server";
import { instant } from "./reach-queries.server";
import { counted, listInWords } from "~/lib/numbers";
import { JOB_RUNS_KEPT_DAYS, RESET_LINKS_KEPT_DAYS } from "~/lib/records-kept";
import { KEPT_MS as SENT_FORM_KEPT_MS } from "./sent-forms.server";

/** What one pass removed, by kind: each a count of rows. */
export type Removed = {
  sessions: number;
  pendingSignIns: number;
  signInThrottles: number;
  codeAttempts: number;
  rateLimits: number;
  resetLinks: number;
  formTokens: number;
  jobRuns: number;
};

/**
 * Deletes, as at `now`, every record whose use has passed:
 * - sign-in sessions past their end, and half-finished sign-ins (password given, second step not) past theirs;
 * - failed sign-in attempts older than the throttle's window, and known browsers unseen for KNOWN_BROWSER_DAYS;
 * - two-step code attempts older than their window, and rate-limit counts whose window has ended;
 * - password reset links that stopped working RESET_LINKS_KEPT_DAYS ago or more (used or not);
 * - sent forms' tokens older than a day (decision 0147), and public answers' once their day is over (0179);
 * - runs of scheduled work from JOB_RUNS_KEPT_DAYS ago or more, but for each job's latest run, which the
 *   lead's home page shows, and the leases of those slots that no longer have a run.
 * Nothing a person or a figure relies on is touched: audit events, invitations, the outbox and every
 * school's records stay. Returns the rows removed, by kind. Scheduled work, so no actor.
 */
export async function removeLapsedRecords(now: Date): Promise<Removed> {
  const ago = (ms: number) => new Date(now.getTime() - ms);
  // As stored: ISO text on SQLite, a timestamp on PostgreSQL.
  const runsBefore = instant(ago(JOB_RUNS_KEPT_DAYS * DAY_MS));
  return prisma.$transaction(async (tx) => {
    const rows = async (deleting: Promise<{ count: number }>) => (await deleting).count;
    const sessions = await rows(tx.session.deleteMany({ where: { expiresAt: { lte: now } } }));
    const pendingSignIns = await rows(tx.pendingSignIn.deleteMany({ where: { expiresAt: { lte: now } } }));
    const failures = await rows(tx.signInFailure.deleteMany({ where: { at: { lte: ago(SIGN_IN_WINDOW_MS) } } }));
    const browsers = await rows(tx.signInKnownBrowser.deleteMany({ where: { lastAt: { lt: ago(KNOWN_BROWSER_DAYS * DAY_MS) } } }));
    const codeAttempts = await rows(tx.twoStepAttempt.deleteMany({ where: { at: { lt: ago(CODE_WINDOW_MS) } } }));
    const rateLimits = await rows(tx.rateLimitCounter.deleteMany({ where: { windowEndsAt: { lte: BigInt(now.getTime()) } } }));
    const resetLinks = await rows(tx.passwordReset.deleteMany({ where: { expiresAt: { lt: ago(RESET_LINKS_KEPT_DAYS * DAY_MS) } } }));
    const formTokens =
      (await rows(tx.sentForm.deleteMany({ where: { savedAt: { lt: ago(SENT_FORM_KEPT_MS) } } }))) +
      (await rows(tx.publicSentForm.deleteMany({ where: { day: { lt: ago(SENT_FORM_KEPT_MS) } } })));
    // A run is kept while it is its job's latest: compared with the other runs' stored starts, never with a
    // start read back and bound again (a time can be stored as text in more than one form).
    const jobRuns = await executeStatement(
      tx,
      `DELETE FROM "JobRun" WHERE "startedAt" < ?
         AND EXISTS (SELECT 1 FROM "JobRun" newer WHERE newer."job" = "JobRun"."job" AND newer."startedAt" > "JobRun"."startedAt")`,
      runsBefore,
    );
    // A slot's lease goes with its run: a kept run's lease says whether it is still running or stopped.
    await executeStatement(
      tx,
      `DELETE FROM "JobLease" WHERE "slot" < ?
         AND NOT EXISTS (SELECT 1 FROM "JobRun" r WHERE r."job" = "JobLease"."job" AND r."slot" = "JobLease"."slot")`,
      runsBefore,
    );
    return { sessions, pendingSignIns, signInThrottles: failures + browsers, codeAttempts, rateLimits, resetLinks, formTokens, jobRuns };
  });
}

/** `removed` in a sentence for the record of runs: the kinds with any rows removed, each counted, or that nothing had lapsed. */
export function describeRemoved(removed: Removed): string {
  const kinds: [number, string, string?][] = [
    [removed.sessions, "ended sign-in session"],
    [removed.pendingSignIns, "unfinished sign-in"],
    [removed.signInThrottles, "lapsed sign-in record"],
    [removed.codeAttempts, "lapsed two-step code attempt"],
    [removed.rateLimits, "ended rate-limit count"],
    [removed.resetLinks, "old password reset link"],
    [removed.formTokens, "sent form's token", "sent forms' tokens"],
    [removed.jobRuns, "old run of scheduled work", "old runs of scheduled work"],
  ];
  const parts = kinds.filter(([count]) => count > 0).map(([count, one, many]) => counted(count, one, many));
  return parts.length === 0 ? "Nothing had lapsed." : `Removed ${listInWords(parts)}.`;
}

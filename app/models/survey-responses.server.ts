/**
 * Pupils' answers. Nothing that identifies a pupil is kept: no address, user agent or time of day, only
 * the London date and SHA-256(run id + ":" + browser token). The token lives in the answering browser's
 * cookie; mixing in the run id means answers to different surveys from one browser cannot be linked.
 * The unique (run, token hash) index refuses a second answer from one browser, even at the same instant.
 * Ids are random UUIDs (decision 0046), so they hold neither the time nor the order of an answer.
 */
import { createHash, randomBytes } from "node:crypto";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import type { StoredAnswer } from "~/lib/survey-answers";
import { isUniqueViolation } from "./db-errors.server";
import { stepComplete } from "./disclosure";
import { type RunState } from "~/models/survey-run-state";
import { londonDay, runState } from "./survey-runs.server";
import { recountSurveyRunTally } from "./tallies.server";

export function newBrowserToken(): string {
  return randomBytes(32).toString("base64url");
}

export function browserTokenHash(runId: string, token: string): string {
  return createHash("sha256").update(`${runId}:${token}`).digest("hex");
}

export async function hasAnswered(runId: string, token: string | null): Promise<boolean> {
  if (!token) return false;
  const found = await prisma.surveyResponse.findUnique({
    where: { runId_browserTokenHash: { runId, browserTokenHash: browserTokenHash(runId, token) } },
    select: { id: true },
  });
  return found !== null;
}

export type SubmitResult = { ok: true } | { ok: false; reason: "already-answered" } | { ok: false; reason: "closed"; state: Exclude<RunState, { open: true }> };

/** Thrown inside the transaction when the run turned out closed, so the count it had just added is undone. */
class RunClosed extends Error {
  constructor(readonly state: Exclude<RunState, { open: true }>) {
    super("The survey run is closed");
  }
}

/**
 * Records one response, its answers and the run's count in one transaction, checking inside it that the
 * run is still open, so a limit of 30 responses means 30 even when a class presses "Send" together.
 * `countAccepted`, when given, runs in the same transaction once the response is saved (the survey code's
 * rate limit), so an accepted answer costs the database one transaction, not two.
 *
 * The transaction holds SQLite's write lock from its start, and every statement in it keeps every other
 * answer waiting (docs/performance.md), so it sends as few as it can: the run is counted first, and that
 * same statement returns what says whether the run was open; if it was not, the count is undone.
 */
export async function submitResponse(
  runId: string,
  token: string,
  answers: StoredAnswer[],
  now = new Date(),
  countAccepted?: (tx: Prisma.TransactionClient) => Promise<unknown>,
): Promise<SubmitResult> {
  const tokenHash = browserTokenHash(runId, token);
  try {
    return await prisma.$transaction(async (tx): Promise<SubmitResult> => {
      const counted = await tx.surveyRun.update({
        where: { id: runId },
        data: { responseCount: { increment: 1 } },
        select: { closedAt: true, closesOn: true, maxResponses: true, responseCount: true },
      });
      // Whether the run was open before this response was counted.
      const state = runState({ ...counted, responseCount: counted.responseCount - 1 }, now);
      if (!state.open) throw new RunClosed(state);
      // A second answer from this browser is refused by the unique (run, token hash) index (caught below).
      // One insert for all the answers (a nested create would send one per answer).
      const response = await tx.surveyResponse.create({ data: { runId, submittedOn: londonDay(now), browserTokenHash: tokenHash }, select: { id: true } });
      await tx.surveyAnswer.createMany({
        data: answers.map((a) => ({ responseId: response.id, runId, questionId: a.questionId, value: a.value, text: a.text })),
      });
      // Results count whole steps of five responses, never one more (app/models/disclosure.ts).
      const waiting = await tx.surveyResponse.count({ where: { runId, inResults: false } });
      if (stepComplete(waiting)) {
        await tx.surveyResponse.updateMany({ where: { runId, inResults: false }, data: { inResults: true } });
        // Answers count in the tallies only once their response is counted, so the tallies change only here.
        await recountSurveyRunTally(tx, runId);
      }
      await countAccepted?.(tx);
      return { ok: true };
    });
  } catch (error) {
    if (error instanceof RunClosed) return { ok: false, reason: "closed", state: error.state };
    if (isUniqueViolation(error)) return { ok: false, reason: "already-answered" };
    throw error;
  }
}

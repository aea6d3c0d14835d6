/**
 * Pupils' answers. Nothing that identifies a pupil is kept: no address, user agent or time of day, only
 * the London date and SHA-256(run id + ":" + browser token). The token lives in the answering browser's
 * cookie; mixing in the run id means answers to different surveys from one browser cannot be linked.
 * The unique (run, token hash) index refuses a second answer from one browser, even at the same instant.
 * Ids are random UUIDs (decision 0046), so they hold neither the time nor the order of an answer.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { prisma, writeInOneGo } from "~/db.server";
import { dateFromRow, numberFromRow, statement, type StatementSteps } from "~/lib/sql-steps";
import { londonDay } from "~/lib/london-time";
import type { StoredAnswer } from "~/lib/survey-answers";
import { COUNT_ANSWERERS_IN_STEPS_SQL, stepComplete } from "./disclosure";
import { keyedHash, type RateLimiter } from "./rate-limits.server";
import { type RunState } from "~/models/survey-run-state";
import { runState, sessionStartOf } from "./survey-runs.server";
import { executeStatement } from "./raw-sql.server";
import { surveyRunTallyStatements } from "./tallies.server";

/** Characters of a browser token's random part (24 bytes) and of its check (from a keyed hash): 43 in all. */
const TOKEN_BODY = 32;
const TOKEN_CHECK = 11;

/**
 * A new browser token: 24 random bytes and a check only this service can make (keyedHash), 43 base64url
 * characters in all, so a token the service issued can be told from one made up by a client, without any
 * token being stored (decision 0111).
 */
export function newBrowserToken(): string {
  const body = randomBytes(24).toString("base64url");
  return `${body}${keyedHash("survey-browser-token", body).slice(0, TOKEN_CHECK)}`;
}

/** Whether this service issued `token` (under the current key: one from before a restart with a new key is not recognised). */
export function isIssuedBrowserToken(token: string): boolean {
  if (token.length !== TOKEN_BODY + TOKEN_CHECK) return false;
  const body = token.slice(0, TOKEN_BODY);
  return keyedHash("survey-browser-token", body).slice(0, TOKEN_CHECK) === token.slice(TOKEN_BODY);
}

/**
 * What a response keeps of the browser that sent it: an HMAC of the survey and the browser's token under
 * the key each start makes and never writes down (keyedHash), so a copy of the database, even beside a
 * pupil's cookie, does not find their answers (decision 0146). Base64url, 43 characters.
 */
export function browserTokenHash(runId: string, token: string): string {
  return keyedHash("survey-response-device", `${runId}:${token}`);
}

export async function hasAnswered(runId: string, token: string | null): Promise<boolean> {
  if (!token) return false;
  const found = await prisma.surveyResponse.findUnique({
    where: { runId_browserTokenHash: { runId, browserTokenHash: browserTokenHash(runId, token) } },
    select: { id: true },
  });
  return found !== null;
}

export type SubmitResult =
  | { ok: true }
  | { ok: false; reason: "already-answered" }
  | { ok: false; reason: "closed"; state: Exclude<RunState, { open: true }> }
  | { ok: false; reason: "too-many"; retryAfterSeconds: number };

/** Thrown inside the transaction when the answer is one too many for its rate limit, so its count is undone. */
class OverLimit extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("Too many answers for this limit");
  }
}

/** Thrown inside the transaction when the run turned out closed, so the count it had just added is undone. */
class RunClosed extends Error {
  constructor(readonly state: Exclude<RunState, { open: true }>) {
    super("The survey run is closed");
  }
}

/** Thrown inside the transaction when this browser had already answered the run, so the count is undone. */
class AlreadyAnswered extends Error {
  constructor() {
    super("This browser has already answered the survey run");
  }
}

/**
 * Records one response, its answers and the run's count in one transaction, checking inside it that the
 * run is still open, so a limit of 30 responses means 30 even when a class presses "Send" together.
 * `counted`, when given, is a rate limit and key (the survey code's accepted answers) that the answer is
 * counted against in the same transaction, first: one over the limit is refused ("too-many", with the wait)
 * and nothing of it is kept, however many are sent at once; one refused for any other reason is not counted.
 *
 * The transaction holds SQLite's write lock from its start, and every answer waits for it, so it is
 * written as statements and run in one go (`writeInOneGo`, decision 0101): nothing else runs in this
 * process while it holds the lock. It sends as few as it can: after the rate limit's count (when
 * given), the run is counted, and that same statement returns what says whether the run was open; if it
 * was not, or this browser had answered already, the counts are undone with everything else.
 */
export async function submitResponse(
  runId: string,
  token: string,
  answers: StoredAnswer[],
  now = new Date(),
  counted?: { limiter: RateLimiter; key: string },
): Promise<SubmitResult> {
  try {
    return await writeInOneGo(() => answerSteps(runId, browserTokenHash(runId, token), answers, now, counted));
  } catch (error) {
    if (error instanceof OverLimit) return { ok: false, reason: "too-many", retryAfterSeconds: error.retryAfterSeconds };
    if (error instanceof RunClosed) return { ok: false, reason: "closed", state: error.state };
    if (error instanceof AlreadyAnswered) return { ok: false, reason: "already-answered" };
    throw error;
  }
}

/**
 * An answer's id: its response's random id and its place among the response's answer rows. The answers
 * table is kept in the order of its ids (WITHOUT ROWID, decision 0046), so one pupil's answers are written
 * side by side, a page or two a response instead of a page an answer, in an order that says no more than
 * the response's own random id (decision 0129).
 */
function answerId(responseId: string, place: number): string {
  return `${responseId}:${place}`;
}

/** The most answer rows one INSERT carries: 6,000 bound values, within SQLite's 32,766 and PostgreSQL's 65,535. */
const ANSWERS_PER_INSERT = 1000;

/**
 * The statements of one answer (see `submitResponse`), for `writeInOneGo`: { ok: true } once it is saved;
 * throws OverLimit, RunClosed or AlreadyAnswered, which undo every count, when it is refused.
 */
function* answerSteps(
  runId: string,
  tokenHash: string,
  answers: StoredAnswer[],
  now: Date,
  counted?: { limiter: RateLimiter; key: string },
): StatementSteps<SubmitResult> {
  if (counted) {
    // Counted and read back in one statement, inside the transaction: answers sent at once each see the others'.
    const [counter] = yield counted.limiter.hitStatement(counted.key, now.getTime());
    const limit = counted.limiter.outcomeOfHit(counter, now.getTime());
    if (!limit.allowed) throw new OverLimit(limit.retryAfterSeconds);
  }
  // A run before a session closes soon after the session starts (beforeSurveyClosesAt): its start is read in the same statement.
  const [run] = yield statement(
    `UPDATE "SurveyRun" SET "responseCount" = "responseCount" + 1 WHERE "id" = ?
     RETURNING "closedAt", "closesOn", "maxResponses", "responseCount",
       CASE WHEN "phase" = 'BEFORE' THEN ${sessionStartOf('"SurveyRun"."bookingId"')} END AS "sessionStartsAt"`,
    runId,
  );
  // A run deleted since the pupil's page was read takes no more answers either.
  if (!run) throw new RunClosed({ open: false, reason: "closed" });
  // Whether the run was open before this response was counted.
  const state = runState(
    {
      closedAt: dateFromRow(run.closedAt),
      closesOn: dateFromRow(run.closesOn),
      maxResponses: run.maxResponses === null ? null : numberFromRow(run.maxResponses),
      responseCount: numberFromRow(run.responseCount) - 1,
      beforeSessionStartsAt: dateFromRow(run.sessionStartsAt),
    },
    now,
  );
  if (!state.open) throw new RunClosed(state);
  // The unique (run, token hash) index refuses a second answer from this browser, even at the same instant.
  const responseId = randomUUID();
  const [saved] = yield statement(
    `INSERT INTO "SurveyResponse" ("id", "runId", "submittedOn", "browserTokenHash", "inResults") VALUES (?, ?, ?, ?, FALSE) ON CONFLICT ("runId", "browserTokenHash") DO NOTHING RETURNING "id"`,
    responseId,
    runId,
    londonDay(now),
    tokenHash,
  );
  if (!saved) throw new AlreadyAnswered();
  // One insert for the answers (a few dozen rows), in parts small enough for either engine's limit on
  // bound values however long a survey grows.
  for (let start = 0; start < answers.length; start += ANSWERS_PER_INSERT) {
    const part = answers.slice(start, start + ANSWERS_PER_INSERT);
    yield statement(
      `INSERT INTO "SurveyAnswer" ("id", "responseId", "questionId", "runId", "value", "text") VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")}`,
      ...part.flatMap((a, i) => [answerId(responseId, start + i), responseId, a.questionId, runId, a.value, a.text]),
    );
  }
  // Results count whole steps of RESULTS_STEP (ten) responses, never fewer (app/models/disclosure.ts).
  const [waiting] = yield statement(`SELECT COUNT(*) AS "waiting" FROM "SurveyResponse" WHERE "runId" = ? AND "inResults" = FALSE`, runId);
  if (stepComplete(numberFromRow(waiting?.waiting))) {
    yield statement(`UPDATE "SurveyResponse" SET "inResults" = TRUE WHERE "runId" = ? AND "inResults" = FALSE`, runId);
    // Each question then counts whole steps of ten of its own answerers among them (decision 0123), so a
    // question pupils may skip moves by ten of those who answered it, never by one.
    yield statement(COUNT_ANSWERERS_IN_STEPS_SQL, runId, runId);
    // Answers count in the tallies only once their response is counted, so the tallies change only here.
    for (const recount of surveyRunTallyStatements(runId)) yield recount;
  }
  return { ok: true };
}

/**
 * Counts a run's questions' answerers in steps of ten among its counted responses, as answering does
 * (COUNT_ANSWERERS_IN_STEPS_SQL), for responses written in bulk rather than one by one: the demo data and tests.
 * Rewrite the run's tallies after it.
 */
export async function countAnswerersInSteps(db: Parameters<typeof executeStatement>[0], runId: string): Promise<void> {
  await executeStatement(db, COUNT_ANSWERERS_IN_STEPS_SQL, runId, runId);
}

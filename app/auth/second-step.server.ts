/**
 * The second step of signing in. After a right password, a user with two-step on (or a lead who must
 * set it up) gets no session yet: the browser gets a pending sign-in instead, a random token in a
 * short-lived cookie whose SHA-256 is the `PendingSignIn` row's id. The row is used once: the session
 * is opened when it is deleted, and only then is the password's attempt taken back and the browser
 * known to the account. See docs/decisions/0040 and 0122.
 */
import { serialize } from "cookie";
import { prisma } from "~/db.server";
import { redirectWithMessage } from "~/lib/flash.server";
import type { PendingSignInStep } from "~/generated/prisma/client";
import { recordAudit } from "~/models/audit.server";
import type { Actor } from "./actor";
import { endPreviousSession, type SigningInBrowser } from "./account.server";
import { createSession, generateSessionToken, hashToken, passwordStillIs, readCookie, sessionCookie } from "./session.server";
import { forgiveAttempt, knownBrowserCookie, knownBrowserToken } from "./throttle.server";
import { codeNotedJustNow, codeUsedJustNow, noteCodeUsed, type CodeSending } from "./code-sent-again.server";
import { hasTwoStep, isAppCode, mustEnrol, useSignInCode, type CodeResult } from "./two-step.server";
import { countCodeAttempt, forgiveCodeAttempts, takeBackCodeAttempt } from "./two-step-throttle.server";

const PENDING_COOKIE = "vrn_two_step";
/** Ten minutes to find the phone and type a code (or set the app up); then the password is asked again. */
const PENDING_LIFETIME_MS = 10 * 60 * 1000;

/**
 * What a user whose password was right must still do before a session opens: "CODE" when two-step is
 * on, "ENROL" when they are a lead who must set it up (docs/decisions/0040), or null for nothing.
 */
export async function secondStepFor(user: Pick<Actor, "id" | "role">): Promise<PendingSignInStep | null> {
  if (await hasTwoStep(user.id)) return "CODE";
  if (await mustEnrol(user)) return "ENROL";
  return null;
}

type CookieOptions = { secure: boolean };
const COOKIE_ATTRIBUTES = { path: "/", httpOnly: true, sameSite: "lax" } as const;

/**
 * A right password with a second step still due: whose, which step, the password attempt's rows in the
 * sign-in throttle (`claimAttempt`), which count as failures until that step is passed, and the password
 * hash the password was checked against (`provenWith`; none for a new account setting two-step up).
 */
export type SecondStepDue = { userId: string; step: PendingSignInStep; attemptIds: number[]; provenWith?: string };

/**
 * Opens a pending sign-in for the step `due` and returns the Set-Cookie value binding it to this browser,
 * or null, opening nothing, when the account's password is no longer `due.provenWith` or the account is
 * no longer active (`passwordStillIs`). `redirectTo` must already be a safe local path. Any earlier
 * pending sign-in of the user's is replaced.
 */
export async function startPendingSignIn(due: SecondStepDue, redirectTo: string, { secure }: CookieOptions, now = new Date()): Promise<string | null> {
  const { userId, step, provenWith } = due;
  const token = generateSessionToken();
  const expiresAt = new Date(now.getTime() + PENDING_LIFETIME_MS);
  const attemptIds = JSON.stringify(due.attemptIds);
  const opened = await prisma.$transaction(async (tx) => {
    if (provenWith !== undefined && !(await passwordStillIs(tx, userId, provenWith))) {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
      if (user) {
        const summary = "Failed sign-in: the password was changed, or the account deactivated, as it was checked";
        await recordAudit({ actor: user, action: "sign-in-failed", entityType: "User", entityId: user.id, summary }, tx);
      }
      return false;
    }
    await tx.pendingSignIn.deleteMany({ where: { OR: [{ userId }, { expiresAt: { lte: now } }] } });
    await tx.pendingSignIn.create({ data: { id: hashToken(token), userId, step, redirectTo, expiresAt, attemptIds } });
    return true;
  });
  return opened ? serialize(PENDING_COOKIE, token, { ...COOKIE_ATTRIBUTES, maxAge: PENDING_LIFETIME_MS / 1000, secure }) : null;
}

/**
 * Where a new account goes when it must set two-step sign-in up before its first session (a lead
 * accepting an invitation, or the first lead from a setup link, while it is required for leads): the
 * set-up step, opened now, with a message saying the account is ready. `headers` gets the pending
 * sign-in's cookie beside any it already holds.
 */
export async function toTwoStepSetUp(user: { id: string; name: string }, headers: Headers, { secure }: CookieOptions): Promise<Response> {
  // No password is proven here (the account was made just now), so it always opens.
  const cookie = await startPendingSignIn({ userId: user.id, step: "ENROL", attemptIds: [] }, "/", { secure });
  if (cookie) headers.append("Set-Cookie", cookie);
  return redirectWithMessage("/sign-in/set-up-two-step", `Your account is ready, ${user.name}. Set up two-step sign-in to finish signing in.`, { headers });
}

/** The Set-Cookie value that removes the pending sign-in cookie. */
export function clearedPendingCookie({ secure }: CookieOptions): string {
  return serialize(PENDING_COOKIE, "", { ...COOKIE_ATTRIBUTES, maxAge: 0, secure });
}

export type PendingSignIn = { id: string; step: PendingSignInStep; redirectTo: string; attemptIds: number[]; user: Actor };

/** The browser's pending sign-in for `step`, or null when it has none, it has expired, or the user is no longer active. */
export async function findPendingSignIn(request: Request, step: PendingSignInStep, now = new Date()): Promise<PendingSignIn | null> {
  const token = readCookie(request, PENDING_COOKIE);
  if (!token) return null;
  const row = await prisma.pendingSignIn.findUnique({
    where: { id: hashToken(token) },
    include: { user: { select: { id: true, email: true, name: true, role: true, schoolId: true, active: true } } },
  });
  if (!row || row.step !== step || row.expiresAt <= now || !row.user.active) return null;
  const { active: _active, ...user } = row.user;
  return { id: row.id, step: row.step, redirectTo: row.redirectTo, attemptIds: attemptIdsOf(row.attemptIds), user };
}

export type SecondStepResult =
  (CodeResult & { ok: false }) | { ok: false; reason: "sent-again" } | { ok: true; usedRecoveryCode: boolean; recoveryCodesLeft: number };

/**
 * Checks the code typed at the sign-in step: a 6-digit code from the app (accepted once, within one
 * step either side of now) or a recovery code (used up). The attempt is counted before it is checked
 * (5 per account in 15 minutes); a wrong code is audited as a failed sign-in. The code is noted as this
 * pending sign-in's as it is used, so the same code sent again by it (the form sent twice) is refused as
 * `sent-again`, not audited as wrong nor counted as an attempt (code-sent-again.server.ts).
 */
export async function checkSecondStep(pending: PendingSignIn, typed: string, now = new Date()): Promise<SecondStepResult> {
  const { user } = pending;
  const attempt = await countCodeAttempt(user.id, now);
  if (attempt.wait > 0) return { ok: false, reason: "throttled", minutes: attempt.wait };
  const sending: CodeSending = { purpose: "sign-in", sender: pending.id, code: typed };
  const accepted = await prisma.$transaction(async (tx) => {
    if (!(await useSignInCode(tx, user.id, typed, now))) return false;
    await noteCodeUsed(tx, sending, user.id, now);
    return true;
  });
  if (!accepted) {
    if ((await codeUsedJustNow(sending, now)) === user.id) {
      await takeBackCodeAttempt(attempt);
      return { ok: false, reason: "sent-again" };
    }
    await recordAudit({
      actor: user,
      action: "sign-in-failed",
      entityType: "User",
      entityId: user.id,
      summary: isAppCode(typed) ? "Failed sign-in: wrong or reused two-step code" : "Failed sign-in: wrong or used recovery code",
    });
    return { ok: false, reason: "invalid" };
  }
  await forgiveCodeAttempts(user.id, now);
  const recoveryCodesLeft = await prisma.recoveryCode.count({ where: { userId: user.id, usedAt: null } });
  return { ok: true, usedRecoveryCode: !isAppCode(typed), recoveryCodesLeft };
}

/** What the browser is told when its pending sign-in timed out (or was ended) before the step was done. */
const TIMED_OUT: Record<"sign-in" | "set-up", string> = {
  "sign-in": "Your sign-in timed out before a code was entered. Sign in again.",
  "set-up": "Your sign-in timed out before two-step sign-in was set up. Sign in again.",
};

/**
 * The answer to a sign-in step's form (`purpose`: the code step, or setting two-step up) whose pending sign-in
 * timed out or was ended: back to the sign-in page, told so, with the pending sign-in's cookie cleared.
 */
export function signInStepTimedOut(purpose: "sign-in" | "set-up", { secure }: CookieOptions): Promise<Response> {
  return redirectWithMessage("/sign-in", TIMED_OUT[purpose], { headers: { "Set-Cookie": clearedPendingCookie({ secure }) } });
}

/**
 * The cookies of a sign-in just completed (`completePendingSignIn`'s result): the session's, the pending
 * sign-in's cleared, and the known-browser one that spares this browser the account's lockout.
 */
export function signedInCookies(opened: { token: string; expiresAt: Date; knownBrowser: string }, { secure }: CookieOptions): Headers {
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(opened.token, opened.expiresAt, { secure }));
  headers.append("Set-Cookie", clearedPendingCookie({ secure }));
  headers.append("Set-Cookie", knownBrowserCookie(opened.knownBrowser, { secure }));
  return headers;
}

/** What the browser is told when its first sending's answer, which signed it in, never reached it. */
const NOT_KEPT: Record<"sign-in" | "set-up", string> = {
  "sign-in":
    "This form had been sent a moment before, and that sending used your code to sign you in, but its answer did not reach this browser, so you are not signed in here. Sign in again with your password and the next code your app shows, or another recovery code.",
  "set-up":
    "This form had been sent a moment before, and that sending used your code to set up two-step sign-in, but its answer did not reach this browser: you are not signed in here, and the recovery codes made then cannot be shown again. Sign in again with your password and a code from your app, then make new recovery codes from your account page.",
};

/**
 * The answer to a sign-in step's form (`purpose`: the code step, or setting two-step up) sent again, when it
 * has no pending sign-in left (the first sending ended it) or its code was used moments ago by the same
 * pending sign-in for the same purpose (code-sent-again.server.ts), the browser's cookie telling which.
 * Signed in (`signedIn`, the request's session), as the person whose code it was when it was one: the
 * first sending's answer reached the browser, which is led to its home, told so. Not signed in as them,
 * with the code used moments ago by this browser's pending sign-in and a session of theirs opened since (or
 * being opened: the pending sign-in is still there): that answer never reached it, and it is led to sign in
 * again (another browser of theirs signing in in those seconds would be taken for it). Otherwise the sign-in
 * timed out, and the browser is told so (`signInStepTimedOut`). Every way, the pending sign-in's cookie is
 * cleared. `code` is the form's code when it was one; nothing is checked or done with it.
 */
export async function answerSignInStepSentAgain(
  request: Request,
  purpose: "sign-in" | "set-up",
  code: string | null,
  signedIn: Pick<Actor, "id" | "name"> | null,
  { secure }: CookieOptions,
  now = new Date(),
): Promise<Response> {
  const token = readCookie(request, PENDING_COOKIE);
  const note = token && code ? await codeNotedJustNow({ purpose, sender: hashToken(token), code }, now) : null;
  const usedBy = note?.userId ?? null;
  const clearingPending = { headers: { "Set-Cookie": clearedPendingCookie({ secure }) } };
  if (signedIn && (usedBy === null || usedBy === signedIn.id)) {
    const message = !(await hasTwoStep(signedIn.id))
      ? `You are signed in already, as ${signedIn.name}.`
      : purpose === "set-up"
        ? `You are signed in already, as ${signedIn.name}, and two-step sign-in is on. If you did not see your recovery codes, make new ones from your account page.`
        : `You are signed in already, as ${signedIn.name}, and two-step sign-in is on.`;
    return redirectWithMessage("/", message, clearingPending);
  }
  if (!note || !token) return signInStepTimedOut(purpose, { secure });
  // The first sending signs in only if a session of theirs is opened after its code was used: opening one
  // fails when the account was deactivated meanwhile, or a password reset ended the pending sign-in, and
  // that sending is then told the sign-in timed out, as this one is. Its pending sign-in still there, it is
  // opening it now (the two sent at once).
  // In this order: the pending sign-in goes in the transaction that opens the session, so once it is seen
  // gone, a session that transaction opened is seen too. Read side by side, the first could be read before
  // that transaction and the second after it, and both found wanting.
  const stillOpening = (await prisma.pendingSignIn.count({ where: { id: hashToken(token) } })) > 0;
  const opened = stillOpening || (await prisma.session.count({ where: { userId: note.userId, createdAt: { gte: note.at } } })) > 0;
  return opened ? redirectWithMessage("/sign-in", NOT_KEPT[purpose], clearingPending) : signInStepTimedOut(purpose, { secure });
}

/** The ids kept in `PendingSignIn.attemptIds`: written by `startPendingSignIn`, so anything else is none. */
function attemptIdsOf(stored: string): number[] {
  const parsed: unknown = JSON.parse(stored);
  return Array.isArray(parsed) ? parsed.filter((id): id is number => Number.isSafeInteger(id)) : [];
}

/**
 * Ends the pending sign-in and opens the session it was waiting for (ending the session the browser
 * held before, as a password-only sign-in does). Sign-in is complete only now, so only now is the
 * password's attempt taken back, the account's failures forgiven and the browser known to the account
 * (`forgiveAttempt`), by the token in `knownBrowser`, which the caller sends back in the known-browser
 * cookie. `address` is the network address of this request. Returns null when the pending sign-in was
 * already used (two tabs, or a replayed form): it opens at most one session.
 */
export async function completePendingSignIn(pending: PendingSignIn, how: string, address: string, browser: SigningInBrowser = {}) {
  // One transaction: a password reset or change ends pending sign-ins in its own, so it has either
  // committed (the row is gone) or commits after this one, and ends the session opened here too.
  const opened = await prisma.$transaction(async (tx) => {
    const { count } = await tx.pendingSignIn.deleteMany({ where: { id: pending.id } });
    if (count !== 1) return null;
    const { passwordHash, active } = await tx.user.findUniqueOrThrow({ where: { id: pending.user.id }, select: { passwordHash: true, active: true } });
    if (!active) return null;
    return { passwordHash, ...(await createSession(pending.user.id, new Date(), browser.userAgent, tx)) };
  });
  if (!opened) return null;
  const { passwordHash, token, session } = opened;
  const knownBrowser = knownBrowserToken(browser.knownBrowser);
  await forgiveAttempt(pending.user.email, address, pending.attemptIds, knownBrowser, passwordHash);
  if (browser.previousToken) await endPreviousSession(browser.previousToken, pending.user.id);
  await recordAudit({ actor: pending.user, action: "sign-in", entityType: "User", entityId: pending.user.id, summary: `Signed in ${how}` });
  return { token, expiresAt: session.expiresAt, redirectTo: pending.redirectTo, knownBrowser };
}

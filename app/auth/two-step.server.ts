/**
 * Two-step sign-in from the account's side: setting the authenticator app up, recovery codes, turning
 * it off, and the lead's "require two-step for leads" setting. The sign-in side (the code step) is in
 * second-step.server.ts. See docs/decisions/0040.
 */
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { randomBytes } from "node:crypto";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { recordAudit } from "~/models/audit.server";
import { assertCan, type Actor } from "./actor";
import { counted } from "~/lib/numbers";
import { checkOwnPassword, ownPasswordRefusal } from "./own-password.server";
import { hashToken } from "./session.server";
import { TWO_STEP_REQUIRED_FOR_LEADS_KEY } from "./two-step-setting";
import { enrolmentQrCode, newTotpKey, openSecret, sealSecret, secretForDisplay, stepOfCode } from "./totp.server";
import { type CodeAttempt, countCodeAttempt, forgiveCodeAttempts, takeBackCodeAttempt } from "./two-step-throttle.server";
import { codeUsedJustNow, noteCodeUsed, type CodeSending } from "./code-sent-again.server";

const RECOVERY_CODE_COUNT = 10;
const REQUIRED_FOR_LEADS_KEY = TWO_STEP_REQUIRED_FOR_LEADS_KEY;

type Db = Prisma.TransactionClient | typeof prisma;

/** Whether the lead has said every VRN lead must use two-step sign-in. Off unless turned on. */
async function twoStepRequiredForLeads(db: Db = prisma): Promise<boolean> {
  const setting = await db.setting.findUnique({ where: { key: REQUIRED_FOR_LEADS_KEY } });
  return setting?.value === "true";
}

/** Whether two-step sign-in is on (set up and confirmed) for this user. */
export async function hasTwoStep(userId: string, db: Db = prisma): Promise<boolean> {
  const row = await db.twoStep.findUnique({ where: { userId }, select: { enabledAt: true } });
  return Boolean(row?.enabledAt);
}

/** Whether this person must set two-step sign-in up before signing in: a lead, while the setting is on. */
export async function mustEnrol(user: Pick<Actor, "id" | "role">): Promise<boolean> {
  return user.role === "VRN_LEAD" && (await twoStepRequiredForLeads()) && !(await hasTwoStep(user.id));
}

export type TwoStepStatus = { enabled: boolean; recoveryCodesLeft: number; required: boolean };

/** The actor's own two-step state for the account page: on or off, unused recovery codes, and whether their role must have it. */
export async function twoStepStatus(actor: Actor): Promise<TwoStepStatus> {
  const [enabled, recoveryCodesLeft, requiredForLeads] = await Promise.all([
    hasTwoStep(actor.id),
    prisma.recoveryCode.count({ where: { userId: actor.id, usedAt: null } }),
    twoStepRequiredForLeads(),
  ]);
  return { enabled, recoveryCodesLeft, required: requiredForLeads && actor.role === "VRN_LEAD" };
}

export type Enrolment = {
  /** The secret in base32, grouped in fours, for typing into an app by hand. */
  secret: string;
  /** The same secret as a QR code: an SVG data URI. */
  qrCode: string;
};

/**
 * The secret the actor is setting up, made on first call and kept (unconfirmed) until they type a code,
 * so reloading the page shows the same one. Returns null when two-step is already on.
 */
export async function startEnrolment(actor: Actor): Promise<Enrolment | null> {
  const existing = await prisma.twoStep.findUnique({ where: { userId: actor.id } });
  if (existing?.enabledAt) return null;
  let key: Uint8Array;
  if (existing) {
    key = openSecret(existing.secret);
  } else {
    key = newTotpKey();
    await prisma.twoStep.create({ data: { userId: actor.id, secret: sealSecret(key) } });
  }
  return { secret: secretForDisplay(key), qrCode: await enrolmentQrCode(key, actor.email) };
}

export type CodeResult = { ok: true } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; minutes: number };

/**
 * Uses a 6-digit code of the user's, in `db`, at most once per 30-second step: the step of an accepted code
 * is written, and a code for that step or an earlier one is refused afterwards (replay). `confirmed` chooses
 * between the secret in use (sign-in) and the one being set up. Not throttled here.
 */
async function acceptCode(db: Db, userId: string, code: string, now: Date, confirmed: boolean): Promise<boolean> {
  const row = await db.twoStep.findUnique({ where: { userId } });
  if (!row || Boolean(row.enabledAt) !== confirmed) return false;
  const step = stepOfCode(openSecret(row.secret), code, now);
  if (step === null) return false;
  // One conditional write: of two requests with the same code, only one can move lastUsedStep forward.
  const { count } = await db.twoStep.updateMany({
    where: { userId, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
    data: { lastUsedStep: step },
  });
  return count === 1;
}

export type EnrolmentResult =
  { ok: true; recoveryCodes: string[] } | Exclude<CodeResult, { ok: true }> | { ok: false; reason: "already-on" } | { ok: false; reason: "sent-again" };

/**
 * Turns two-step on once the actor proves their app works by typing its current code. Returns the 10
 * recovery codes, which are shown once: only their hashes are kept. Attempts count toward the code
 * throttle (second-step.server.ts) like the sign-in step's. `sender` is who sent the code (the id of the
 * browser's session, or of its pending sign-in: code-sent-again.server.ts). When it is on already, nothing
 * is checked, counted or changed: `sent-again` when this sender's code turned it on moments ago (a double
 * click, a request sent again), else `already-on` (another tab, another code).
 */
export async function confirmEnrolment(actor: Actor, code: string, sender: string | null, now = new Date()): Promise<EnrolmentResult> {
  const sending: CodeSending = { purpose: "set-up", sender, code };
  const already = async (attempt: CodeAttempt | null): Promise<EnrolmentResult> => {
    if ((await codeUsedJustNow(sending, now)) !== actor.id) return { ok: false, reason: "already-on" };
    if (attempt) await takeBackCodeAttempt(attempt);
    return { ok: false, reason: "sent-again" };
  };
  if (await hasTwoStep(actor.id)) return already(null);
  const attempt = await countCodeAttempt(actor.id, now);
  if (attempt.wait > 0) return { ok: false, reason: "throttled", minutes: attempt.wait };
  // The code is used in the transaction that turns it on, so the same code sent at the same moment is
  // refused by its step only once the first has turned it on, and then finds why.
  const recoveryCodes = await prisma.$transaction(async (tx) => {
    if (!(await acceptCode(tx, actor.id, code, now, false))) return null;
    await tx.twoStep.update({ where: { userId: actor.id }, data: { enabledAt: now } });
    await recordAudit({ actor, action: "update", entityType: "User", entityId: actor.id, summary: "Turned on two-step sign-in" }, tx);
    await noteCodeUsed(tx, sending, actor.id, now);
    return replaceRecoveryCodes(actor.id, tx);
  });
  if (!recoveryCodes) return (await hasTwoStep(actor.id)) ? already(attempt) : { ok: false, reason: "invalid" };
  await forgiveCodeAttempts(actor.id);
  return { ok: true, recoveryCodes };
}

/** Whether a code as typed is six digits from the app (spaces aside), rather than a recovery code. */
export function isAppCode(typed: string): boolean {
  return /^\d{6}$/.test(typed.replace(/\s/g, ""));
}

/**
 * Uses a code of a user whose two-step is on, in `db` (the transaction that does what the code confirms, so
 * the code is used only if that is done): six digits from the app (`acceptCode`) or an unused recovery code
 * (`useRecoveryCode`). Not throttled here: the caller counts first.
 */
export function useSignInCode(db: Db, userId: string, typed: string, now: Date): Promise<boolean> {
  return isAppCode(typed) ? acceptCode(db, userId, typed, now, true) : useRecoveryCode(db, userId, typed, now);
}

/** A new recovery code: 50 random bits in base32, shown as two groups of five, like `k7d2m-q9xhe`. */
function newRecoveryCode(): string {
  const raw = encodeBase32LowerCaseNoPadding(randomBytes(10)).slice(0, 10);
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/** A recovery code as typed, reduced to what was issued: letters and digits, lower case. */
function normaliseRecoveryCode(typed: string): string {
  return typed.toLowerCase().replace(/[\s-]/g, "");
}

const hashRecoveryCode = (code: string) => hashToken(`recovery:${normaliseRecoveryCode(code)}`);

async function replaceRecoveryCodes(userId: string, db: Db): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.recoveryCode.deleteMany({ where: { userId } });
  await db.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
  return codes;
}

/**
 * Uses up one of the user's recovery codes, in `db`. True when it was one of theirs and unused; it can never be
 * used again (the write is conditional, so two requests with one code cannot both succeed).
 */
async function useRecoveryCode(db: Db, userId: string, typed: string, now: Date): Promise<boolean> {
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(typed), usedAt: null },
    data: { usedAt: now },
  });
  return count === 1;
}

export type PasswordCheckedResult<T> = ({ ok: true } & T) | { ok: false; field: "password" | "code"; message: string; throttledMinutes?: number };
type Refused = Exclude<PasswordCheckedResult<object>, { ok: true }>;

/** What confirms a change to one's own two-step sign-in: the password, a code, and the session's token they came with. */
export type OwnChange = { password: string; code: string; session?: string | null };

/** What a confirmed change to one's own two-step did (`done`), or that its code was sent again (`sentAgain`: nothing was done). */
type OwnChangeOutcome<T> = { done: T } | { sentAgain: true };

/**
 * Makes a change to the actor's own two-step sign-in (`change`, in a transaction) once it is confirmed:
 * their password (`checkOwnPassword`: counted, a wrong one audited) and then, while two-step is on, a code
 * from their app or an unused recovery code, as at sign-in. A session and the password alone, taken or
 * guessed, cannot then turn two-step off or make recovery codes of their own (decision 0164). Code attempts
 * count toward the code throttle, as the sign-in step's do. The code is used in the change's transaction,
 * with a note of the session that sent it and `purpose` (code-sent-again.server.ts), so a code is used only
 * if the change is made. A refused code that this session used for the same change moments ago (the form
 * sent twice) is `sentAgain`; any other is audited as wrong. Returns the refusal, by its field, or the outcome.
 */
async function changeOwnTwoStep<T>(
  actor: Actor,
  { password, code, session }: OwnChange,
  purpose: "new-recovery-codes" | "turn-off",
  doing: string,
  now: Date,
  change: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<Refused | OwnChangeOutcome<T>> {
  const checked = await checkOwnPassword(actor, password, doing, { session, now: now.getTime() });
  if (!checked.ok) return { ok: false, field: "password", ...ownPasswordRefusal(checked, "Your password is not right") };
  if (!(await hasTwoStep(actor.id))) return { done: await prisma.$transaction(change) };
  const attempt = await countCodeAttempt(actor.id, now);
  const wait = attempt.wait;
  if (wait > 0) return { ok: false, field: "code", message: `Too many codes tried. Wait ${counted(wait, "minute")} and try again.`, throttledMinutes: wait };
  const typed = code.trim();
  const sending: CodeSending = { purpose, sender: session ? hashToken(session) : null, code: typed };
  const made = await prisma.$transaction(async (tx) => {
    if (!(await useSignInCode(tx, actor.id, typed, now))) return null;
    await noteCodeUsed(tx, sending, actor.id, now);
    return { done: await change(tx) };
  });
  if (made) {
    await forgiveCodeAttempts(actor.id, now);
    return made;
  }
  if ((await codeUsedJustNow(sending, now)) === actor.id) {
    await takeBackCodeAttempt(attempt);
    return { sentAgain: true };
  }
  const summary = `Entered a wrong or used ${isAppCode(typed) ? "two-step code" : "recovery code"} to ${doing}`;
  await recordAudit({ actor, action: "two-step-code-failed", entityType: "User", entityId: actor.id, summary });
  return { ok: false, field: "code", message: "The code is not right. Enter the code your app shows now, or an unused recovery code." };
}

/**
 * New recovery codes for the actor, replacing every old one, once their password and a current code are
 * confirmed (`changeOwnTwoStep`). Shown once. Refused as `off`, with nothing checked, when two-step is not
 * on (a page left open after it was turned off in another tab): there are none to replace. `sent-again`
 * when the code made new ones for this session moments ago (the form sent twice): they were that sending's
 * answer, and only their hashes are kept, so they cannot be shown again and nothing more is made.
 */
export async function regenerateRecoveryCodes(
  actor: Actor,
  change: OwnChange,
  now = new Date(),
): Promise<PasswordCheckedResult<{ recoveryCodes: string[] }> | { ok: false; reason: "off" | "sent-again" }> {
  if (!(await hasTwoStep(actor.id))) return { ok: false, reason: "off" };
  const outcome = await changeOwnTwoStep(actor, change, "new-recovery-codes", "make new recovery codes", now, async (tx) => {
    await recordAudit({ actor, action: "update", entityType: "User", entityId: actor.id, summary: "Made new two-step recovery codes" }, tx);
    return replaceRecoveryCodes(actor.id, tx);
  });
  if ("sentAgain" in outcome) return { ok: false, reason: "sent-again" };
  if (!("done" in outcome)) return outcome;
  return { ok: true, recoveryCodes: outcome.done };
}

/**
 * Turns the actor's two-step sign-in off once their password and a current code are confirmed
 * (`changeOwnTwoStep`; the code is not checked when it is not on, as after a second press of the button):
 * the secret and recovery codes are deleted. When their role requires two-step (a lead, while the setting
 * is on) every session of theirs is ended as well (`signedOut`), so nothing more happens under that account
 * until it is set up again at the next sign-in. `changed` is false when it was off already: then nothing
 * is written or audited, and a set-up begun since (the page the first press led to shows one) is kept,
 * unless the account is signed out. Two presses at the same moment both find it on; the second's code,
 * used by the first, is known as sent again and answered as a press after it: `changed` false.
 */
export async function turnOffTwoStep(
  actor: Actor,
  change: OwnChange,
  now = new Date(),
): Promise<PasswordCheckedResult<{ signedOut: boolean; changed: boolean }>> {
  const signedOut = actor.role === "VRN_LEAD" && (await twoStepRequiredForLeads());
  const outcome = await changeOwnTwoStep(actor, change, "turn-off", "turn off two-step sign-in", now, async (tx) => {
    // Deleted only while on, so of two presses at once only one finds it on.
    const wasOn = (await tx.twoStep.deleteMany({ where: { userId: actor.id, enabledAt: { not: null } } })).count > 0;
    if (!wasOn && !signedOut) return false;
    await tx.recoveryCode.deleteMany({ where: { userId: actor.id } });
    if (signedOut) {
      // A set-up begun and not finished is cleared too, but was not on.
      await tx.twoStep.deleteMany({ where: { userId: actor.id } });
      await tx.session.deleteMany({ where: { userId: actor.id } });
    }
    const summary = !wasOn
      ? "Signed out everywhere: two-step sign-in, required for leads, was not on"
      : signedOut
        ? "Turned off two-step sign-in (required for leads, so signed out everywhere)"
        : "Turned off two-step sign-in";
    await recordAudit({ actor, action: "update", entityType: "User", entityId: actor.id, summary }, tx);
    return wasOn;
  });
  if ("sentAgain" in outcome) return { ok: true, signedOut, changed: false };
  if (!("done" in outcome)) return outcome;
  return { ok: true, signedOut, changed: outcome.done };
}

/** Whether two-step sign-in is on for a user, for the lead's page about them (users:manage). */
export async function userHasTwoStep(actor: Actor, userId: string): Promise<boolean> {
  assertCan(actor, "users:manage");
  return hasTwoStep(userId);
}

export type TwoStepResetResult =
  { ok: true; name: string; changed: boolean; clearedSetUp: boolean } | { ok: false; reason: "not-found" | "self"; message: string };

/**
 * The lead turns two-step sign-in off for someone who has lost their phone and their recovery codes
 * (users:manage). Their secret and recovery codes are deleted and every session of theirs ends; they
 * sign in with their password and, if their role requires it, set two-step up again at once. A lead
 * cannot do this to their own account (that is `turnOffTwoStep`, with their password). Audited.
 */
export async function resetTwoStepFor(actor: Actor, userId: string): Promise<TwoStepResetResult> {
  assertCan(actor, "users:manage");
  if (userId === actor.id) return { ok: false, reason: "self", message: "Turn off your own two-step sign-in from your account page" };
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, name: true } });
  if (!user) return { ok: false, reason: "not-found", message: "No such user" };
  const outcome = await prisma.$transaction(async (tx) => {
    const wasOn = await hasTwoStep(userId, tx);
    const { count } = await tx.twoStep.deleteMany({ where: { userId } });
    // A set-up begun and not finished is cleared, so their next one shows a new secret (this one may have
    // been seen), but nothing was on: nobody is signed out, and the audit says what was done.
    if (!wasOn) {
      if (count > 0) {
        await recordAudit({ actor, action: "update", entityType: "User", entityId: userId, summary: `Cleared the two-step set-up ${user.name} had begun` }, tx);
      }
      return { changed: false, clearedSetUp: count > 0 };
    }
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.pendingSignIn.deleteMany({ where: { userId } });
    await tx.session.deleteMany({ where: { userId } });
    await recordAudit(
      { actor, action: "update", entityType: "User", entityId: userId, summary: `Turned off two-step sign-in for ${user.name} and signed them out everywhere` },
      tx,
    );
    return { changed: true, clearedSetUp: false };
  });
  return { ok: true, name: user.name, ...outcome };
}

export type RequirementResult = { ok: true; changed: boolean; signedOut: number } | { ok: false; message: string };

/**
 * Turns "require two-step sign-in for leads" on or off (users:manage). Turning it on needs the actor to
 * have two-step on already, so no lead can lock themselves out; it ends the sessions of other leads who
 * have not set it up, who are asked to set it up at their next sign-in. Returns how many sessions ended;
 * `changed` is false, with nothing written or audited, when the setting already was `required`.
 */
export async function setTwoStepRequiredForLeads(actor: Actor, required: boolean): Promise<RequirementResult> {
  assertCan(actor, "users:manage");
  if (required && !(await hasTwoStep(actor.id))) {
    return { ok: false, message: "Turn on two-step sign-in for your own account before you require it for leads" };
  }
  return prisma.$transaction(async (tx) => {
    if ((await twoStepRequiredForLeads(tx)) === required) return { ok: true as const, changed: false, signedOut: 0 };
    await tx.setting.upsert({
      where: { key: REQUIRED_FOR_LEADS_KEY },
      create: { key: REQUIRED_FOR_LEADS_KEY, value: String(required) },
      update: { value: String(required) },
    });
    await recordAudit(
      {
        actor,
        action: "update",
        entityType: "Setting",
        entityId: REQUIRED_FOR_LEADS_KEY,
        summary: required ? "Required two-step sign-in for VRN leads" : "Stopped requiring two-step sign-in for VRN leads",
      },
      tx,
    );
    if (!required) return { ok: true as const, changed: true, signedOut: 0 };
    const without = { user: { role: "VRN_LEAD" as const, OR: [{ twoStep: null }, { twoStep: { enabledAt: null } }] } };
    // Only sessions still signed in are counted as signed out; expired ones are removed as well.
    const signedOut = await tx.session.count({ where: { ...without, expiresAt: { gt: new Date() } } });
    await tx.session.deleteMany({ where: without });
    return { ok: true as const, changed: true, signedOut };
  });
}

import { prisma } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { checkOwnPassword, ownPasswordRefusal } from "./own-password.server";
import { hashPassword } from "./password.server";
import type { Actor } from "./actor";
import { createSession, hashToken, invalidateSession, passwordStillIs } from "./session.server";
import { counted } from "~/lib/numbers";

export type PasswordChangeResult =
  { ok: true; token: string; expiresAt: Date } | { ok: false; field: "currentPassword"; message: string; throttledMinutes?: number };

/**
 * Changes a user's own password. Every session of theirs is ended (a thief signed in elsewhere is
 * signed out), as is any sign-in begun with the old password and waiting for its second step, and a
 * fresh session is opened for the browser that made the change, all in one transaction: a sign-in with
 * the old password made meanwhile opens nothing or is ended here (`passwordStillIs`). A password changed
 * since `currentPassword` was checked (another device, a reset link) is refused, and nothing is saved.
 * The current password's checks are counted, by `session` (the browser's session token), and wrong ones
 * audited (`checkOwnPassword`); over the limit, `throttledMinutes` says how long to wait.
 */
export async function changeOwnPassword(
  userId: string,
  currentPassword: string,
  newPassword: string,
  userAgent?: string | null,
  session: string | null = null,
): Promise<PasswordChangeResult> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  const checked = await checkOwnPassword(user, currentPassword, "change their password", { session });
  if (!checked.ok) {
    return { ok: false, field: "currentPassword", ...ownPasswordRefusal(checked, "Your current password is not right") };
  }
  const passwordHash = await hashPassword(newPassword);
  const opened = await prisma.$transaction(async (tx) => {
    if (!(await passwordStillIs(tx, userId, checked.passwordHash))) {
      const now = await tx.user.findUnique({ where: { id: userId }, select: { active: true } });
      return now?.active ? ("changed" as const) : ("deactivated" as const);
    }
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    // A sign-in begun with the old password and waiting for its code ends too.
    await tx.pendingSignIn.deleteMany({ where: { userId } });
    await tx.session.deleteMany({ where: { userId } });
    await recordAudit({ actor: user, action: "update", entityType: "User", entityId: user.id, summary: "Changed their password" }, tx);
    return createSession(userId, new Date(), userAgent, tx);
  });
  if (opened === "changed") {
    return {
      ok: false,
      field: "currentPassword",
      message: "Your password was changed elsewhere just now. Nothing was saved: enter your password as it is now",
    };
  }
  if (opened === "deactivated") return { ok: false, field: "currentPassword", message: "Your account has just been deactivated, so nothing was saved" };
  return { ok: true, token: opened.token, expiresAt: opened.session.expiresAt };
}

/**
 * Ends the session behind `token` (the raw cookie value, if any) and, when someone was signed in,
 * records that they signed out. Safe to call with neither: signing out twice does nothing more.
 */
export async function signOut(actor: Actor | null, token: string | null | undefined): Promise<void> {
  if (token) await invalidateSession(hashToken(token));
  if (actor) await recordAudit({ actor, action: "sign-out", entityType: "User", entityId: actor.id, summary: "Signed out" });
}

/** One of the account's signed-in browsers, as the account page lists them. `id` is the session row's id (a hash, not the token). */
export type SignedInDevice = { id: string; device: string | null; signedInAt: Date; lastSeenAt: Date; current: boolean };

/**
 * The actor's own unexpired sessions, the one behind `currentToken` first, then the most recently seen.
 * Only the actor's own: nobody, the lead included, sees another person's devices here.
 */
export async function listOwnSessions(actor: Actor, currentToken: string | null, now = new Date()): Promise<SignedInDevice[]> {
  const currentId = currentToken ? hashToken(currentToken) : null;
  const rows = await prisma.session.findMany({
    where: { userId: actor.id, expiresAt: { gt: now } },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
    select: { id: true, device: true, createdAt: true, lastSeenAt: true },
  });
  return rows
    .map((row) => ({ id: row.id, device: row.device, signedInAt: row.createdAt, lastSeenAt: row.lastSeenAt, current: row.id === currentId }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/**
 * Signs the actor out of one of their own sessions, by its id from `listOwnSessions`. Another person's
 * session id, or one already ended, changes nothing and returns false. Audited.
 */
export async function endOwnSession(actor: Actor, sessionId: string): Promise<boolean> {
  const ended = await prisma.session.deleteMany({ where: { id: sessionId, userId: actor.id } });
  if (ended.count === 0) return false;
  await recordAudit({ actor, action: "sign-out", entityType: "User", entityId: actor.id, summary: "Signed out one of their devices from their account page" });
  return true;
}

/**
 * "Sign out of every other device": ends all the actor's sessions except the one behind
 * `currentToken`, which stays signed in. Returns how many of those were still signed in (sessions that
 * had expired are removed too, but no device was signed out by it); audited when any were. Returns null,
 * ending nothing, when the session behind `currentToken` has itself been ended meanwhile.
 */
export async function endOtherSessions(actor: Actor, currentToken: string | null, now = new Date()): Promise<number | null> {
  const keep = currentToken ? hashToken(currentToken) : "";
  const others = { userId: actor.id, id: { not: keep } };
  const live = await prisma.$transaction(async (tx) => {
    // Ended meanwhile (by the same button on another device, say): it is not still signed in, and
    // nothing is done in its name.
    if ((await tx.session.count({ where: { id: keep, userId: actor.id } })) === 0) return null;
    const count = await tx.session.count({ where: { ...others, expiresAt: { gt: now } } });
    await tx.session.deleteMany({ where: others });
    return count;
  });
  if (live === null) return null;
  if (live > 0) {
    const summary = `Signed out of ${counted(live, "other device")} from their account page`;
    await recordAudit({ actor, action: "sign-out", entityType: "User", entityId: actor.id, summary });
  }
  return live;
}

/** What a browser signing in brought with it: its User-Agent header and the session cookie it already had, if any. */
/** What the signing-in browser sent: its User-Agent, its session cookie's token, its known-browser cookie's token. */
export type SigningInBrowser = { userAgent?: string | null; previousToken?: string | null; knownBrowser?: string | null };

/** Ends the session the browser held before this sign-in, recording it against its owner when it was someone else's. */
export async function endPreviousSession(previousToken: string, signingInUserId: string) {
  const previous = await prisma.session.findUnique({ where: { id: hashToken(previousToken) }, include: { user: { select: { id: true, email: true } } } });
  if (!previous) return;
  await prisma.session.deleteMany({ where: { id: previous.id } });
  const summary =
    previous.userId === signingInUserId ? "Signed out: signed in again on the same browser" : "Signed out: someone else signed in on the same browser";
  await recordAudit({ actor: previous.user, action: "sign-out", entityType: "User", entityId: previous.userId, summary });
}

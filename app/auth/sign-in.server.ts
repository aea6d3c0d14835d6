import { prisma } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { verifyAgainstDummy, verifyPassword } from "./password.server";
import { createSession, hashToken } from "./session.server";
import { claimAttempt, forgiveAttempt } from "./throttle.server";

export type SignInResult =
  { ok: true; token: string; expiresAt: Date; role: string } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; minutes: number };

/** What the browser brought with it: its User-Agent header and the session cookie it already had, if any. */
type Browser = { userAgent?: string | null; previousToken?: string | null };

/**
 * Checks the password, throttles failures and opens a session. Unknown email and wrong password look alike.
 * The attempt is counted before the password is checked (see `claimAttempt`). On success, the session
 * named by the browser's old cookie, whoever it belonged to, is ended: one browser, one person signed in.
 */
export async function signIn(email: string, password: string, address: string, browser: Browser = {}): Promise<SignInResult> {
  const normalised = email.trim().toLowerCase();
  const claim = await claimAttempt(normalised, address);
  if (!claim.allowed) return { ok: false, reason: "throttled", minutes: claim.minutes };

  const user = await prisma.user.findUnique({ where: { email: normalised } });
  const valid = user?.active ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);

  if (!user || !valid) {
    await recordAudit({
      actor: user ? { id: user.id, email: user.email } : null,
      action: "sign-in-failed",
      entityType: "User",
      entityId: user?.id,
      summary: user ? "Failed sign-in: wrong password" : "Failed sign-in: no active account with that email",
    });
    return { ok: false, reason: "invalid" };
  }

  await forgiveAttempt(normalised, address, claim.attemptIds);
  if (browser.previousToken) await endPreviousSession(browser.previousToken, user.id);
  const { token, session } = await createSession(user.id, new Date(), browser.userAgent);
  await recordAudit({
    actor: { id: user.id, email: user.email },
    action: "sign-in",
    entityType: "User",
    entityId: user.id,
    summary: "Signed in",
  });
  return { ok: true, token, expiresAt: session.expiresAt, role: user.role };
}

/** Ends the session the browser held before this sign-in, recording it against its owner when it was someone else's. */
async function endPreviousSession(previousToken: string, signingInUserId: string) {
  const previous = await prisma.session.findUnique({ where: { id: hashToken(previousToken) }, include: { user: { select: { id: true, email: true } } } });
  if (!previous) return;
  await prisma.session.deleteMany({ where: { id: previous.id } });
  const summary =
    previous.userId === signingInUserId ? "Signed out: signed in again on the same browser" : "Signed out: someone else signed in on the same browser";
  await recordAudit({ actor: previous.user, action: "sign-out", entityType: "User", entityId: previous.userId, summary });
}

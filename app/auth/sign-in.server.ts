import { prisma } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { verifyAgainstDummy, verifyPassword } from "./password.server";
import { secondStepFor, type SecondStepDue } from "./second-step.server";
import { endPreviousSession, type SigningInBrowser } from "./account.server";
import { createSession, passwordStillIs } from "./session.server";
import { claimAttempt, forgiveAttempt, knownBrowserToken } from "./throttle.server";

// `knownBrowser`, once signed in: the token the browser's known-browser cookie must now hold.
export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; role: string; knownBrowser: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; minutes: number }
  // The password was right but no session is open yet: a two-step code, or setting two-step up, comes first.
  | ({ ok: false; reason: "second-step" } & SecondStepDue);

/**
 * Checks the password, throttles failures and opens a session, unless a second step is due first
 * (second-step.server.ts). Unknown email and wrong password look alike. The attempt is counted before
 * the password is checked (see `claimAttempt`). On success, the session named by the browser's old
 * cookie, whoever it belonged to, is ended: one browser, one person signed in. Once signed in, the
 * attempt is taken back and the browser is known to the account (`forgiveAttempt`) by the token in
 * `knownBrowser`, which the caller sends back in the known-browser cookie (`knownBrowserCookie`). When a
 * second step is due, neither happens here: the attempt stays counted and the browser unknown until that
 * step is passed (`completePendingSignIn`, docs/decisions/0122).
 */
export async function signIn(email: string, password: string, address: string, browser: SigningInBrowser = {}): Promise<SignInResult> {
  const normalised = email.trim().toLowerCase();
  const claim = await claimAttempt(normalised, address, browser.knownBrowser ?? null);
  if (!claim.allowed) return { ok: false, reason: "throttled", minutes: claim.minutes };

  const user = await prisma.user.findUnique({ where: { email: normalised } });
  const valid = user?.active ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);

  if (!user || !valid) {
    await recordAudit({
      actor: user ? { id: user.id, email: user.email } : null,
      action: "sign-in-failed",
      entityType: "User",
      entityId: user?.id,
      summary: !user
        ? "Failed sign-in: no active account with that email"
        : user.active
          ? "Failed sign-in: wrong password"
          : "Failed sign-in: the account is deactivated (the password was not checked)",
    });
    return { ok: false, reason: "invalid" };
  }

  const step = await secondStepFor(user);
  if (step) return { ok: false, reason: "second-step", step, userId: user.id, attemptIds: claim.attemptIds, provenWith: user.passwordHash };
  // Opened only if the password checked is still the account's (a reset or change may have come meanwhile).
  const opened = await prisma.$transaction(async (tx) =>
    (await passwordStillIs(tx, user.id, user.passwordHash)) ? createSession(user.id, new Date(), browser.userAgent, tx) : null,
  );
  if (!opened) {
    await recordAudit({
      actor: { id: user.id, email: user.email },
      action: "sign-in-failed",
      entityType: "User",
      entityId: user.id,
      summary: "Failed sign-in: the password was changed, or the account deactivated, as it was checked",
    });
    return { ok: false, reason: "invalid" };
  }
  const { token, session } = opened;
  const knownBrowser = knownBrowserToken(browser.knownBrowser);
  await forgiveAttempt(normalised, address, claim.attemptIds, knownBrowser, user.passwordHash);
  if (browser.previousToken) await endPreviousSession(browser.previousToken, user.id);
  await recordAudit({
    actor: { id: user.id, email: user.email },
    action: "sign-in",
    entityType: "User",
    entityId: user.id,
    summary: "Signed in",
  });
  return { ok: true, token, expiresAt: session.expiresAt, role: user.role, knownBrowser };
}

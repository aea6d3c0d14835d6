/**
 * The password a signed-in person types again to confirm a change to their own account: changing the
 * password, making new recovery codes, turning two-step sign-in off. A session alone, left open on a shared
 * computer or taken, must not let anyone try passwords at speed and unseen (decision 0164).
 */
import { prisma } from "~/db.server";
import { counted } from "~/lib/numbers";
import { recordAudit } from "~/models/audit.server";
import { createRateLimiter } from "~/models/rate-limits.server";
import type { Actor } from "./actor";
import { verifyPassword } from "./password.server";

/**
 * Checks of one account's own password from one session, right or wrong, counted before each is checked: 10
 * in 15 minutes. Counted by session, not by account: someone holding a taken session and guessing cannot then
 * keep the owner, in their own session, from changing the password, which ends the taken one.
 */
export const ownPasswordChecks = createRateLimiter({ name: "own-password-checks", limit: 10, windowMs: 15 * 60_000 });

export type OwnPasswordCheck = { ok: true; passwordHash: string } | { ok: false; reason: "wrong" } | { ok: false; reason: "throttled"; minutes: number };

/**
 * Checks `password` against the actor's own, typed in the session whose token is `session` (null for a caller
 * in code). The check is counted first (`ownPasswordChecks`, by account and session, kept in the database so
 * every worker counts alike); over the limit nothing is checked and the minutes to wait are
 * returned. A wrong password is audited against the account as "Entered a wrong password to `doing`", so the
 * lead sees guessing on the audit page. A right one returns the hash it matched, for a change that must
 * not go ahead if the password changes meanwhile.
 */
export async function checkOwnPassword(
  actor: Pick<Actor, "id" | "email">,
  password: string,
  doing: string,
  { session = null, now = Date.now() }: { session?: string | null; now?: number } = {},
): Promise<OwnPasswordCheck> {
  // The limiter keeps only a keyed hash of its key, so the session's token is not stored.
  const limit = await ownPasswordChecks.hit(`${actor.id}:${session ?? ""}`, now);
  if (!limit.allowed) return { ok: false, reason: "throttled", minutes: Math.ceil(limit.retryAfterSeconds / 60) };
  const { passwordHash } = await prisma.user.findUniqueOrThrow({ where: { id: actor.id }, select: { passwordHash: true } });
  if (await verifyPassword(passwordHash, password)) return { ok: true, passwordHash };
  await recordAudit({ actor, action: "password-check-failed", entityType: "User", entityId: actor.id, summary: `Entered a wrong password to ${doing}` });
  return { ok: false, reason: "wrong" };
}

/**
 * What the form says by the password field when the check failed (`wrong` for a wrong password), and, when
 * too many were tried, the minutes to wait (`throttledMinutes`, for the 429's Retry-After).
 */
export function ownPasswordRefusal(check: Exclude<OwnPasswordCheck, { ok: true }>, wrong: string): { message: string; throttledMinutes?: number } {
  if (check.reason === "wrong") return { message: wrong };
  return { message: `Too many passwords tried. Wait ${counted(check.minutes, "minute")} and try again.`, throttledMinutes: check.minutes };
}

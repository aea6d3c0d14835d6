import { prisma } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { verifyAgainstDummy, verifyPassword } from "./password.server";
import type { PendingSignInStep } from "~/generated/prisma/client";
import { secondStepFor } from "./second-step.server";
import { createSession } from "./session.server";
import { clearAccountFailures, minutesUntilAllowed, recordFailure } from "./throttle.server";

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; role: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; minutes: number }
  // The password was right but no session is open yet: a two-step code, or setting two-step up, comes first.
  | { ok: false; reason: "second-step"; step: PendingSignInStep; userId: string };

/**
 * Checks the password, throttles failures and opens a session, unless a second step is due first
 * (second-step.server.ts). Unknown email and wrong password look alike.
 */
export async function signIn(email: string, password: string, address: string): Promise<SignInResult> {
  const normalised = email.trim().toLowerCase();
  const wait = await minutesUntilAllowed(normalised, address);
  if (wait > 0) return { ok: false, reason: "throttled", minutes: wait };

  const user = await prisma.user.findUnique({ where: { email: normalised } });
  const valid = user?.active ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);

  if (!user || !valid) {
    await recordFailure(normalised, address);
    await recordAudit({
      actor: user ? { id: user.id, email: user.email } : null,
      action: "sign-in-failed",
      entityType: "User",
      entityId: user?.id,
      summary: user ? "Failed sign-in: wrong password" : "Failed sign-in: no active account with that email",
    });
    return { ok: false, reason: "invalid" };
  }

  await clearAccountFailures(normalised);
  const step = await secondStepFor(user);
  if (step) return { ok: false, reason: "second-step", step, userId: user.id };
  const { token, session } = await createSession(user.id);
  await recordAudit({
    actor: { id: user.id, email: user.email },
    action: "sign-in",
    entityType: "User",
    entityId: user.id,
    summary: "Signed in",
  });
  return { ok: true, token, expiresAt: session.expiresAt, role: user.role };
}

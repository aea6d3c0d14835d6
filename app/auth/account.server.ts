import { prisma } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { hashPassword, verifyPassword } from "./password.server";
import type { Actor } from "./actor";
import { createSession, hashToken, invalidateSession, invalidateUserSessions } from "./session.server";

export type PasswordChangeResult = { ok: true; token: string; expiresAt: Date } | { ok: false; field: "currentPassword"; message: string };

/**
 * Changes a user's own password. Every session of theirs is ended (a thief signed in elsewhere is
 * signed out) and a fresh one is opened for the browser that made the change.
 */
export async function changeOwnPassword(userId: string, currentPassword: string, newPassword: string): Promise<PasswordChangeResult> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    return { ok: false, field: "currentPassword", message: "Your current password is not right" };
  }
  const passwordHash = await hashPassword(newPassword);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await recordAudit({ actor: user, action: "update", entityType: "User", entityId: user.id, summary: "Changed their password" }, tx);
  });
  await invalidateUserSessions(userId);
  const { token, session } = await createSession(userId);
  return { ok: true, token, expiresAt: session.expiresAt };
}

/**
 * Ends the session behind `token` (the raw cookie value, if any) and, when someone was signed in,
 * records that they signed out. Safe to call with neither: signing out twice does nothing more.
 */
export async function signOut(actor: Actor | null, token: string | null | undefined): Promise<void> {
  if (token) await invalidateSession(hashToken(token));
  if (actor) await recordAudit({ actor, action: "sign-out", entityType: "User", entityId: actor.id, summary: "Signed out" });
}

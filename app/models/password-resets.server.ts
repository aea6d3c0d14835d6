/**
 * Forgotten passwords: a single-use link, valid for one hour, that lets a person set a new password.
 * Only the SHA-256 of the link's token is stored (as for sessions and invitations). Using a link ends
 * every session of that person and stops every other reset link of theirs; it is audited. See
 * docs/decisions/0038-forgotten-passwords.md.
 */
import { assertCan, type Actor } from "~/auth/actor";
import { hashPassword } from "~/auth/password.server";
import { generateSessionToken, hashToken } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { formatDateTime } from "~/lib/dates";
import { recordAudit } from "./audit.server";
import { mailer as defaultMailer, type MailMessage, type Mailer } from "./mailer.server";
import { counted } from "~/lib/numbers";

export const RESET_LIFETIME_MS = 60 * 60_000;
/** Links one account may be sent in a rolling hour when the person asks; more asks send nothing. */
export const RESETS_PER_ACCOUNT_PER_HOUR = 3;

type SendOptions = { origin: string; mailer?: Mailer; now?: Date };

// Tokens are 32 base32 characters; a value not shaped like one is refused without a database look-up.
const TOKEN_PATTERN = /^[a-z2-7]{20,64}$/;

function resetEmail(to: string, name: string, link: string, expiresAt: Date, byLead: string | null): MailMessage {
  const text = [
    `Hello ${name},`,
    byLead
      ? `${byLead} has sent you a link to set a new password for the VRN Schools Forum.`
      : "Someone, probably you, asked to set a new password for your VRN Schools Forum account.",
    "To choose a new password, open this link:",
    link,
    `The link works once and stops working in 1 hour, at ${formatDateTime(expiresAt)} (UK time), or sooner if another link is sent to you. Setting a new password signs you out on every device.`,
    "If you did not ask for this, you can ignore this email: your password stays as it is.",
    "VRN Schools Forum",
  ].join("\n\n");
  return { to, subject: "Set a new password for the VRN Schools Forum", text };
}

/**
 * Writes a new link for the user and emails it; true when the email was sent or queued, false when it
 * failed, and "too-many" (nothing written or sent) when the person asked themselves (`sentBy` null) and
 * already has RESETS_PER_ACCOUNT_PER_HOUR links of the last hour.
 */
async function issueReset(
  user: { id: string; email: string; name: string },
  sentBy: Actor | null,
  { origin, mailer = defaultMailer, now = new Date() }: SendOptions,
): Promise<boolean | "too-many"> {
  const token = generateSessionToken();
  const expiresAt = new Date(now.getTime() + RESET_LIFETIME_MS);
  const made = await prisma.$transaction(async (tx) => {
    // A person's own asks are counted in the transaction that adds one (transactions run one at a time),
    // so asks sent at once cannot each see room under the limit (decision 0105).
    if (!sentBy) {
      const recent = await tx.passwordReset.count({ where: { userId: user.id, sentById: null, createdAt: { gt: new Date(now.getTime() - 60 * 60_000) } } });
      if (recent >= RESETS_PER_ACCOUNT_PER_HOUR) return null;
    }
    const reset = await tx.passwordReset.create({
      data: { userId: user.id, tokenHash: hashToken(token), expiresAt, sentById: sentBy?.id ?? null, createdAt: now },
    });
    await recordAudit(
      {
        actor: sentBy ?? user,
        action: "password-reset-sent",
        entityType: "User",
        entityId: user.id,
        // Written with the link, before any email is tried: it records the link, not a delivery.
        summary: sentBy ? `Made a link for ${user.email} to set a new password` : "Asked for a link to set a new password",
      },
      tx,
    );
    return reset;
  });
  if (!made) return "too-many";
  try {
    await mailer.sendMail(resetEmail(user.email, user.name, `${origin}/reset-password/${token}`, expiresAt, sentBy?.name ?? null));
    // Sent, or put in the outbox: the account's links made before it stop working now, and only now, so a link
    // whose email failed never ends one the person has (and of two sent at once, the newer is the one that works).
    await prisma.passwordReset.updateMany({
      where: { userId: user.id, createdAt: { lt: made.createdAt }, usedAt: null, replacedAt: null },
      data: { replacedAt: now },
    });
    return true;
  } catch (error) {
    console.error(`Could not send the password reset email of user ${user.id}`, error);
    return false;
  }
}

export type ResetRequestOutcome = "sent" | "not-sent" | "no-account" | "too-many";

/**
 * Someone who cannot sign in asks for a link. What happened is returned for logs and tests only: the
 * page shows the same words whatever it is, so nobody learns which addresses have accounts. An active
 * account gets at most RESETS_PER_ACCOUNT_PER_HOUR links an hour; further asks send nothing.
 * No actor: the person cannot sign in, which is why they are here.
 */
export async function requestPasswordReset(email: string, options: SendOptions): Promise<ResetRequestOutcome> {
  const now = options.now ?? new Date();
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, email: true, name: true, active: true } });
  if (!user || !user.active) return "no-account";
  const issued = await issueReset(user, null, { ...options, now });
  return issued === "too-many" ? issued : issued ? "sent" : "not-sent";
}

/**
 * The lead sends a link to an active user (who may have forgotten their password and asked by phone).
 * Throws a 403 response unless the actor may manage users.
 */
export async function sendPasswordResetByLead(actor: Actor, userId: string, options: SendOptions) {
  assertCan(actor, "users:manage");
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, active: true } });
  if (!user) return { ok: false as const, reason: "not-found" as const };
  if (!user.active) return { ok: false as const, reason: "inactive" as const, message: "This account is deactivated. Reactivate it before sending a link." };
  const emailSent = (await issueReset(user, actor, options)) === true;
  return { ok: true as const, email: user.email, name: user.name, emailSent };
}

/** A link's state: "replaced" once a newer link for the same account was sent or put in the outbox, which ends the older ones. */
export type ResetLinkState = "open" | "unknown" | "expired" | "used" | "replaced";

async function findReset(token: string) {
  if (!TOKEN_PATTERN.test(token)) return null;
  return prisma.passwordReset.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: { select: { email: true, active: true } } } });
}

/**
 * Whether a link still works, and for which address. No actor: the secret token is the authority.
 * A link of a deactivated account counts as unknown; one followed by a newer link for the same account
 * (asked for again, or sent by the lead), once that was sent or put in the outbox, is "replaced", so the
 * advice to use the newest email holds.
 */
export async function findPasswordReset(token: string, now = new Date()): Promise<{ state: ResetLinkState; email?: string }> {
  const reset = await findReset(token);
  if (!reset || !reset.user.active) return { state: "unknown" };
  if (reset.usedAt) return { state: "used" };
  if (reset.replacedAt) return { state: "replaced" };
  if (reset.expiresAt.getTime() <= now.getTime()) return { state: "expired" };
  return { state: "open", email: reset.user.email };
}

/**
 * Sets the new password (already checked against app/auth/password-policy.ts by the caller's schema).
 * One transaction claims the link (a conditional update, so of two submissions only one wins), stops
 * every other link of the person, changes the password, ends all their sessions and records it.
 * The person then signs in with the new password. No actor: the secret token is the authority.
 */
export async function resetPassword(
  token: string,
  newPassword: string,
  now = new Date(),
): Promise<{ ok: true; email: string } | { ok: false; reason: Exclude<ResetLinkState, "open"> }> {
  const found = await findPasswordReset(token, now);
  if (found.state !== "open") return { ok: false, reason: found.state };
  const passwordHash = await hashPassword(newPassword);
  const tokenHash = hashToken(token);
  const email = await prisma.$transaction(async (tx) => {
    // Not replaced by a newer link since the page was opened, nor used, nor expired.
    const claimed = await tx.passwordReset.updateMany({ where: { tokenHash, usedAt: null, replacedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count !== 1) return null;
    const { user } = await tx.passwordReset.findUniqueOrThrow({ where: { tokenHash }, select: { user: { select: { id: true, email: true } } } });
    await tx.passwordReset.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    // Counted before they go: only sessions still signed in; expired ones are removed without counting.
    const count = await tx.session.count({ where: { userId: user.id, expiresAt: { gt: now } } });
    await tx.session.deleteMany({ where: { userId: user.id } });
    // A sign-in begun with the old password and waiting for its code ends too.
    await tx.pendingSignIn.deleteMany({ where: { userId: user.id } });
    await recordAudit(
      {
        actor: user,
        action: "password-reset",
        entityType: "User",
        entityId: user.id,
        summary: `Set a new password from a reset link; signed out of ${counted(count, "session")}`,
      },
      tx,
    );
    return user.email;
  });
  if (!email) {
    const again = await findPasswordReset(token, now);
    return { ok: false, reason: again.state === "open" ? "used" : again.state };
  }
  return { ok: true, email };
}

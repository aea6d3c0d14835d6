import { hashPassword } from "~/auth/password.server";
import { createSession, generateSessionToken, hashToken } from "~/auth/session.server";
import { mustEnrol } from "~/auth/two-step.server";
import { prisma } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { recordAudit } from "./audit.server";
import { counted } from "~/lib/numbers";
import { env } from "~/env.server";
import { demoAddressProblem } from "~/lib/user-access";

/** How long a first-lead setup link works: 24 hours from when it was printed. */
export const LEAD_SETUP_LIFETIME_MS = 24 * 60 * 60 * 1000;

// Once a lead exists, this process stops asking (see hasActiveLead).
let leadSeen = false;

/**
 * Whether the service has an active VRN lead. Until it has, every page but the setup link says the
 * service is being set up (scripts/server.mjs asks through entry.server.tsx). Once true it stays true
 * for this process, so a running service asks the database only until its first lead exists.
 */
export async function hasActiveLead(): Promise<boolean> {
  if (leadSeen) return true;
  const lead = await prisma.user.findFirst({ where: { role: "VRN_LEAD", active: true }, select: { id: true } });
  leadSeen = lead !== null;
  return leadSeen;
}

/**
 * Makes a new one-time link for setting up the first VRN lead and returns its secret token (only the
 * SHA-256 of it is stored). Every older link not yet used stops working. `email`, when given (from
 * `npm run create-lead -- --email ...`), is the address the account will have; otherwise the lead
 * enters it. Called from the operator's shell and from `npm start`, never by a person over the web, so
 * it takes no actor; it is audited as done by the service. Refuses (returns null) when an active lead
 * already exists: from then on, the lead invites everyone else.
 */
export async function issueLeadSetupLink({ email = null, now = new Date() }: { email?: string | null; now?: Date } = {}) {
  const token = generateSessionToken();
  const issued = await prisma.$transaction(async (tx) => {
    if (await tx.user.findFirst({ where: { role: "VRN_LEAD", active: true }, select: { id: true } })) return null;
    const replaced = await tx.leadSetupLink.updateMany({ where: { usedAt: null, revokedAt: null }, data: { revokedAt: now } });
    const link = await tx.leadSetupLink.create({
      data: { tokenHash: hashToken(token), email, expiresAt: new Date(now.getTime() + LEAD_SETUP_LIFETIME_MS), createdAt: now },
    });
    const older = replaced.count > 0 ? ` (${counted(replaced.count, "older unused link")} withdrawn)` : "";
    await recordAudit(
      {
        actor: null,
        action: "create",
        entityType: "LeadSetupLink",
        entityId: link.id,
        summary: `Printed a one-time link to set up the first VRN lead${email ? ` for ${email}` : ""}${older}`,
      },
      tx,
    );
    return link;
  });
  return issued ? { token, expiresAt: issued.expiresAt, email: issued.email } : null;
}

export type LeadSetupState = "open" | "unknown" | "expired" | "used" | "replaced" | "lead-exists";

/**
 * What a setup link's token opens: `open` with the fixed email (or null) and expiry, or why it does not
 * work. The token in the link is the authority: the person opening it has no account yet.
 */
export async function findLeadSetupLink(token: string, now = new Date()) {
  const link = token ? await prisma.leadSetupLink.findUnique({ where: { tokenHash: hashToken(token) } }) : null;
  const state: LeadSetupState = !link
    ? "unknown"
    : link.usedAt
      ? "used"
      : link.revokedAt
        ? "replaced"
        : link.expiresAt.getTime() <= now.getTime()
          ? "expired"
          : (await hasActiveLead())
            ? "lead-exists"
            : "open";
  return { state, email: link?.email ?? null, expiresAt: link?.expiresAt ?? null };
}

class LinkClosed extends Error {}

/**
 * Creates the first VRN lead from an open setup link: name, email (the link's fixed one wins) and a
 * password already checked against app/auth/password-policy.ts by the form. Marks the link used in the
 * same transaction, so a link works once even when two people submit at the same moment; audited; and
 * returns a new session for the lead. Fails with the link's state when it no longer works,
 * `email-taken` when an account already has the address, or `demo-address` (with its `message`) for an
 * address at the demonstration's domain outside the demonstration (demoAddressProblem).
 */
export async function completeLeadSetup(token: string, input: { name: string; email: string; password: string }, now = new Date()) {
  const found = await findLeadSetupLink(token, now);
  if (found.state !== "open") return { ok: false as const, reason: found.state };
  const email = (found.email ?? input.email).trim().toLowerCase();
  const demoAddress = env.DEMO_MODE ? null : demoAddressProblem(email, "your");
  if (demoAddress) return { ok: false as const, reason: "demo-address" as const, message: demoAddress };
  const passwordHash = await hashPassword(input.password);
  const tokenHash = hashToken(token);
  try {
    const user = await prisma.$transaction(async (tx) => {
      const claimed = await tx.leadSetupLink.updateMany({
        where: { tokenHash, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (claimed.count !== 1) throw new LinkClosed();
      if (await tx.user.findFirst({ where: { role: "VRN_LEAD", active: true }, select: { id: true } })) throw new LinkClosed();
      const user = await tx.user.create({ data: { email, name: input.name.trim(), passwordHash, role: "VRN_LEAD", schoolId: null } });
      await recordAudit(
        {
          actor: { id: user.id, email },
          action: "create",
          entityType: "User",
          entityId: user.id,
          summary: "Set up as the first VRN schools lead, from the one-time setup link",
        },
        tx,
      );
      return user;
    });
    leadSeen = true;
    // While two-step sign-in is required for leads (left on when every lead was deactivated, say), setting
    // it up comes first and opens the session (`mustEnrol`).
    if (await mustEnrol(user)) return { ok: true as const, user, session: null };
    const { token, session } = await createSession(user.id, now);
    return { ok: true as const, user, session: { token, expiresAt: session.expiresAt } };
  } catch (error) {
    if (error instanceof LinkClosed) {
      const again = await findLeadSetupLink(token, now);
      return { ok: false as const, reason: again.state === "open" ? ("used" as const) : again.state };
    }
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false as const, reason: "email-taken" as const };
    throw error;
  }
}

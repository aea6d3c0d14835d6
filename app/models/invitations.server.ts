import { assertCan, type Actor } from "~/auth/actor";
import { hashPassword } from "~/auth/password.server";
import type { Role } from "~/auth/roles";
import { createSession, generateSessionToken, hashToken } from "~/auth/session.server";
import { mustEnrol } from "~/auth/two-step.server";
import { prisma } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { pageWithin } from "~/lib/pagination";
import { env } from "~/env.server";
import { demoAddressProblem, roleLabel, schoolProblem } from "~/lib/user-access";
import { answerSentBefore, saveOnce, type SentWithOtherDetails } from "./sent-forms.server";
import { recordAudit } from "./audit.server";
import { invitationEmail } from "./invitation-email.server";
import { mailer as defaultMailer, type Mailer } from "./mailer.server";
import { schoolActivityRefusal } from "~/lib/statuses";
import { schoolRefusal } from "./school-status.server";

const DAY = 24 * 60 * 60 * 1000;
export const INVITATION_LIFETIME_MS = 7 * DAY;
const INVITATION_PAGE_SIZE = 25;

/** The link an invitee opens. Pure: reads no data, so no actor. */
function invitationLink(origin: string, token: string): string {
  return `${origin}/invitations/${token}`;
}

/** 160 random bits, made as session tokens are; only the SHA-256 of it is ever stored. */
export const generateInvitationToken = generateSessionToken;

type FieldErrors = Record<string, string[]>;
type SendOptions = { origin: string; mailer?: Mailer; now?: Date };

/** Neither accepted nor withdrawn. An expired invitation is still open: it can be resent or withdrawn. */
const OPEN = { acceptedAt: null, revokedAt: null } as const;

export type InvitationState = "open" | "expired" | "revoked" | "accepted";

function stateOf(invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InvitationState {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt.getTime() <= now.getTime()) return "expired";
  return "open";
}

const withPeople = { school: { select: { name: true, status: true } }, invitedBy: { select: { name: true, email: true } } } as const;

/** Sends the invitation email. A mail server that is down must not lose the invitation: the lead can resend. */
async function sendInvitationEmail(
  invitation: Prisma.InvitationGetPayload<{ include: typeof withPeople }>,
  token: string,
  { origin, mailer = defaultMailer }: SendOptions,
): Promise<boolean> {
  const message = invitationEmail({
    to: invitation.email,
    inviteeName: invitation.name,
    inviterName: invitation.invitedBy.name,
    inviterEmail: invitation.invitedBy.email,
    role: invitation.role,
    schoolName: invitation.school?.name ?? null,
    link: invitationLink(origin, token),
    expiresAt: invitation.expiresAt,
  });
  try {
    await mailer.sendMail(message);
    return true;
  } catch (error) {
    console.error(`Could not send the email of invitation ${invitation.id}`, error);
    return false;
  }
}

export type InvitationInput = { email: string; name?: string; role: Role; schoolId?: string; formToken?: string };

/**
 * Invites a person who has no account yet. A second invitation to the same address replaces the
 * first (whose link stops working): the lead's latest choice of role and school is the one that counts,
 * and a mistake is put right by inviting again. The same form sent again (`input.formToken`, decision
 * 0147) invites nobody more and sends nothing: `repeat` is true, with the invitation its first sending
 * made, so a double click does not leave the first email's link dead. Sent again with other details (another
 * address, role or school), it is refused whole, naming the address the first sending invited
 * (SentWithOtherDetails, decision 0178). Throws a 403 response unless the actor may manage users.
 */
export async function createInvitation(
  actor: Actor,
  input: InvitationInput,
  options: SendOptions,
): Promise<
  | { ok: true; invitationId: string; email: string; replaced: number; emailSent: boolean; repeat?: true }
  | { ok: false; fieldErrors: FieldErrors }
  | SentWithOtherDetails
> {
  assertCan(actor, "users:manage");
  const now = options.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  const schoolId = input.schoolId || null;
  const demoAddress = env.DEMO_MODE ? null : demoAddressProblem(email);
  if (demoAddress) return { ok: false, fieldErrors: { email: [demoAddress] } };
  const problem = schoolProblem(input.role, schoolId);
  if (problem) return { ok: false, fieldErrors: { schoolId: [problem] } };
  const school = schoolId ? await prisma.school.findUnique({ where: { id: schoolId }, select: { name: true, status: true } }) : null;
  if (schoolId && !school) return { ok: false, fieldErrors: { schoolId: ["Select a school from the list"] } };
  const schoolStatus = school ? schoolActivityRefusal(school.status, "invitation", school.name) : null;
  if (schoolStatus) return { ok: false, fieldErrors: { schoolId: [schoolStatus] } };

  const token = generateInvitationToken();
  const details = { ...input, email, schoolId };
  const once = await saveOnce(input.formToken, "Invitation", details, (note) => inviteInTransaction(actor, input, email, schoolId, school, token, now, note));
  if (!("saved" in once)) {
    return answerSentBefore(once, {
      // The address the first sending invited; none when it has gone since (a school removed with its invitations).
      find: (ids) => prisma.invitation.findUnique({ where: { id: ids[0] }, select: { id: true, email: true } }),
      what: "invitation",
      repeat: (first) => ({ ok: true as const, invitationId: first.id, email: first.email, replaced: 0, emailSent: false, repeat: true as const }),
      made: (first) => `the invitation to ${first.email} sent`,
    });
  }
  const created = once.saved;
  if (!created) {
    return { ok: false, fieldErrors: { email: ["There is already an account with this email address"] } };
  }
  const emailSent = await sendInvitationEmail(created.invitation, token, options);
  return { ok: true, invitationId: created.invitation.id, email, replaced: created.replaced, emailSent };
}

/** The writes of createInvitation, in one transaction that notes the form's token: null when the address already has an account. */
async function inviteInTransaction(
  actor: Actor,
  input: InvitationInput,
  email: string,
  schoolId: string | null,
  school: { name: string } | null,
  token: string,
  now: Date,
  note: (tx: Prisma.TransactionClient, ids: string[]) => Promise<void>,
) {
  return prisma.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) return null;
    const earlier = await tx.invitation.findMany({ where: { email, ...OPEN }, select: { id: true } });
    for (const { id } of earlier) {
      await tx.invitation.update({ where: { id }, data: { revokedAt: now } });
      await recordAudit(
        { actor, action: "revoke", entityType: "Invitation", entityId: id, summary: `Withdrew the invitation to ${email}: replaced by a new invitation` },
        tx,
      );
    }
    const invitation = await tx.invitation.create({
      data: {
        email,
        name: input.name?.trim() || null,
        role: input.role,
        schoolId,
        tokenHash: hashToken(token),
        expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS),
        invitedById: actor.id,
        lastSentAt: now,
        createdAt: now,
      },
      include: withPeople,
    });
    await recordAudit(
      {
        actor,
        action: "create",
        entityType: "Invitation",
        entityId: invitation.id,
        summary: `Invited ${email} as ${roleLabel(input.role)}${school ? ` at ${school.name}` : ""}`,
      },
      tx,
    );
    await note(tx, [invitation.id]);
    return { invitation, replaced: earlier.length };
  });
}

type RevokeOutcome = { ok: true; email: string } | { ok: false; reason: "not-found" | "closed" };

/**
 * A new link (the old one stops working), seven more days, and the email again. Refuses a closed or
 * missing invitation by its reason; throws a 403 response unless the actor may manage users.
 */
export async function resendInvitation(actor: Actor, id: string, options: SendOptions) {
  assertCan(actor, "users:manage");
  const now = options.now ?? new Date();
  const token = generateInvitationToken();
  const invitation = await prisma.$transaction(async (tx) => {
    // An invitation to a school closed since it was sent is not sent again: the school takes no new people.
    const open = await tx.invitation.findFirst({ where: { id, ...OPEN }, select: { schoolId: true } });
    if (!open) return null;
    const closed = open.schoolId ? await schoolRefusal(open.schoolId, "invitation", tx) : null;
    if (closed) return { closed };
    const { count } = await tx.invitation.updateMany({
      where: { id, ...OPEN },
      data: { tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS), lastSentAt: now },
    });
    if (count === 0) return null;
    const updated = await tx.invitation.findUniqueOrThrow({ where: { id }, include: withPeople });
    await recordAudit(
      {
        actor,
        action: "resend",
        entityType: "Invitation",
        entityId: id,
        summary: `Made a new invitation link for ${updated.email}; the earlier link stopped working`,
      },
      tx,
    );
    return updated;
  });
  if (!invitation) return closedOrMissing(id);
  if ("closed" in invitation) return { ok: false as const, reason: "school-closed" as const, message: invitation.closed };
  const emailSent = await sendInvitationEmail(invitation, token, options);
  return { ok: true as const, email: invitation.email, emailSent };
}

/**
 * Withdraws an invitation: its link stops working at once. Refuses a closed or missing invitation by
 * its reason; throws a 403 response unless the actor may manage users.
 */
export async function revokeInvitation(actor: Actor, id: string, now = new Date()): Promise<RevokeOutcome> {
  assertCan(actor, "users:manage");
  const email = await prisma.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id, ...OPEN }, data: { revokedAt: now } });
    if (count === 0) return null;
    const { email } = await tx.invitation.findUniqueOrThrow({ where: { id }, select: { email: true } });
    await recordAudit({ actor, action: "revoke", entityType: "Invitation", entityId: id, summary: `Withdrew the invitation to ${email}` }, tx);
    return email;
  });
  return email ? { ok: true, email } : closedOrMissing(id);
}

async function closedOrMissing(id: string): Promise<{ ok: false; reason: "not-found" | "closed" }> {
  const exists = await prisma.invitation.count({ where: { id } });
  return { ok: false, reason: exists ? "closed" : "not-found" };
}

// Tokens are 32 base32 characters; a value not shaped like one is refused without a database look-up.
const TOKEN_PATTERN = /^[a-z2-7]{20,64}$/;

/**
 * What the person holding a link may see: who invited them, to what, and whether the link still works.
 * No actor: the invitee has no account yet, and the secret token is the authority to see this.
 */
export async function findInvitationByToken(token: string, now = new Date()) {
  if (!TOKEN_PATTERN.test(token)) return { state: "unknown" as const };
  const invitation = await prisma.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: withPeople });
  if (!invitation) return { state: "unknown" as const };
  // A school closed since the invitation was sent takes no new people (schoolActivityRefusal).
  const schoolClosed = invitation.school ? schoolActivityRefusal(invitation.school.status, "invitation") !== null : false;
  const state = stateOf(invitation, now);
  return {
    state: state === "open" && schoolClosed ? ("school-closed" as const) : state,
    email: invitation.email,
    name: invitation.name,
    role: invitation.role,
    schoolName: invitation.school?.name ?? null,
    inviterName: invitation.invitedBy.name,
    expiresAt: invitation.expiresAt,
  };
}

export type AcceptFailure = "unknown" | "expired" | "revoked" | "accepted" | "email-taken" | "school-closed";

class InvitationClosed extends Error {}
class SchoolClosed extends Error {}
class EmailTaken extends Error {}

/**
 * Turns an invitation into an account and signs the person in (`session`), or, for a lead who must set
 * two-step sign-in up first, leaves them to that step (`session` null). The claim is a conditional update in the
 * same transaction as the new user and the audit entries, so of two submissions at once only one wins.
 * No actor: the invitee has no account until this succeeds; the secret token is the authority.
 * `userAgent` (the browser's header) describes the new session's device on the account page.
 */
export async function acceptInvitation(token: string, { name, password }: { name: string; password: string }, now = new Date(), userAgent?: string | null) {
  const found = await findInvitationByToken(token, now);
  if (found.state !== "open") return { ok: false as const, reason: found.state as AcceptFailure };
  const passwordHash = await hashPassword(password);
  const tokenHash = hashToken(token);
  try {
    const user = await prisma.$transaction(async (tx) => {
      const invitation = await tx.invitation.findUnique({ where: { tokenHash } });
      const claimed = await tx.invitation.updateMany({
        where: { tokenHash, ...OPEN, expiresAt: { gt: now } },
        data: { acceptedAt: now },
      });
      if (!invitation || claimed.count !== 1) throw new InvitationClosed();
      if (invitation.schoolId && (await schoolRefusal(invitation.schoolId, "invitation", tx))) throw new SchoolClosed();
      if (await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) throw new EmailTaken();
      const user = await tx.user.create({
        data: { email: invitation.email, name: name.trim(), passwordHash, role: invitation.role, schoolId: invitation.schoolId },
      });
      const actor = { id: user.id, email: user.email };
      const place = found.schoolName ? ` at ${found.schoolName}` : "";
      await recordAudit({ actor, action: "accept", entityType: "Invitation", entityId: invitation.id, summary: `${user.email} accepted the invitation` }, tx);
      await recordAudit(
        { actor, action: "create", entityType: "User", entityId: user.id, summary: `Joined as ${roleLabel(user.role)}${place}, by invitation` },
        tx,
      );
      return user;
    });
    // A lead who must set two-step sign-in up gets no session yet: the set-up step opens it (`mustEnrol`).
    if (await mustEnrol(user)) return { ok: true as const, user, session: null };
    const { token, session } = await createSession(user.id, now, userAgent);
    return { ok: true as const, user, session: { token, expiresAt: session.expiresAt } };
  } catch (error) {
    if (error instanceof InvitationClosed) {
      const again = await findInvitationByToken(token, now);
      return { ok: false as const, reason: (again.state === "open" ? "unknown" : again.state) as AcceptFailure };
    }
    if (error instanceof SchoolClosed) return { ok: false as const, reason: "school-closed" as AcceptFailure };
    if (error instanceof EmailTaken || (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) {
      return { ok: false as const, reason: "email-taken" as AcceptFailure };
    }
    throw error;
  }
}

/**
 * Invitations not yet accepted or withdrawn, most recently sent first, a page at a time (a page past the end
 * shows the last: `pageWithin`); expired ones can still be resent, unless `schoolClosed` (their school takes
 * no new people). `schoolId` narrows them to one school's. Throws a 403 response unless the actor may
 * manage users.
 */
export async function listOpenInvitations(actor: Actor, { page, schoolId, now = new Date() }: { page: number; schoolId?: string; now?: Date }) {
  assertCan(actor, "users:manage");
  const where = { ...OPEN, ...(schoolId ? { schoolId } : {}) };
  const total = await prisma.invitation.count({ where });
  const shown = pageWithin(page, total, INVITATION_PAGE_SIZE);
  const invitations = await prisma.invitation.findMany({
    where,
    orderBy: [{ lastSentAt: "desc" }, { id: "asc" }],
    skip: shown.skip,
    take: shown.take,
    include: { school: { select: { name: true, status: true } } },
  });
  return {
    invitations: invitations.map((invitation) => ({
      id: invitation.id,
      email: invitation.email,
      name: invitation.name,
      role: invitation.role,
      schoolName: invitation.school?.name ?? null,
      lastSentAt: invitation.lastSentAt,
      expiresAt: invitation.expiresAt,
      expired: stateOf(invitation, now) === "expired",
      // Its school takes no new people now: resending would be refused (resendInvitation).
      schoolClosed: invitation.school ? schoolActivityRefusal(invitation.school.status, "invitation") !== null : false,
    })),
    total,
    page: shown.page,
    pageCount: shown.pageCount,
  };
}

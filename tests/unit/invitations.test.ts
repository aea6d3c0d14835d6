import { describe, expect, it, vi } from "vitest";
import { createSession, hashToken, validateSessionToken } from "~/auth/session.server";
import { TWO_STEP_REQUIRED_FOR_LEADS_KEY } from "~/auth/two-step-setting";
import { prisma } from "~/db.server";
import { inviteSchema } from "~/lib/user-access";
import {
  acceptInvitation,
  createInvitation,
  findInvitationByToken,
  generateInvitationToken,
  INVITATION_LIFETIME_MS,
  listOpenInvitations,
  resendInvitation,
  revokeInvitation,
} from "~/models/invitations.server";
import type { Mailer, MailMessage } from "~/models/mailer.server";
import { changeUserAccess, deactivateUser, getUserForAdmin, listUsers, reactivateUser, schoolChoices } from "~/models/users.server";
import { createSchool, createUser } from "./factories";
import { replyOf } from "./support/reply";

const ORIGIN = "https://forum.example.test";
const DAY = 24 * 60 * 60 * 1000;
const GOOD_PASSWORD = "kettle-orbit-lantern";

/** A mailer that keeps what it is given, so a test can read the link the invitee would click. */
function recordingMailer() {
  const sent: MailMessage[] = [];
  const mailer: Mailer = { transport: "outbox", sendMail: async (message) => void sent.push(message) };
  const lastToken = () => {
    const match = /\/invitations\/([a-z2-7]+)/.exec(sent.at(-1)?.text ?? "");
    if (!match?.[1]) throw new Error("No invitation link in the last email");
    return match[1];
  };
  return { mailer, sent, lastToken };
}

let counter = 0;
const uniqueEmail = () => `invitee${++counter}-${Date.now()}@school.example.test`;

async function invite(overrides: Partial<{ email: string; role: "TEACHER" | "MVP_LEAD" | "VRN_LEAD"; schoolId?: string }> = {}, now?: Date) {
  const lead = await createUser({ role: "VRN_LEAD" });
  const school = await createSchool();
  const mail = recordingMailer();
  const email = overrides.email ?? uniqueEmail();
  const role = overrides.role ?? "TEACHER";
  const schoolId = "schoolId" in overrides ? overrides.schoolId : school.id;
  const result = await createInvitation(lead, { email, role, schoolId, name: "Ada Teacher" }, { origin: ORIGIN, mailer: mail.mailer, now });
  if (!result.ok) throw new Error(`Invitation refused: ${JSON.stringify(result)}`);
  return { lead, school, email, result, ...mail, token: mail.lastToken() };
}

describe("invitation tokens", () => {
  it("have at least 128 random bits, and only their SHA-256 is stored", async () => {
    expect(generateInvitationToken()).toMatch(/^[a-z2-7]{32}$/); // 32 base32 characters = 160 bits
    expect(generateInvitationToken()).not.toBe(generateInvitationToken());

    const { token, result, sent } = await invite();
    const stored = await prisma.invitation.findUniqueOrThrow({ where: { id: result.invitationId } });
    expect(stored.tokenHash).toBe(hashToken(token));
    expect(stored.tokenHash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(sent[0]?.text).toContain(`${ORIGIN}/invitations/${token}`);
  });

  it("expire 7 days after they are sent", async () => {
    const now = new Date("2026-03-20T10:00:00Z");
    const { result, token } = await invite({}, now);
    const stored = await prisma.invitation.findUniqueOrThrow({ where: { id: result.invitationId } });
    expect(stored.expiresAt.getTime() - now.getTime()).toBe(INVITATION_LIFETIME_MS);
    expect(INVITATION_LIFETIME_MS).toBe(7 * DAY);

    expect((await findInvitationByToken(token, new Date(now.getTime() + 7 * DAY - 1000))).state).toBe("open");
    expect((await findInvitationByToken(token, new Date(now.getTime() + 7 * DAY))).state).toBe("expired");
    const late = await acceptInvitation(token, { name: "Late", password: GOOD_PASSWORD }, new Date(now.getTime() + 8 * DAY));
    expect(late).toEqual({ ok: false, reason: "expired" });
  });

  it("say who invited them, for which role and school, in plain English", async () => {
    const { sent, lead, school, email } = await invite();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe(email);
    expect(sent[0]?.text).toContain(`${lead.name} (${lead.email}) has invited you`);
    expect(sent[0]?.text).toContain(`as a teacher for ${school.name}`);
    expect(sent[0]?.text).toMatch(/expires in 7 days/);
  });
});

describe("accepting an invitation", () => {
  it("creates the user with the invited role and school and signs them in", async () => {
    const { token, email, school, result } = await invite({ role: "MVP_LEAD" });
    const accepted = await acceptInvitation(token, { name: "  Ada Lovelace ", password: GOOD_PASSWORD });
    if (!accepted.ok) throw new Error(accepted.reason);
    expect(accepted.user).toMatchObject({ email, name: "Ada Lovelace", role: "MVP_LEAD", schoolId: school.id, active: true });
    if (!accepted.session) throw new Error("expected a session");
    const session = await validateSessionToken(accepted.session.token);
    expect(session?.user.id).toBe(accepted.user.id);
    const invitation = await prisma.invitation.findUniqueOrThrow({ where: { id: result.invitationId } });
    expect(invitation.acceptedAt).not.toBeNull();
  });

  it("works once only, even when two submissions race", async () => {
    const { token, email } = await invite();
    const [first, second] = await Promise.all([
      acceptInvitation(token, { name: "First", password: GOOD_PASSWORD }),
      acceptInvitation(token, { name: "Second", password: GOOD_PASSWORD }),
    ]);
    expect([first.ok, second.ok].filter(Boolean)).toHaveLength(1);
    expect([first, second].find((r) => !r.ok)).toEqual({ ok: false, reason: "accepted" });
    expect(await prisma.user.count({ where: { email } })).toBe(1);

    const again = await acceptInvitation(token, { name: "Third", password: GOOD_PASSWORD });
    expect(again).toEqual({ ok: false, reason: "accepted" });
    expect((await findInvitationByToken(token)).state).toBe("accepted");
  });

  it("refuses an unknown token", async () => {
    expect(await acceptInvitation(generateInvitationToken(), { name: "X", password: GOOD_PASSWORD })).toEqual({ ok: false, reason: "unknown" });
    expect((await findInvitationByToken("not a token")).state).toBe("unknown");
  });

  it("refuses a withdrawn invitation", async () => {
    const { token, result, lead, email } = await invite();
    expect(await revokeInvitation(lead, result.invitationId)).toEqual({ ok: true, email });
    expect(await acceptInvitation(token, { name: "X", password: GOOD_PASSWORD })).toEqual({ ok: false, reason: "revoked" });
    expect(await revokeInvitation(lead, result.invitationId)).toEqual({ ok: false, reason: "closed" });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("writes the acceptance and the new account to the audit log", async () => {
    const { token, result } = await invite();
    const accepted = await acceptInvitation(token, { name: "Audit Me", password: GOOD_PASSWORD });
    if (!accepted.ok) throw new Error(accepted.reason);
    const events = await prisma.auditEvent.findMany({ where: { actorId: accepted.user.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, e.entityType, e.entityId])).toEqual([
      ["accept", "Invitation", result.invitationId],
      ["create", "User", accepted.user.id],
    ]);
  });
});

describe("resending an invitation", () => {
  it("issues a new link, stops the old one, and gives seven more days", async () => {
    const start = new Date("2026-05-01T09:00:00Z");
    const { token: oldToken, result, lead, mailer, sent, lastToken } = await invite({}, start);
    const later = new Date(start.getTime() + 6 * DAY);
    const resent = await resendInvitation(lead, result.invitationId, { origin: ORIGIN, mailer, now: later });
    expect(resent).toMatchObject({ ok: true, emailSent: true });
    expect(sent).toHaveLength(2);
    const newToken = lastToken();
    expect(newToken).not.toBe(oldToken);

    expect((await findInvitationByToken(oldToken, later)).state).toBe("unknown");
    expect(await acceptInvitation(oldToken, { name: "Old", password: GOOD_PASSWORD }, later)).toEqual({ ok: false, reason: "unknown" });
    const stored = await prisma.invitation.findUniqueOrThrow({ where: { id: result.invitationId } });
    expect(stored.expiresAt.getTime()).toBe(later.getTime() + 7 * DAY);
    expect(stored.lastSentAt).toEqual(later);
    expect((await acceptInvitation(newToken, { name: "New", password: GOOD_PASSWORD }, later)).ok).toBe(true);
  });

  it("cannot revive an accepted or withdrawn invitation", async () => {
    const { result, lead, mailer } = await invite();
    await revokeInvitation(lead, result.invitationId);
    expect(await resendInvitation(lead, result.invitationId, { origin: ORIGIN, mailer })).toEqual({ ok: false, reason: "closed" });
    expect(await resendInvitation(lead, "no-such-id", { origin: ORIGIN, mailer })).toEqual({ ok: false, reason: "not-found" });
  });

  it("is neither sent again nor accepted once its school has closed, which takes no new people", async () => {
    const { result, lead, mailer, sent, school, token, email } = await invite();
    const listed = async () => (await listOpenInvitations(lead, { page: 1, schoolId: school.id })).invitations.map((i) => i.schoolClosed);
    expect(await listed()).toEqual([false]);
    await prisma.school.update({ where: { id: school.id }, data: { status: "CLOSED" } });
    // The list says so, and offers no Resend for it (app/routes/admin.users._index.tsx).
    expect(await listed()).toEqual([true]);
    const before = await prisma.invitation.findUniqueOrThrow({ where: { id: result.invitationId } });

    expect(await resendInvitation(lead, result.invitationId, { origin: ORIGIN, mailer })).toEqual({
      ok: false,
      reason: "school-closed",
      message: expect.stringMatching(/ is closed, so it cannot /),
    });
    expect(sent).toHaveLength(1);
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: result.invitationId } })).tokenHash).toBe(before.tokenHash);

    expect((await findInvitationByToken(token)).state).toBe("school-closed");
    expect(await acceptInvitation(token, { name: "Ada Teacher", password: GOOD_PASSWORD })).toEqual({ ok: false, reason: "school-closed" });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("keeps the invitation when the mail server fails, so it can be resent", async () => {
    const lead = await createUser();
    const school = await createSchool();
    const failing: Mailer = { transport: "smtp", sendMail: () => Promise.reject(new Error("connection refused")) };
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await createInvitation(lead, { email: uniqueEmail(), role: "TEACHER", schoolId: school.id }, { origin: ORIGIN, mailer: failing });
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
    expect(result).toMatchObject({ ok: true, emailSent: false });
    if (!result.ok) return;
    expect(await prisma.invitation.count({ where: { id: result.invitationId, acceptedAt: null, revokedAt: null } })).toBe(1);
  });
});

describe("invitation rules", () => {
  it("needs a school for teachers and MVP leads, and refuses one for a VRN lead", async () => {
    const school = await createSchool();
    const parse = (fields: Record<string, string>) => inviteSchema.safeParse({ email: "a@school.example", ...fields });
    expect(parse({ role: "TEACHER" }).error?.flatten().fieldErrors.schoolId?.[0]).toMatch(/Select the school/);
    expect(parse({ role: "MVP_LEAD" }).success).toBe(false);
    expect(parse({ role: "VRN_LEAD", schoolId: school.id }).error?.flatten().fieldErrors.schoolId?.[0]).toMatch(/does not belong to a school/);
    expect(parse({ role: "VRN_LEAD" }).success).toBe(true);
    expect(parse({ role: "TEACHER", schoolId: school.id }).success).toBe(true);
    expect(parse({ role: "HEAD", schoolId: school.id }).success).toBe(false);

    // The model holds to the same rules whoever calls it.
    const lead = await createUser();
    const mailer = recordingMailer().mailer;
    const options = { origin: ORIGIN, mailer };
    expect(await createInvitation(lead, { email: uniqueEmail(), role: "TEACHER" }, options)).toMatchObject({
      ok: false,
      fieldErrors: { schoolId: [expect.stringMatching(/Select the school/)] },
    });
    expect(await createInvitation(lead, { email: uniqueEmail(), role: "VRN_LEAD", schoolId: school.id }, options)).toMatchObject({ ok: false });
    expect(await createInvitation(lead, { email: uniqueEmail(), role: "TEACHER", schoolId: "no-such-school" }, options)).toMatchObject({
      ok: false,
      fieldErrors: { schoolId: ["Select a school from the list"] },
    });
    expect(await createInvitation(lead, { email: uniqueEmail(), role: "VRN_LEAD" }, options)).toMatchObject({ ok: true });
  });

  it("refuses an email that already has an account, whatever its case", async () => {
    const existing = await createUser({ email: "already.here@school.example.test" });
    const lead = await createUser();
    const result = await createInvitation(
      lead,
      { email: "  Already.Here@School.example.TEST ", role: "VRN_LEAD" },
      { origin: ORIGIN, mailer: recordingMailer().mailer },
    );
    expect(result).toMatchObject({ ok: false, fieldErrors: { email: ["There is already an account with this email address"] } });
    expect(await prisma.invitation.count({ where: { email: existing.email } })).toBe(0);
  });

  it("refuses an address at the demonstration's domain outside the demonstration, and sends nothing", async () => {
    const lead = await createUser({ role: "VRN_LEAD" });
    const { mailer, sent } = recordingMailer();
    const result = await createInvitation(lead, { email: " New.Teacher@Example.ORG", role: "VRN_LEAD" }, { origin: ORIGIN, mailer });
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        email: ["Enter the person's real email address: addresses at example.org are kept for the demonstration's made-up accounts and receive no email"],
      },
    });
    expect(sent).toEqual([]);
    expect(await prisma.invitation.count({ where: { email: "new.teacher@example.org" } })).toBe(0);
  });

  it("replaces an earlier open invitation to the same address", async () => {
    const first = await invite();
    const second = await createInvitation(
      first.lead,
      { email: first.email, role: "MVP_LEAD", schoolId: first.school.id },
      { origin: ORIGIN, mailer: first.mailer },
    );
    expect(second).toMatchObject({ ok: true, replaced: 1 });
    expect((await findInvitationByToken(first.token)).state).toBe("revoked");
    expect(await prisma.invitation.count({ where: { email: first.email, acceptedAt: null, revokedAt: null } })).toBe(1);
  });

  it("writes created, resent and withdrawn invitations to the audit log", async () => {
    const { result, lead, mailer, email } = await invite();
    await resendInvitation(lead, result.invitationId, { origin: ORIGIN, mailer });
    await revokeInvitation(lead, result.invitationId);
    const events = await prisma.auditEvent.findMany({ where: { entityId: result.invitationId }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["create", "resend", "revoke"]);
    expect(events.every((e) => e.actorId === lead.id && e.actorEmail === lead.email && e.entityType === "Invitation")).toBe(true);
    expect(events[0]?.summary).toContain(email);
    // Written before the email is tried, so it claims the new link, never a sending.
    expect(events[1]?.summary).toBe(`Made a new invitation link for ${email}; the earlier link stopped working`);
  });
});

describe("managing users", () => {
  it("ends every session of a deactivated user, and lets them back in when reactivated", async () => {
    const lead = await createUser();
    const school = await createSchool();
    const teacher = await createUser({ role: "TEACHER", schoolId: school.id });
    const one = await createSession(teacher.id);
    const two = await createSession(teacher.id);

    expect(await deactivateUser(lead, teacher.id)).toMatchObject({ ok: true, changed: true });
    expect(await prisma.session.count({ where: { userId: teacher.id } })).toBe(0);
    expect(await validateSessionToken(one.token)).toBeNull();
    expect(await validateSessionToken(two.token)).toBeNull();
    expect((await prisma.user.findUniqueOrThrow({ where: { id: teacher.id } })).active).toBe(false);

    expect(await reactivateUser(lead, teacher.id)).toMatchObject({ ok: true, changed: true });
    expect(await reactivateUser(lead, teacher.id)).toMatchObject({ ok: true, changed: false });
    const events = await prisma.auditEvent.findMany({ where: { entityId: teacher.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["deactivate", "reactivate"]);
  });

  it("does not let the lead deactivate themselves or give up their own lead role", async () => {
    const lead = await createUser();
    const school = await createSchool();
    const { token } = await createSession(lead.id);
    expect(await deactivateUser(lead, lead.id)).toMatchObject({ ok: false, reason: "refused" });
    expect(await changeUserAccess(lead, lead.id, { role: "TEACHER", schoolId: school.id })).toMatchObject({ ok: false, reason: "refused", field: "role" });
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: lead.id } });
    expect(stored).toMatchObject({ active: true, role: "VRN_LEAD", schoolId: null });
    expect(await validateSessionToken(token)).not.toBeNull();
  });

  it("changes another person's role and school under the same rules, and audits it", async () => {
    const lead = await createUser();
    const [a, b] = [await createSchool(), await createSchool()];
    const teacher = await createUser({ role: "TEACHER", schoolId: a.id });
    expect(await changeUserAccess(lead, teacher.id, { role: "VRN_LEAD", schoolId: b.id })).toMatchObject({ ok: false, field: "schoolId" });
    expect(await changeUserAccess(lead, teacher.id, { role: "MVP_LEAD" })).toMatchObject({ ok: false, field: "schoolId" });
    expect(await changeUserAccess(lead, teacher.id, { role: "MVP_LEAD", schoolId: b.id })).toMatchObject({ ok: true, changed: true });
    expect(await changeUserAccess(lead, teacher.id, { role: "MVP_LEAD", schoolId: b.id })).toMatchObject({ ok: true, changed: false });
    expect(await changeUserAccess(lead, "no-such-user", { role: "VRN_LEAD" })).toEqual({ ok: false, reason: "not-found" });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: teacher.id } })).toMatchObject({ role: "MVP_LEAD", schoolId: b.id });
    const [event] = await prisma.auditEvent.findMany({ where: { entityId: teacher.id } });
    expect(event).toMatchObject({ action: "change-role", actorId: lead.id });
    expect(event?.summary).toContain(`role from Teacher to MVP lead and school from ${a.name} to ${b.name}`);
  });
});

describe("who may manage people", () => {
  it("refuses a teacher every user and invitation function with a 403, and changes nothing", async () => {
    const { school, result } = await invite();
    const teacher = await createUser({ role: "TEACHER", schoolId: school.id });
    const colleague = await createUser({ role: "TEACHER", schoolId: school.id });
    const options = { origin: ORIGIN, mailer: recordingMailer().mailer };

    await expect(listUsers(teacher, { page: 1 })).rejects.toMatchObject({ status: 403 });
    await expect(getUserForAdmin(teacher, colleague.id)).rejects.toMatchObject({ status: 403 });
    await expect(schoolChoices(teacher)).rejects.toMatchObject({ status: 403 });
    await expect(changeUserAccess(teacher, teacher.id, { role: "VRN_LEAD" })).rejects.toMatchObject({ status: 403 });
    await expect(deactivateUser(teacher, colleague.id)).rejects.toMatchObject({ status: 403 });
    await expect(reactivateUser(teacher, colleague.id)).rejects.toMatchObject({ status: 403 });
    await expect(listOpenInvitations(teacher, { page: 1 })).rejects.toMatchObject({ status: 403 });
    await expect(createInvitation(teacher, { email: uniqueEmail(), role: "TEACHER", schoolId: school.id }, options)).rejects.toMatchObject({ status: 403 });
    await expect(resendInvitation(teacher, result.invitationId, options)).rejects.toMatchObject({ status: 403 });
    await expect(revokeInvitation(teacher, result.invitationId)).rejects.toMatchObject({ status: 403 });

    expect(await prisma.user.findUniqueOrThrow({ where: { id: teacher.id } })).toMatchObject({ role: "TEACHER", active: true });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: colleague.id } })).toMatchObject({ active: true });
    expect(await prisma.invitation.findUniqueOrThrow({ where: { id: result.invitationId } })).toMatchObject({ revokedAt: null });
    expect(await prisma.auditEvent.count({ where: { actorId: teacher.id } })).toBe(0);
  });
});

describe("the invitation page's password", () => {
  it("may not be the invited email address or the name typed, and says so by the field with a 400", async () => {
    const { action } = await import("~/routes/invitations.$token");
    const { token, email } = await invite();
    const post = async (fields: Record<string, string>) =>
      replyOf(
        await action({
          request: new Request(`http://localhost/invitations/${token}`, { method: "POST", body: new URLSearchParams(fields) }),
          context: { cspNonce: "", clientAddress: "192.0.2.9", secureCookies: false, setCookie: () => {} },
          params: { token },
        }),
      );
    const localPart = email.split("@")[0]!;
    const own = await post({ name: "Ada Teacher", password: localPart, confirmPassword: localPart });
    expect(own.status).toBe(400);
    expect(JSON.stringify(own.body)).toContain("Password must not be your email address");
    const name = await post({ name: "Ada Lovelace", password: "ada lovelace", confirmPassword: "ada lovelace" });
    expect(JSON.stringify(name.body)).toContain("Password must not be your name");
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });
});

describe("while two-step sign-in is required for leads", () => {
  it("no lead without it holds a session, however they came by one: a teacher made a lead, or a lead who accepts an invitation", async () => {
    const required = { key: TWO_STEP_REQUIRED_FOR_LEADS_KEY, value: "true" };
    await prisma.setting.upsert({ where: { key: required.key }, create: required, update: required });
    try {
      const { lead, school } = await invite();
      const teacher = await createUser({ role: "TEACHER", schoolId: school.id });
      const { token } = await createSession(teacher.id);
      expect((await validateSessionToken(token))?.user.role).toBe("TEACHER");
      expect(await changeUserAccess(lead, teacher.id, { role: "VRN_LEAD", schoolId: null })).toMatchObject({ ok: true, changed: true });
      expect(await validateSessionToken(token)).toBeNull();
      expect(await prisma.session.count({ where: { userId: teacher.id } })).toBe(0);

      const invited = await invite({ role: "VRN_LEAD", schoolId: undefined });
      const accepted = await acceptInvitation(invited.token, { name: "Grace Hopper", password: GOOD_PASSWORD });
      expect(accepted).toMatchObject({ ok: true, session: null });
      if (!accepted.ok) throw new Error(accepted.reason);
      expect(await prisma.session.count({ where: { userId: accepted.user.id } })).toBe(0);

      // An invited teacher is signed in as before.
      const colleague = await invite();
      expect(await acceptInvitation(colleague.token, { name: "Ada Teacher", password: GOOD_PASSWORD })).toMatchObject({
        ok: true,
        session: { token: expect.any(String) },
      });
    } finally {
      await prisma.setting.delete({ where: { key: required.key } });
    }
  });
});

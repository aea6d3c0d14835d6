import { describe, expect, it } from "vitest";
import { verifyPassword } from "~/auth/password.server";
import { createSession, hashToken, validateSessionToken } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { createMailer } from "~/models/mailer.server";
import {
  findPasswordReset,
  requestPasswordReset,
  resetPassword,
  RESET_LIFETIME_MS,
  RESETS_PER_ACCOUNT_PER_HOUR,
  sendPasswordResetByLead,
} from "~/models/password-resets.server";
import { createSchool, createUser } from "./factories";
import { replyOf } from "./support/reply";

const ORIGIN = "https://forum.example.test";
const outbox = createMailer({ smtpUrl: undefined, from: "VRN Schools Forum <no-reply@forum.example.test>" });
const NEW_PASSWORD = "lantern meadow copper";

/** The token in the newest reset email to `email`, read from the outbox as the person would read it. */
async function linkTokenFor(email: string) {
  const message = await prisma.outboxMessage.findFirstOrThrow({ where: { to: email }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  const token = /\/reset-password\/([a-z2-7]+)/.exec(message.text)?.[1];
  if (!token) throw new Error(`No reset link in: ${message.text}`);
  return { token, message };
}

describe("asking for a password reset link", () => {
  it("emails an active account a single-use link whose token is stored only as its SHA-256, valid for 1 hour", async () => {
    const user = await createUser({ role: "TEACHER", schoolId: (await createSchool()).id });
    const now = new Date("2026-11-20T10:00:00Z");
    expect(await requestPasswordReset(`  ${user.email.toUpperCase()} `, { origin: ORIGIN, mailer: outbox, now })).toBe("sent");

    const { token, message } = await linkTokenFor(user.email);
    expect(message.subject).toBe("Set a new password for the VRN Schools Forum");
    expect(message.text).toContain(`${ORIGIN}/reset-password/${token}`);
    const row = await prisma.passwordReset.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - now.getTime()).toBe(RESET_LIFETIME_MS);
    expect(RESET_LIFETIME_MS).toBe(60 * 60_000);
    expect(await findPasswordReset(token, new Date(now.getTime() + RESET_LIFETIME_MS - 1))).toEqual({ state: "open", email: user.email });
    expect(await findPasswordReset(token, new Date(now.getTime() + RESET_LIFETIME_MS))).toEqual({ state: "expired" });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: user.id, action: "password-reset-sent" } });
    expect(audit.summary).toBe("Asked for a link to set a new password");
  });

  it("sends nothing for an address with no account, or a deactivated one", async () => {
    const inactive = await createUser({ active: false });
    expect(await requestPasswordReset("nobody.here@example.test", { origin: ORIGIN, mailer: outbox })).toBe("no-account");
    expect(await requestPasswordReset(inactive.email, { origin: ORIGIN, mailer: outbox })).toBe("no-account");
    expect(await prisma.outboxMessage.count({ where: { to: { in: ["nobody.here@example.test", inactive.email] } } })).toBe(0);
  });

  it(`sends an account at most ${RESETS_PER_ACCOUNT_PER_HOUR} links in a rolling hour`, async () => {
    const user = await createUser();
    const start = new Date("2026-11-20T10:00:00Z").getTime();
    const at = (minutes: number) => ({ origin: ORIGIN, mailer: outbox, now: new Date(start + minutes * 60_000) });
    for (let i = 0; i < RESETS_PER_ACCOUNT_PER_HOUR; i++) expect(await requestPasswordReset(user.email, at(i))).toBe("sent");
    expect(await requestPasswordReset(user.email, at(30))).toBe("too-many");
    expect(await prisma.outboxMessage.count({ where: { to: user.email } })).toBe(RESETS_PER_ACCOUNT_PER_HOUR);
    expect(await requestPasswordReset(user.email, at(61))).toBe("sent");
  });

  it("says when the mail server refused the email, and keeps the link for the audit trail", async () => {
    const user = await createUser();
    const broken = { transport: "smtp" as const, sendMail: () => Promise.reject(new Error("connection refused")) };
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(await requestPasswordReset(user.email, { origin: ORIGIN, mailer: broken })).toBe("not-sent");
    } finally {
      console.error = quiet;
    }
  });
});

describe("setting a new password from the link", () => {
  it("changes the password, ends every session and every other link, and is audited", async () => {
    const user = await createUser();
    const sessions = [await createSession(user.id), await createSession(user.id)];
    await requestPasswordReset(user.email, { origin: ORIGIN, mailer: outbox });
    const older = await linkTokenFor(user.email);
    await requestPasswordReset(user.email, { origin: ORIGIN, mailer: outbox });
    const newer = await linkTokenFor(user.email);
    expect(newer.token).not.toBe(older.token);

    expect(await resetPassword(newer.token, NEW_PASSWORD)).toEqual({ ok: true, email: user.email });
    const saved = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(saved.passwordHash, NEW_PASSWORD)).toBe(true);
    for (const { token } of sessions) expect(await validateSessionToken(token)).toBeNull();
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);

    expect(await resetPassword(newer.token, "another long password")).toEqual({ ok: false, reason: "used" });
    expect(await resetPassword(older.token, "another long password")).toEqual({ ok: false, reason: "used" });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: user.id, action: "password-reset" } });
    expect(audit).toMatchObject({ actorId: user.id, summary: "Set a new password from a reset link; signed out of 2 sessions" });
  });

  it("refuses an expired link, an unknown one and a malformed one, changing nothing", async () => {
    const user = await createUser();
    const now = new Date("2026-11-20T10:00:00Z");
    await requestPasswordReset(user.email, { origin: ORIGIN, mailer: outbox, now });
    const { token } = await linkTokenFor(user.email);
    const before = (await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(await resetPassword(token, NEW_PASSWORD, new Date(now.getTime() + RESET_LIFETIME_MS + 1))).toEqual({ ok: false, reason: "expired" });
    expect(await resetPassword("a".repeat(32), NEW_PASSWORD)).toEqual({ ok: false, reason: "unknown" });
    expect(await resetPassword("../../etc", NEW_PASSWORD)).toEqual({ ok: false, reason: "unknown" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(before);
  });

  it("takes only the newest link of an account: a link sent since ends the older ones, changing nothing", async () => {
    const user = await createUser();
    const lead = await createUser();
    const start = new Date("2026-11-20T10:00:00Z").getTime();
    const at = (minutes: number) => ({ origin: ORIGIN, mailer: outbox, now: new Date(start + minutes * 60_000) });
    await requestPasswordReset(user.email, at(0));
    const first = await linkTokenFor(user.email);
    const before = (await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;

    await requestPasswordReset(user.email, at(5));
    const second = await linkTokenFor(user.email);
    expect(await findPasswordReset(first.token, new Date(start + 6 * 60_000))).toEqual({ state: "replaced" });
    expect(await resetPassword(first.token, NEW_PASSWORD, new Date(start + 6 * 60_000))).toEqual({ ok: false, reason: "replaced" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(before);

    // One the lead sends ends the person's own as well.
    await sendPasswordResetByLead(lead, user.id, at(10));
    const third = await linkTokenFor(user.email);
    expect(await resetPassword(second.token, NEW_PASSWORD, new Date(start + 11 * 60_000))).toEqual({ ok: false, reason: "replaced" });
    expect(await resetPassword(third.token, NEW_PASSWORD, new Date(start + 11 * 60_000))).toEqual({ ok: true, email: user.email });
  });

  it("keeps the older link working when the newer one's email could not be sent", async () => {
    const user = await createUser();
    const start = new Date("2026-11-20T10:00:00Z").getTime();
    await requestPasswordReset(user.email, { origin: ORIGIN, mailer: outbox, now: new Date(start) });
    const { token } = await linkTokenFor(user.email);
    const broken = { transport: "smtp" as const, sendMail: () => Promise.reject(new Error("connection refused")) };
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(await requestPasswordReset(user.email, { origin: ORIGIN, mailer: broken, now: new Date(start + 60_000) })).toBe("not-sent");
    } finally {
      console.error = quiet;
    }
    expect(await findPasswordReset(token, new Date(start + 2 * 60_000))).toEqual({ state: "open", email: user.email });
    expect(await resetPassword(token, NEW_PASSWORD, new Date(start + 2 * 60_000))).toEqual({ ok: true, email: user.email });
  });

  it("lets only one of two submissions at once win", async () => {
    const user = await createUser();
    await requestPasswordReset(user.email, { origin: ORIGIN, mailer: outbox });
    const { token } = await linkTokenFor(user.email);
    const results = await Promise.all([resetPassword(token, NEW_PASSWORD), resetPassword(token, "a different long password")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await prisma.auditEvent.count({ where: { entityId: user.id, action: "password-reset" } })).toBe(1);
  });
});

describe("the lead sends a reset link", () => {
  it("emails an active user a link in the lead's name, and audits who sent it", async () => {
    const lead = await createUser({ name: "Priya Lead" });
    const teacher = await createUser({ role: "TEACHER", schoolId: (await createSchool()).id });
    expect(await sendPasswordResetByLead(lead, teacher.id, { origin: ORIGIN, mailer: outbox })).toMatchObject({
      ok: true,
      email: teacher.email,
      emailSent: true,
    });
    const { message } = await linkTokenFor(teacher.email);
    expect(message.text).toContain("Priya Lead has sent you a link");
    expect(await prisma.passwordReset.findFirst({ where: { userId: teacher.id } })).toMatchObject({ sentById: lead.id });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: teacher.id, action: "password-reset-sent" } });
    expect(audit).toMatchObject({ actorId: lead.id, summary: `Made a link for ${teacher.email} to set a new password` });
  });

  it("refuses a deactivated account, and anyone but the lead", async () => {
    const lead = await createUser();
    const inactive = await createUser({ active: false });
    expect(await sendPasswordResetByLead(lead, inactive.id, { origin: ORIGIN, mailer: outbox })).toMatchObject({ ok: false, reason: "inactive" });
    expect(await sendPasswordResetByLead(lead, "no-such-user", { origin: ORIGIN, mailer: outbox })).toMatchObject({ ok: false, reason: "not-found" });
    const teacher = await createUser({ role: "TEACHER", schoolId: (await createSchool()).id });
    await expect(sendPasswordResetByLead(teacher, lead.id, { origin: ORIGIN, mailer: outbox })).rejects.toMatchObject({ status: 403 });
  });
});

describe("the forgotten-password page", () => {
  it("sends a link to the service's own address, never to the Host a request names", async () => {
    const { action } = await import("~/routes/forgotten-password");
    const { env } = await import("~/env.server");
    const user = await createUser({ role: "TEACHER", schoolId: (await createSchool()).id });
    // A request made by hand to this server, naming another site as its Host (the CSRF check passes:
    // its Origin names the same site).
    const request = new Request("http://evil.example/forgotten-password", { method: "POST", body: new URLSearchParams({ email: user.email }) });
    const context = { cspNonce: "", clientAddress: "198.51.100.40", secureCookies: false, setCookie: () => {} };
    expect((await replyOf(await action({ request, context, params: {} }))).status).toBe(200);
    // The link is written after the page answers (decision 0038): wait for it.
    for (let i = 0; i < 100 && (await prisma.outboxMessage.count({ where: { to: user.email } })) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const { message } = await linkTokenFor(user.email);
    expect(message.text).not.toContain("evil.example");
    expect(message.text).toContain(`${new URL(env.APP_URL ?? `http://localhost:${env.PORT}`).origin}/reset-password/`);
  });
});

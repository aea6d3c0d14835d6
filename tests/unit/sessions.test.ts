import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { changeOwnPassword } from "~/auth/account.server";
import { getUser } from "~/auth/guards.server";
import {
  createSession,
  generateSessionToken,
  sessionCookie,
  hashToken,
  invalidateSession,
  SESSION_LIFETIME_MS,
  validateSessionToken,
} from "~/auth/session.server";
import { prisma } from "~/db.server";
import { createSchool, createUser, TEST_PASSWORD } from "./factories";

const DAY = 24 * 60 * 60 * 1000;

describe("session tokens", () => {
  it("have at least 128 random bits and are never stored as they are", async () => {
    const token = generateSessionToken();
    expect(token).toMatch(/^[a-z2-7]{32}$/); // 32 base32 characters = 160 bits
    expect(generateSessionToken()).not.toBe(token);

    const user = await createUser();
    const { token: issued, session } = await createSession(user.id);
    expect(session.id).toBe(hashToken(issued));
    expect(session.id).toMatch(/^[0-9a-f]{64}$/);
    const stored = await prisma.session.findMany({ where: { userId: user.id } });
    expect(stored.map((s) => s.id)).not.toContain(issued);
  });

  it("validate to the user they were issued for, and not when unknown", async () => {
    const user = await createUser({ role: "TEACHER" });
    const { token } = await createSession(user.id);
    const result = await validateSessionToken(token);
    expect(result?.user).toMatchObject({ id: user.id, email: user.email, role: "TEACHER" });
    expect(await validateSessionToken(generateSessionToken())).toBeNull();
  });

  it("bring the user's school name and status with them, and none for a user without a school", async () => {
    const school = await createSchool({ name: "Braunstone Academy" });
    const teacher = await createUser({ role: "TEACHER", schoolId: school.id });
    const lead = await createUser({ role: "VRN_LEAD", schoolId: null });
    const forTeacher = await validateSessionToken((await createSession(teacher.id)).token);
    expect(forTeacher?.user).toEqual({
      id: teacher.id,
      email: teacher.email,
      name: teacher.name,
      role: "TEACHER",
      schoolId: school.id,
      schoolName: "Braunstone Academy",
      schoolStatus: "OPEN",
    });
    const forLead = await validateSessionToken((await createSession(lead.id)).token);
    expect(forLead?.user).toMatchObject({ id: lead.id, schoolId: null, schoolName: null, schoolStatus: null });
  });
});

describe("sliding expiry", () => {
  it("lasts 30 days and is not renewed while more than 15 days are left", async () => {
    const user = await createUser();
    const start = new Date("2026-01-01T12:00:00Z");
    const { token, session } = await createSession(user.id, start);
    expect(session.expiresAt.getTime() - start.getTime()).toBe(SESSION_LIFETIME_MS);

    const result = await validateSessionToken(token, new Date(start.getTime() + 10 * DAY));
    expect(result?.renewed).toBe(false);
    expect(result?.session.expiresAt).toEqual(session.expiresAt);
  });

  it("is renewed to 30 days from now when under 15 days are left", async () => {
    const user = await createUser();
    const start = new Date("2026-01-01T12:00:00Z");
    const { token } = await createSession(user.id, start);
    const later = new Date(start.getTime() + 20 * DAY);
    const result = await validateSessionToken(token, later);
    expect(result?.renewed).toBe(true);
    expect(result?.session.expiresAt.getTime()).toBe(later.getTime() + SESSION_LIFETIME_MS);
    const stored = await prisma.session.findUniqueOrThrow({ where: { id: hashToken(token) } });
    expect(stored.expiresAt.getTime()).toBe(later.getTime() + SESSION_LIFETIME_MS);
  });

  it("ends after 30 days without use, and the expired row is deleted", async () => {
    const user = await createUser();
    const start = new Date("2026-01-01T12:00:00Z");
    const { token } = await createSession(user.id, start);
    expect(await validateSessionToken(token, new Date(start.getTime() + 31 * DAY))).toBeNull();
    expect(await prisma.session.count({ where: { id: hashToken(token) } })).toBe(0);
  });
});

describe("revocation", () => {
  it("ends a session on sign-out", async () => {
    const user = await createUser();
    const { token, session } = await createSession(user.id);
    await invalidateSession(session.id);
    expect(await validateSessionToken(token)).toBeNull();
  });

  it("ends every session of a user who is deactivated", async () => {
    const user = await createUser();
    const { token } = await createSession(user.id);
    await prisma.user.update({ where: { id: user.id }, data: { active: false } });
    expect(await validateSessionToken(token)).toBeNull();
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("ends all other sessions when the password changes, keeping the browser that changed it", async () => {
    const user = await createUser();
    const elsewhere = await createSession(user.id);
    const here = await createSession(user.id);

    const result = await changeOwnPassword(user.id, TEST_PASSWORD, "a-brand-new-passphrase");
    expect(result.ok).toBe(true);
    expect(await validateSessionToken(elsewhere.token)).toBeNull();
    expect(await validateSessionToken(here.token)).toBeNull();
    if (!result.ok) return;
    expect((await validateSessionToken(result.token))?.user.id).toBe(user.id);
  });

  it("refuses a password change with the wrong current password and changes nothing", async () => {
    const user = await createUser();
    const { token } = await createSession(user.id);
    const result = await changeOwnPassword(user.id, "not-my-password", "a-brand-new-passphrase");
    expect(result).toMatchObject({ ok: false, field: "currentPassword" });
    expect(await validateSessionToken(token)).not.toBeNull();
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toBe(user.passwordHash);
  });
});

describe("the session cookie", () => {
  function contextWithCookies() {
    const cookies: string[] = [];
    const context: AppLoadContext = { cspNonce: "", clientAddress: "192.0.2.1", secureCookies: false, setCookie: (c: string) => void cookies.push(c) };
    return { context, cookies };
  }

  it("carries the token as it is, and signs the user in when sent back", async () => {
    const user = await createUser({ role: "VRN_LEAD" });
    const { token, session } = await createSession(user.id);
    const header = sessionCookie(token, session.expiresAt, { secure: false });
    expect(header.split(";")[0]).toBe(`vrn_session=${token}`);
    const { context } = contextWithCookies();
    const request = new Request("http://localhost/", { headers: { Cookie: `other=1; ${header.split(";")[0]}` } });
    expect((await getUser({ request, context }))?.id).toBe(user.id);
  });

  it("is treated as absent when its value cannot be decoded", async () => {
    for (const value of ["%", "%ZZ"]) {
      const { context, cookies } = contextWithCookies();
      const request = new Request("http://localhost/", { headers: { Cookie: `vrn_session=${value}` } });
      expect(await getUser({ request, context })).toBeNull();
      expect(cookies).toEqual([]);
    }
  });
});

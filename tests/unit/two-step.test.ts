import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { checkSecondStep, completePendingSignIn, findPendingSignIn, startPendingSignIn, type PendingSignIn } from "~/auth/second-step.server";
import { createSession } from "~/auth/session.server";
import { signIn } from "~/auth/sign-in.server";
import { openSecret, sealSecret, stepOfCode, totpStep } from "~/auth/totp.server";
import {
  confirmEnrolment,
  regenerateRecoveryCodes,
  resetTwoStepFor,
  setTwoStepRequiredForLeads,
  startEnrolment,
  turnOffTwoStep,
  twoStepStatus,
  userHasTwoStep,
} from "~/auth/two-step.server";
import { TWO_STEP_REQUIRED_FOR_LEADS_KEY } from "~/auth/two-step-setting";
import { MAX_CODE_ATTEMPTS } from "~/auth/two-step-throttle.server";
import { prisma } from "~/db.server";
import { createSchool, createUser, TEST_PASSWORD } from "./factories";
import { flashOf, routeContext, signedInPost } from "./support/route";

// A fixed moment, so every code below is computed for a known 30-second step.
const NOW = new Date("2026-11-29T10:00:15Z");
const codeAt = (key: Uint8Array, at: Date) => generateHOTP(key, BigInt(totpStep(at)), 6);
const seconds = (n: number) => new Date(NOW.getTime() + n * 1000);

/** A user with two-step on, set up at NOW, with their key and recovery codes. */
async function userWithTwoStep(overrides: Parameters<typeof createUser>[0] = {}) {
  const user = await createUser(overrides);
  const enrolment = await startEnrolment(user);
  if (!enrolment) throw new Error("expected an enrolment");
  const key = decodeBase32IgnorePadding(enrolment.secret.replace(/ /g, ""));
  const result = await confirmEnrolment(user, codeAt(key, NOW), null, NOW);
  if (!result.ok) throw new Error("expected the enrolment to be confirmed");
  return { user, key, recoveryCodes: result.recoveryCodes };
}

/** A pending sign-in for the user, found again through the cookie as the route finds it. */
async function pendingFor(userId: string, step: "CODE" | "ENROL" = "CODE"): Promise<PendingSignIn> {
  const setCookie = await startPendingSignIn({ userId, step, attemptIds: [] }, "/reach", { secure: false });
  const request = new Request("http://localhost/sign-in/two-step", { headers: { Cookie: setCookie?.split(";")[0] ?? "" } });
  const pending = await findPendingSignIn(request, step);
  if (!pending) throw new Error("expected a pending sign-in");
  return pending;
}

describe("TOTP codes (RFC 6238)", () => {
  const key = new Uint8Array(20).fill(7);

  it("accepts the code of the current step and one step either side, and no further", () => {
    const step = totpStep(NOW);
    expect(stepOfCode(key, codeAt(key, NOW), NOW)).toBe(step);
    expect(stepOfCode(key, codeAt(key, seconds(-30)), NOW)).toBe(step - 1);
    expect(stepOfCode(key, codeAt(key, seconds(30)), NOW)).toBe(step + 1);
    expect(stepOfCode(key, codeAt(key, seconds(-60)), NOW)).toBeNull();
    expect(stepOfCode(key, codeAt(key, seconds(60)), NOW)).toBeNull();
  });

  it("ignores spaces and refuses anything but six digits", () => {
    const code = codeAt(key, NOW);
    expect(stepOfCode(key, `${code.slice(0, 3)} ${code.slice(3)}`, NOW)).toBe(totpStep(NOW));
    expect(stepOfCode(key, "12345", NOW)).toBeNull();
    expect(stepOfCode(key, "1e5000", NOW)).toBeNull();
  });

  it("keeps the secret encrypted at rest when a key is configured, and plain but marked so when not", () => {
    const encryptionKey = new Uint8Array(32).fill(1);
    const sealed = sealSecret(key, encryptionKey);
    expect(sealed.startsWith("aes-256-gcm:")).toBe(true);
    expect(openSecret(sealed, encryptionKey)).toEqual(key);
    expect(() => openSecret(sealed, new Uint8Array(32).fill(2))).toThrow();
    expect(() => openSecret(sealed, null)).toThrow(/TWO_STEP_KEY/);
    expect(openSecret(sealSecret(key, null), null)).toEqual(key);
  });
});

describe("setting two-step sign-in up", () => {
  it("shows the same secret until it is confirmed, and turns on only with a right code", async () => {
    const user = await createUser();
    const first = await startEnrolment(user);
    expect(await startEnrolment(user)).toEqual(first);
    expect(first?.qrCode.startsWith("data:image/svg+xml;base64,")).toBe(true);
    const key = decodeBase32IgnorePadding(first!.secret.replace(/ /g, ""));

    expect(await confirmEnrolment(user, "000000" === codeAt(key, NOW) ? "111111" : "000000", null, NOW)).toEqual({ ok: false, reason: "invalid" });
    expect((await twoStepStatus(user)).enabled).toBe(false);

    const confirmed = await confirmEnrolment(user, codeAt(key, NOW), null, NOW);
    expect(confirmed.ok).toBe(true);
    expect(await twoStepStatus(user)).toEqual({ enabled: true, recoveryCodesLeft: 10, required: false });
    expect(await startEnrolment(user)).toBeNull();
  });

  it("stores only hashes of the recovery codes, which are all different", async () => {
    const { user, recoveryCodes } = await userWithTwoStep();
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await prisma.recoveryCode.findMany({ where: { userId: user.id } });
    for (const code of recoveryCodes) {
      expect(stored.some((row) => row.codeHash.includes(code.replace("-", "")))).toBe(false);
    }
  });

  it("turns off and makes new recovery codes only with the right password and a current code (decision 0164)", async () => {
    const { user, key, recoveryCodes } = await userWithTwoStep();
    const later = seconds(60);
    const code = codeAt(key, later);
    const wrong = ["000000", "111111", "222222", "333333"].find((guess) => ![seconds(30), later, seconds(90)].some((at) => codeAt(key, at) === guess))!;
    expect(await regenerateRecoveryCodes(user, { password: "not-the-password", code: code }, later)).toMatchObject({ ok: false, field: "password" });
    // A session and the password alone, taken or guessed, cannot make recovery codes of their own.
    expect(await regenerateRecoveryCodes(user, { password: TEST_PASSWORD, code: wrong }, later)).toMatchObject({ ok: false, field: "code" });
    expect(await regenerateRecoveryCodes(user, { password: TEST_PASSWORD, code: "" }, later)).toMatchObject({ ok: false, field: "code" });
    expect(await prisma.auditEvent.count({ where: { actorId: user.id, action: "password-check-failed" } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { actorId: user.id, action: "two-step-code-failed" } })).toBe(2);
    const regenerated = await regenerateRecoveryCodes(user, { password: TEST_PASSWORD, code: code }, later);
    if (!regenerated.ok) throw new Error("expected new codes");
    const pending = await pendingFor(user.id);
    expect(await checkSecondStep(pending, recoveryCodes[0]!, NOW)).toEqual({ ok: false, reason: "invalid" });
    expect(await checkSecondStep(pending, regenerated.recoveryCodes[0]!, NOW)).toMatchObject({ ok: true, usedRecoveryCode: true });

    expect(await turnOffTwoStep(user, { password: "not-the-password", code: regenerated.recoveryCodes[1]! }, later)).toMatchObject({
      ok: false,
      field: "password",
    });
    // The app's code just used cannot be used again; a used recovery code neither.
    expect(await turnOffTwoStep(user, { password: TEST_PASSWORD, code: code }, later)).toMatchObject({ ok: false, field: "code" });
    expect(await turnOffTwoStep(user, { password: TEST_PASSWORD, code: regenerated.recoveryCodes[0]! }, later)).toMatchObject({ ok: false, field: "code" });
    expect(await twoStepStatus(user)).toMatchObject({ enabled: true });
    expect(await turnOffTwoStep(user, { password: TEST_PASSWORD, code: regenerated.recoveryCodes[1]! }, later)).toEqual({
      ok: true,
      signedOut: false,
      changed: true,
    });
    expect(await twoStepStatus(user)).toEqual({ enabled: false, recoveryCodesLeft: 0, required: false });
    // Pressed again (another tab): it was off already, so no code is asked and nothing more is recorded as turned off.
    const turnedOff = { actorId: user.id, summary: "Turned off two-step sign-in" };
    expect(await prisma.auditEvent.count({ where: turnedOff })).toBe(1);
    expect(await turnOffTwoStep(user, { password: TEST_PASSWORD, code: "" }, later)).toEqual({ ok: true, signedOut: false, changed: false });
    expect(await prisma.auditEvent.count({ where: turnedOff })).toBe(1);
  });
});

describe("the code step of signing in", () => {
  it("opens no session after the password, and exactly one after a right code", async () => {
    const { user, key } = await userWithTwoStep();
    const result = await signIn(user.email, TEST_PASSWORD, "10.1.0.1");
    expect(result).toMatchObject({ ok: false, reason: "second-step", step: "CODE", userId: user.id });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);

    const pending = await pendingFor(user.id);
    expect(await checkSecondStep(pending, codeAt(key, seconds(30)), seconds(30))).toEqual({ ok: true, usedRecoveryCode: false, recoveryCodesLeft: 10 });
    expect(await completePendingSignIn(pending, "with a code", "10.1.0.1")).toMatchObject({ redirectTo: "/reach" });
    expect(await completePendingSignIn(pending, "with a code", "10.1.0.1")).toBeNull();
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it("refuses a code used once already, and any code of an earlier step after it (replay)", async () => {
    const { user, key } = await userWithTwoStep();
    const pending = await pendingFor(user.id);
    const later = seconds(90);
    expect((await checkSecondStep(pending, codeAt(key, later), later)).ok).toBe(true);
    // Sent again by the same pending sign-in it is known as such (decision 0192); from another, it is wrong.
    expect(await checkSecondStep(pending, codeAt(key, later), later)).toEqual({ ok: false, reason: "sent-again" });
    expect(await checkSecondStep(await pendingFor(user.id), codeAt(key, later), later)).toEqual({ ok: false, reason: "invalid" });
    expect(await checkSecondStep(pending, codeAt(key, seconds(60)), later)).toEqual({ ok: false, reason: "invalid" });
    expect((await checkSecondStep(pending, codeAt(key, seconds(120)), seconds(120))).ok).toBe(true);
  });

  it("counts a code sent again by the form that used it as none of the account's tries", async () => {
    const attempts = (userId: string) => prisma.twoStepAttempt.count({ where: { userId } });
    // The sign-in step.
    const { user, key } = await userWithTwoStep();
    const pending = await pendingFor(user.id);
    const code = codeAt(key, seconds(30));
    expect((await checkSecondStep(pending, code, seconds(30))).ok).toBe(true);
    for (let i = 0; i < MAX_CODE_ATTEMPTS + 1; i++) expect(await checkSecondStep(pending, code, seconds(30))).toEqual({ ok: false, reason: "sent-again" });
    expect(await attempts(user.id)).toBe(0);
    expect(await checkSecondStep(await pendingFor(user.id), code, seconds(30))).toEqual({ ok: false, reason: "invalid" });
    expect(await attempts(user.id)).toBe(1);

    // New recovery codes from the account page, the form sent twice.
    const session = (await createSession(user.id)).token;
    const change = { password: TEST_PASSWORD, code: codeAt(key, seconds(60)), session };
    expect(await regenerateRecoveryCodes(user, change, seconds(60))).toMatchObject({ ok: true });
    expect(await regenerateRecoveryCodes(user, change, seconds(61))).toEqual({ ok: false, reason: "sent-again" });
    expect(await attempts(user.id)).toBe(0);

    // Setting two-step up, the form sent twice at once: whichever comes second, it costs no try.
    const enrolling = await createUser();
    const enrolment = await startEnrolment(enrolling);
    const enrolKey = decodeBase32IgnorePadding(enrolment!.secret.replace(/ /g, ""));
    const sender = (await createSession(enrolling.id)).token;
    const both = await Promise.all([1, 2].map(() => confirmEnrolment(enrolling, codeAt(enrolKey, NOW), sender, NOW)));
    expect(both.map((result) => (result.ok ? "ok" : result.reason)).sort()).toEqual(["ok", "sent-again"]);
    expect(await attempts(enrolling.id)).toBe(0);
  });

  it("uses a recovery code once, however it is typed, and counts what is left", async () => {
    const { user, recoveryCodes } = await userWithTwoStep();
    const pending = await pendingFor(user.id);
    const typed = ` ${recoveryCodes[3]!.toUpperCase().replace("-", " ")} `;
    expect(await checkSecondStep(pending, typed, NOW)).toEqual({ ok: true, usedRecoveryCode: true, recoveryCodesLeft: 9 });
    expect(await checkSecondStep(pending, recoveryCodes[3]!, NOW)).toEqual({ ok: false, reason: "sent-again" });
    expect(await checkSecondStep(await pendingFor(user.id), recoveryCodes[3]!, NOW)).toEqual({ ok: false, reason: "invalid" });
  });

  it("records a wrong code in the audit log as a failed sign-in", async () => {
    const { user, key } = await userWithTwoStep();
    const wrong = codeAt(key, seconds(600));
    await checkSecondStep(await pendingFor(user.id), wrong, NOW);
    const failures = await prisma.auditEvent.findMany({ where: { entityId: user.id, action: "sign-in-failed" } });
    expect(failures.map((event) => event.summary)).toEqual(["Failed sign-in: wrong or reused two-step code"]);
  });

  it(`stops checking after ${MAX_CODE_ATTEMPTS} codes in 15 minutes, even a right one, until the window passes`, async () => {
    const { user, key } = await userWithTwoStep();
    const pending = await pendingFor(user.id);
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
      expect(await checkSecondStep(pending, "abcde-fghij", seconds(i))).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await checkSecondStep(pending, codeAt(key, seconds(10)), seconds(10))).toEqual({ ok: false, reason: "throttled", minutes: 15 });
    const afterWindow = seconds(15 * 60 + 5);
    expect((await checkSecondStep(pending, codeAt(key, afterWindow), afterWindow)).ok).toBe(true);
  });

  it("counts each attempt before checking it, so many sent at once are not all checked", async () => {
    const { user } = await userWithTwoStep();
    const pending = await pendingFor(user.id);
    const results = await Promise.all(Array.from({ length: 12 }, () => checkSecondStep(pending, "abcde-fghij", NOW)));
    const checked = results.filter((result) => !result.ok && result.reason === "invalid").length;
    expect(checked).toBeLessThanOrEqual(MAX_CODE_ATTEMPTS);
    expect(results.length - checked).toBeGreaterThanOrEqual(12 - MAX_CODE_ATTEMPTS);
    expect(await prisma.auditEvent.count({ where: { entityId: user.id, action: "sign-in-failed" } })).toBe(checked);
  });

  it("does not find a pending sign-in for another step, or after it has expired", async () => {
    const user = await createUser();
    const setCookie = await startPendingSignIn({ userId: user.id, step: "CODE", attemptIds: [] }, "/", { secure: false }, seconds(-601));
    const request = new Request("http://localhost/", { headers: { Cookie: setCookie?.split(";")[0] ?? "" } });
    expect(await findPendingSignIn(request, "CODE", NOW)).toBeNull();
    const fresh = await startPendingSignIn({ userId: user.id, step: "CODE", attemptIds: [] }, "/", { secure: false }, NOW);
    const again = new Request("http://localhost/", { headers: { Cookie: fresh?.split(";")[0] ?? "" } });
    expect(await findPendingSignIn(again, "ENROL", NOW)).toBeNull();
    expect(await findPendingSignIn(again, "CODE", NOW)).not.toBeNull();
  });
});

// Last: the setting applies to every lead in this file's database.
describe("requiring two-step sign-in for leads", () => {
  it("may be set by the lead only, and only once their own two-step is on", async () => {
    const school = await createSchool();
    const teacher = await createUser({ role: "TEACHER", schoolId: school.id });
    await expect(setTwoStepRequiredForLeads(teacher, true)).rejects.toMatchObject({ status: 403 });
    const lead = await createUser();
    expect(await setTwoStepRequiredForLeads(lead, true)).toEqual({
      ok: false,
      message: "Turn on two-step sign-in for your own account before you require it for leads",
    });
  });

  it("when not required and saved as not required, changes nothing and audits nothing", async () => {
    const lead = await createUser();
    const audited = () => prisma.auditEvent.count({ where: { entityType: "Setting", entityId: TWO_STEP_REQUIRED_FOR_LEADS_KEY } });
    const auditBefore = await audited();
    expect(await setTwoStepRequiredForLeads(lead, false)).toEqual({ ok: true, changed: false, signedOut: 0 });
    expect(await audited()).toBe(auditBefore);
  });

  it("when on, ends the sessions of leads without it and sends them to set it up at sign-in", async () => {
    const school = await createSchool();
    const { user: lead } = await userWithTwoStep();
    const otherLead = await createUser();
    const teacher = await createUser({ role: "TEACHER", schoolId: school.id });
    await createSession(otherLead.id);
    await createSession(teacher.id);
    await createSession(lead.id);

    expect(await setTwoStepRequiredForLeads(lead, true)).toEqual({ ok: true, changed: true, signedOut: 1 });
    expect(await prisma.session.count({ where: { userId: otherLead.id } })).toBe(0);
    expect(await prisma.session.count({ where: { userId: { in: [lead.id, teacher.id] } } })).toBe(2);

    expect(await signIn(otherLead.email, TEST_PASSWORD, "10.2.0.1")).toMatchObject({ ok: false, reason: "second-step", step: "ENROL", userId: otherLead.id });
    expect(await signIn(teacher.email, TEST_PASSWORD, "10.2.0.1")).toMatchObject({ ok: true });
    expect((await twoStepStatus(otherLead)).required).toBe(true);
  });

  it("when on and saved as required again, changes nothing and audits nothing", async () => {
    const { user: lead } = await userWithTwoStep();
    const audited = () => prisma.auditEvent.count({ where: { entityType: "Setting", entityId: TWO_STEP_REQUIRED_FOR_LEADS_KEY } });
    const auditBefore = await audited();
    expect(await setTwoStepRequiredForLeads(lead, true)).toEqual({ ok: true, changed: false, signedOut: 0 });
    expect(await audited()).toBe(auditBefore);
  });

  it("when on, turning a lead's own two-step off signs them out everywhere", async () => {
    const { user: lead, recoveryCodes } = await userWithTwoStep();
    await createSession(lead.id);
    expect(await turnOffTwoStep(lead, { password: TEST_PASSWORD, code: recoveryCodes[0]! })).toEqual({ ok: true, signedOut: true, changed: true });
    expect(await prisma.session.count({ where: { userId: lead.id } })).toBe(0);
    expect(await signIn(lead.email, TEST_PASSWORD, "10.2.0.2")).toMatchObject({ reason: "second-step", step: "ENROL" });
  });
});

describe("the lead turning two-step off for someone who lost their phone", () => {
  it("deletes their secret and recovery codes, ends their sessions, and lets them sign in with the password alone", async () => {
    const school = await createSchool();
    const { user } = await userWithTwoStep({ role: "TEACHER", schoolId: school.id });
    const lead = await createUser({ role: "VRN_LEAD" });
    await createSession(user.id);
    expect(await userHasTwoStep(lead, user.id)).toBe(true);

    expect(await resetTwoStepFor(lead, user.id)).toMatchObject({ ok: true, changed: true });
    expect(await userHasTwoStep(lead, user.id)).toBe(false);
    expect(await prisma.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await signIn(user.email, TEST_PASSWORD, "203.0.113.9")).toMatchObject({ ok: true });
    const audit = await prisma.auditEvent.findFirst({ where: { entityId: user.id, summary: { startsWith: "Turned off two-step sign-in for" } } });
    expect(audit?.actorId).toBe(lead.id);
    expect(await resetTwoStepFor(lead, user.id)).toMatchObject({ ok: true, changed: false });
  });

  it("clears a set-up begun and not finished, signing nobody out and saying nothing was on", async () => {
    const school = await createSchool();
    const user = await createUser({ role: "TEACHER", schoolId: school.id });
    expect(await startEnrolment(user)).not.toBeNull();
    await createSession(user.id);
    const lead = await createUser({ role: "VRN_LEAD" });

    expect(await resetTwoStepFor(lead, user.id)).toMatchObject({ ok: true, changed: false, clearedSetUp: true });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await prisma.twoStep.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { entityId: user.id, summary: { startsWith: "Turned off two-step" } } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { entityId: user.id, summary: { startsWith: "Cleared the two-step set-up" } } })).toBe(1);
    expect(await resetTwoStepFor(lead, user.id)).toMatchObject({ ok: true, changed: false, clearedSetUp: false });
  });

  it("is refused to anyone but the lead, and for the lead's own account", async () => {
    const school = await createSchool();
    const { user } = await userWithTwoStep({ role: "TEACHER", schoolId: school.id });
    const teacher = await createUser({ role: "TEACHER", schoolId: school.id });
    await expect(resetTwoStepFor(teacher, user.id)).rejects.toMatchObject({ status: 403 });
    expect(await userHasTwoStep({ ...user, role: "VRN_LEAD" }, user.id)).toBe(true);
    const { user: lead } = await userWithTwoStep({ role: "VRN_LEAD" });
    expect(await resetTwoStepFor(lead, lead.id)).toMatchObject({ ok: false, reason: "self" });
  });
});

describe("the account page's two-step buttons pressed when it already is as they ask (a double click, another tab)", () => {
  /** The two-step page's buttons, pressed by `userId`: where the answer leads and what it says, or its status. */
  async function press(userId: string, fields: Record<string, string>) {
    const { action } = await import("~/routes/account_.two-step");
    const request = await signedInPost("/account/two-step", userId, fields);
    const answer = await action({ request, params: {}, context: routeContext() });
    if (!(answer instanceof Response)) return { status: (answer as { init?: ResponseInit | null }).init?.status ?? 200 };
    return { status: answer.status, to: answer.headers.get("Location"), message: await flashOf(answer) };
  }
  const audited = (userId: string, summary: string) => prisma.auditEvent.count({ where: { entityId: userId, summary } });
  // A teacher: a lead may be signed out by turning it off, while another test requires it of leads.
  const teacher = async () => ({ role: "TEACHER" as const, schoolId: (await createSchool()).id });

  it("turns it off once, tells the second press it was already off, and keeps the set-up the first one's page began", async () => {
    const { user, recoveryCodes } = await userWithTwoStep(await teacher());
    const turnOff = { intent: "turn-off", password: TEST_PASSWORD, code: recoveryCodes[0]! };
    expect(await press(user.id, turnOff)).toEqual({
      status: 302,
      to: "/account/two-step",
      message: "Two-step sign-in is off. Your recovery codes no longer work.",
    });
    // The page the first press lands on begins a new set-up, with a new secret to scan.
    const shown = await startEnrolment(user);
    expect(await press(user.id, turnOff)).toEqual({ status: 302, to: "/account/two-step", message: "Nothing changed: two-step sign-in was already off." });
    expect(await audited(user.id, "Turned off two-step sign-in")).toBe(1);
    expect(await startEnrolment(user)).toEqual(shown);
  });

  it("tells a second confirmation it was already on, keeping the recovery codes and counting no code", async () => {
    const { user } = await userWithTwoStep(await teacher());
    const codes = await prisma.recoveryCode.findMany({ where: { userId: user.id }, orderBy: { codeHash: "asc" } });
    const attempts = await prisma.twoStepAttempt.count({ where: { userId: user.id } });
    expect(await press(user.id, { intent: "confirm", code: "123456" })).toEqual({
      status: 302,
      to: "/account/two-step",
      message: "Nothing changed: two-step sign-in was already on. If you did not see your recovery codes, make new ones.",
    });
    expect(await prisma.recoveryCode.findMany({ where: { userId: user.id }, orderBy: { codeHash: "asc" } })).toEqual(codes);
    expect(await prisma.twoStepAttempt.count({ where: { userId: user.id } })).toBe(attempts);
    expect(await audited(user.id, "Turned on two-step sign-in")).toBe(1);
  });

  it("tells a page left open that asks for new recovery codes that two-step sign-in is off, making none", async () => {
    const user = await createUser(await teacher());
    expect(await press(user.id, { intent: "regenerate", password: TEST_PASSWORD, code: "123456" })).toEqual({
      status: 302,
      to: "/account/two-step",
      message: "Nothing changed: two-step sign-in is off, so you have no recovery codes to replace.",
    });
    expect(await prisma.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("the sign-in's set-up step confirmed when two-step sign-in is already on (a double click, another tab)", () => {
  it("says it is on and asks for a sign-in with a code, opening no session, making no codes and counting no code", async () => {
    const { action } = await import("~/routes/sign-in_.set-up-two-step");
    const lead = await createUser({ role: "VRN_LEAD" });
    const setCookie = await startPendingSignIn({ userId: lead.id, step: "ENROL", attemptIds: [] }, "/reach", { secure: false });
    // The first press turned it on; this one was sent before its answer came, with the same code.
    const enrolment = await startEnrolment(lead);
    const code = codeAt(decodeBase32IgnorePadding(enrolment!.secret.replace(/ /g, "")), new Date());
    expect(await confirmEnrolment(lead, code, null)).toMatchObject({ ok: true });
    const codes = await prisma.recoveryCode.findMany({ where: { userId: lead.id }, orderBy: { codeHash: "asc" } });
    const attempts = await prisma.twoStepAttempt.count({ where: { userId: lead.id } });
    const request = new Request("http://localhost/sign-in/set-up-two-step", {
      method: "POST",
      headers: { Cookie: setCookie?.split(";")[0] ?? "" },
      body: new URLSearchParams({ code }),
    });
    const answer = await action({ request, params: {}, context: routeContext() });
    if (!(answer instanceof Response)) throw new Error(`expected a redirect, got ${JSON.stringify(answer)}`);
    const [cleared, ...others] = answer.headers.getSetCookie();
    const message = await flashOf(new Response(null, { headers: others.map((cookie) => ["Set-Cookie", cookie] as [string, string]) }));
    expect({ status: answer.status, to: answer.headers.get("Location"), message }).toEqual({
      status: 302,
      to: "/sign-in",
      message:
        "Nothing changed: two-step sign-in was already on. Sign in again with your password and a code from your app. If you did not see your recovery codes, make new ones from your account page.",
    });
    expect(cleared).toMatch(/^vrn_two_step=;/);
    expect(await prisma.session.count({ where: { userId: lead.id } })).toBe(0);
    expect(await prisma.recoveryCode.findMany({ where: { userId: lead.id }, orderBy: { codeHash: "asc" } })).toEqual(codes);
    expect(await prisma.twoStepAttempt.count({ where: { userId: lead.id } })).toBe(attempts);
  });
});

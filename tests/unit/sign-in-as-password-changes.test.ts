import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { changeOwnPassword, endOtherSessions } from "~/auth/account.server";
import { startPendingSignIn } from "~/auth/second-step.server";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { signIn } from "~/auth/sign-in.server";
import { prisma } from "~/db.server";
import { createMailer } from "~/models/mailer.server";
import { requestPasswordReset, resetPassword } from "~/models/password-resets.server";
import { createSchool, createUser, TEST_PASSWORD } from "./factories";

const ORIGIN = "https://forum.example.test";
const outbox = createMailer({ smtpUrl: undefined, from: "VRN Schools Forum <no-reply@forum.example.test>" });
const NEW_PASSWORD = "lantern meadow copper";

const teacher = async () => createUser({ role: "TEACHER", schoolId: (await createSchool()).id });

/**
 * Sign-ins with `password` started every `stepMs` while `change` runs, each from its own address (the
 * throttle counts sign-ins still under way). Returns the sign-ins' results once all have ended.
 */
async function signInsDuring(email: string, password: string, change: () => Promise<unknown>, { count = 8, stepMs = 6 } = {}) {
  const signIns = Array.from({ length: count }, async (_, i) => {
    await sleep(i * stepMs);
    return signIn(email, password, `192.0.2.${i + 1}`);
  });
  const [, ...results] = await Promise.all([change(), ...signIns]);
  return results;
}

describe("a sign-in checked against a password that changes meanwhile", () => {
  it("keeps no session made with the old password once the password is reset", async () => {
    const user = await teacher();
    await requestPasswordReset(user.email, { origin: ORIGIN, mailer: outbox });
    const message = await prisma.outboxMessage.findFirstOrThrow({ where: { to: user.email }, orderBy: { createdAt: "desc" } });
    const token = /\/reset-password\/([a-z2-7]+)/.exec(message.text)![1]!;

    const results = await signInsDuring(user.email, TEST_PASSWORD, () => resetPassword(token, NEW_PASSWORD));

    // Whichever sign-ins got in before the reset were ended by it; none after it opened anything.
    for (const result of results) if (result.ok) expect(await validateSessionToken(result.token)).toBeNull();
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("keeps only the changing browser's own session once the password is changed on the account page", async () => {
    const user = await teacher();
    let changed: Awaited<ReturnType<typeof changeOwnPassword>> | undefined;
    await signInsDuring(user.email, TEST_PASSWORD, async () => {
      changed = await changeOwnPassword(user.id, TEST_PASSWORD, NEW_PASSWORD);
    });

    if (!changed?.ok) throw new Error("the change was refused");
    const left = await prisma.session.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(left).toHaveLength(1);
    expect((await validateSessionToken(changed.token))?.user.id).toBe(user.id);
  });

  it("opens no pending sign-in for a second step under a password that is no longer the account's", async () => {
    const user = await createUser();
    const checkedAgainst = user.passwordHash;
    expect(await changeOwnPassword(user.id, TEST_PASSWORD, NEW_PASSWORD)).toMatchObject({ ok: true });

    const due = { userId: user.id, step: "CODE" as const, attemptIds: [], provenWith: checkedAgainst };
    expect(await startPendingSignIn(due, "/", { secure: false })).toBeNull();
    expect(await prisma.pendingSignIn.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { entityId: user.id, action: "sign-in-failed", summary: { contains: "as it was checked" } } })).toBe(1);

    const now = (await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(await startPendingSignIn({ ...due, provenWith: now }, "/", { secure: false })).toMatch(/^vrn_two_step=/);
  });

  it("refuses a change of password when the password was changed after it was checked, saving nothing", async () => {
    const user = await teacher();
    const results = await Promise.all([
      changeOwnPassword(user.id, TEST_PASSWORD, NEW_PASSWORD),
      changeOwnPassword(user.id, TEST_PASSWORD, "another long password"),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({
      field: "currentPassword",
      message: expect.stringMatching(/^Your password was changed elsewhere just now/),
    });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe("signing out of every other device", () => {
  it("ends nothing, and says so, when this device was itself signed out meanwhile", async () => {
    const user = await teacher();
    const [here, there] = [await createSession(user.id), await createSession(user.id)];
    await prisma.session.delete({ where: { id: here.session.id } });

    expect(await endOtherSessions(user, here.token)).toBeNull();
    expect(await validateSessionToken(there.token)).not.toBeNull();
  });

  it("when two devices press it at once, leaves one signed in", async () => {
    const user = await teacher();
    const [a, b] = [await createSession(user.id), await createSession(user.id)];
    const ended = await Promise.all([endOtherSessions(user, a.token), endOtherSessions(user, b.token)]);
    expect(ended.sort()).toEqual([1, null]);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  });
});

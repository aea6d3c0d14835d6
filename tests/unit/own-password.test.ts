import { describe, expect, it } from "vitest";
import { changeOwnPassword } from "~/auth/account.server";
import { ownPasswordChecks } from "~/auth/own-password.server";
import { prisma } from "~/db.server";
import { routeContext, signedInPost } from "./support/route";
import { createUser, TEST_PASSWORD } from "./factories";

describe("a signed-in person's own password, typed again (decision 0164)", () => {
  it("is checked at most 10 times in 15 minutes, right or wrong; each wrong one is audited", async () => {
    const user = await createUser();
    for (let i = 0; i < 10; i++) {
      expect(await changeOwnPassword(user.id, `guess-${i}`, "a-new-long-passphrase-2027")).toMatchObject({
        ok: false,
        field: "currentPassword",
        message: "Your current password is not right",
      });
    }
    // The right password, now, is not even checked: a session alone cannot go on guessing.
    const refused = await changeOwnPassword(user.id, TEST_PASSWORD, "a-new-long-passphrase-2027");
    if (refused.ok || !refused.throttledMinutes) throw new Error("expected the check to be refused for a while");
    // The count's window is 15 minutes long, so the wait is at most that.
    expect(refused.throttledMinutes).toBeGreaterThanOrEqual(1);
    expect(refused.throttledMinutes).toBeLessThanOrEqual(15);
    expect(refused.message).toMatch(/^Too many passwords tried\. Wait (1 minute|\d+ minutes) and try again\.$/);
    const audited = await prisma.auditEvent.findMany({ where: { actorId: user.id, action: "password-check-failed" } });
    expect(audited).toHaveLength(10);
    expect(audited[0]?.summary).toBe("Entered a wrong password to change their password");
    // Nothing was changed.
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ passwordHash: user.passwordHash });

    await ownPasswordChecks.reset(user.id);
    expect(await changeOwnPassword(user.id, TEST_PASSWORD, "a-new-long-passphrase-2027")).toMatchObject({ ok: true });
  });

  it("answers 429 with Retry-After on the account page once the limit is reached", async () => {
    const user = await createUser();
    const route = await import("~/routes/account");
    const send = async (currentPassword: string) => {
      const request = await signedInPost("/account", user.id, {
        currentPassword,
        newPassword: "a-new-long-passphrase-2027",
        confirmPassword: "a-new-long-passphrase-2027",
      });
      return (await route.action({ request, context: routeContext(), params: {} })) as { init: ResponseInit | null };
    };
    for (let i = 0; i < 10; i++) expect((await send(`guess-${i}`)).init?.status).toBe(400);
    const throttled = await send(TEST_PASSWORD);
    expect(throttled.init?.status).toBe(429);
    expect(Number(new Headers(throttled.init?.headers).get("Retry-After"))).toBeGreaterThanOrEqual(60);
    expect(Number(new Headers(throttled.init?.headers).get("Retry-After"))).toBeLessThanOrEqual(900);
  });
});

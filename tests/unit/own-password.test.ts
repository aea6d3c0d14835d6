import { describe, expect, it } from "vitest";
import { changeOwnPassword } from "~/auth/account.server";
import { ownPasswordChecks } from "~/auth/own-password.server";
import { createSession } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { routeContext } from "./support/route";
import { createUser, TEST_PASSWORD } from "./factories";

const NEW_PASSWORD = "a-new-long-passphrase-2027";

describe("a signed-in person's own password, typed again (decision 0164)", () => {
  it("is checked at most 10 times in 15 minutes from one session, right or wrong; each wrong one is audited", async () => {
    const user = await createUser();
    const taken = "session-a";
    for (let i = 0; i < 10; i++) {
      expect(await changeOwnPassword(user.id, `guess-${i}`, NEW_PASSWORD, null, taken)).toMatchObject({
        ok: false,
        field: "currentPassword",
        message: "Your current password is not right",
      });
    }
    // The right password, now, from that session, is not even checked: a session alone cannot go on guessing.
    const refused = await changeOwnPassword(user.id, TEST_PASSWORD, NEW_PASSWORD, null, taken);
    if (refused.ok || !refused.throttledMinutes) throw new Error("expected the check to be refused for a while");
    // The count's window is 15 minutes long, so the wait is at most that.
    expect(refused.throttledMinutes).toBeGreaterThanOrEqual(1);
    expect(refused.throttledMinutes).toBeLessThanOrEqual(15);
    expect(refused.message).toMatch(/^Too many passwords tried\. Wait (1 minute|\d+ minutes) and try again\.$/);
    const audited = await prisma.auditEvent.findMany({ where: { actorId: user.id, action: "password-check-failed" } });
    expect(audited).toHaveLength(10);
    expect(audited[0]?.summary).toBe("Entered a wrong password to change their password");
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ passwordHash: user.passwordHash });

    // The owner, in their own session, is not kept from changing it, which ends the guessing session.
    expect(await changeOwnPassword(user.id, TEST_PASSWORD, NEW_PASSWORD, null, "session-b")).toMatchObject({ ok: true });
    await ownPasswordChecks.reset();
  });

  it("answers 429 with Retry-After, passed on to the browser, once one session reaches the limit", async () => {
    const user = await createUser();
    const route = await import("~/routes/account");
    const { token } = await createSession(user.id);
    const send = async (currentPassword: string) => {
      const body = new URLSearchParams({ currentPassword, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      const request = new Request("http://localhost/account", { method: "POST", headers: { Cookie: `vrn_session=${token}` }, body });
      return (await route.action({ request, context: routeContext(), params: {} })) as { init: ResponseInit | null };
    };
    for (let i = 0; i < 10; i++) expect((await send(`guess-${i}`)).init?.status).toBe(400);
    const throttled = await send(TEST_PASSWORD);
    expect(throttled.init?.status).toBe(429);
    // Remix sends an action's headers only through the route's `headers` export.
    const sent = route.headers({
      actionHeaders: new Headers(throttled.init?.headers),
      loaderHeaders: new Headers(),
      parentHeaders: new Headers(),
      errorHeaders: undefined,
    });
    const retryAfter = Number(new Headers(sent).get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(60);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });
});

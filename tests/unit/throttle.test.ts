import { describe, expect, it } from "vitest";
import { signIn } from "~/auth/sign-in.server";
import { MAX_FAILURES, minutesUntilAllowed, recordFailure, WINDOW_MS } from "~/auth/throttle.server";
import { prisma } from "~/db.server";
import { createUser, TEST_PASSWORD } from "./factories";

describe("sign-in", () => {
  it("gives the same answer for an unknown email and a wrong password", async () => {
    const user = await createUser();
    const unknown = await signIn("nobody@example.test", "whatever-it-is", "10.0.0.1");
    const wrong = await signIn(user.email, "not-the-password", "10.0.0.1");
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
    expect(wrong).toEqual(unknown);
  });

  it("opens a session for the right password, ignoring the email's case", async () => {
    const user = await createUser();
    const result = await signIn(user.email.toUpperCase(), TEST_PASSWORD, "10.0.0.2");
    expect(result.ok).toBe(true);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it("refuses a deactivated account as if the password were wrong", async () => {
    const user = await createUser({ active: false });
    expect(await signIn(user.email, TEST_PASSWORD, "10.0.0.3")).toEqual({ ok: false, reason: "invalid" });
  });

  it("records sign-ins and failed sign-ins in the audit log", async () => {
    const user = await createUser();
    await signIn(user.email, "not-the-password", "10.0.0.4");
    await signIn(user.email, TEST_PASSWORD, "10.0.0.4");
    const actions = await prisma.auditEvent.findMany({ where: { entityId: user.id }, orderBy: { id: "asc" } });
    expect(actions.map((a) => a.action)).toEqual(["sign-in-failed", "sign-in"]);
  });
});

describe("throttling failed sign-ins", () => {
  it(`blocks an account after ${MAX_FAILURES} failures in 15 minutes, even with the right password`, async () => {
    const user = await createUser();
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect(await signIn(user.email, "wrong-password", `10.1.0.${i}`)).toEqual({ ok: false, reason: "invalid" });
    }
    const blocked = await signIn(user.email, TEST_PASSWORD, "10.1.1.1");
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    if (blocked.ok || blocked.reason !== "throttled") return;
    expect(blocked.minutes).toBeGreaterThan(0);
    expect(blocked.minutes).toBeLessThanOrEqual(15);
  });

  it(`blocks an address after ${MAX_FAILURES} failures, whichever accounts it tried`, async () => {
    for (let i = 0; i < MAX_FAILURES; i++) await signIn(`guess${i}@example.test`, "wrong-password", "10.2.0.1");
    const user = await createUser();
    expect(await signIn(user.email, TEST_PASSWORD, "10.2.0.1")).toMatchObject({ reason: "throttled" });
    // The same account from another address is not blocked by that address's failures.
    expect((await signIn(user.email, TEST_PASSWORD, "10.2.0.2")).ok).toBe(true);
  });

  it("lets attempts through again once the window has passed", async () => {
    const start = new Date("2026-03-01T09:00:00Z");
    for (let i = 0; i < MAX_FAILURES; i++) await recordFailure("someone@example.test", "10.3.0.1", start);
    expect(await minutesUntilAllowed("someone@example.test", "10.3.0.9", start)).toBe(15);
    expect(await minutesUntilAllowed("someone@example.test", "10.3.0.9", new Date(start.getTime() + WINDOW_MS + 1))).toBe(0);
  });

  it("stores neither the email nor the address it counts", async () => {
    await recordFailure("private.person@example.test", "192.0.2.55");
    const keys = (await prisma.signInFailure.findMany()).map((row) => row.key).join(" ");
    expect(keys).not.toContain("private.person");
    expect(keys).not.toContain("192.0.2.55");
  });
});

describe("the sign-in page when throttled", () => {
  it("answers 429 with Retry-After and says how long to wait", async () => {
    const { action } = await import("~/routes/sign-in");
    const user = await createUser();
    const address = "198.51.100.23";
    for (let i = 0; i < MAX_FAILURES; i++) await recordFailure(user.email, address);
    const request = new Request("http://localhost/sign-in", {
      method: "POST",
      body: new URLSearchParams({ email: user.email, password: TEST_PASSWORD }),
    });
    const context = { cspNonce: "", clientAddress: address, secureCookies: false, setCookie: () => {} };
    const response = await action({ request, context, params: {} });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(14 * 60);
    expect(JSON.stringify(await response.json())).toMatch(/Wait 15 minutes and try again/);
  });
});

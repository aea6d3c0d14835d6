import { describe, expect, it } from "vitest";
import { signIn } from "~/auth/sign-in.server";
import { claimAttempt, forgiveAttempt, KNOWN_BROWSER_COOKIE, KNOWN_BROWSER_DAYS, LIMITS, WINDOW_MS } from "~/auth/throttle.server";
import { prisma } from "~/db.server";
import { createUser, TEST_PASSWORD } from "./factories";
import { replyOf } from "./support/reply";

describe("sign-in", () => {
  it("gives the same answer for an unknown email and a wrong password", async () => {
    const user = await createUser();
    const unknown = await signIn("nobody@example.test", "whatever-it-is", "10.0.0.1");
    const wrong = await signIn(user.email, "not-the-password", "10.0.0.1");
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
    expect(wrong).toEqual(unknown);
  });

  it("audits a deactivated account's attempt as that, not as a wrong password: its password is never checked", async () => {
    const user = await createUser();
    await prisma.user.update({ where: { id: user.id }, data: { active: false } });
    expect(await signIn(user.email, TEST_PASSWORD, "10.0.0.9")).toEqual({ ok: false, reason: "invalid" });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: user.id, action: "sign-in-failed" } });
    expect(audit.summary).toBe("Failed sign-in: the account is deactivated (the password was not checked)");
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

const reasons = (results: Awaited<ReturnType<typeof signIn>>[]) => results.map((r) => (r.ok ? "ok" : r.reason));

describe("throttling failed sign-ins", () => {
  it(`checks only ${LIMITS.accountAtAddress} of 30 wrong passwords for one account sent at the same moment`, async () => {
    const user = await createUser();
    const results = await Promise.all(Array.from({ length: 30 }, () => signIn(user.email, "wrong-password", "10.1.0.1")));
    const counted = reasons(results);
    expect(counted.filter((r) => r === "invalid")).toHaveLength(LIMITS.accountAtAddress);
    expect(counted.filter((r) => r === "throttled")).toHaveLength(30 - LIMITS.accountAtAddress);
    // Only the checked ones reached the password check, and so the audit log.
    expect(await prisma.auditEvent.count({ where: { entityId: user.id, action: "sign-in-failed" } })).toBe(LIMITS.accountAtAddress);
  });

  it(`blocks an account at one address after ${LIMITS.accountAtAddress} failures, even with the right password, and tells how long`, async () => {
    const user = await createUser();
    for (let i = 0; i < LIMITS.accountAtAddress; i++) await claimAttempt(user.email, "10.1.1.1");
    const blocked = await signIn(user.email, TEST_PASSWORD, "10.1.1.1");
    expect(blocked).toEqual({ ok: false, reason: "throttled", minutes: 15 });
  });

  it("does not lock the owner out when wrong passwords come from many addresses", async () => {
    const user = await createUser();
    expect((await signIn(user.email, TEST_PASSWORD, "10.4.0.100")).ok).toBe(true);
    const wrong = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(user.email, "wrong-password", `10.4.0.${i}`)));
    expect(reasons(wrong)).toEqual(Array(10).fill("invalid"));
    // From the address they signed in from before, and from a new one.
    expect((await signIn(user.email, TEST_PASSWORD, "10.4.0.100")).ok).toBe(true);
    expect((await signIn(user.email, TEST_PASSWORD, "10.4.0.200")).ok).toBe(true);
  });

  it(`stops new browsers at ${LIMITS.account} failures for one account, but not a browser that signed in to it before`, async () => {
    const user = await createUser();
    const other = await createUser();
    const first = await signIn(user.email, TEST_PASSWORD, "10.5.0.1");
    const elsewhere = await signIn(other.email, TEST_PASSWORD, "10.5.0.1");
    if (!first.ok || !elsewhere.ok) throw new Error("sign-in failed");
    for (let i = 0; i < LIMITS.account; i++) await claimAttempt(user.email, `10.5.${1 + Math.floor(i / 200)}.${i % 200}`);
    // A new browser, one known only to another account, and a token this service never gave are all stopped,
    // even at the address the owner signed in from: what is known is the browser, not the address.
    expect(await signIn(user.email, TEST_PASSWORD, "10.5.9.9")).toMatchObject({ ok: false, reason: "throttled" });
    expect(await signIn(user.email, TEST_PASSWORD, "10.5.0.1")).toMatchObject({ ok: false, reason: "throttled" });
    expect(await signIn(user.email, TEST_PASSWORD, "10.5.9.9", { knownBrowser: elsewhere.knownBrowser })).toMatchObject({ reason: "throttled" });
    expect(await signIn(user.email, TEST_PASSWORD, "10.5.9.9", { knownBrowser: "made-up" })).toMatchObject({ reason: "throttled" });
    // The owner's browser signs in, from a network it has never used, and keeps its token.
    const again = await signIn(user.email, TEST_PASSWORD, "10.5.9.9", { knownBrowser: first.knownBrowser });
    expect(again).toMatchObject({ ok: true, knownBrowser: first.knownBrowser });
  });

  it(`forgets a browser ${KNOWN_BROWSER_DAYS} days after its last sign-in`, async () => {
    const owner = await createUser();
    const start = new Date("2026-03-01T09:00:00Z");
    const later = (days: number) => new Date(start.getTime() + days * 24 * 60 * 60 * 1000);
    const claim = await claimAttempt(owner.email, "10.7.0.1", null, start);
    if (!claim.allowed) throw new Error("refused too soon");
    await forgiveAttempt(owner.email, "10.7.0.1", claim.attemptIds, "browser-token", owner.passwordHash, start);
    const ceilingReached = async (at: Date) => {
      for (let i = 0; i < LIMITS.account; i++) await claimAttempt(owner.email, `10.7.1.${i}`, null, at);
    };
    await ceilingReached(later(KNOWN_BROWSER_DAYS - 1));
    expect((await claimAttempt(owner.email, "10.7.2.1", "browser-token", later(KNOWN_BROWSER_DAYS - 1))).allowed).toBe(true);
    await ceilingReached(later(KNOWN_BROWSER_DAYS + 1));
    expect(await claimAttempt(owner.email, "10.7.2.1", "browser-token", later(KNOWN_BROWSER_DAYS + 1))).toMatchObject({ allowed: false });
  });

  it("forgets every browser known to an account when its password changes", async () => {
    const user = await createUser();
    const first = await signIn(user.email, TEST_PASSWORD, "10.8.0.1");
    if (!first.ok) throw new Error("sign-in failed");
    // As a reset or a change does: a new hash (the password itself is beside the point here).
    await prisma.user.update({ where: { id: user.id }, data: { passwordHash: `${user.passwordHash}-changed` } });
    for (let i = 0; i < LIMITS.account; i++) await claimAttempt(user.email, `10.8.${1 + Math.floor(i / 200)}.${i % 200}`);
    expect(await claimAttempt(user.email, "10.8.9.9", first.knownBrowser)).toMatchObject({ allowed: false });
  });

  it(`blocks an address after ${LIMITS.address} failures, whichever accounts it tried`, async () => {
    for (let i = 0; i < LIMITS.address; i++) await claimAttempt(`guess${i}@example.test`, "10.2.0.1");
    const user = await createUser();
    expect(await signIn(user.email, TEST_PASSWORD, "10.2.0.1")).toMatchObject({ reason: "throttled" });
    // The same account from another address is not blocked by that address's failures.
    expect((await signIn(user.email, TEST_PASSWORD, "10.2.0.2")).ok).toBe(true);
  });

  it("does not count successful sign-ins against their address", async () => {
    for (let i = 0; i < LIMITS.address; i++) {
      const claim = await claimAttempt(`teacher${i}@example.test`, "10.6.0.1");
      if (!claim.allowed) throw new Error("refused too soon");
      await forgiveAttempt(`teacher${i}@example.test`, "10.6.0.1", claim.attemptIds, `browser-${i}`, "a-password-hash"); // as after the right password
    }
    const last = await createUser();
    expect((await signIn(last.email, TEST_PASSWORD, "10.6.0.1")).ok).toBe(true);
  });

  it("lets attempts through again once the window has passed", async () => {
    const start = new Date("2026-03-01T09:00:00Z");
    for (let i = 0; i < LIMITS.accountAtAddress; i++) await claimAttempt("someone@example.test", "10.3.0.1", null, start);
    expect(await claimAttempt("someone@example.test", "10.3.0.1", null, start)).toEqual({ allowed: false, minutes: 15 });
    expect((await claimAttempt("someone@example.test", "10.3.0.1", null, new Date(start.getTime() + WINDOW_MS + 1))).allowed).toBe(true);
  });

  it("stores neither the email, nor the address, nor the browser's token it counts", async () => {
    const user = await createUser({ email: "private.person@example.test" });
    const signedIn = await signIn(user.email, TEST_PASSWORD, "192.0.2.55");
    if (!signedIn.ok) throw new Error("sign-in failed");
    await signIn(user.email, "wrong-password", "192.0.2.55");
    const keys = [...(await prisma.signInFailure.findMany()), ...(await prisma.signInKnownBrowser.findMany())].map((row) => row.key).join(" ");
    expect(keys).not.toContain("private.person");
    expect(keys).not.toContain("192.0.2.55");
    expect(keys).not.toContain(signedIn.knownBrowser);
    expect(signedIn.knownBrowser).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("the sign-in page when throttled", () => {
  it("answers 429 with Retry-After and says how long to wait", async () => {
    const { action } = await import("~/routes/sign-in");
    const user = await createUser();
    const address = "198.51.100.23";
    for (let i = 0; i < LIMITS.accountAtAddress; i++) await claimAttempt(user.email, address);
    const request = new Request("http://localhost/sign-in", {
      method: "POST",
      body: new URLSearchParams({ email: user.email, password: TEST_PASSWORD }),
    });
    const context = { cspNonce: "", clientAddress: address, secureCookies: false, setCookie: () => {} };
    const response = await replyOf(await action({ request, context, params: {} }));
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(14 * 60);
    expect(JSON.stringify(response.body)).toMatch(/Wait 15 minutes and try again/);
  });

  it("gives the browser its known-browser cookie after the right password, for the sign-in pages only, and keeps its token", async () => {
    const { action } = await import("~/routes/sign-in");
    const user = await createUser();
    const post = async (cookie?: string) => {
      const cookies: string[] = [];
      const request = new Request("http://localhost/sign-in", {
        method: "POST",
        headers: cookie ? { Cookie: cookie } : {},
        body: new URLSearchParams({ email: user.email, password: TEST_PASSWORD }),
      });
      const context = { cspNonce: "", clientAddress: "198.51.100.40", secureCookies: true, setCookie: (value: string) => void cookies.push(value) };
      await action({ request, context, params: {} }).catch((response: unknown) => response);
      return cookies.find((value) => value.startsWith(`${KNOWN_BROWSER_COOKIE}=`));
    };
    const first = await post();
    expect(first).toMatch(
      new RegExp(`^${KNOWN_BROWSER_COOKIE}=[A-Za-z0-9_-]{43}; Max-Age=${KNOWN_BROWSER_DAYS * 86400}; Path=/sign-in; HttpOnly; Secure; SameSite=Lax$`),
    );
    const token = first!.split(";")[0]!;
    expect((await post(token))!.split(";")[0]).toBe(token);
    expect(await prisma.signInKnownBrowser.count()).toBeGreaterThanOrEqual(1);
  });
});

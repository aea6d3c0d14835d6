import { describe, expect, it } from "vitest";
import { endOtherSessions, endOwnSession, listOwnSessions } from "~/auth/account.server";
import { describeDevice } from "~/auth/device.server";
import { createSession, LAST_SEEN_EVERY_MS, validateSessionToken } from "~/auth/session.server";
import { signIn } from "~/auth/sign-in.server";
import { prisma } from "~/db.server";
import { createUser, TEST_PASSWORD } from "./factories";

const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

describe("signing in on a browser that already has a session", () => {
  it("ends the previous person's session, and records that they were signed out", async () => {
    const first = await createUser();
    const second = await createUser();
    const previous = await createSession(first.id);
    const result = await signIn(second.email, TEST_PASSWORD, "10.7.0.1", { previousToken: previous.token });
    expect(result.ok).toBe(true);
    expect(await validateSessionToken(previous.token)).toBeNull();
    const audit = await prisma.auditEvent.findFirst({ where: { actorId: first.id, action: "sign-out" } });
    expect(audit?.summary).toBe("Signed out: someone else signed in on the same browser");
  });

  it("keeps the previous session when the new sign-in fails", async () => {
    const first = await createUser();
    const second = await createUser();
    const previous = await createSession(first.id);
    expect((await signIn(second.email, "wrong-password", "10.7.0.2", { previousToken: previous.token })).ok).toBe(false);
    expect((await validateSessionToken(previous.token))?.user.id).toBe(first.id);
  });
});

describe("the account's list of signed-in devices", () => {
  it("describes each browser coarsely, with no address, and puts this one first", async () => {
    const user = await createUser();
    const phone = await signIn(user.email, TEST_PASSWORD, "10.8.0.1", { userAgent: SAFARI_IPHONE });
    const laptop = await signIn(user.email, TEST_PASSWORD, "10.8.0.2", { userAgent: FIREFOX_WINDOWS });
    if (!phone.ok || !laptop.ok) throw new Error("not signed in");
    const devices = await listOwnSessions(user, phone.token);
    expect(devices.map((d) => [d.device, d.current])).toEqual([
      ["Safari on iOS (phone)", true],
      ["Firefox on Windows (computer)", false],
    ]);
    expect(JSON.stringify(devices)).not.toContain("10.8.0");
  });

  it("shows only the actor's own sessions", async () => {
    const user = await createUser();
    const other = await createUser();
    await createSession(other.id);
    const mine = await createSession(user.id);
    expect((await listOwnSessions(user, mine.token)).map((d) => d.id)).toEqual([mine.session.id]);
  });

  it("moves 'last seen' when the session is used, at most every few minutes", async () => {
    const user = await createUser();
    const start = new Date("2026-11-02T09:00:00Z");
    const { token, session } = await createSession(user.id, start);
    await validateSessionToken(token, new Date(start.getTime() + LAST_SEEN_EVERY_MS - 1000));
    expect((await prisma.session.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt).toEqual(start);
    const later = new Date(start.getTime() + 2 * LAST_SEEN_EVERY_MS);
    await validateSessionToken(token, later);
    expect((await prisma.session.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt).toEqual(later);
  });

  it("signs out one of the actor's devices, but never someone else's", async () => {
    const user = await createUser();
    const other = await createUser();
    const mine = await createSession(user.id);
    const theirs = await createSession(other.id);
    expect(await endOwnSession(user, theirs.session.id)).toBe(false);
    expect(await validateSessionToken(theirs.token)).not.toBeNull();
    expect(await endOwnSession(user, mine.session.id)).toBe(true);
    expect(await validateSessionToken(mine.token)).toBeNull();
    expect(await prisma.auditEvent.count({ where: { actorId: user.id, action: "sign-out" } })).toBe(1);
  });

  it("signs out every other device and keeps this one", async () => {
    const user = await createUser();
    const other = await createUser();
    const here = await createSession(user.id);
    const elsewhere = [await createSession(user.id), await createSession(user.id)];
    // A session long expired (its browser never came back) is removed too, but no device is signed out by it.
    const expired = await createSession(user.id, new Date("2020-01-01T09:00:00Z"));
    const theirs = await createSession(other.id);
    expect(await endOtherSessions(user, here.token)).toBe(2);
    expect(await prisma.session.count({ where: { id: expired.session.id } })).toBe(0);
    expect(await validateSessionToken(here.token)).not.toBeNull();
    for (const session of elsewhere) expect(await validateSessionToken(session.token)).toBeNull();
    expect(await validateSessionToken(theirs.token)).not.toBeNull();
    const audit = await prisma.auditEvent.findFirst({ where: { actorId: user.id, action: "sign-out" } });
    expect(audit?.summary).toBe("Signed out of 2 other devices from their account page");
  });
});

describe("device descriptions", () => {
  it("name the browser, the system and the kind of device, and nothing finer", () => {
    expect(describeDevice(FIREFOX_WINDOWS)).toBe("Firefox on Windows (computer)");
    expect(describeDevice(SAFARI_IPHONE)).toBe("Safari on iOS (phone)");
    expect(describeDevice("")).toBeNull();
    expect(describeDevice(null)).toBeNull();
    expect(describeDevice("curl/8.0")).toBeNull();
  });
});

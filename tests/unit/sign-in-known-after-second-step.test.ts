import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changeOwnPassword } from "~/auth/account.server";
import { signIn } from "~/auth/sign-in.server";
import { claimAttempt, KNOWN_BROWSER_COOKIE, LIMITS } from "~/auth/throttle.server";
import { totpStep } from "~/auth/totp.server";
import { confirmEnrolment, setTwoStepRequiredForLeads, startEnrolment } from "~/auth/two-step.server";
import { prisma } from "~/db.server";
import { createMailer } from "~/models/mailer.server";
import { requestPasswordReset, resetPassword } from "~/models/password-resets.server";
import { createSchool, createUser, TEST_PASSWORD } from "./factories";
import { replyOf } from "./support/reply";

// A browser becomes known to an account, and the account's failures are forgiven, only when sign-in is
// complete: after the second step when one is due, never after the password alone (docs/decisions/0122).

const codeAt = (key: Uint8Array, at: Date) => generateHOTP(key, BigInt(totpStep(at)), 6);
const newBrowserToken = () => randomBytes(32).toString("base64url");

/** The key of an authenticator app, set up a minute ago so the code of now is the next one it accepts. */
async function setUpApp(user: Awaited<ReturnType<typeof createUser>>) {
  const enrolment = await startEnrolment(user);
  if (!enrolment) throw new Error("expected an enrolment");
  const key = decodeBase32IgnorePadding(enrolment.secret.replace(/ /g, ""));
  const setUpAt = new Date(Date.now() - 60_000);
  const confirmed = await confirmEnrolment(user, codeAt(key, setUpAt), null, setUpAt);
  if (!confirmed.ok) throw new Error("expected the enrolment to be confirmed");
  return { key, recoveryCodes: confirmed.recoveryCodes };
}

/** A teacher with two-step on: teachers are untouched by the leads' requirement the last test turns on. */
async function teacherWithTwoStep() {
  const school = await createSchool();
  const user = await createUser({ role: "TEACHER", schoolId: school.id });
  return { user, ...(await setUpApp(user)) };
}

/** Fills the account's ceiling with failures from addresses the tests never sign in from. */
async function ceilingReached(email: string) {
  for (let i = 0; i < LIMITS.account; i++) await claimAttempt(email, `10.250.${Math.floor(i / 200)}.${i % 200}`);
}

const cookieOf = (setCookies: string[], name: string) => setCookies.find((value) => value.startsWith(`${name}=`))?.split(";")[0];

const ROUTES = {
  "/sign-in": () => import("~/routes/sign-in"),
  "/sign-in/two-step": () => import("~/routes/sign-in_.two-step"),
  "/sign-in/set-up-two-step": () => import("~/routes/sign-in_.set-up-two-step"),
};

type Posted = { status: number; setCookies: string[]; body: unknown };

/** Posts `form` to a sign-in page's action as a browser holding `cookies`, from `address`. */
async function post(path: keyof typeof ROUTES, form: Record<string, string>, cookies: string[], address: string): Promise<Posted> {
  const { action } = await ROUTES[path]();
  const setCookies: string[] = [];
  const request = new Request(`http://localhost${path}`, { method: "POST", headers: { Cookie: cookies.join("; ") }, body: new URLSearchParams(form) });
  const context = { cspNonce: "", clientAddress: address, secureCookies: false, setCookie: (value: string) => void setCookies.push(value) };
  const answered: unknown = await action({ request, context, params: {} }).catch((thrown: unknown) => thrown);
  const reply = answered instanceof Response ? { status: answered.status, headers: answered.headers, body: null } : await replyOf(answered);
  return { status: reply.status, setCookies: [...setCookies, ...reply.headers.getSetCookie()], body: reply.body };
}

/** The password step through the sign-in page, as a browser holding the known-browser token `browser`. */
async function passwordStep(email: string, browser: string, address: string) {
  const posted = await post("/sign-in", { email, password: TEST_PASSWORD }, [`${KNOWN_BROWSER_COOKIE}=${browser}`], address);
  const pending = cookieOf(posted.setCookies, "vrn_two_step");
  if (!pending) throw new Error(`expected a pending sign-in, got ${posted.status}`);
  return { pending, knownBrowserCookie: cookieOf(posted.setCookies, KNOWN_BROWSER_COOKIE) };
}

describe("the right password of an account with two-step sign-in, its code not given", () => {
  it("does not make the browser known: the account's ceiling still stops it", async () => {
    const { user } = await teacherWithTwoStep();
    const browser = newBrowserToken();
    expect(await signIn(user.email, TEST_PASSWORD, "10.9.0.1", { knownBrowser: browser })).toMatchObject({ ok: false, reason: "second-step", step: "CODE" });
    expect(await prisma.signInKnownBrowser.count()).toBe(0);
    await ceilingReached(user.email);
    expect(await claimAttempt(user.email, "10.9.0.2", browser)).toMatchObject({ allowed: false });
  });

  it("gives the browser no known-browser cookie from the sign-in page", async () => {
    const { user } = await teacherWithTwoStep();
    const { knownBrowserCookie } = await passwordStep(user.email, newBrowserToken(), "10.9.1.1");
    expect(knownBrowserCookie).toBeUndefined();
  });

  it("forgives none of the account's failures, and its own attempt stays counted", async () => {
    const { user } = await teacherWithTwoStep();
    const address = "10.9.2.1";
    for (let i = 0; i < LIMITS.accountAtAddress - 1; i++) await signIn(user.email, "wrong-password", address);
    expect(await signIn(user.email, TEST_PASSWORD, address)).toMatchObject({ reason: "second-step" });
    // The wrong passwords and the right one (its code never given) make the limit for the account here.
    expect(await signIn(user.email, TEST_PASSWORD, address)).toMatchObject({ ok: false, reason: "throttled" });
  });
});

describe("passing the second step", () => {
  it("with a code from the app, makes the browser known to the account and gives it the known-browser cookie", async () => {
    const { user, key } = await teacherWithTwoStep();
    const browser = newBrowserToken();
    const { pending } = await passwordStep(user.email, browser, "10.9.3.1");
    await ceilingReached(user.email);
    expect(await claimAttempt(user.email, "10.9.3.2", browser)).toMatchObject({ allowed: false });

    const code = await post("/sign-in/two-step", { code: codeAt(key, new Date()) }, [pending, `${KNOWN_BROWSER_COOKIE}=${browser}`], "10.9.3.1");
    expect(code.status).toBe(302);
    expect(cookieOf(code.setCookies, "vrn_session")).toBeDefined();
    expect(code.setCookies.find((value) => value.startsWith(`${KNOWN_BROWSER_COOKIE}=`))).toMatch(
      new RegExp(`^${KNOWN_BROWSER_COOKIE}=${browser}; Max-Age=\\d+; Path=/sign-in; HttpOnly; SameSite=Lax$`),
    );
    // The code forgave the account's failures, the ceiling's too. Under a new wide attack this browser is
    // spared, from a network it has never used; a new browser is stopped.
    await ceilingReached(user.email);
    expect(await claimAttempt(user.email, "10.9.3.3", browser)).toMatchObject({ allowed: true });
    expect(await claimAttempt(user.email, "10.9.3.3", newBrowserToken())).toMatchObject({ allowed: false });
  });

  it("with a recovery code, forgives the account's failures and takes the password's attempt back from its address", async () => {
    const { user, recoveryCodes } = await teacherWithTwoStep();
    const address = "10.9.4.1";
    const wrong = LIMITS.accountAtAddress - 2;
    for (let i = 0; i < wrong; i++) await signIn(user.email, "wrong-password", address);
    const failuresBefore = await prisma.signInFailure.count();
    const { pending } = await passwordStep(user.email, newBrowserToken(), address);
    // The password's attempt counts for the account here, for the account and for the address, until the code.
    expect(await prisma.signInFailure.count()).toBe(failuresBefore + 3);

    const recovered = await post("/sign-in/two-step", { code: recoveryCodes[0]! }, [pending], address);
    expect(recovered.status).toBe(302);
    // Left: only the address's own count of the wrong passwords, as after a sign-in without two-step.
    expect(await prisma.signInFailure.count()).toBe(failuresBefore - 2 * wrong);
    for (let i = 0; i < LIMITS.accountAtAddress; i++) expect(await claimAttempt(user.email, address)).toMatchObject({ allowed: true });
  });

  it("a second time (a replayed form) forgives nothing more and makes no browser known", async () => {
    const { user, recoveryCodes } = await teacherWithTwoStep();
    const { pending } = await passwordStep(user.email, newBrowserToken(), "10.9.5.1");
    expect((await post("/sign-in/two-step", { code: recoveryCodes[0]! }, [pending], "10.9.5.1")).status).toBe(302);
    const known = await prisma.signInKnownBrowser.count();
    const replayed = await post("/sign-in/two-step", { code: recoveryCodes[1]! }, [pending, `${KNOWN_BROWSER_COOKIE}=${newBrowserToken()}`], "10.9.5.1");
    expect(cookieOf(replayed.setCookies, KNOWN_BROWSER_COOKIE)).toBeUndefined();
    expect(await prisma.signInKnownBrowser.count()).toBe(known);
  });
});

// Last: the requirement applies to every lead in this file's database.
describe("a lead setting two-step up at sign-in, as the leads' requirement makes them", () => {
  it("is known, and forgiven, only once the app is set up", async () => {
    const requiringLead = await createUser({ role: "VRN_LEAD" });
    await setUpApp(requiringLead);
    expect(await setTwoStepRequiredForLeads(requiringLead, true)).toMatchObject({ ok: true });
    const lead = await createUser({ role: "VRN_LEAD" });
    const browser = newBrowserToken();
    const address = "10.9.6.1";
    for (let i = 0; i < LIMITS.accountAtAddress - 1; i++) await signIn(lead.email, "wrong-password", address);

    const { pending, knownBrowserCookie } = await passwordStep(lead.email, browser, address);
    expect(knownBrowserCookie).toBeUndefined();
    expect(await signIn(lead.email, TEST_PASSWORD, address)).toMatchObject({ reason: "throttled" });

    const enrolment = await startEnrolment(lead);
    if (!enrolment) throw new Error("expected the enrolment begun at sign-in");
    const key = decodeBase32IgnorePadding(enrolment.secret.replace(/ /g, ""));
    const setUp = await post("/sign-in/set-up-two-step", { code: codeAt(key, new Date()) }, [pending, `${KNOWN_BROWSER_COOKIE}=${browser}`], address);
    expect(setUp.body).toMatchObject({ recoveryCodes: expect.any(Array) });
    expect(cookieOf(setUp.setCookies, KNOWN_BROWSER_COOKIE)).toBe(`${KNOWN_BROWSER_COOKIE}=${browser}`);
    await ceilingReached(lead.email);
    expect(await claimAttempt(lead.email, address, browser)).toMatchObject({ allowed: true });
  });
});

describe("a sign-in waiting for its code when the password changes", () => {
  const NEW_PASSWORD = "lantern meadow copper";
  const outbox = createMailer({ smtpUrl: undefined, from: "VRN Schools Forum <no-reply@forum.example.test>" });

  /** The code step, right code, for a sign-in begun with the old password: it must open no session. */
  async function codeAfterwards(key: Uint8Array, pending: string) {
    const code = await post("/sign-in/two-step", { code: codeAt(key, new Date()) }, [pending], "10.9.5.1");
    expect(cookieOf(code.setCookies, "vrn_session")).toBeUndefined();
  }

  it("ends when the owner changes the password from their account", async () => {
    const { user, key } = await teacherWithTwoStep();
    const { pending } = await passwordStep(user.email, newBrowserToken(), "10.9.5.1");
    expect(await changeOwnPassword(user.id, TEST_PASSWORD, NEW_PASSWORD)).toMatchObject({ ok: true });
    await codeAfterwards(key, pending);
  });

  it("ends when the password is reset from a link", async () => {
    const { user, key } = await teacherWithTwoStep();
    const { pending } = await passwordStep(user.email, newBrowserToken(), "10.9.5.1");
    expect(await requestPasswordReset(user.email, { origin: "https://forum.example.test", mailer: outbox })).toBe("sent");
    const message = await prisma.outboxMessage.findFirstOrThrow({ where: { to: user.email }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    const token = /\/reset-password\/([a-z2-7]+)/.exec(message.text)?.[1] ?? "";
    expect(await resetPassword(token, NEW_PASSWORD)).toMatchObject({ ok: true });
    await codeAfterwards(key, pending);
  });
});

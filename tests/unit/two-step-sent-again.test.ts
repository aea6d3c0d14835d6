import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { checkSecondStep, completePendingSignIn, findPendingSignIn, startPendingSignIn } from "~/auth/second-step.server";
import { createSession } from "~/auth/session.server";
import { totpStep } from "~/auth/totp.server";
import { confirmEnrolment, regenerateRecoveryCodes, startEnrolment } from "~/auth/two-step.server";
import { prisma } from "~/db.server";
import { readFlash } from "~/lib/flash.server";
import { createSchool, createUser, TEST_PASSWORD } from "./factories";
import { routeContext } from "./support/route";

// A form that takes a two-step code sent twice by the same browser (a double click without JavaScript, a
// request sent again) is answered with what the first sending did, never "the code is not right"; the same
// code from another browser, or for another purpose, is still refused (decision 0192).

const codeAt = (key: Uint8Array, at: Date) => generateHOTP(key, BigInt(totpStep(at)), 6);
const codeNow = (key: Uint8Array) => codeAt(key, new Date());

const ROUTES = {
  "/account/two-step": () => import("~/routes/account_.two-step"),
  "/sign-in/two-step": () => import("~/routes/sign-in_.two-step"),
  "/sign-in/set-up-two-step": () => import("~/routes/sign-in_.set-up-two-step"),
};

type Answer = { status: number; to?: string | null; message?: string | null; cookies: string[]; body?: unknown };

/** Posts `form` to a page's action as a browser holding `cookies` ("name=value"): where the answer leads, what it says, what it sets. */
async function post(path: keyof typeof ROUTES, form: Record<string, string>, cookies: string[]): Promise<Answer> {
  const { action } = await ROUTES[path]();
  const request = new Request(`http://localhost${path}`, { method: "POST", headers: { Cookie: cookies.join("; ") }, body: new URLSearchParams(form) });
  const answer: unknown = await action({ request, params: {}, context: routeContext() });
  if (answer instanceof Response) {
    const set = answer.headers.getSetCookie();
    const flash = set.find((cookie) => cookie.startsWith("vrn_flash="))?.split(";")[0];
    const shown = flash ? await readFlash(new Request("http://localhost/", { headers: { Cookie: flash } }), routeContext()) : null;
    return { status: answer.status, to: answer.headers.get("Location"), message: shown?.message ?? null, cookies: set };
  }
  // data(...) with a status or headers, or the plain value.
  if (answer && typeof answer === "object" && "init" in answer && "data" in answer) {
    const { data, init } = answer as { data: unknown; init?: ResponseInit | null };
    return { status: init?.status ?? 200, body: data, cookies: new Headers(init?.headers).getSetCookie() };
  }
  return { status: 200, body: answer, cookies: [] };
}

/** A request carrying `cookie`, as a browser sends it. */
const requestWith = (cookie: string) => new Request("http://localhost/sign-in/two-step", { headers: { cookie } });
const cookieOf = (answer: Answer, name: string) => answer.cookies.find((cookie) => cookie.startsWith(`${name}=`))?.split(";")[0];
const teacher = async () => createUser({ role: "TEACHER", schoolId: (await createSchool()).id });

/** A teacher with two-step on, set up two steps ago so that the code of now is accepted next. */
async function teacherWithTwoStep() {
  const user = await teacher();
  const enrolment = await startEnrolment(user);
  const key = decodeBase32IgnorePadding(enrolment!.secret.replace(/ /g, ""));
  const setUpAt = new Date(Date.now() - 60_000);
  const confirmed = await confirmEnrolment(user, codeAt(key, setUpAt), null, setUpAt);
  if (!confirmed.ok) throw new Error("expected two-step sign-in on");
  return { user, key, recoveryCodes: confirmed.recoveryCodes };
}

/** A browser signed in as `userId`: its session cookie. */
async function signedIn(userId: string): Promise<string> {
  return `vrn_session=${(await createSession(userId)).token}`;
}

const recoveryCodeHashes = (userId: string) => prisma.recoveryCode.findMany({ where: { userId }, orderBy: { codeHash: "asc" }, select: { codeHash: true } });
const audited = (userId: string, summary: string) => prisma.auditEvent.count({ where: { entityId: userId, summary } });
const codesRefused = (userId: string) => prisma.auditEvent.count({ where: { entityId: userId, action: { in: ["two-step-code-failed", "sign-in-failed"] } } });

const NEW_CODES_SENT_AGAIN =
  "This form had been sent a moment before, and that sending used your code to make new recovery codes. They cannot be shown again here: if you did not see them, make new ones with the next code your app shows.";

describe("making new recovery codes, sent twice", () => {
  it("in turn: the second sending is told the first made them, which cannot be shown again, and makes none", async () => {
    const { user, key } = await teacherWithTwoStep();
    const browser = [await signedIn(user.id)];
    const form = { intent: "regenerate", password: TEST_PASSWORD, code: codeNow(key) };
    const first = await post("/account/two-step", form, browser);
    expect(first.status).toBe(200);
    expect((first.body as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
    const made = await recoveryCodeHashes(user.id);

    expect(await post("/account/two-step", form, browser)).toMatchObject({ status: 302, to: "/account/two-step", message: NEW_CODES_SENT_AGAIN });
    expect(await recoveryCodeHashes(user.id)).toEqual(made);
    expect(await audited(user.id, "Made new two-step recovery codes")).toBe(1);
    expect(await codesRefused(user.id)).toBe(0);
  });

  it("in turn, confirmed with a recovery code: the same", async () => {
    const { user, recoveryCodes } = await teacherWithTwoStep();
    const browser = [await signedIn(user.id)];
    const form = { intent: "regenerate", password: TEST_PASSWORD, code: recoveryCodes[0]! };
    expect((await post("/account/two-step", form, browser)).status).toBe(200);
    expect(await post("/account/two-step", form, browser)).toMatchObject({ status: 302, message: NEW_CODES_SENT_AGAIN });
    expect(await audited(user.id, "Made new two-step recovery codes")).toBe(1);
  });

  it("at once: one makes them, the other is told so", async () => {
    const { user, key } = await teacherWithTwoStep();
    const browser = [await signedIn(user.id)];
    const form = { intent: "regenerate", password: TEST_PASSWORD, code: codeNow(key) };
    const answers = await Promise.all([post("/account/two-step", form, browser), post("/account/two-step", form, browser)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 302]);
    expect(answers.find((answer) => answer.status === 302)?.message).toBe(NEW_CODES_SENT_AGAIN);
    expect(await audited(user.id, "Made new two-step recovery codes")).toBe(1);
    expect(await codesRefused(user.id)).toBe(0);
  });

  it("from another browser, or after 90 seconds, the used code is refused as before", async () => {
    const { user, key } = await teacherWithTwoStep();
    const form = { intent: "regenerate", password: TEST_PASSWORD, code: codeNow(key) };
    expect((await post("/account/two-step", form, [await signedIn(user.id)])).status).toBe(200);
    const made = await recoveryCodeHashes(user.id);
    const elsewhere = await post("/account/two-step", form, [await signedIn(user.id)]);
    expect(elsewhere.status).toBe(400);
    expect(JSON.stringify(elsewhere.body)).toContain("The code is not right");
    expect(await recoveryCodeHashes(user.id)).toEqual(made);
    expect(await codesRefused(user.id)).toBe(1);

    // A recovery code keeps no step, so only the window tells its repeat from a later replay.
    const { user: other, recoveryCodes } = await teacherWithTwoStep();
    const session = (await createSession(other.id)).token;
    const change = { password: TEST_PASSWORD, code: recoveryCodes[0]!, session };
    const at = new Date();
    expect(await regenerateRecoveryCodes(other, change, at)).toMatchObject({ ok: true });
    expect(await regenerateRecoveryCodes(other, change, new Date(at.getTime() + 90_000))).toEqual({ ok: false, reason: "sent-again" });
    expect(await regenerateRecoveryCodes(other, change, new Date(at.getTime() + 91_000))).toMatchObject({ ok: false, field: "code" });
  });

  it("for another purpose the used code is refused: turning off with it changes nothing", async () => {
    const { user, key } = await teacherWithTwoStep();
    const browser = [await signedIn(user.id)];
    const code = codeNow(key);
    expect((await post("/account/two-step", { intent: "regenerate", password: TEST_PASSWORD, code }, browser)).status).toBe(200);
    const turnOff = await post("/account/two-step", { intent: "turn-off", password: TEST_PASSWORD, code }, browser);
    expect(turnOff.status).toBe(400);
    expect(JSON.stringify(turnOff.body)).toContain("The code is not right");
    expect(await prisma.twoStep.count({ where: { userId: user.id, enabledAt: { not: null } } })).toBe(1);
  });
});

describe("turning two-step sign-in off, sent twice at the same moment", () => {
  it("turns it off once and tells the other it was already off, as a press after it is told", async () => {
    const { user, key } = await teacherWithTwoStep();
    const browser = [await signedIn(user.id)];
    const form = { intent: "turn-off", password: TEST_PASSWORD, code: codeNow(key) };
    // Both find it on before either turns it off: each waits after asking until the other has asked.
    const twoSteps = prisma.twoStep;
    const ask = twoSteps.findUnique;
    let arrive: () => void = () => {};
    const bothAsked = new Promise<void>((resolve) => {
      let asked = 0;
      arrive = () => void (++asked === 2 && resolve());
    });
    twoSteps.findUnique = ((args: Parameters<typeof ask>[0]) =>
      ask.call(twoSteps, args).then(async (row) => {
        arrive();
        await bothAsked;
        return row;
      })) as never;
    const answers = await Promise.all([post("/account/two-step", form, browser), post("/account/two-step", form, browser)]).finally(
      () => (twoSteps.findUnique = ask),
    );
    expect(answers.map(({ status, to, message }) => ({ status, to, message })).sort((a, b) => (a.message! < b.message! ? -1 : 1))).toEqual([
      { status: 302, to: "/account/two-step", message: "Nothing changed: two-step sign-in was already off." },
      { status: 302, to: "/account/two-step", message: "Two-step sign-in is off. Your recovery codes no longer work." },
    ]);
    expect(await audited(user.id, "Turned off two-step sign-in")).toBe(1);
    expect(await codesRefused(user.id)).toBe(0);
  });
});

describe("turning two-step sign-in on from the account page, sent twice", () => {
  const SENT_AGAIN =
    "This form had been sent a moment before, and that sending used your code to turn on two-step sign-in and make your recovery codes. They cannot be shown again here: if you did not see them, make new ones with the next code your app shows.";

  async function settingUp() {
    const user = await teacher();
    const key = decodeBase32IgnorePadding((await startEnrolment(user))!.secret.replace(/ /g, ""));
    return { user, browser: [await signedIn(user.id)], form: { intent: "confirm", code: codeNow(key) } };
  }

  it("in turn: the second is told the first turned it on and made codes that cannot be shown again", async () => {
    const { user, browser, form } = await settingUp();
    expect((await post("/account/two-step", form, browser)).status).toBe(200);
    const made = await recoveryCodeHashes(user.id);
    expect(await post("/account/two-step", form, browser)).toMatchObject({ status: 302, to: "/account/two-step", message: SENT_AGAIN });
    expect(await recoveryCodeHashes(user.id)).toEqual(made);
    expect(await audited(user.id, "Turned on two-step sign-in")).toBe(1);
  });

  it("at once: one turns it on, the other is told so", async () => {
    const { user, browser, form } = await settingUp();
    const answers = await Promise.all([post("/account/two-step", form, browser), post("/account/two-step", form, browser)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 302]);
    expect(answers.find((answer) => answer.status === 302)?.message).toBe(SENT_AGAIN);
    expect(await audited(user.id, "Turned on two-step sign-in")).toBe(1);
    expect(await codesRefused(user.id)).toBe(0);
  });
});

describe("the sign-in's code step, sent twice", () => {
  const NOT_KEPT =
    "This form had been sent a moment before, and that sending used your code to sign you in, but its answer did not reach this browser, so you are not signed in here. Sign in again with your password and the next code your app shows, or another recovery code.";

  async function atCodeStep() {
    const { user, key } = await teacherWithTwoStep();
    const setCookie = await startPendingSignIn({ userId: user.id, step: "CODE", attemptIds: [] }, "/reach", { secure: false });
    return { user, pending: setCookie!.split(";")[0]!, form: { code: codeNow(key) } };
  }

  it("in turn, the first answer kept: the second is told the person is signed in, and led home", async () => {
    const { user, pending, form } = await atCodeStep();
    const first = await post("/sign-in/two-step", form, [pending]);
    expect(first).toMatchObject({ status: 302, to: "/reach" });
    // The browser took the first answer's cookies: signed in, its pending sign-in cleared.
    const again = await post("/sign-in/two-step", form, [cookieOf(first, "vrn_session")!]);
    expect(again).toMatchObject({ status: 302, to: "/", message: `You are signed in already, as ${user.name}, and two-step sign-in is on.` });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it("in turn, the first answer lost: the second is told the code signed in and to sign in again, opening nothing", async () => {
    const { user, pending, form } = await atCodeStep();
    expect(await post("/sign-in/two-step", form, [pending])).toMatchObject({ status: 302, to: "/reach" });
    const again = await post("/sign-in/two-step", form, [pending]);
    expect(again).toMatchObject({ status: 302, to: "/sign-in", message: NOT_KEPT });
    expect(cookieOf(again, "vrn_two_step")).toBe("vrn_two_step=");
    expect(cookieOf(again, "vrn_session")).toBeUndefined();
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await codesRefused(user.id)).toBe(0);
  });

  it("at once: one signs in, the other is told so and opens nothing", async () => {
    const { user, pending, form } = await atCodeStep();
    const answers = await Promise.all([post("/sign-in/two-step", form, [pending]), post("/sign-in/two-step", form, [pending])]);
    expect(answers.map(({ to, message }) => ({ to, message })).sort((a, b) => (a.to! < b.to! ? -1 : 1))).toEqual([
      { to: "/reach", message: null },
      { to: "/sign-in", message: NOT_KEPT },
    ]);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await codesRefused(user.id)).toBe(0);
  });

  it("when the first sending opened no session (the account was deactivated meanwhile), the second claims no sign-in", async () => {
    const { user, pending, form } = await atCodeStep();
    const first = await findPendingSignIn(requestWith(pending), "CODE");
    expect(await checkSecondStep(first!, form.code)).toMatchObject({ ok: true });
    await prisma.user.update({ where: { id: user.id }, data: { active: false } });
    expect(await completePendingSignIn(first!, "with a two-step code", "127.0.0.1")).toBeNull();
    const again = await post("/sign-in/two-step", form, [pending]);
    expect(again).toMatchObject({ status: 302, to: "/sign-in", message: "Your sign-in timed out before a code was entered. Sign in again." });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("from another browser's sign-in the used code is refused as before", async () => {
    const { user, pending, form } = await atCodeStep();
    expect(await post("/sign-in/two-step", form, [pending])).toMatchObject({ status: 302, to: "/reach" });
    const other = (await startPendingSignIn({ userId: user.id, step: "CODE", attemptIds: [] }, "/", { secure: false }))!.split(";")[0]!;
    const replayed = await post("/sign-in/two-step", form, [other]);
    expect(replayed.status).toBe(400);
    expect(JSON.stringify(replayed.body)).toContain("The code is not right, or it has been used already");
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe("the sign-in's set-up step, sent twice", () => {
  const NOT_KEPT =
    "This form had been sent a moment before, and that sending used your code to set up two-step sign-in, but its answer did not reach this browser: you are not signed in here, and the recovery codes made then cannot be shown again. Sign in again with your password and a code from your app, then make new recovery codes from your account page.";

  async function atSetUpStep() {
    const lead = await createUser({ role: "VRN_LEAD" });
    const setCookie = await startPendingSignIn({ userId: lead.id, step: "ENROL", attemptIds: [] }, "/reach", { secure: false });
    const key = decodeBase32IgnorePadding((await startEnrolment(lead))!.secret.replace(/ /g, ""));
    return { lead, pending: setCookie!.split(";")[0]!, form: { code: codeNow(key) } };
  }

  it("in turn, the first answer kept: the second is told the person is signed in with two-step on, and led home", async () => {
    const { lead, pending, form } = await atSetUpStep();
    const first = await post("/sign-in/set-up-two-step", form, [pending]);
    expect((first.body as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
    const again = await post("/sign-in/set-up-two-step", form, [cookieOf(first, "vrn_session")!]);
    expect(again).toMatchObject({
      status: 302,
      to: "/",
      message: `You are signed in already, as ${lead.name}, and two-step sign-in is on. If you did not see your recovery codes, make new ones from your account page.`,
    });
    expect(await audited(lead.id, "Turned on two-step sign-in")).toBe(1);
  });

  it("in turn, the first answer lost: the second is told it was set up and to sign in again", async () => {
    const { lead, pending, form } = await atSetUpStep();
    expect((await post("/sign-in/set-up-two-step", form, [pending])).status).toBe(200);
    const made = await recoveryCodeHashes(lead.id);
    expect(await post("/sign-in/set-up-two-step", form, [pending])).toMatchObject({ status: 302, to: "/sign-in", message: NOT_KEPT });
    expect(await recoveryCodeHashes(lead.id)).toEqual(made);
    expect(await prisma.session.count({ where: { userId: lead.id } })).toBe(1);
  });

  it("at once: one sets it up and signs in, the other is told so and opens nothing", async () => {
    const { lead, pending, form } = await atSetUpStep();
    const answers = await Promise.all([post("/sign-in/set-up-two-step", form, [pending]), post("/sign-in/set-up-two-step", form, [pending])]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 302]);
    expect(answers.find((answer) => answer.status === 302)).toMatchObject({ to: "/sign-in", message: NOT_KEPT });
    expect(await prisma.session.count({ where: { userId: lead.id } })).toBe(1);
    expect(await audited(lead.id, "Turned on two-step sign-in")).toBe(1);
  });
});

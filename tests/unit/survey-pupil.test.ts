import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { fieldName, ONE_PAGE_MAX, PAGE_SIZE } from "~/lib/survey-answers";
import {
  acceptedAnswers,
  answerSurvey,
  missedLookups,
  missedLookupsPerNetwork,
  pupilPage,
  refusedSubmissions,
  SURVEY_COOKIE,
  welcomeBrowser,
} from "~/models/survey-pupil.server";
import { openRun } from "~/models/survey-runs.server";
import { waitForRoomInWindow } from "../support/one-window";
import { createSurveyTemplate, schoolWithBooking } from "./survey-factories";

function contextFor(clientAddress: string) {
  const cookies: string[] = [];
  const context: AppLoadContext = { cspNonce: "", clientAddress, secureCookies: false, setCookie: (c: string) => void cookies.push(c) };
  return { context, cookies };
}

const request = (cookie?: string) => new Request("http://localhost/s/X", { headers: cookie ? { Cookie: cookie } : {} });

/**
 * An open survey of a school's session, its first page as a browser signed in as the school's teacher sees
 * it from `address`, and that browser's survey token: what a staff preview starts from.
 */
async function staffPreviewOfNewRun(address: string) {
  const { teacher, booking } = await schoolWithBooking();
  const template = await createSurveyTemplate("BEFORE");
  const run = await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: false });
  if (!run.ok) throw new Error("not opened");
  const { token: session } = await createSession(teacher.id);
  const visit = contextFor(address);
  const shown = await pupilPage({ request: request(`vrn_session=${session}`), context: visit.context, code: run.code, thanks: false });
  if (shown.state !== "open") throw new Error("not open");
  const surveyToken = visit.cookies.find((c) => c.startsWith(SURVEY_COOKIE))!.split(";")[0]!;
  return { teacher, template, run, session, visit, shown, surveyToken };
}

describe("the pupil pages", () => {
  it("slow down an address that keeps trying codes that match nothing, and only that address", async () => {
    await missedLookups.reset();
    await waitForRoomInWindow(missedLookups.windowMs, 30_000);
    const guesser = contextFor("203.0.113.7");
    for (let i = 0; i < 60; i++)
      expect((await pupilPage({ request: request(), context: guesser.context, code: "ZZZZZZZZ", thanks: false })).state).toBe("unknown");
    const refused = await pupilPage({ request: request(), context: guesser.context, code: "ZZZZZZZZ", thanks: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(429);
    expect(Number((refused as Response).headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await pupilPage({ request: request(), context: contextFor("198.51.100.2").context, code: "ZZZZZZZZ", thanks: false })).state).toBe("unknown");
  });

  it("slow down an address whose client takes a new browser token every few guesses, at ten times one browser's limit", async () => {
    await missedLookups.reset();
    await missedLookupsPerNetwork.reset();
    await waitForRoomInWindow(missedLookupsPerNetwork.windowMs, 30_000);
    const address = "203.0.113.70";
    const freshToken = () => {
      const welcomed = contextFor(address);
      welcomeBrowser(request(), welcomed.context);
      return welcomed.cookies[0]!.split(";")[0]!;
    };
    const guess = (token: string) =>
      pupilPage({ request: request(token), context: contextFor(address).context, code: "ZZZZZZZZ", thanks: false }).catch((e: unknown) => e as Response);
    const outcomes: (string | number)[] = [];
    for (let round = 0; round < 12; round++) {
      const token = freshToken();
      for (let i = 0; i < 50; i++) {
        const page = await guess(token);
        outcomes.push(page instanceof Response ? page.status : page.state);
      }
    }
    expect(outcomes).toEqual(Array(600).fill("unknown"));
    const refused = await guess(freshToken());
    expect(refused instanceof Response && refused.status).toBe(429);
    // Over the limit, a right code is refused too: a 429 must not mean "wrong code" to a guesser.
    const { teacher, booking } = await schoolWithBooking();
    const run = await openRun(teacher, { bookingId: booking.id }, { templateId: (await createSurveyTemplate()).id, sharedDevices: false });
    if (!run.ok) throw new Error("not opened");
    const right = await pupilPage({ request: request(freshToken()), context: contextFor(address).context, code: run.code, thanks: false }).catch(
      (e: unknown) => e as Response,
    );
    expect(right instanceof Response && right.status).toBe(429);
    // And so is a page of answers sent to it.
    const sent = await answerSurvey({ request: request(freshToken()), context: contextFor(address).context, code: run.code, form: new FormData() }).catch(
      (e: unknown) => e as Response,
    );
    expect(sent instanceof Response && sent.status).toBe(429);
    // Another network is not slowed down.
    expect((await pupilPage({ request: request(), context: contextFor("198.51.100.71").context, code: "ZZZZZZZZ", thanks: false })).state).toBe("unknown");
  });

  it("give a new browser a token in an HttpOnly cookie scoped to /s, and keep it once set", async () => {
    const { teacher, booking } = await schoolWithBooking();
    const template = await createSurveyTemplate();
    const run = await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: false });
    if (!run.ok) throw new Error("not opened");
    const fresh = contextFor("192.0.2.1");
    expect((await pupilPage({ request: request(), context: fresh.context, code: run.code, thanks: false })).state).toBe("open");
    expect(fresh.cookies).toHaveLength(1);
    expect(fresh.cookies[0]).toMatch(new RegExp(`^${SURVEY_COOKIE}=[A-Za-z0-9_-]{43}; Max-Age=\\d+; Path=/s; HttpOnly; SameSite=Lax$`));

    const token = fresh.cookies[0]!.split(";")[0]!;
    const again = contextFor("192.0.2.1");
    await pupilPage({ request: request(token), context: again.context, code: run.code, thanks: false });
    expect(again.cookies).toEqual([]);

    // "Next pupil" is only for runs on shared computers: here it changes nothing.
    const form = new FormData();
    form.set("intent", "next-pupil");
    const next = contextFor("192.0.2.1");
    expect(await answerSurvey({ request: request(token), context: next.context, code: run.code, form })).toEqual({ kind: "next-pupil" });
    expect(next.cookies).toEqual([]);
  });

  it("on a shared computer, never show one pupil's answers to the next, who replays the page from the browser's history", async () => {
    const { teacher, booking } = await schoolWithBooking();
    const template = await createSurveyTemplate("BEFORE", { freeTextEnabled: true });
    const run = await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: true });
    if (!run.ok) throw new Error("not opened");
    const [law, knife, yesNo, freeText] = template.questions;
    const first = contextFor("192.0.2.9");
    const shown = await pupilPage({ request: request(), context: first.context, code: run.code, thanks: false });
    if (shown.state !== "open") throw new Error("not open");
    const tokenA = first.cookies[0]!.split(";")[0]!;

    // The first pupil writes something and misses a question: the page comes back with what they wrote.
    const posted = new FormData();
    posted.set("page", "1");
    posted.set("pupil", shown.pupilTag);
    posted.set(fieldName(law!.id), "4");
    posted.set(fieldName(freeText!.id), "My secret");
    const missed = await answerSurvey({ request: request(tokenA), context: contextFor("192.0.2.9").context, code: run.code, form: posted });
    expect(missed).toMatchObject({ kind: "page", status: 400, page: { state: "open", values: { [freeText!.id]: ["My secret"] } } });

    // They finish; their token has answered. Sending the earlier page again shows nothing of theirs.
    const whole = new FormData();
    for (const [key, value] of posted) whole.set(key, value);
    whole.set(fieldName(knife!.id), "2");
    whole.set(fieldName(yesNo!.id), "1");
    expect(await answerSurvey({ request: request(tokenA), context: contextFor("192.0.2.9").context, code: run.code, form: whole })).toEqual({ kind: "sent" });
    const sameBrowser = await answerSurvey({ request: request(tokenA), context: contextFor("192.0.2.9").context, code: run.code, form: posted });
    expect(sameBrowser).toMatchObject({ kind: "page", status: 409, page: { state: "answered" } });

    // "Next pupil" gives the computer a new token; the next pupil presses Back and resends the first pupil's page.
    const next = contextFor("192.0.2.9");
    const intent = new FormData();
    intent.set("intent", "next-pupil");
    await answerSurvey({ request: request(tokenA), context: next.context, code: run.code, form: intent });
    const tokenB = next.cookies[0]!.split(";")[0]!;
    expect(tokenB).not.toBe(tokenA);
    const replayed = await answerSurvey({ request: request(tokenB), context: contextFor("192.0.2.9").context, code: run.code, form: posted });
    expect(replayed).toMatchObject({ kind: "page", status: 200, page: { state: "open", page: 1, values: {}, carried: {}, errors: {}, restarted: true } });
    expect(JSON.stringify(replayed)).not.toContain("My secret");
    expect(await prisma.surveyResponse.count({ where: { runId: run.id } })).toBe(1);
  });

  it("show a browser signed in to a staff account a preview, whose answers are checked and never saved", async () => {
    const { template, run, session, visit, shown, surveyToken } = await staffPreviewOfNewRun("192.0.2.30");
    const [law, knife, yesNo] = template.questions;
    const signedIn = (survey?: string) => request([`vrn_session=${session}`, survey].filter(Boolean).join("; "));
    expect(shown).toMatchObject({ state: "open", preview: true });

    // Checked as a pupil's would be: a missed question is refused, still as a preview.
    const form = new FormData();
    form.set("page", "1");
    form.set("pupil", shown.pupilTag);
    form.set(fieldName(law!.id), "4");
    const missed = await answerSurvey({ request: signedIn(surveyToken), context: contextFor("192.0.2.30").context, code: run.code, form });
    expect(missed).toMatchObject({ kind: "page", status: 400, page: { state: "open", preview: true } });

    form.set(fieldName(knife!.id), "2");
    form.set(fieldName(yesNo!.id), "1");
    const sent = await answerSurvey({ request: signedIn(surveyToken), context: contextFor("192.0.2.30").context, code: run.code, form });
    expect(sent).toEqual({ kind: "previewed" });
    expect(await prisma.surveyResponse.count({ where: { runId: run.id } })).toBe(0);
    expect(await pupilPage({ request: signedIn(surveyToken), context: visit.context, code: run.code, thanks: false, previewed: true })).toEqual({
      state: "previewed",
      title: template.title,
    });
    // That address, passed round to pupils, does not tell a browser signed in to no account that it has
    // finished: it gets the survey.
    const passedOn = await pupilPage({ request: request(), context: contextFor("192.0.2.33").context, code: run.code, thanks: false, previewed: true });
    expect(passedOn).toMatchObject({ state: "open", preview: false, title: template.title });

    // The same answers from a browser signed in to no account are a pupil's, and saved.
    const pupil = contextFor("192.0.2.31");
    const pupilShown = await pupilPage({ request: request(), context: pupil.context, code: run.code, thanks: false });
    expect(pupilShown).toMatchObject({ state: "open", preview: false });
    if (pupilShown.state !== "open") throw new Error("not open");
    form.set("pupil", pupilShown.pupilTag);
    const pupilToken = pupil.cookies[0]!.split(";")[0]!;
    expect(await answerSurvey({ request: request(pupilToken), context: contextFor("192.0.2.31").context, code: run.code, form })).toEqual({ kind: "sent" });
    expect(await prisma.surveyResponse.count({ where: { runId: run.id } })).toBe(1);
  });

  it("keep a page drawn as a preview a preview, should the staff sign-in end before its last page is sent", async () => {
    const { teacher, template, run, shown, surveyToken } = await staffPreviewOfNewRun("192.0.2.32");
    const [law, knife, yesNo] = template.questions;
    expect(shown.preview).toBe(true);
    // Signed out (in another tab, say): the page still says it is a preview, and so it stays one.
    await prisma.session.deleteMany({ where: { userId: teacher.id } });
    const form = new FormData();
    form.set("page", "1");
    form.set("pupil", shown.pupilTag);
    form.set("preview", "1");
    form.set(fieldName(law!.id), "4");
    form.set(fieldName(knife!.id), "2");
    form.set(fieldName(yesNo!.id), "1");
    expect(await answerSurvey({ request: request(surveyToken), context: contextFor("192.0.2.32").context, code: run.code, form })).toEqual({
      kind: "previewed",
    });
    expect(await prisma.surveyResponse.count({ where: { runId: run.id } })).toBe(0);
  });

  it("say a survey has closed as soon as a page is sent to it, even one from an earlier visit", async () => {
    const { teacher, booking } = await schoolWithBooking();
    const template = await createSurveyTemplate("AFTER");
    const run = await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: true });
    if (!run.ok) throw new Error("not opened");
    const visit = contextFor("192.0.2.20");
    const shown = await pupilPage({ request: request(), context: visit.context, code: run.code, thanks: false });
    if (shown.state !== "open") throw new Error("not open");
    const token = visit.cookies[0]!.split(";")[0]!;
    await prisma.surveyRun.update({ where: { id: run.id }, data: { closedAt: new Date() } });

    const thisVisit = new FormData();
    thisVisit.set("page", "1");
    thisVisit.set("pupil", shown.pupilTag);
    const earlierVisit = new FormData();
    earlierVisit.set("page", "1");
    earlierVisit.set("pupil", "a-page-made-for-another-visit");
    for (const form of [thisVisit, earlierVisit]) {
      const sent = await answerSurvey({ request: request(token), context: contextFor("192.0.2.20").context, code: run.code, form });
      expect(sent).toEqual({ kind: "page", status: 409, page: { state: "closed", title: template.title, reason: "closed" } });
    }
  });

  it("name a question by the number pupils see on it, on every page of a long survey", async () => {
    const { teacher, booking } = await schoolWithBooking();
    const questions = Array.from({ length: ONE_PAGE_MAX + 1 }, (_, i) => ({ position: i + 1, type: "YES_NO", prompt: `Question ${i + 1}?` }));
    const template = await prisma.surveyTemplate.create({
      data: {
        family: `long-${Date.now()}`,
        version: 1,
        title: "A long survey",
        context: "BOOKING",
        phase: "AFTER",
        status: "PUBLISHED",
        questions: { create: questions },
      },
      include: { questions: { orderBy: { position: "asc" } } },
    });
    const run = await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: false });
    if (!run.ok) throw new Error("not opened");
    const visit = contextFor("192.0.2.21");
    const shown = await pupilPage({ request: request(), context: visit.context, code: run.code, thanks: false });
    if (shown.state !== "open") throw new Error("not open");
    const token = visit.cookies[0]!.split(";")[0]!;

    // Page 1 answered in full; page 2 sent with nothing.
    const form = new FormData();
    form.set("page", "2");
    form.set("pupil", shown.pupilTag);
    for (const q of template.questions.slice(0, PAGE_SIZE)) form.set(fieldName(q.id), "1");
    const missed = await answerSurvey({ request: request(token), context: contextFor("192.0.2.21").context, code: run.code, form });
    const firstOnPage2 = template.questions[PAGE_SIZE]!;
    expect(missed).toMatchObject({
      kind: "page",
      status: 400,
      page: { page: 2, firstNumber: PAGE_SIZE + 1, errors: { [firstOnPage2.id]: `Choose an answer to question ${PAGE_SIZE + 1}` } },
    });
  });

  it("treat a token cookie that cannot be decoded as no token, and give the browser a new one", async () => {
    const { teacher, booking } = await schoolWithBooking();
    const template = await createSurveyTemplate();
    const run = await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: false });
    if (!run.ok) throw new Error("not opened");
    const garbled = contextFor("192.0.2.1");
    expect((await pupilPage({ request: request(`${SURVEY_COOKIE}=%ZZ`), context: garbled.context, code: run.code, thanks: false })).state).toBe("open");
    expect(garbled.cookies).toHaveLength(1);
    expect(garbled.cookies[0]).toMatch(new RegExp(`^${SURVEY_COOKIE}=[A-Za-z0-9_-]{43};`));
  });
});

describe("the limits on sending answers", () => {
  async function openSurvey() {
    const { teacher, booking } = await schoolWithBooking();
    const template = await createSurveyTemplate();
    const run = await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: false });
    if (!run.ok) throw new Error("not opened");
    const answers = new FormData();
    for (const question of template.questions) if (question.type !== "FREE_TEXT") answers.set(fieldName(question.id), "1");
    return { code: run.code, answers };
  }
  const send = (address: string, code: string, form: FormData) =>
    answerSurvey({ request: request(), context: contextFor(address).context, code, form }).catch((e: unknown) => e as Response);
  const statusOf = (outcome: Awaited<ReturnType<typeof send>>) =>
    outcome instanceof Response ? outcome.status : outcome.kind === "page" ? outcome.status : outcome.kind;

  it("send a pupil back to the code's own address, whatever spaces or line breaks the code was typed with", async () => {
    await acceptedAnswers.reset();
    const { action } = await import("~/routes/s.$code");
    const { code, answers } = await openSurvey();
    const typed = `${code.slice(0, 4)}\n\u2003${code.slice(4).toLowerCase()}`;
    const sent = await action({
      request: new Request("http://localhost/s/x", { method: "POST", body: answers }),
      context: contextFor("192.0.2.60").context,
      params: { code: typed },
    }).catch((e: unknown) => e as Response);
    expect(sent).toBeInstanceOf(Response);
    expect([(sent as Response).status, (sent as Response).headers.get("Location")]).toEqual([302, `/s/${code}?sent=1`]);
  });

  it("do not let 300 empty submissions to a code turn away the next genuine pupil", async () => {
    await acceptedAnswers.reset();
    await refusedSubmissions.reset();
    await waitForRoomInWindow(refusedSubmissions.windowMs, 30_000);
    const { code, answers } = await openSurvey();
    const junk: (number | string)[] = [];
    for (let i = 0; i < 300; i++) junk.push(statusOf(await send("203.0.113.50", code, new FormData())));
    expect(junk.slice(0, 200)).toEqual(Array(200).fill(400));
    // The sender of the junk is slowed down, with how long to wait...
    expect(junk.slice(200)).toEqual(Array(100).fill(429));
    const refused = await send("203.0.113.50", code, answers);
    expect(refused instanceof Response && Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    // ...and a pupil on another network is not.
    expect(statusOf(await send("192.0.2.77", code, answers))).toBe("sent");
  });

  it("count a browser with a token of this service's by itself: one device's junk does not turn away its school's pupils", async () => {
    await acceptedAnswers.reset();
    await refusedSubmissions.reset();
    await missedLookups.reset();
    await waitForRoomInWindow(refusedSubmissions.windowMs, 30_000);
    const { code, answers } = await openSurvey();
    const school = "198.51.100.80"; // every device at the school shares this address
    const sendAs = (cookie: string | undefined, form: FormData) =>
      answerSurvey({ request: request(cookie), context: contextFor(school).context, code, form }).catch((e: unknown) => e as Response);
    // One device sends 200 empty pages with no token: all refused, and counted against the school's
    // address, which is then slowed down for requests with no token, or with a token it made up.
    for (let i = 0; i < 200; i++) expect(statusOf(await sendAs(undefined, new FormData()))).toBe(400);
    expect(statusOf(await sendAs(undefined, answers))).toBe(429);
    expect(statusOf(await sendAs(`${SURVEY_COOKIE}=${"A".repeat(43)}`, answers))).toBe(429);
    // A pupil whose browser got its token from the code page answers as usual.
    const welcomed = contextFor(school);
    welcomeBrowser(request(), welcomed.context);
    const token = welcomed.cookies[0]!.split(";")[0]!;
    const shown = await pupilPage({ request: request(token), context: contextFor(school).context, code, thanks: false });
    if (shown.state !== "open") throw new Error("not open");
    const theirs = new FormData();
    for (const [key, value] of answers) theirs.set(key, value);
    theirs.set("pupil", shown.pupilTag);
    expect(statusOf(await sendAs(token, theirs))).toBe("sent");
    // A browser's own refusals are its own limit: 200, then it waits.
    const other = contextFor(school);
    welcomeBrowser(request(), other.context);
    const noisy = other.cookies[0]!.split(";")[0]!;
    const noisyPage = await pupilPage({ request: request(noisy), context: contextFor(school).context, code, thanks: false });
    if (noisyPage.state !== "open") throw new Error("not open");
    const empty = new FormData();
    empty.set("pupil", noisyPage.pupilTag);
    for (let i = 0; i < 200; i++) expect(statusOf(await sendAs(noisy, empty))).toBe(400);
    expect(statusOf(await sendAs(noisy, empty))).toBe(429);
  });

  it("count accepted answers per survey code", async () => {
    await acceptedAnswers.reset();
    await refusedSubmissions.reset();
    await waitForRoomInWindow(acceptedAnswers.windowMs, 15_000);
    const { code, answers } = await openSurvey();
    for (let i = 0; i < 299; i++) await acceptedAnswers.hit(code);
    // The 300th is accepted, and counted as it is saved: the next is one too many.
    expect(statusOf(await send("192.0.2.78", code, answers))).toBe("sent");
    expect(statusOf(await send("192.0.2.79", code, answers))).toBe(429);
    const other = await openSurvey();
    expect(statusOf(await send("192.0.2.78", other.code, other.answers))).toBe("sent");
  });

  it("accept no more than the limit when a class sends at once, keeping nothing of those refused", async () => {
    await acceptedAnswers.reset();
    await refusedSubmissions.reset();
    await waitForRoomInWindow(acceptedAnswers.windowMs, 15_000);
    const { code, answers } = await openSurvey();
    for (let i = 0; i < 290; i++) await acceptedAnswers.hit(code);
    const outcomes = (await Promise.all(Array.from({ length: 20 }, (_, i) => send(`192.0.2.${100 + i}`, code, answers)))).map(statusOf);
    expect(outcomes.filter((outcome) => outcome === "sent")).toHaveLength(10);
    expect(outcomes.filter((outcome) => outcome === 429)).toHaveLength(10);
    const run = await prisma.surveyRun.findUniqueOrThrow({ where: { code } });
    expect(run.responseCount).toBe(10);
    expect(await prisma.surveyResponse.count({ where: { runId: run.id } })).toBe(10);
  });
});

/**
 * What a pupil's browser sees at /s/CODE, and what happens when they send their answers. The browser
 * token is a random value in a cookie scoped to /s; only SHA-256(run id + ":" + token) is stored.
 * Client addresses are used only by the rate limits, which keep a keyed hash of one for its window.
 * A browser signed in to a staff account sees the survey as a preview: its answers are never saved
 * (decision 0171).
 */
import { createHash } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { serialize } from "cookie";
import { getUser } from "~/auth/guards.server";
import { readCookie } from "~/auth/session.server";
import { checkLimits, createRateLimiter, type RateLimiter } from "~/models/rate-limits.server";
import { tooManyRequests } from "~/lib/responses.server";
import {
  checkAnswers,
  questionsShown,
  readAnswerValues,
  surveyPages,
  type AnswerValues,
  type PupilQuestion,
  type SurveyPageContent,
} from "~/lib/survey-answers";
import { normaliseCode } from "~/lib/survey-code";
import { hasAnswered, isIssuedBrowserToken, newBrowserToken, submitResponse } from "./survey-responses.server";
import { parseOptions } from "./survey-results.server";
import { findRunForPupil, runState, type PupilRun } from "./survey-runs.server";
import type { RunState } from "./survey-run-state";
import { parseWholeNumber } from "~/lib/numbers";

export const SURVEY_COOKIE = "vrn_survey";
const YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * Accepted answers per survey code: a class of 35 on one school network, sending at once, is far inside
 * this. Only accepted answers count, so junk sent to a code cannot use up its pupils' allowance.
 */
export const acceptedAnswers = createRateLimiter({ name: "survey-accepted-answers", limit: 300, windowMs: 60_000 });
/**
 * Refused submissions (empty, invalid, already answered, unknown or closed code) per browser, or per
 * client address for a request with no token this service issued (see `limitKey`). A pupil correcting
 * missed questions stays inside it; a flood of junk does not.
 */
export const refusedSubmissions = createRateLimiter({ name: "survey-refused-submissions", limit: 200, windowMs: 15 * 60_000 });
/** Codes that match no survey, per browser or address (`limitKey`): typing mistakes pass; guessing codes does not. */
export const missedLookups = createRateLimiter({ name: "survey-missed-lookups", limit: 60, windowMs: 15 * 60_000 });
/**
 * Ceilings per client address over every browser behind it, for the two limits above: a browser token is
 * free to get (the code page hands one to anyone), so a client fetching a new token every few requests
 * would otherwise guess codes, or send junk, without limit. Ten times the per-browser limits: a school's
 * whole network mistyping codes stays far inside them (decision 0111, amended).
 */
export const missedLookupsPerNetwork = createRateLimiter({ name: "survey-missed-lookups-network", limit: 600, windowMs: 15 * 60_000 });
const refusedSubmissionsPerNetwork = createRateLimiter({ name: "survey-refused-submissions-network", limit: 2000, windowMs: 15 * 60_000 });

/**
 * The token this request gave the browser, by the request's own context: a form post runs the action and
 * then the loader, and both must give the same new token, or the page drawn for the first would carry a
 * tag the browser's cookie (the second) no longer matches.
 */
const issued = new WeakMap<AppLoadContext, string>();

function setToken(context: AppLoadContext, token: string) {
  issued.set(context, token);
  context.setCookie(serialize(SURVEY_COOKIE, token, { path: "/s", maxAge: YEAR_SECONDS, httpOnly: true, sameSite: "lax", secure: context.secureCookies }));
}

/** The browser's token, or a new one (sent back in a cookie) when it has none; `sent` says which. */
function browserToken(request: Request, context: AppLoadContext): { token: string; sent: boolean } {
  const token = readCookie(request, SURVEY_COOKIE);
  if (token && /^[A-Za-z0-9_-]{43}$/.test(token)) return { token, sent: true };
  const already = issued.get(context);
  if (already) return { token: already, sent: false };
  const fresh = newBrowserToken();
  setToken(context, fresh);
  return { token: fresh, sent: false };
}

/**
 * Whom a pupil-page limit counts: the browser, when it sends a token this service issued; else the client
 * address. A school's devices share one address, so counting per address let one device's junk (or a
 * class's typing mistakes) turn every pupil at the school away; a browser with its own token is counted
 * alone. A client that sends no token, or one it made up, is counted by its address as before (decision 0111).
 */
function limitKey(request: Request, context: AppLoadContext): string {
  const token = readCookie(request, SURVEY_COOKIE);
  return token && isIssuedBrowserToken(token) ? `browser:${token}` : `address:${context.clientAddress}`;
}

/**
 * Gives a browser its token on the page where pupils type a code, so that its first look-ups are already
 * counted as its own (`limitKey`). No actor: pupils have none.
 */
export function welcomeBrowser(request: Request, context: AppLoadContext): void {
  browserToken(request, context);
}

/** What a page carries in place of the token it was made for: a hash that cannot be turned back into it. */
function pupilTag(token: string): string {
  return createHash("sha256").update(`survey-page:${token}`).digest("base64url").slice(0, 22);
}

export type PupilPage =
  | { state: "unknown"; typed: string }
  | { state: "closed"; title: string; reason: Exclude<RunState, { open: true }>["reason"] }
  | { state: "answered"; title: string; thanks: boolean; sharedDevices: boolean }
  /** A preview's last page sent: nothing was saved. */
  | { state: "previewed"; title: string }
  /**
   * `restarted`: the page sent was made for another visit on this device, so nothing on it was kept.
   * `preview`: the browser is signed in to a staff account, so its answers will not be saved.
   */
  | ({ state: "open"; title: string; intro: string; restarted?: boolean; preview: boolean } & SurveyPageContent);

type Args = { request: Request; context: AppLoadContext; code: string };

function shownQuestions(run: PupilRun): PupilQuestion[] {
  return questionsShown(run.template.questions).map((q) => ({
    id: q.id,
    type: q.type,
    prompt: q.prompt,
    helpText: q.helpText,
    required: q.required,
    options: parseOptions(q.options),
    freeTextEnabled: q.freeTextEnabled,
    lastChoiceExclusive: q.lastChoiceExclusive,
  }));
}

/** The limits on codes that match nothing, as `checkLimits` takes them: the browser's (or address's) and the address's ceiling. */
function missedLookupLimits(request: Request, context: AppLoadContext): [RateLimiter, string][] {
  return [
    [missedLookups, limitKey(request, context)],
    [missedLookupsPerNetwork, context.clientAddress],
  ];
}

/**
 * The run a code names, or null. A browser (or address) over its limit of codes that matched nothing is
 * refused before the code is looked up, right or wrong: a guesser who could still open a right code would
 * read each 429 as "wrong" and carry on. Each miss counts against both limits. `checked`: the caller has
 * already checked those limits in its own statement (answerSurvey), so a submission reads them once.
 */
async function lookUp({ request, context, code }: Args, { checked = false } = {}) {
  const limits = missedLookupLimits(request, context);
  if (!checked) {
    const limit = await checkLimits(limits);
    if (!limit.allowed) tooManyRequests(limit.retryAfterSeconds);
  }
  const run = await findRunForPupil(code);
  if (!run) await Promise.all(limits.map(([limiter, key]) => limiter.hit(key)));
  return run;
}

/** The number pupils see on the first question of page `page` (from 1) of `pages`: one after the earlier pages' questions. */
function firstNumberOf(pages: PupilQuestion[][], page: number): number {
  return pages.slice(0, page - 1).reduce((count, earlier) => count + earlier.length, 0) + 1;
}

/**
 * Whether the browser is signed in to a staff account (its session cookie reaches /s too). Its answers are
 * a preview, never saved: a teacher trying the link before giving it out, or answering on a signed-in
 * computer, would otherwise add answers that are not a pupil's to the survey, and a group under 10 could be
 * made up to 10 with answers the sender knows, to read the pupils' own by subtraction (decisions 0044, 0114).
 */
async function isStaffPreview({ request, context }: Args): Promise<boolean> {
  return (await getUser({ request, context })) !== null;
}

function openPage(
  run: PupilRun,
  token: string,
  page: number,
  values: AnswerValues,
  errors: Record<string, string> = {},
  preview = false,
): Extract<PupilPage, { state: "open" }> {
  const all = shownQuestions(run);
  const pages = surveyPages(all);
  const current = Math.min(Math.max(page, 1), pages.length);
  const questions = pages[current - 1] ?? [];
  const onPage = new Set(questions.map((q) => q.id));
  const carried = Object.fromEntries(Object.entries(values).filter(([id]) => !onPage.has(id) && all.some((q) => q.id === id)));
  return {
    state: "open",
    title: run.template.title,
    intro: run.template.intro,
    preview,
    questions,
    firstNumber: firstNumberOf(pages, current),
    total: all.length,
    page: current,
    pageCount: pages.length,
    carried,
    values,
    errors,
    pupilTag: pupilTag(token),
  };
}

/** The canonical address of a code, when what was typed differs from it (lower case, a hyphen). */
export function canonicalCode(typed: string): string | null {
  const code = normaliseCode(typed);
  return code && code !== typed ? code : null;
}

/**
 * The page at /s/CODE for a GET. `thanks`: the address says answers were just sent (`?sent`); `previewed`:
 * it says a preview was just sent and not saved (`?previewed`), which only a browser signed in to staff is told.
 */
export async function pupilPage(args: Args & { thanks: boolean; previewed?: boolean }): Promise<PupilPage> {
  const run = await lookUp(args);
  if (!run) return { state: "unknown", typed: args.code };
  const { token } = browserToken(args.request, args.context);
  if (await hasAnswered(run.id, token)) return { state: "answered", title: run.template.title, thanks: args.thanks, sharedDevices: run.sharedDevices };
  const state = runState(run);
  if (!state.open) return { state: "closed", title: run.template.title, reason: state.reason };
  const staff = await isStaffPreview(args);
  // Only where the address says a preview was just sent (the action's redirect) and the browser is still
  // signed in to staff: that page offers to start the survey afresh. Anyone else given such an address, a
  // pupil from a link passed round, gets the survey, not a page saying they have finished it (decision 0171).
  if (args.previewed && staff) return { state: "previewed", title: run.template.title };
  return openPage(run, token, 1, {}, {}, staff);
}

export type PupilAction = { kind: "page"; page: PupilPage; status: number } | { kind: "sent" } | { kind: "previewed" } | { kind: "next-pupil" };

/**
 * Handles one POST of the pupil page: a page of answers, "back", "next pupil" or the last page, which
 * saves the answers (a staff preview's are checked as a pupil's, and not saved: `isStaffPreview`).
 * Limits (docs/decisions/0022, 0111): a browser (or address) whose refused submissions reached their
 * limit, an address whose browsers together reached its ceiling, or a code whose accepted answers
 * reached theirs, gets 429 before anything is read.
 */
export async function answerSurvey(args: Args & { form: FormData }): Promise<PupilAction> {
  const code = normaliseCode(args.code) ?? args.code;
  const counted = limitKey(args.request, args.context);
  const network = args.context.clientAddress;
  // Every limit a submission meets, in one statement: its refusals, its code's answers, and wrong codes (lookUp).
  const limit = await checkLimits([
    [refusedSubmissions, counted],
    [refusedSubmissionsPerNetwork, network],
    [acceptedAnswers, code],
    ...missedLookupLimits(args.request, args.context),
  ]);
  if (!limit.allowed) tooManyRequests(limit.retryAfterSeconds);
  const outcome = await handleAnswer(args);
  // An accepted answer was counted against its code as it was saved (handleAnswer).
  if (outcome.kind === "page" && outcome.status >= 400) await Promise.all([refusedSubmissions.hit(counted), refusedSubmissionsPerNetwork.hit(network)]);
  return outcome;
}

async function handleAnswer(args: Args & { form: FormData }): Promise<PupilAction> {
  const run = await lookUp(args, { checked: true });
  if (!run) return { kind: "page", page: { state: "unknown", typed: args.code }, status: 404 };

  if (args.form.get("intent") === "next-pupil") {
    // Only offered where the teacher said pupils share computers; see docs/decisions/0012.
    if (run.sharedDevices) setToken(args.context, newBrowserToken());
    return { kind: "next-pupil" };
  }

  const { token, sent } = browserToken(args.request, args.context);
  const answered = { state: "answered" as const, title: run.template.title, thanks: false, sharedDevices: run.sharedDevices };
  // As the page itself says: a browser whose token has already answered is told so, and a survey that has
  // closed says so at once, not only when the last page is sent (a page posted after it closed, or one
  // from an earlier visit).
  if (sent && (await hasAnswered(run.id, token))) return { kind: "page", page: answered, status: 409 };
  const state = runState(run);
  if (!state.open) return { kind: "page", page: { state: "closed", title: run.template.title, reason: state.reason }, status: 409 };
  // Nothing posted is shown back (as a next page's hidden fields, or ticked on an earlier one) to a
  // browser other than the one it was typed in. On a shared computer the browser's history keeps each
  // page posted; after "Next pupil" the next pupil could press Back and send the last pupil's answers
  // again. A page made for another token gets a fresh first page. A browser that sent no token at all is
  // new, not a replay.
  // A page drawn as a preview stays one, should the staff sign-in end before its last page is sent: its
  // notice said nothing would be saved. Sent by a pupil, the field can only keep their own answers out.
  const preview = args.form.get("preview") === "1" || (await isStaffPreview(args));
  if (sent && args.form.get("pupil") !== pupilTag(token))
    return { kind: "page", page: { ...openPage(run, token, 1, {}, {}, preview), restarted: true }, status: 200 };
  const all = shownQuestions(run);
  const pages = surveyPages(all);
  const values = readAnswerValues(args.form, all);
  const sentPage = args.form.get("page");
  const page = Math.min(Math.max((typeof sentPage === "string" ? parseWholeNumber(sentPage) : null) ?? 1, 1), pages.length);
  if (args.form.get("intent") === "back") return { kind: "page", page: openPage(run, token, page - 1, values, {}, preview), status: 200 };

  const thisPage = checkAnswers(pages[page - 1] ?? [], values, firstNumberOf(pages, page));
  if (!thisPage.ok) return { kind: "page", page: openPage(run, token, page, values, thisPage.errors, preview), status: 400 };
  if (page < pages.length) return { kind: "page", page: openPage(run, token, page + 1, values, {}, preview), status: 200 };

  const everything = checkAnswers(all, values);
  if (!everything.ok) {
    // An earlier page's hidden answers were tampered with: go back to the first page with a problem.
    const firstWrong = pages.findIndex((p) => p.some((q) => everything.errors[q.id]));
    return { kind: "page", page: openPage(run, token, firstWrong + 1, values, everything.errors, preview), status: 400 };
  }
  if (preview) return { kind: "previewed" };
  const result = await submitResponse(run.id, token, everything.answers, new Date(), { limiter: acceptedAnswers, key: normaliseCode(args.code) ?? args.code });
  if (result.ok) return { kind: "sent" };
  if (result.reason === "too-many") tooManyRequests(result.retryAfterSeconds);
  if (result.reason === "already-answered") return { kind: "page", page: answered, status: 409 };
  return { kind: "page", page: { state: "closed", title: run.template.title, reason: result.state.reason }, status: 409 };
}

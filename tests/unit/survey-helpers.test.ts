import { describe, expect, it } from "vitest";
import { toCsv } from "~/lib/csv-export";
import { prisma } from "~/db.server";
import { windowEndAfter } from "~/lib/clock-windows";
import { createRateLimiter } from "~/models/rate-limits.server";
import { CODE_ALPHABET, CODE_LENGTH, formatCode, generateSurveyCode, normaliseCode } from "~/lib/survey-code";
import { canOpenBeforeSurvey, beforeSessionStartsAt, runState } from "~/models/survey-run-state";
import { agreementScore, changeBetween, MIN_RESPONSES_FOR_RESULTS, phaseFigures } from "~/lib/survey-scoring";
import { formatMean, formatPercent } from "~/lib/rounding";
import { checkAnswers, fieldName, readAnswerValues } from "~/lib/survey-answers";

describe("survey codes", () => {
  it("use an alphabet without characters that look alike", () => {
    for (const confusing of ["0", "O", "1", "I", "L"]) expect(CODE_ALPHABET).not.toContain(confusing);
    expect(new Set(CODE_ALPHABET).size).toBe(31);
  });

  it("are 8 characters from the alphabet, each character used", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = generateSurveyCode();
      expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`));
      for (const c of code) seen.add(c);
    }
    expect(seen.size).toBe(CODE_ALPHABET.length);
  });

  it("do not repeat over many draws", () => {
    const codes = new Set(Array.from({ length: 20_000 }, generateSurveyCode));
    expect(codes.size).toBe(20_000);
  });

  it("read what pupils type: any case, spaces and hyphens", () => {
    expect(normaliseCode("km7p-4xqd")).toBe("KM7P4XQD");
    expect(normaliseCode(" KM7P 4XQD ")).toBe("KM7P4XQD");
    // Full-width letters and digits (an East Asian keyboard) and a dash for the hyphen are the code they show.
    expect(normaliseCode("\uff2b\uff2d\uff17\uff30\u2013\uff14\uff38\uff31\uff24")).toBe("KM7P4XQD");
    expect(formatCode("KM7P4XQD")).toBe("KM7P-4XQD");
  });

  it("refuse what cannot be a code, so it gets the 'no survey' page", () => {
    expect(normaliseCode("KM7P-4XQ")).toBeNull();
    expect(normaliseCode("KM7P-4XQD9")).toBeNull();
    expect(normaliseCode("KM0P-4XQD")).toBeNull();
    expect(normaliseCode("")).toBeNull();
    expect(normaliseCode(null)).toBeNull();
  });
});

describe("CSV", () => {
  it("starts with a byte-order mark, quotes as RFC 4180 says and ends rows with CRLF", () => {
    expect(toCsv([["a", 'say "hi"', "x,y", 3, null], ["line\nbreak"]])).toBe('\uFEFFa,"say ""hi""","x,y",3,\r\n"line\nbreak"\r\n');
  });

  it("makes cells a spreadsheet would run as formulas inert", () => {
    expect(toCsv([["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"]])).toBe("\uFEFF'=SUM(A1),'+1,'-2,'@cmd,'\tx,\"'\rx\"\r\n");
    expect(toCsv([[-2]])).toBe("\uFEFF-2\r\n");
  });
});

describe("rate limiter", () => {
  it("allows the limit in a window, then says when to try again", async () => {
    const limiter = createRateLimiter({ name: "test-three-a-minute", limit: 3, windowMs: 60_000 });
    await limiter.reset();
    // 10 s into a minute: the window is that minute, so it ends 50 s later.
    const t = 20 * 60_000 + 10_000;
    expect([await limiter.hit("k", t), await limiter.hit("k", t + 1), await limiter.hit("k", t + 2)].every((r) => r.allowed)).toBe(true);
    expect(await limiter.check("k", t + 10_000)).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(await limiter.hit("k", t + 10_000)).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect((await limiter.hit("other", t + 10_000)).allowed).toBe(true);
    expect(await limiter.check("k", t + 50_000)).toEqual({ allowed: true });
    expect((await limiter.hit("k", t + 50_000)).allowed).toBe(true);
  });

  it("keeps which window a key was seen in, never the time of a hit", async () => {
    const limiter = createRateLimiter({ name: "test-no-times", limit: 5, windowMs: 15 * 60_000 });
    await limiter.reset();
    const quarter = 15 * 60_000;
    const start = 1_796_000_000_000 - (1_796_000_000_000 % quarter);
    const stored = async () => (await prisma.rateLimitCounter.findFirstOrThrow({ where: { limiter: "test-no-times" } })).windowEndsAt;
    // A device first seen at two different moments of one quarter-hour leaves the same row behind.
    await limiter.hit("device", start + 123_456);
    const first = await stored();
    await limiter.reset();
    await limiter.hit("device", start + 654_321);
    expect(await stored()).toBe(first);
    expect(Number(first)).toBe(start + quarter);
    expect(windowEndAfter(start + quarter - 1, quarter)).toBe(start + quarter);
    expect(windowEndAfter(start + quarter, quarter)).toBe(start + 2 * quarter);
  });

  it("lets a class of 35 send at once, with retries, under the pupil limit", async () => {
    const limiter = createRateLimiter({ name: "test-pupils", limit: 300, windowMs: 60_000 });
    await limiter.reset();
    const results = await Promise.all(Array.from({ length: 35 * 3 }, (_, i) => limiter.hit("CODE", 5_000 + i)));
    expect(results.every((r) => r.allowed)).toBe(true);
  });

  it("counts hits sent at the same moment exactly, and keeps the key only as a keyed hash", async () => {
    const limiter = createRateLimiter({ name: "test-at-once", limit: 10, windowMs: 60_000 });
    await limiter.reset();
    // All in one window (the clock's, not a test's timing, must not split them).
    const results = await Promise.all(Array.from({ length: 25 }, () => limiter.hit("203.0.113.5", 30 * 60_000 + 5_000)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    const rows = await prisma.rateLimitCounter.findMany({ where: { limiter: "test-at-once" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hits).toBe(25);
    expect(rows[0]!.key).not.toContain("203.0.113.5");
  });
});

describe("scoring", () => {
  it("turns reverse items round and leaves 'not sure' out", () => {
    expect(agreementScore(5, false)).toBe(5);
    expect(agreementScore(5, true)).toBe(1);
    expect(agreementScore(2, true)).toBe(4);
    expect(agreementScore(0, true)).toBeNull();
  });

  it("shows nothing for fewer than 10 responses", () => {
    expect(MIN_RESPONSES_FOR_RESULTS).toBe(10);
    expect(phaseFigures(9, 9, 9, 45)).toEqual({ responses: 9, counted: 9, shareAgreeing: null, meanScore: null });
    expect(phaseFigures(10, 8, 6, 32)).toEqual({ responses: 10, counted: 8, shareAgreeing: 0.75, meanScore: 4 });
  });

  it("gives the change as after minus before, and none when either side is hidden", () => {
    const before = phaseFigures(20, 20, 5, 50);
    const after = phaseFigures(20, 20, 15, 80);
    expect(changeBetween(before, after)).toEqual({ points: 50, meanScore: 1.5 });
    expect(changeBetween(phaseFigures(4, 4, 4, 20), after)).toEqual({ points: null, meanScore: null });
  });

  it("gives the change as the difference of the figures as shown, not of the unrounded ones", () => {
    // 44.8% and 27.4% agreeing are shown as 45% and 27%: 17.4 points apart unrounded, 18 as shown.
    // Means of 3.204 and 3.625 are shown as 3.20 and 3.63: 0.421 apart unrounded, 0.43 as shown.
    const before = phaseFigures(1000, 1000, 448, 3204);
    const after = phaseFigures(1000, 1000, 274, 3625);
    expect([formatPercent(before.shareAgreeing), formatPercent(after.shareAgreeing)]).toEqual(["45%", "27%"]);
    expect([formatMean(before.meanScore), formatMean(after.meanScore)]).toEqual(["3.20", "3.63"]);
    expect(changeBetween(before, after)).toEqual({ points: -18, meanScore: 0.43 });
    // A share under 1% is shown to one place, and so is the change from it.
    expect(changeBetween(phaseFigures(1000, 1000, 4, 3000), phaseFigures(1000, 1000, 30, 3000)).points).toBe(2.6);
  });
});

describe("when a run closes", () => {
  const open = { closedAt: null, closesOn: null, maxResponses: null, responseCount: 0, beforeSessionStartsAt: null };

  it("stays open until the end of its closing day in London, in summer time too", () => {
    const run = { ...open, closesOn: new Date("2026-06-30T00:00:00.000Z") };
    expect(runState(run, new Date("2026-06-30T22:59:59.000Z"))).toEqual({ open: true });
    expect(runState(run, new Date("2026-06-30T23:00:00.000Z"))).toEqual({ open: false, reason: "date" });
    const winter = { ...open, closesOn: new Date("2026-12-01T00:00:00.000Z") };
    expect(runState(winter, new Date("2026-12-01T23:59:59.000Z")).open).toBe(true);
    expect(runState(winter, new Date("2026-12-02T00:00:00.000Z")).open).toBe(false);
  });

  it("closes at its number of responses, or when closed by hand", () => {
    expect(runState({ ...open, maxResponses: 30, responseCount: 29 })).toEqual({ open: true });
    expect(runState({ ...open, maxResponses: 30, responseCount: 30 })).toEqual({ open: false, reason: "full" });
    expect(runState({ ...open, closedAt: new Date() })).toEqual({ open: false, reason: "closed" });
  });

  it("closes a run before a session 15 minutes into the session, and no other run", () => {
    const startsAt = new Date("2026-03-10T09:00:00.000Z");
    const closing = new Date("2026-03-10T09:15:00.000Z");
    const before = { ...open, beforeSessionStartsAt: beforeSessionStartsAt({ phase: "BEFORE", booking: { delivery: { startsAt } } }) };
    expect(runState(before, new Date(closing.getTime() - 1))).toEqual({ open: true });
    expect(runState(before, closing)).toEqual({ open: false, reason: "session" });
    expect(beforeSessionStartsAt({ phase: "AFTER", booking: { delivery: { startsAt } } })).toBeNull();
    expect(beforeSessionStartsAt({ phase: "BEFORE", booking: null })).toBeNull();
    expect(canOpenBeforeSurvey({ startsAt }, new Date(closing.getTime() - 1))).toBe(true);
    expect(canOpenBeforeSurvey({ startsAt }, closing)).toBe(false);
  });

  it("gives as the reason whichever closed the run first, its closing day or its session", () => {
    const startsAt = new Date("2026-03-10T09:00:00.000Z");
    const after = new Date("2026-03-12T12:00:00.000Z");
    // The day ended first (the 9th, before the session).
    expect(runState({ ...open, closesOn: new Date("2026-03-09T00:00:00.000Z"), beforeSessionStartsAt: startsAt }, after)).toEqual({
      open: false,
      reason: "date",
    });
    // The session came first (the day was the 10th, closing at its end).
    expect(runState({ ...open, closesOn: new Date("2026-03-10T00:00:00.000Z"), beforeSessionStartsAt: startsAt }, after)).toEqual({
      open: false,
      reason: "session",
    });
    // Closed by hand is said before either.
    expect(runState({ ...open, closedAt: after, closesOn: new Date("2026-03-09T00:00:00.000Z"), beforeSessionStartsAt: startsAt }, after)).toEqual({
      open: false,
      reason: "closed",
    });
  });
});

describe("answers read from a pupil's form", () => {
  const question = (id: string, type: string, options: string[] = []) => ({
    id,
    type,
    prompt: id,
    helpText: "",
    required: true,
    options,
    freeTextEnabled: true,
    lastChoiceExclusive: false,
  });
  const questions = [question("q1", "YES_NO"), question("q2", "MULTIPLE_CHOICE", ["A", "B", "C"]), question("q3", "FREE_TEXT")];

  it("keep each value once, and no more than a question has choices and one, so a field sent 100,000 times is not carried on", () => {
    const form = new FormData();
    for (let i = 0; i < 100_000; i++) form.append(fieldName("q1"), "1");
    for (const value of ["0", "1", "2", "2", "0"]) form.append(fieldName("q2"), value);
    for (let i = 0; i < 10; i++) form.append(fieldName("q3"), `words ${i}`);
    expect(readAnswerValues(form, questions)).toEqual({ q1: ["1"], q2: ["0", "1", "2"], q3: ["words 0", "words 1"] });
    // Two answers to a question that takes one are both kept, so the check still says it was answered twice.
    const twice = new FormData();
    for (const value of ["1", "0", "1", "0"]) twice.append(fieldName("q1"), value);
    const values = readAnswerValues(twice, questions);
    expect(values.q1).toEqual(["1", "0"]);
    expect(checkAnswers(questions, values)).toMatchObject({ ok: false, errors: { q1: expect.any(String) } });
  });
});

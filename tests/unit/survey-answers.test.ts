import { describe, expect, it } from "vitest";
import { checkAnswers, choicesFor, FREE_TEXT_MAX, questionCount, questionsShown, standsAlone, surveyPages, type PupilQuestion } from "~/lib/survey-answers";

const question = (id: string, type: string, extra: Partial<PupilQuestion> = {}): PupilQuestion => ({
  id,
  type,
  prompt: `Question ${id}`,
  helpText: "",
  required: true,
  options: [],
  freeTextEnabled: false,
  lastChoiceExclusive: false,
  ...extra,
});

const agree = question("a", "AGREEMENT");
const strict = question("b", "AGREEMENT");
const single = question("c", "SINGLE_CHOICE", { options: ["One", "Two", "Three"] });
const multi = question("d", "MULTIPLE_CHOICE", { options: ["One", "Two", "Three"], required: false });
const yesNo = question("e", "YES_NO");
const scale = question("f", "SCALE_0_10");
const text = question("g", "FREE_TEXT", { required: false, freeTextEnabled: true });

describe("checking a pupil's answers", () => {
  it("accepts a full set and stores multiple choices as a row each", () => {
    const result = checkAnswers([agree, strict, single, multi, yesNo, scale, text], {
      a: ["0"],
      b: ["5"],
      c: ["2"],
      d: ["0", "2"],
      e: ["1"],
      f: ["10"],
      g: [" Thanks "],
    });
    expect(result).toEqual({
      ok: true,
      answers: [
        { questionId: "a", value: 0, text: null },
        { questionId: "b", value: 5, text: null },
        { questionId: "c", value: 2, text: null },
        { questionId: "d", value: 0, text: null },
        { questionId: "d", value: 2, text: null },
        { questionId: "e", value: 1, text: null },
        { questionId: "f", value: 10, text: null },
        { questionId: "g", value: null, text: "Thanks" },
      ],
    });
  });

  it("says which required questions are missing, by number", () => {
    const result = checkAnswers([agree, multi, yesNo], { a: [], d: [], e: [""] });
    expect(result).toEqual({ ok: false, errors: { a: "Choose an answer to question 1", e: "Choose an answer to question 3" } });
  });

  it("offers 'Not sure' on every agreement statement, and counts the questions pupils are asked", () => {
    expect(choicesFor(agree).map(([, label]) => label)).toEqual([
      "Strongly disagree",
      "Disagree",
      "Neither agree nor disagree",
      "Agree",
      "Strongly agree",
      "Not sure",
    ]);
    expect(choicesFor(strict)).toEqual(choicesFor(agree));
    expect(checkAnswers([strict], { b: ["0"] }).ok).toBe(true);
    const hiddenText = question("h", "FREE_TEXT", { required: false });
    expect(questionCount([agree, strict, single, hiddenText])).toBe(3);
    expect(questionCount([agree, text])).toBe(2);
  });

  it("refuses values a question does not offer", () => {
    expect(checkAnswers([strict], { b: ["6"] }).ok).toBe(false);
    expect(checkAnswers([strict], { b: ["-1"] }).ok).toBe(false);
    expect(checkAnswers([single], { c: ["3"] }).ok).toBe(false);
    expect(checkAnswers([scale], { f: ["11"] }).ok).toBe(false);
    expect(checkAnswers([scale], { f: ["-1"] }).ok).toBe(false);
    expect(checkAnswers([scale], { f: ["1.5"] }).ok).toBe(false);
    expect(checkAnswers([yesNo], { e: ["2"] }).ok).toBe(false);
    expect(checkAnswers([yesNo], { e: ["yes"] }).ok).toBe(false);
  });

  it("refuses two answers to a one-answer question and the same choice twice", () => {
    expect(checkAnswers([single], { c: ["0", "1"] })).toEqual({ ok: false, errors: { c: "Choose only one answer to question 1" } });
    expect(checkAnswers([multi], { d: ["1", "1"] })).toEqual({ ok: false, errors: { d: "Choose each answer to question 1 only once" } });
  });

  it("refuses an answer on its own chosen with others, and takes it alone", () => {
    const who = question("w", "MULTIPLE_CHOICE", {
      options: ["A teacher", "A parent or carer", "I would not tell anyone"],
      required: false,
      lastChoiceExclusive: true,
    });
    expect(checkAnswers([agree, who], { a: ["1"], w: ["0", "2"] })).toEqual({
      ok: false,
      errors: { w: "You chose “I would not tell anyone” and other answers to question 2: choose either “I would not tell anyone” or the others" },
    });
    expect(checkAnswers([who], { w: ["2"] })).toEqual({ ok: true, answers: [{ questionId: "w", value: 2, text: null }] });
    expect(checkAnswers([who], { w: ["0", "1"] }).ok).toBe(true);
    // Unmarked, the last choice is one like the others.
    expect(checkAnswers([{ ...who, lastChoiceExclusive: false }], { w: ["0", "2"] }).ok).toBe(true);
    // Only a multiple-choice question has an answer on its own: a single choice has one answer anyway.
    expect(standsAlone({ ...who, type: "SINGLE_CHOICE" })).toBeNull();
    expect(standsAlone(who)).toEqual({ value: 2, label: "I would not tell anyone" });
  });

  it("keeps a written answer without the hidden characters a paste can carry, and composed", () => {
    expect(checkAnswers([text], { g: ["I\u202e feel safe\u0000\r\nat school\u0007 Cafe\u0301 "] })).toEqual({
      ok: true,
      answers: [{ questionId: "g", value: null, text: "I feel safe\nat school Café" }],
    });
    // Nothing left to read is no answer.
    const required = { ...text, required: true };
    expect(checkAnswers([required], { g: ["\u202e\u0000 "] })).toEqual({ ok: false, errors: { g: "Write an answer to question 1" } });
    // Characters that draw nothing, alone, are no answer either: two zero-width spaces were kept as one, an empty line.
    for (const nothing of ["\u200B\u200B", "\u2060\uFEFF\n\u200B", "\u00AD"]) {
      expect(checkAnswers([required], { g: [nothing] })).toEqual({ ok: false, errors: { g: "Write an answer to question 1" } });
      expect(checkAnswers([text], { g: [nothing] })).toEqual({ ok: true, answers: [] });
    }
    // Within words they go, and the joiners an emoji is made of stay.
    expect(checkAnswers([text], { g: ["safe\u200B here 👩\u200D👧"] })).toEqual({
      ok: true,
      answers: [{ questionId: "g", value: null, text: "safe here 👩\u200D👧" }],
    });
  });

  it("caps free text and ignores it while the question is turned off", () => {
    expect(checkAnswers([text], { g: ["x".repeat(FREE_TEXT_MAX + 1)] }).ok).toBe(false);
    expect(checkAnswers([text], { g: ["x".repeat(FREE_TEXT_MAX)] }).ok).toBe(true);
    const off = { ...text, freeTextEnabled: false };
    expect(checkAnswers([off], { g: ["sneaked in"] })).toEqual({ ok: true, answers: [] });
    expect(questionsShown([agree, off])).toEqual([agree]);
  });
});

describe("pages", () => {
  it("keeps up to 6 questions on one page and splits longer surveys into pages of 5", () => {
    expect(surveyPages([1, 2, 3, 4, 5, 6])).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect(surveyPages([1, 2, 3, 4, 5, 6, 7])).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7],
    ]);
  });
});

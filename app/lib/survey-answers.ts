/**
 * Checking a pupil's answers against the questions they were shown, on the server (the browser's own
 * checks are only a convenience). Each question's answer arrives as the form field `q-<question id>`.
 * Pure: the model stores what this accepts.
 */
import { moreCharactersThan } from "./characters";
import { AGREEMENT_LABELS, NOT_SURE_VALUE, type QuestionType } from "./survey-scoring";
import { withoutHiddenCharacters } from "./text-fields";

/** The most characters of a written answer, as `characterCount` counts them (an emoji is one). */
export const FREE_TEXT_MAX = 500;
/** A survey with more questions than this is split into pages of PAGE_SIZE, with a progress indicator. */
export const ONE_PAGE_MAX = 6;
export const PAGE_SIZE = 5;

export type PupilQuestion = {
  id: string;
  type: QuestionType | string;
  prompt: string;
  helpText: string;
  required: boolean;
  options: string[];
  freeTextEnabled: boolean;
  /** MULTIPLE_CHOICE only: the last choice ("I would not tell anyone") is chosen alone or not at all. */
  lastChoiceExclusive: boolean;
};

export type StoredAnswer = { questionId: string; value: number | null; text: string | null };
/** What the pupil chose, as the form sent it, to show again after a mistake or on the next page. */
export type AnswerValues = Record<string, string[]>;

/** One page of a survey as a pupil sees it. */
export type SurveyPageContent = {
  questions: PupilQuestion[];
  /** Where each shown question is numbered from 1 across the whole survey. */
  firstNumber: number;
  /** Questions in the whole survey. */
  total: number;
  page: number;
  pageCount: number;
  /** Answers from other pages, carried in hidden fields. */
  carried: AnswerValues;
  values: AnswerValues;
  errors: Record<string, string>;
  /**
   * Stands for the browser token the page was made for (a hash of it, never the token): sent back with
   * the page, it lets the server tell a page replayed from the browser's history, after "Next pupil"
   * gave the computer a new token, from the pupil's own (app/models/survey-pupil.server.ts).
   */
  pupilTag: string;
};

/** A choice question's options, stored as a JSON array of strings. */
export function parseOptions(options: string): string[] {
  try {
    const parsed: unknown = JSON.parse(options);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

export const fieldName = (questionId: string) => `q-${questionId}`;

/** Free-text questions are only asked once the lead has turned them on. */
export function questionsShown<Q extends { type: string; freeTextEnabled: boolean }>(questions: Q[]): Q[] {
  return questions.filter((q) => q.type !== "FREE_TEXT" || q.freeTextEnabled);
}

/**
 * How many questions a survey has, as every page says it: the questions pupils are asked
 * (`questionsShown`), so a list's "6 questions" is the pupils' "Question 1 of 6".
 */
export function questionCount(questions: { type: string; freeTextEnabled: boolean }[]): number {
  return questionsShown(questions).length;
}

export function surveyPages<Q>(questions: Q[]): Q[][] {
  if (questions.length <= ONE_PAGE_MAX) return [questions];
  const pages: Q[][] = [];
  for (let i = 0; i < questions.length; i += PAGE_SIZE) pages.push(questions.slice(i, i + PAGE_SIZE));
  return pages;
}

/**
 * The choices a pupil sees for a question, as [value, label]: the one rule for the form, the check of
 * the answers and the results. Every agreement statement offers "Not sure" after the five points, so a
 * block of statements reads the same from its first to its last and nobody is made to guess.
 */
export function choicesFor(question: Pick<PupilQuestion, "type" | "options">): [string, string][] {
  switch (question.type) {
    case "AGREEMENT":
      return [...AGREEMENT_LABELS.map((label, i): [string, string] => [String(i + 1), label]), [String(NOT_SURE_VALUE), "Not sure"]];
    case "YES_NO":
      return [
        ["1", "Yes"],
        ["0", "No"],
      ];
    case "SCALE_0_10":
      return Array.from({ length: 11 }, (_, n): [string, string] => [String(n), String(n)]);
    case "SINGLE_CHOICE":
    case "MULTIPLE_CHOICE":
      return question.options.map((label, i): [string, string] => [String(i), label]);
    default:
      return [];
  }
}

/**
 * The values sent for each of `questions`, as strings. Each value is kept once, and no more of them than
 * the question has choices, plus one (a free-text question: two), so a tampered form still shows as
 * answered twice, to checkAnswers, but a form of one field sent 100,000 times is not carried, page after
 * page, as that many hidden fields.
 */
export function readAnswerValues(
  form: { getAll(name: string): FormDataEntryValue[] },
  questions: Pick<PupilQuestion, "id" | "type" | "options">[],
): AnswerValues {
  const values: AnswerValues = {};
  for (const q of questions) {
    const sent = new Set(form.getAll(fieldName(q.id)).filter((v): v is string => typeof v === "string"));
    values[q.id] = [...sent].slice(0, Math.max(choicesFor(q).length, 1) + 1);
  }
  return values;
}

/**
 * The choice of `question` that is an answer on its own, never chosen with another (its value and label),
 * or null: the last choice of a multiple-choice question the lead marked so (decision 0161).
 */
export function standsAlone(question: Pick<PupilQuestion, "type" | "options" | "lastChoiceExclusive">): { value: number; label: string } | null {
  if (question.type !== "MULTIPLE_CHOICE" || !question.lastChoiceExclusive || question.options.length < 2) return null;
  return { value: question.options.length - 1, label: question.options.at(-1)! };
}

// Matching control characters is the point of this pattern: all but tab and line feed, and DEL and C1.
// eslint-disable-next-line no-control-regex
const HIDDEN_IN_WORDS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * A pupil's written answer as it is kept: composed (NFC), with Windows and old Mac line endings and the
 * Unicode line separators as line feeds, and without the control characters and direction controls that
 * no keyboard types but a paste can carry (they would reorder or hide the words the lead reads), nor the
 * characters that draw nothing and have no use where they are (`withoutHiddenCharacters`: a zero-width
 * space; an emoji's joiners stay). Taken out rather than refused: a pupil is not asked to find a character
 * they cannot see. Trimmed, so an answer of such characters alone is no answer: it was kept as one, an
 * empty line the lead read and counted among the pupils who wrote.
 */
function pupilsWords(typed: string): string {
  return typed
    .replace(/\r\n?|[\u2028\u2029]/g, "\n")
    .replace(HIDDEN_IN_WORDS, "")
    .split("\n")
    .map(withoutHiddenCharacters)
    .join("\n")
    .normalize("NFC")
    .trim();
}

export type AnswerCheck = { ok: true; answers: StoredAnswer[] } | { ok: false; errors: Record<string, string> };

const WHOLE_NUMBER = /^\d{1,3}$/;

/**
 * Checks the answers to `questions`; every question is answered once at most, and only with a choice it
 * offers. `firstNumber` is the number pupils see on the first of `questions` (a later page of the survey
 * starts after the earlier pages' questions), so each message names the question as it is numbered.
 */
export function checkAnswers(questions: PupilQuestion[], values: AnswerValues, firstNumber = 1): AnswerCheck {
  const errors: Record<string, string> = {};
  const answers: StoredAnswer[] = [];
  questions.forEach((q, index) => {
    const number = firstNumber + index;
    const given = (values[q.id] ?? []).map((v) => (q.type === "FREE_TEXT" ? pupilsWords(v) : v.trim())).filter((v) => v !== "");
    if (q.type === "FREE_TEXT") {
      if (!q.freeTextEnabled) return;
      if (given.length > 1) errors[q.id] = `Write one answer to question ${number}`;
      else if (given.length === 0) {
        if (q.required) errors[q.id] = `Write an answer to question ${number}`;
      } else if (moreCharactersThan(given[0]!, FREE_TEXT_MAX)) errors[q.id] = `Your answer to question ${number} must be ${FREE_TEXT_MAX} characters or fewer`;
      else answers.push({ questionId: q.id, value: null, text: given[0]! });
      return;
    }
    const allowed = new Set(choicesFor(q).map(([value]) => value));
    if (given.length === 0) {
      if (q.required)
        errors[q.id] = q.type === "MULTIPLE_CHOICE" ? `Choose at least one answer to question ${number}` : `Choose an answer to question ${number}`;
      return;
    }
    if (given.some((v) => !WHOLE_NUMBER.test(v) || !allowed.has(String(Number(v))))) {
      errors[q.id] = `Choose one of the answers given for question ${number}`;
      return;
    }
    const chosen = given.map(Number);
    if (q.type !== "MULTIPLE_CHOICE" && chosen.length > 1) {
      errors[q.id] = `Choose only one answer to question ${number}`;
      return;
    }
    if (new Set(chosen).size !== chosen.length) {
      errors[q.id] = `Choose each answer to question ${number} only once`;
      return;
    }
    const alone = standsAlone(q);
    if (alone && chosen.length > 1 && chosen.includes(alone.value)) {
      errors[q.id] = `You chose “${alone.label}” and other answers to question ${number}: choose either “${alone.label}” or the others`;
      return;
    }
    for (const value of chosen) answers.push({ questionId: q.id, value, text: null });
  });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, answers };
}

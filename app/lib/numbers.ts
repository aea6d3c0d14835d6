import { z } from "zod";
import { withoutFormatCharacters } from "./fixed-form";

// One formatter each, made once: `n.toLocaleString("en-GB")` builds a new one on every call, and the
// reach tables format thousands of figures per page.
const whole = new Intl.NumberFormat("en-GB");
const andList = new Intl.ListFormat("en-GB", { style: "long", type: "conjunction" });

/** "12,345" */
export const formatCount = (n: number): string => whole.format(n);

/** Items in a sentence, as British English writes them: "a", "a and b", "a, b and c"; "" for none. */
export const listInWords = (items: readonly string[]): string => andList.format(items);

/**
 * A count and the noun it counts, agreeing: "1 pupil", "0 pupils", "2,345 pupils". The noun is singular
 * only for exactly 1 or -1 ("-1 point"); 0 and anything else take the plural, as in plain English.
 * `many` is the plural, for nouns that do not just add "s" ("1 person", "3 people"); the noun may carry
 * its verb too ("1 school is", "2 schools are"). The number is formatted as `formatCount` does, with
 * thousands separators.
 */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${Math.abs(n) === 1 ? one : many}`;
}

const DECIMAL_WHOLE_NUMBER = /^-?[0-9]+$/;
// Thousands groups as people write them: "1,234,567" or "1 234 567" (an ordinary, no-break or narrow
// no-break space), the same separator throughout and three digits in every group after the first.
const GROUPED_WHOLE_NUMBER = /^-?[0-9]{1,3}([, \u00A0\u202F])[0-9]{3}(?:\1[0-9]{3})*$/u;

/**
 * Reads a whole number a person typed: decimal digits only, with an optional leading minus sign, after
 * trimming ("-0" is 0). `grouping` also allows digits in thousands groups ("1,200", "1 200"), but not stray or
 * misplaced separators (",,3,6,7,,", "12,34", "1,,234"). Returns null for anything else, so "0x10",
 * "1e3", "12.0", "Infinity" and "" are never read as numbers (JavaScript's `Number()` reads the first two
 * as 16 and 1000).
 *
 * Beyond Number.MAX_SAFE_INTEGER the result is the nearest number JavaScript holds, not the digits
 * typed, and a number too long for any (over 300 digits) is read as the largest there is, so a range
 * check refuses it as too big rather than as not a number. Quote the text, never this result, to say
 * what was given.
 */
export function parseWholeNumber(text: string, { grouping = false }: { grouping?: boolean } = {}): number | null {
  const trimmed = withoutFormatCharacters(text).trim();
  const digits = grouping && GROUPED_WHOLE_NUMBER.test(trimmed) ? trimmed.replace(/[^-0-9]/g, "") : trimmed;
  if (!DECIMAL_WHOLE_NUMBER.test(digits)) return null;
  // "-0" is JavaScript's minus zero, which passes a "0 or more" check and is formatted "-0": it is 0.
  const number = Number(digits) || 0;
  return Number.isFinite(number) ? number : Math.sign(number) * Number.MAX_VALUE;
}

type WholeNumberMessages = { required: string; invalid: string; tooSmall: string; tooBig: string };

/** What a field sent more than once is told (a hand-made form: each box sends one value). */
export const ONE_ANSWER = "Give one answer here, not several";

/**
 * The one Zod schema for a whole number read from a form or an address: decimal digits only (see
 * `parseWholeNumber`), from `min` to `max` inclusive. Messages name the field as `what` ("Enter the
 * number of schools", "The number of schools must be a whole number", "... must be 1 or more",
 * "... must be 200 or fewer"); `messages` replaces any of them. A box sent twice is told ONE_ANSWER. An empty box is "not given", so
 * `.optional()` works as for any field. A number given in code passes through unchanged.
 */
export function wholeNumber(what: string, min: number, max: number, messages: Partial<WholeNumberMessages> = {}, options: { grouping?: boolean } = {}) {
  const say: WholeNumberMessages = {
    required: `Enter the ${what}`,
    invalid: `The ${what} must be a whole number`,
    tooSmall: `The ${what} must be ${min} or more`,
    tooBig: `The ${what} must be ${max} or fewer`,
    ...messages,
  };
  // Conform would turn the text into a number with Number(); reading it here first means its
  // coercion only ever sees a number (or NaN, which fails as "not a whole number").
  const schema = z.preprocess(
    (value) => {
      if (typeof value !== "string") return value;
      if (withoutFormatCharacters(value).trim() === "") return undefined;
      return parseWholeNumber(value, options) ?? Number.NaN;
    },
    z
      .number({
        errorMap: (issue, context) => {
          if (issue.code !== z.ZodIssueCode.invalid_type) return { message: context.defaultError };
          if (issue.received === "undefined") return { message: say.required };
          return { message: issue.received === "array" ? ONE_ANSWER : say.invalid };
        },
      })
      .int(say.invalid)
      .min(min, say.tooSmall)
      .max(max, say.tooBig),
  );
  // Every form sends text; the cast tells the form library so.
  return schema as unknown as z.ZodEffects<z.ZodNumber, number, string | number>;
}

/** A count that stopped at a cap: "200 or more" when there were more than it, else the count ("35"). */
export function countOrMore(count: number, more: boolean): string {
  return more ? `${formatCount(count)} or more` : formatCount(count);
}

import { z } from "zod";
import { moreCharactersThan } from "./characters";
import { withoutFormatCharacters } from "./fixed-form";

/*
 * What people type is stored and then shown on pages, in emails (subjects are header lines), in CSV files
 * and in calendar files. Characters nobody types on purpose break those places or disguise text:
 * - control characters: C0 (NUL, tab, CR, LF, ...), DEL and C1, and the Unicode line and paragraph
 *   separators. A line break in a title becomes a new header line in an email subject.
 * - bidirectional controls (U+202A-U+202E, U+2066-U+2069), which reorder the text around them so that
 *   what is shown is not what is stored.
 * - a value of nothing but invisible characters (zero-width spaces, the byte order mark, word joiners,
 *   fillers), which looks empty but is not.
 * - in one line of text (a name, a title), a word mixing Latin letters with Cyrillic ones, which looks
 *   like another word; and invisible characters (a zero-width space, a word joiner, a soft hyphen) among
 *   visible ones, which make "Heron\u200Bdale" look like "Herondale" and a search for it miss.
 * Multi-line fields (notes, Markdown) keep line breaks and tabs and refuse the rest.
 *
 * What is kept is stored in one form (decision 0162): composed (NFC: an "é" typed as "e" and an accent is
 * stored as the one "é" it is), and in one line of text every kind of space (a no-break space pasted from
 * a document) as an ordinary one, with a run of them as one. So a name is found by what it looks like.
 */
// Matching control characters is the point of these two patterns.
// eslint-disable-next-line no-control-regex
const LINE_CONTROLS = /^[^\u0000-\u001F\u007F-\u009F\u2028\u2029]*$/;
// eslint-disable-next-line no-control-regex
const MULTILINE_CONTROLS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$/;
const BIDI_CONTROLS = /^[^\u202A-\u202E\u2066-\u2069]*$/;
const DIRECTION_CONTROL = /^[\u202A-\u202E\u2066-\u2069]$/u;
/** The tags of the flags of England, Scotland and Wales after 🏴: the one use of tag characters. */
const FLAG_TAGS = /\u{1F3F4}\u{E0067}\u{E0062}(?:\u{E0065}\u{E006E}\u{E0067}|\u{E0073}\u{E0063}\u{E0074}|\u{E0077}\u{E006C}\u{E0073})\u{E007F}/gu;
/**
 * Characters that draw nothing but are not format characters: the combining grapheme joiner, variation
 * selectors (standard, Mongolian, ideographic), the Hangul fillers and the blank Braille pattern.
 */
const INVISIBLE_MARKS = /[\u034F\u180B-\u180D\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u115F\u1160\u3164\uFFA0\u2800]/u;
const FORMAT_CHARACTER = /\p{Cf}/u;
const NOT_LATIN_LETTER = /^(?!\p{sc=Latin})[\p{L}\p{M}]$/u;
const LATIN_LETTER_OR_DIGIT = /^[\p{sc=Latin}\p{N}]$/u;
const EMOJI_BEFORE_JOINER = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]$/u;
const EMOJI = /^\p{Extended_Pictographic}$/u;
/** What a variation selector may follow: anything that shows but a Latin, Greek or Cyrillic letter, a space or another selector. */
const SELECTOR_BASE = /^(?![\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}])[\p{L}\p{N}\p{P}\p{S}]$/u;
const CONJOINING_JAMO = /^[\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF]$/u;
const BRAILLE = /^[\u2801-\u28FF\u2800]$/u;

/** Whether `character`, between `before` and `after` in a line of text, is one that draws nothing and has no use there. */
function hiddenWithoutUse(before: string, character: string, after: string): boolean {
  if (character === "\u200C" || character === "\u200D") {
    // A joiner or non-joiner after a letter or mark of a script written with them (Persian, Urdu, Arabic,
    // the Indic scripts), before anything but a Latin letter or digit (a word's end, a vowel mark).
    if (NOT_LATIN_LETTER.test(before) && !LATIN_LETTER_OR_DIGIT.test(after)) return false;
    // A joiner inside an emoji sequence (👩‍💻).
    return !(character === "\u200D" && EMOJI_BEFORE_JOINER.test(before) && EMOJI.test(after));
  }
  if (FORMAT_CHARACTER.test(character)) return true;
  if (!INVISIBLE_MARKS.test(character)) return false;
  if (character === "\u115F" || character === "\u1160") return !(CONJOINING_JAMO.test(before) || CONJOINING_JAMO.test(after));
  if (character === "\u2800") return !(BRAILLE.test(before) || BRAILLE.test(after));
  if (character === "\u034F" || character === "\u3164" || character === "\uFFA0") return true;
  // A variation selector: a glyph's variant (❤️, an emoji's text form, a CJK character's form), never after
  // a letter that has no variants to choose from, where it only hides.
  return !SELECTOR_BASE.test(before);
}

/**
 * A line of text as characters, each flag of England, Scotland or Wales (🏴 and its tags) as one. Added a
 * character at a time: spread into `push`, each character is an argument, and a value of some 125,000
 * characters (a form field sent far over its most) overflowed the call stack.
 */
function charactersOf(text: string): string[] {
  const characters: string[] = [];
  let from = 0;
  const add = (part: string) => {
    for (const character of part) characters.push(character);
  };
  for (const flag of text.matchAll(FLAG_TAGS)) {
    add(text.slice(from, flag.index));
    characters.push(flag[0]);
    from = flag.index + flag[0].length;
  }
  add(text.slice(from));
  return characters;
}

/** For each of `characters` (from `charactersOf`), whether it draws nothing and has no use there: a flag counts as its 🏴. */
function hiddenAmong(characters: readonly string[]): boolean[] {
  const seen = (character: string | undefined) => (character === undefined ? "" : character.length > 2 ? "\u{1F3F4}" : character);
  return characters.map((character, i) => hiddenWithoutUse(seen(characters[i - 1]), seen(character), seen(characters[i + 1])));
}

/**
 * Whether a line of text holds a character that draws nothing and has no use there (`hiddenWithoutUse`):
 * a format character (\p{Cf}: a zero-width space, a word joiner, a soft hyphen, a direction mark, tags)
 * but the joiners of scripts and emoji and the tags of a flag, and the invisible marks above out of place.
 * Checked a character at a time, not with lookbehinds, which older browsers (that run the forms' checks) lack.
 */
function hasHiddenCharacter(text: string): boolean {
  return hiddenAmong(charactersOf(text)).some(Boolean);
}

/**
 * `text` (one line) without the characters a form refuses in it as drawing nothing and having no use there
 * (`hasHiddenCharacter`): for text no one can be asked to type again, such as a name in a GIAS file. Each
 * pass takes out what it finds and looks again, since taking a character out gives its neighbours new
 * neighbours; what is left has none. Direction controls stay, for the form's own refusal: they change what
 * the text says, so text holding one is not to be kept at all. Pure.
 */
export function withoutHiddenCharacters(text: string): string {
  let characters = charactersOf(text);
  for (;;) {
    const hidden = hiddenAmong(characters).map((isHidden, i) => isHidden && !DIRECTION_CONTROL.test(characters[i]!));
    if (!hidden.some(Boolean)) return characters.join("");
    characters = characters.filter((_, i) => !hidden[i]);
  }
}

/**
 * Whether one line of `text` holds a control character or a direction control (see the list at the top):
 * for text a form did not type but carries, such as a chosen file's name, which is then refused. Pure.
 */
export function hasControlOrDirectionCharacter(text: string): boolean {
  return !LINE_CONTROLS.test(text) || !BIDI_CONTROLS.test(text);
}

/** `schema`, given a form's text without format characters (`withoutFormatCharacters`); a value that is not text passes as it is. */
export function inFixedForm<Schema extends z.ZodTypeAny>(schema: Schema) {
  const preprocessed = z.preprocess((value) => (typeof value === "string" ? withoutFormatCharacters(value) : value), schema);
  // It takes what `schema` takes (a form's text): the cast tells the form library so.
  return preprocessed as unknown as z.ZodEffects<Schema, z.output<Schema>, z.input<Schema>>;
}

/** The Hangul fillers: letters to Unicode, yet they draw nothing, so a rule that asks for letters must refuse them too. */
export const BLANK_LETTERS = /[\u115F\u1160\u3164\uFFA0]/u;
const WORDS = /[\p{L}\p{M}]+/gu;
const LATIN = /\p{sc=Latin}/u;
const CYRILLIC = /\p{sc=Cyrillic}/u;

/**
 * Whether a word of `text` (letters and their marks, with no space between) holds Latin letters and
 * Cyrillic ones: "Cеntral" with a Cyrillic "е" looks like "Central" and is not, so a second "Central
 * Leicester" beside the first would pass every check of a name already used. Words written wholly in one
 * alphabet are kept, as is Greek among Latin letters, which units and formulas use ("10kΩ", "2πr"). Each
 * word is read once: as one pattern over the whole text (a letter of one alphabet, any letters, a letter of
 * the other), the check took time in the square of the text's length, and 40,000 Cyrillic letters sent
 * to a name field held a server for 23 seconds.
 */
function mixesLatinAndCyrillic(text: string): boolean {
  for (const [word] of text.matchAll(WORDS)) if (LATIN.test(word) && CYRILLIC.test(word)) return true;
  return false;
}
// Something that shows: a letter, number, punctuation mark or symbol. Not a mark alone (combining
// accents, variation selectors, the combining grapheme joiner U+034F draw nothing without a base), nor
// format characters, separators or whitespace, nor the Hangul fillers (letters that draw nothing) or the
// blank Braille pattern.
const VISIBLE = new RegExp(`(?!${BLANK_LETTERS.source}|\\u2800)[\\p{L}\\p{N}\\p{P}\\p{S}]`, "u");

/**
 * `text` in the one form it is stored in: composed (NFC), and for one line, every space character as an
 * ordinary space, a run of them as one, and full-width Latin letters and digits as the ASCII ones they
 * stand for (full-width punctuation is kept: Chinese and Japanese are written with it). Pure; `text` is
 * already trimmed.
 */
export function storedText(text: string, { multiline = false }: { multiline?: boolean } = {}): string {
  const composed = text.normalize("NFC");
  if (multiline) return composed;
  return composed.replace(/\p{Zs}+/gu, " ").replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (wide) => String.fromCharCode(wide.charCodeAt(0) - 0xfee0));
}

type LengthCheck = { kind: "min" | "max"; value: number; message?: string };
/** The kinds of a string schema's checks that change the text rather than check it. */
const CHANGES = new Set<string>(["trim", "toLowerCase", "toUpperCase"]);

/**
 * The issue Zod's own `check` would give `text` when its characters (`moreCharactersThan`, decision 0183)
 * are too few or too many, else null: the same code and figures, so a message left to the error map
 * (`.max(50)` with none) reads as it did when Zod counted.
 */
function lengthIssue(text: string, check: LengthCheck): z.IssueData | null {
  const common = { type: "string", inclusive: true, exact: false, message: check.message } as const;
  if (check.kind === "max" && moreCharactersThan(text, check.value)) return { code: z.ZodIssueCode.too_big, maximum: check.value, ...common };
  if (check.kind === "min" && check.value > 0 && !moreCharactersThan(text, check.value - 1)) {
    return { code: z.ZodIssueCode.too_small, minimum: check.value, ...common };
  }
  return null;
}

/**
 * Adds the refusals above to a trimmed string schema, with messages naming the field as `what`, and gives
 * what it accepts in the form it is stored in (`storedText`). A caller's own `.regex` or `.email` goes on
 * the string schema it passes in, which is checked as typed. `empty` is the message for a value of only
 * invisible characters, read as not given: the field's "Enter the ..." for a required field, and for an
 * optional one a request to leave it empty.
 *
 * The schema's `.min` and `.max` count characters as a person does (code points, decision 0183), not the
 * UTF-16 code units Zod counts, with their own messages, and first: text of the wrong length is told only
 * that, and no other check reads it (a value far over its most is not read a character at a time, decision
 * 0169). The rest is checked inside, not piped to: the form library would read the empty text a trimmed
 * value of spaces leaves as a field not given.
 */
export function plainText(
  schema: z.ZodString,
  what: string,
  { multiline = false, empty }: { multiline?: boolean; empty?: string } = {},
): z.ZodType<string, z.ZodTypeDef, string> {
  const checks = schema._def.checks;
  const lengths = checks.filter((check): check is LengthCheck => check.kind === "min" || check.kind === "max");
  // What changes the text (trimming, case) comes first in every schema here, and is done before it is measured.
  const changes = checks.filter((check) => CHANGES.has(check.kind));
  const rest = new z.ZodString({ ...schema._def, checks: checks.filter((check) => !CHANGES.has(check.kind) && check.kind !== "min" && check.kind !== "max") });
  const checked = rest
    .regex(
      multiline ? MULTILINE_CONTROLS : LINE_CONTROLS,
      multiline ? `The ${what} must not contain control characters` : `The ${what} must be one line of text, without tabs or other control characters`,
    )
    .regex(BIDI_CONTROLS, `The ${what} must not contain characters that change the direction of text`)
    .regex(new RegExp(`^$|${VISIBLE.source}`, "u"), empty ?? `Enter the ${what} in letters or numbers, or leave it empty`);
  const stored = multiline
    ? checked.transform((text) => storedText(text, { multiline }))
    : checked
        .refine((text) => !mixesLatinAndCyrillic(text), `The ${what} has Cyrillic and Latin letters in one word, which can look alike: type it again`)
        // Among visible characters only: a value of nothing else has the message for an empty one.
        .refine(
          (text) => !VISIBLE.test(text) || !hasHiddenCharacter(text),
          `The ${what} has an invisible character in it, such as a zero-width space: type it again`,
        )
        .transform((text) => storedText(text));
  // Composing can lengthen a few characters (Devanagari "क़" is stored as two): the field's most, as
  // stored too, with the field's own message.
  const max = lengths.find((check) => check.kind === "max");
  const asStored = max
    ? stored.superRefine((text, ctx) => {
        const tooLong = lengthIssue(text, max);
        if (tooLong) ctx.addIssue(tooLong);
      })
    : stored;
  return new z.ZodString({ ...schema._def, checks: changes }).transform((text, ctx) => {
    const wrongLength = lengths.flatMap((check) => lengthIssue(text, check) ?? []);
    const result = wrongLength.length === 0 ? asStored.safeParse(text) : null;
    if (result?.success) return result.data;
    // Fatal: a caller's own refinement after this (`.refine` on the result) must not run on a value that is not text.
    for (const issue of result?.error.issues ?? wrongLength) ctx.addIssue({ ...issue, fatal: true });
    return z.NEVER;
  });
}

/**
 * A required line of text for a form's Zod schema: trimmed, at most `max` characters, refusing control
 * characters, direction controls and invisible-only values (see `plainText`). The messages name the
 * field as `what` ("Enter the contact name", "The contact name must be 80 characters or fewer"). `also`
 * adds a field's own checks (a `.regex`) to the string as typed.
 */
export function requiredText(what: string, max: number, also: (schema: z.ZodString) => z.ZodString = (schema) => schema) {
  const schema = z
    .string({ required_error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .max(max, `The ${what} must be ${max} characters or fewer`);
  return plainText(also(schema), what, { empty: `Enter the ${what}` });
}

/** An optional line of text: trimmed, at most `max` characters, checked as `requiredText`; "" when left out. */
export function optionalText(what: string, max: number) {
  return plainText(z.string().trim().max(max, `The ${what} must be ${max} characters or fewer`), what)
    .optional()
    .transform((v) => v ?? "");
}

/**
 * Text of several lines (notes, comments, Markdown): trimmed, at most `max` characters; keeps line
 * breaks and tabs, refuses other control characters, direction controls and invisible-only values.
 * Required unless `.optional()` is added; `required` is the message when it is missing.
 */
export function multilineText(what: string, max: number, { required = `Enter the ${what}` }: { required?: string } = {}) {
  const schema = z.string({ required_error: required }).trim().min(1, required).max(max, `The ${what} must be ${max} characters or fewer`);
  return plainText(schema, what, { multiline: true, empty: required });
}

/** Optional text of several lines, checked as `multilineText`; "" when left out. */
export function optionalMultilineText(what: string, max: number) {
  return plainText(z.string().trim().max(max, `The ${what} must be ${max} characters or fewer`), what, { multiline: true })
    .optional()
    .transform((v) => v ?? "");
}

/**
 * The form of a name for telling whether two name the same person or place, for comparing only (never for
 * storing): Unicode compatibility form (NFKC: an "ë" typed as "e" and an accent, a non-breaking space or a
 * full-width letter compare as their usual forms), invisible format characters (zero-width spaces and
 * joiners) dropped, so "appr\u200Boach" is the "approach" it looks like, every run of spaces as one, none
 * at the ends, and no case (British English rules).
 * "Alex\u00A0 Test" and "alex test" give the same key.
 */
export function nameKey(name: string): string {
  // Invisible characters go first, so a mark after one still joins its letter when normalised.
  return name
    .replace(/[\p{Cf}\u034F\u180B-\u180D\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu, "")
    .normalize("NFKC")
    .replace(/\s+/gu, " ")
    .trim()
    .toLocaleLowerCase("en-GB");
}

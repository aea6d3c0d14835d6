/*
 * How the service counts the characters of text people write (decision 0183): as Unicode code points, so
 * "😀" or "𝑥" is one character, where JavaScript's `length` (and Zod's `max`, and a browser's
 * `maxlength`) counts the two UTF-16 code units it is stored in; and a line break is one character
 * whether it comes as LF (a text area's value in the browser) or CR LF (the same text area as a form sends
 * it). Free of the form library, so the pupils' pages can use it.
 */

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** How many code units of `text` the character starting at `at` takes: 2 for a surrogate pair or a CR LF, else 1. */
function unitsAt(text: string, at: number): number {
  const unit = text.charCodeAt(at);
  const next = text.charCodeAt(at + 1);
  return (isHighSurrogate(unit) && isLowSurrogate(next)) || (unit === 0x0d && next === 0x0a) ? 2 : 1;
}

/** How many characters `text` has, as the service counts them: its code points, a CR LF as one. Pure. */
export function characterCount(text: string): number {
  let count = 0;
  for (let at = 0; at < text.length; at += unitsAt(text, at)) count++;
  return count;
}

/**
 * Whether `text` has more than `most` characters (`characterCount`). A character is at most two code
 * units, so text of no more than `most` units has no more, and text of over twice that has more: only text
 * between the two is counted, and a value far over a field's most (a form's body may be 1 MB) is not read.
 */
export function moreCharactersThan(text: string, most: number): boolean {
  if (text.length <= most) return false;
  if (text.length > 2 * most) return true;
  return characterCount(text) > most;
}

/** The first `most` characters of `text` (all of it when it has no more), never half of one. Pure. */
export function cutToCharacters(text: string, most: number): string {
  let end = 0;
  for (let count = 0; count < most && end < text.length; count++) end += unitsAt(text, end);
  return text.slice(0, end);
}

/** The last `most` characters of `text` (all of it when it has no more), never half of one. Pure. */
export function lastCharacters(text: string, most: number): string {
  let start = text.length;
  for (let count = 0; count < most && start > 0; count++) start -= start >= 2 && unitsAt(text, start - 2) === 2 ? 2 : 1;
  return text.slice(start);
}

/**
 * `text` kept to `most` characters: whole when it has no more, else its first characters, "…" and its last
 * `ending` characters, so a long file name still ends ".csv". Never half of a character. Pure.
 */
export function cutInTheMiddle(text: string, most: number, ending: number): string {
  if (!moreCharactersThan(text, most)) return text;
  return `${cutToCharacters(text, most - ending - 1)}…${lastCharacters(text, ending)}`;
}

/**
 * The `maxlength` for a box that takes at most `most` characters. Browsers count `maxlength` in code
 * units, two for an emoji, so `most` itself would stop someone typing emoji at half the limit the field
 * states; twice it never stops anyone below that limit. Text between is sent, and the form's check says
 * by the field that it is too long.
 */
export function inputMaxLength(most: number): number {
  return 2 * most;
}

/**
 * Survey codes: short enough to read aloud and type on a phone, long enough that guessing one is
 * hopeless behind the rate limit (31^8 ≈ 8.5 × 10^11 codes). The alphabet leaves out 0/O, 1/I/L so
 * nothing looks like anything else. Stored without the hyphen, shown as two groups of four: KM7P-4XQD.
 */
import { withoutFormatCharacters } from "./fixed-form";

export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const CODE_LENGTH = 8;

// Random bytes at or above this are drawn again, so every character is equally likely (no modulo bias).
const UNBIASED_LIMIT = 256 - (256 % CODE_ALPHABET.length);

/** A new code from the platform's cryptographic random source (Web Crypto, in Node and browsers alike). */
export function generateSurveyCode(): string {
  let code = "";
  while (code.length < CODE_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
      if (byte < UNBIASED_LIMIT && code.length < CODE_LENGTH) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
    }
  }
  return code;
}

/** What a pupil typed, as stored: upper case, without spaces or hyphens. Null when it cannot be a code. */
export function normaliseCode(input: string | null | undefined): string | null {
  // NFKC: a code typed in full-width letters and digits (a phone's East Asian keyboard) is the code it shows.
  // Without format characters: a zero-width space pasted from a slide with the code is not part of it.
  const code = withoutFormatCharacters(input ?? "")
    .normalize("NFKC")
    .replace(/[\s\p{Pd}]+/gu, "")
    .toUpperCase();
  if (code.length !== CODE_LENGTH) return null;
  for (const character of code) if (!CODE_ALPHABET.includes(character)) return null;
  return code;
}

/** "KM7P4XQD" → "KM7P-4XQD" */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

import { withoutFormatCharacters } from "./fixed-form";

/**
 * UK postcodes, checked with the pattern the government publishes for them (with the space optional),
 * so a typo like "LE1 1Q" or "LEI 1AA" is caught rather than stored.
 */
const POSTCODE = /^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})$/;

/** "le1 1aa", "LE11AA" and " LE1  1AA " all become "LE1 1AA"; anything that is not a postcode gives null. */
export function normalisePostcode(value: string): string | null {
  const compact = withoutFormatCharacters(value).replace(/\s+/g, "").toUpperCase();
  if (!POSTCODE.test(compact)) return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

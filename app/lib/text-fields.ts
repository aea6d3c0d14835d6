import { z } from "zod";

/**
 * A required line of text for a form's Zod schema: trimmed, at most `max` characters. The messages name
 * the field as `what` ("Enter the contact name", "The contact name must be 80 characters or fewer").
 */
export function requiredText(what: string, max: number) {
  return z
    .string({ required_error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .max(max, `The ${what} must be ${max} characters or fewer`);
}

/** An optional line of text: trimmed, at most `max` characters, "" when left out. */
export function optionalText(what: string, max: number) {
  return z
    .string()
    .trim()
    .max(max, `The ${what} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => v ?? "");
}

import { z } from "zod";

/** The most characters a new password may have (password-policy.ts, decision 0032). */
export const PASSWORD_MAX_LENGTH = 128;

/**
 * A password typed to show who the person is (signing in, confirming a change): required, and refused
 * with that reason when longer than 1,000 UTF-16 units, as no password here can be, before anything hashes
 * it. `missing` is the message for an empty field. Kept apart from the new-password rules, whose list of
 * common passwords the sign-in page's scripts do not need.
 */
export function enteredPasswordSchema(missing: string) {
  return z.string({ required_error: missing }).min(1, missing).max(1000, "That is longer than any password here can be: check what you entered");
}

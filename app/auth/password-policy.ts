import { dictionary } from "@zxcvbn-ts/language-common";
import { z } from "zod";
import { moreCharactersThan } from "~/lib/characters";
import { PASSWORD_MAX_LENGTH } from "./entered-password";

/**
 * The rules for a new password (docs/decisions/0032), shared by every form that sets one and run in
 * the browser too, so a person hears about a problem before the round trip. Following NCSC and NIST
 * SP 800-63B: a minimum length, no composition rules, and a refusal of passwords that are known,
 * trivial or made of the account's own details.
 */
export const PASSWORD_MIN_LENGTH = 10;
/**
 * About 49,000 passwords most often seen in published breaches and common-password lists, as shipped
 * (offline) by zxcvbn-ts's common language package, plus a few that matter here. Compared without case.
 */
const COMMON_PASSWORDS = new Set([
  ...dictionary["passwords-common"].filter((password) => password.length >= PASSWORD_MIN_LENGTH),
  "leicestercity",
  "leicester123",
  "leicestershire",
  "rutland1234",
  "schools123",
  "teacher1234",
  "violencereduction",
]);

/** Whether `password` (ignoring case and surrounding spaces) is on the list of common and breached passwords. */
export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.trim().toLowerCase());
}

/** The account a password is for, when the form knows it: its email address and the person's name. */
export type PasswordOwner = { email?: string | null; name?: string | null };

// Spaces, case and punctuation do not make an email or a name any harder to guess.
const squash = (text: string) => text.toLowerCase().replace(/[\s._\-'@+]/g, "");

/**
 * Why `password` may not be used, as the message to show by the field, or null when it may. `owner`
 * is optional: without it the account's own details are not compared. Checked in this order:
 * length (in characters as SP 800-63B counts them, code points: `moreCharactersThan`), only spaces, one character repeated, shaped like an email address, the account's own email
 * or name, the common-password list.
 */
export function passwordProblem(password: string, owner: PasswordOwner = {}): string | null {
  if (!moreCharactersThan(password, PASSWORD_MIN_LENGTH - 1)) return `Password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (moreCharactersThan(password, PASSWORD_MAX_LENGTH)) return `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`;
  if (password.trim() === "") return "Password must not be only spaces";
  if (new Set(password.trim().toLowerCase()).size === 1) return "Password must not be one character repeated";
  if (/^\S+@\S+\.\S+$/.test(password.trim())) return "Password must not be an email address";
  const squashed = squash(password);
  const email = owner.email ? squash(owner.email) : "";
  const localPart = owner.email ? squash(owner.email.split("@")[0] ?? "") : "";
  const name = owner.name ? squash(owner.name) : "";
  if ((email && squashed === email) || (localPart.length >= 4 && squashed === localPart)) return "Password must not be your email address";
  if (name.length >= 4 && squashed === name) return "Password must not be your name";
  if (isCommonPassword(password)) return "This password is too common. Choose one that is harder to guess";
  return null;
}

/** A new password, as a form field: every rule of `passwordProblem` except the account's own details. */
export const newPasswordSchema = z.string({ required_error: "Enter a password" }).superRefine((password, context) => {
  const problem = passwordProblem(password);
  if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
});

/**
 * Adds the account-details rule to a form whose values include the new password: `passwordField`
 * names that field, and `owner` finds the account's email and name (from the form or the session).
 */
export function refuseOwnDetails<Values extends Record<string, unknown>>(
  passwordField: keyof Values & string,
  owner: (values: Values) => PasswordOwner,
): (values: Values, context: z.RefinementCtx) => void {
  return (values, context) => {
    const password = values[passwordField];
    if (typeof password !== "string") return;
    const problem = passwordProblem(password, owner(values));
    if (problem) context.addIssue({ code: z.ZodIssueCode.custom, path: [passwordField], message: problem });
  };
}

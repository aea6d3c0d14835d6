import { z } from "zod";
import { inFixedForm } from "./text-fields";
import { enteredPasswordSchema } from "~/auth/entered-password";

// A recovery code as issued (two groups of five letters and digits), typed in any case, with or without the hyphen.
const RECOVERY_CODE = /^[a-z2-7]{5}[\s-]?[a-z2-7]{5}$/i;
const APP_CODE = /^\d{3}\s?\d{3}$/;

/** The code a new authenticator app shows, typed to prove it is set up: six digits (a space in the middle is fine). */
export const enrolmentCodeSchema = z.object({
  code: inFixedForm(
    z
      .string({ required_error: "Enter the 6-digit code your authenticator app shows" })
      .trim()
      .max(20, "Enter the 6-digit code your authenticator app shows")
      .regex(APP_CODE, "Enter the 6 digits your authenticator app shows, like 123 456"),
  ),
});

/** The code at the sign-in step: six digits from the app, or a recovery code like `k7d2m-q9xhe`. */
export const signInCodeSchema = z.object({
  code: inFixedForm(
    z
      .string({ required_error: "Enter the code from your authenticator app, or a recovery code" })
      .trim()
      .max(20, "Enter the 6-digit code from your authenticator app, or a recovery code")
      .refine((value) => APP_CODE.test(value) || RECOVERY_CODE.test(value), {
        message: "Enter the 6-digit code from your authenticator app, or a recovery code like abcde-fgh23",
      }),
  ),
});

/**
 * A change to two-step sign-in while it is on, confirmed as a sign-in is: the account's password, then a
 * code from the app or a recovery code (decision 0164).
 */
export const twoStepChangeSchema = z.object({
  password: enteredPasswordSchema("Enter your password"),
  ...signInCodeSchema.shape,
});

/** The lead's setting: whether every VRN lead must use two-step sign-in. */
export const twoStepRequirementSchema = z.object({
  required: z.boolean().optional(),
});

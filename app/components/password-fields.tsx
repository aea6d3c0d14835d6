import type { FieldMetadata } from "@conform-to/react";
import { PASSWORD_MIN_LENGTH } from "~/auth/password-policy";
import { TextField } from "./forms";

type PasswordField = FieldMetadata<string | undefined>;

/**
 * A new password and the same again, as set on the account page and when accepting an invitation.
 * `labels` name the two fields in the page's own words; both are marked as new passwords so a password
 * manager offers to make one.
 */
export function NewPasswordFields({
  password,
  confirm,
  labels,
}: {
  password: PasswordField;
  confirm: PasswordField;
  labels: { password: string; confirm: string };
}) {
  return (
    <>
      <TextField
        meta={password}
        label={labels.password}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong password that is easy to remember.`}
        type="password"
        autoComplete="new-password"
      />
      <TextField meta={confirm} label={labels.confirm} type="password" autoComplete="new-password" />
    </>
  );
}

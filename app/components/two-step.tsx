import { getFormProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { ErrorSummary, SubmitButton, TextField } from "./forms";

/** What the set-up page shows: the secret as a QR code and as text, for apps that cannot scan. */
export type EnrolmentView = { secret: string; qrCode: string };

/**
 * Setting an authenticator app up: scan the QR code or type the key, then type the code the app shows.
 * The key is also written out in full, so nobody depends on the picture.
 */
export function TwoStepSetUp({
  enrolment,
  form,
  code,
  intent,
}: {
  enrolment: EnrolmentView;
  form: FormMetadata<{ code: string }, string[]>;
  code: FieldMetadata<string | undefined>;
  intent?: string;
}) {
  return (
    <div className="max-w-3xl">
      <ol className="mb-8 list-decimal space-y-6 pl-6">
        <li>Open an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator or a password manager that makes 6-digit codes.</li>
        <li>
          <p className="mb-4">Add an account in the app by scanning this QR code:</p>
          <img src={enrolment.qrCode} alt="QR code for your authenticator app. The same key is written out below." width={200} height={200} />
          <p className="mt-4 mb-2">If you cannot scan it, choose to enter a key by hand and type this key (time-based, 6 digits):</p>
          <p className="font-mono text-xl break-all" id="two-step-key">
            {enrolment.secret}
          </p>
        </li>
        <li>Type the 6-digit code the app now shows.</li>
      </ol>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        {intent ? <input type="hidden" name="intent" value={intent} /> : null}
        <TextField
          meta={code}
          label="Code from your authenticator app"
          hint="6 digits, like 123 456"
          inputMode="numeric"
          autoComplete="one-time-code"
          width="max-w-48"
        />
        <SubmitButton pendingText="Checking…">Turn on two-step sign-in</SubmitButton>
      </Form>
    </div>
  );
}

/** The recovery codes, shown once just after they are made: only their hashes are kept. */
export function RecoveryCodes({ codes, continueTo }: { codes: string[]; continueTo?: { to: string; label: string } }) {
  return (
    <section aria-labelledby="recovery-codes-title" className="max-w-3xl">
      <h2 id="recovery-codes-title">Your recovery codes</h2>
      <p className="panel mb-6 font-bold">
        Save these codes now, somewhere safe away from your phone: a password manager, or printed and locked away. They will not be shown again.
      </p>
      <p className="mb-4">If you lose your phone, sign in with one of these instead of a code from the app. Each code works once.</p>
      <ol className="mb-8 grid list-decimal grid-cols-1 gap-2 pl-8 font-mono text-xl sm:grid-cols-2" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      {continueTo ? (
        <Link to={continueTo.to} className="button">
          {continueTo.label}
        </Link>
      ) : null}
    </section>
  );
}

import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { getUser } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { enforceLimit, LIMITS } from "~/models/limits.server";
import { passOnHeaders } from "~/lib/route-headers.server";
import { ownEmailSchema } from "~/lib/user-access";
import { appOrigin } from "~/lib/app-origin.server";
import { mailInOutbox as noMailServer } from "~/models/mailer.server";
import { useMailInOutbox } from "~/lib/mail-in-outbox";
import { requestPasswordReset, RESETS_PER_ACCOUNT_PER_HOUR } from "~/models/password-resets.server";
import { parseSubmission } from "~/lib/submission.server";
import { inBackground } from "~/lib/background-work.server";

const schema = z.object({
  email: ownEmailSchema,
});

export const headers = passOnHeaders;

export const meta: MetaFunction = () => [{ title: "Forgotten your password? – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  if (await getUser(args)) throw redirect("/account");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseSubmission(await request.formData(), { schema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  await enforceLimit(LIMITS.passwordResetsByAddress, context.clientAddress);
  const { email } = submission.value;
  // Not awaited: the answer comes at once and reads the same whether or not the address has an
  // account, so neither its words nor its timing tell anyone which addresses do (decision 0038).
  inBackground(requestPasswordReset(email, { origin: appOrigin() }), (error) => {
    console.error("Could not handle a request for a password reset link", error);
  });
  return { sentTo: email, inOutbox: noMailServer, perHour: RESETS_PER_ACCOUNT_PER_HOUR };
}

export default function ForgottenPassword() {
  const mailInOutbox = useMailInOutbox();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("forgotten-password", schema, actionData && "result" in actionData ? actionData.result : undefined);

  if (actionData && "sentTo" in actionData) {
    return (
      <div className="max-w-xl">
        <h1>{actionData.inOutbox ? "Ask the VRN schools lead for your link" : "Check your email"}</h1>
        <div role="status" className="panel mb-8">
          {actionData.inOutbox ? (
            <p>
              This service has no mail server set up yet, so it sends no email. If <strong className="break-words">{actionData.sentTo}</strong> belongs to an
              account here, a link to set a new password is waiting in the outbox, which the VRN schools lead reads. The link works once, for 1 hour, and any
              link made before it stops working.
            </p>
          ) : (
            <p>
              If <strong className="break-words">{actionData.sentTo}</strong> belongs to an account here, we are sending it an email with a link to set a new
              password. The link works once, for 1 hour, and any link sent before it stops working.
            </p>
          )}
          {/* The same words whatever happened (decision 0038), so they must hold when the limit sent nothing. */}
          <p className="mt-4">
            No more than {actionData.perHour} links are made for one account in an hour: if you asked {actionData.perHour} times already, no new link was made.
            Use the last one, or try again later.
          </p>
        </div>
        {!actionData.inOutbox && (
          <p className="mb-4">
            If nothing arrives within a few minutes, check your spam or junk folder, check the address, or ask the VRN schools lead to send you a link.
          </p>
        )}
        <p>
          <Link to="/forgotten-password">Try another email address</Link> or <Link to="/sign-in">go back to sign in</Link>.
        </p>
      </div>
    );
  }

  return (
    <div className="max-w-xl">
      <h1>Forgotten your password?</h1>
      <p className="mb-8">
        {mailInOutbox
          ? "Enter the email address you sign in with. This service sends no email yet, so a link to set a new password goes to the VRN schools lead, who can pass it on."
          : "Enter the email address you sign in with. We will email it a link to set a new password."}
      </p>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <TextField meta={fields.email} label="Email address" type="email" autoComplete="email" />
        <SubmitButton pendingText="Sending…">Send me a link</SubmitButton>
      </Form>
      <p className="mt-8">
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </div>
  );
}

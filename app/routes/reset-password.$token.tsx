import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { newPasswordSchema, refuseOwnDetails } from "~/auth/password-policy";
import { clearedSessionCookie } from "~/auth/session.server";
import { ErrorSummary, SubmitButton, useSchemaForm } from "~/components/forms";
import { NewPasswordFields } from "~/components/password-fields";
import { redirectWithMessage } from "~/lib/flash.server";
import { findPasswordReset, resetPassword, type ResetLinkState } from "~/models/password-resets.server";
import { parseSubmission } from "~/lib/submission.server";

/** The form, for the account the link is for, whose own email the new password must not be. */
const schemaFor = (email: string | null) =>
  z
    .object({
      password: newPasswordSchema,
      confirmPassword: z.string({ required_error: "Enter your new password again" }),
    })
    .refine((value) => value.password === value.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match" })
    .superRefine(refuseOwnDetails("password", () => ({ email })));

type Gone = Exclude<ResetLinkState, "open">;

export const meta: MetaFunction = () => [{ title: "Set a new password – VRN Schools Forum" }];

// The token is in the address: keep it out of other sites' Referer headers and out of shared caches.
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "same-origin", "Cache-Control": "no-store" });

const goneStatus = (state: Gone) => (state === "unknown" ? 404 : 410);

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findPasswordReset(params.token ?? "");
  if (found.state !== "open") return data({ state: found.state, email: null }, { status: goneStatus(found.state) });
  return { state: "open" as const, email: found.email ?? null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const found = await findPasswordReset(params.token ?? "");
  if (found.state !== "open") return data({ gone: found.state }, { status: goneStatus(found.state) });
  const submission = parseSubmission(await request.formData(), { schema: schemaFor(found.email ?? null) });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["password", "confirmPassword"] }) }, { status: 400 });
  const result = await resetPassword(params.token ?? "", submission.value.password);
  if (!result.ok) return data({ gone: result.reason }, { status: goneStatus(result.reason) });
  // Every session of theirs has ended, this browser's included: they sign in with the new password.
  const headers = new Headers({ "Set-Cookie": clearedSessionCookie({ secure: context.secureCookies }) });
  return redirectWithMessage("/sign-in", "Your new password is set and you have been signed out on every device. Sign in with your new password.", {
    headers,
  });
}

const GONE_PAGES: Record<Gone, { title: string; body: string }> = {
  unknown: {
    title: "This link does not work",
    body: "Check you copied the whole link from the email. If you asked more than once, use the link in the newest email.",
  },
  expired: { title: "This link has expired", body: "Links to set a new password work for 1 hour." },
  used: { title: "This link has already been used", body: "Each link works once, and setting a new password stops every other link." },
  replaced: {
    title: "A newer link has replaced this one",
    body: "Only the newest link to set a new password works. Use the link in the newest email, or ask for another.",
  },
};

export default function ResetPassword() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("reset-password", schemaFor(data.email), actionData && "result" in actionData ? actionData.result : undefined);
  const gone = actionData && "gone" in actionData ? actionData.gone : data.state !== "open" ? data.state : null;

  if (gone) {
    const page = GONE_PAGES[gone];
    return (
      <div className="max-w-xl">
        <h1>{page.title}</h1>
        <p className="mb-8">{page.body}</p>
        <p>
          <Link to="/forgotten-password">Ask for a new link</Link> or <Link to="/sign-in">go to sign in</Link>.
        </p>
      </div>
    );
  }
  return (
    <div className="max-w-xl">
      <h1>Set a new password</h1>
      <p className="mb-8">
        For <strong className="break-words">{data.email}</strong>. Setting it signs you out on every device; then you sign in with the new password.
      </p>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <NewPasswordFields
          password={fields.password}
          confirm={fields.confirmPassword}
          labels={{ password: "New password", confirm: "Confirm your new password" }}
        />
        <SubmitButton pendingText="Saving…">Set new password</SubmitButton>
      </Form>
    </div>
  );
}

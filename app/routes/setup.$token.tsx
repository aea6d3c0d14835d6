import { getFormProps, type SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { newPasswordSchema, refuseOwnDetails } from "~/auth/password-policy";
import { toTwoStepSetUp } from "~/auth/second-step.server";
import { sessionCookie } from "~/auth/session.server";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { NewPasswordFields } from "~/components/password-fields";
import { formatDateTime } from "~/lib/dates";
import { redirectWithMessage } from "~/lib/flash.server";
import { emailSchema, personNameSchema } from "~/lib/user-access";
import { completeLeadSetup, findLeadSetupLink, type LeadSetupState } from "~/models/lead-setup.server";
import { parseSubmission } from "~/lib/submission.server";

/** The form. A link printed with `--email` fixes the address (the field is not shown); otherwise the lead gives it. */
function setupSchema(fixedEmail: string | null) {
  const email: z.ZodType<string | undefined> = fixedEmail ? z.string().optional() : emailSchema;
  return z
    .object({
      name: personNameSchema,
      email,
      password: newPasswordSchema,
      confirmPassword: z.string({ required_error: "Enter your password again" }),
    })
    .refine((value) => value.password === value.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match" })
    .superRefine(refuseOwnDetails("password", (value) => ({ email: fixedEmail ?? value.email, name: value.name })));
}

const PASSWORD_FIELDS = ["password", "confirmPassword"];

export const meta: MetaFunction = () => [{ title: "Set up the VRN Schools Forum" }];

// The token is in the address: keep it out of Referer headers and shared caches.
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "same-origin", "Cache-Control": "no-store" });

const statusOf = (state: Exclude<LeadSetupState, "open"> | "email-taken") => (state === "unknown" ? 404 : state === "email-taken" ? 409 : 410);

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findLeadSetupLink(params.token ?? "");
  if (found.state !== "open") return data({ state: found.state }, { status: statusOf(found.state) });
  return { state: "open" as const, email: found.email, expiresAt: found.expiresAt!.toISOString() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const found = await findLeadSetupLink(token);
  if (found.state !== "open") return data({ gone: found.state }, { status: statusOf(found.state) });
  const submission = parseSubmission(await request.formData(), { schema: setupSchema(found.email ?? null) });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: PASSWORD_FIELDS }) }, { status: 400 });
  const result = await completeLeadSetup(token, { ...submission.value, email: submission.value.email ?? "" });
  if (!result.ok && result.reason === "demo-address") {
    // A link made for such an address (before create-lead refused one) cannot be corrected on this page.
    const fixedAddress =
      "This link was made for an address at example.org, which is kept for the demonstration's made-up accounts. Whoever runs the service can print a new link with your real address: npm run create-lead -- --email name@your-organisation.org.uk";
    const refusal = found.email ? { formErrors: [fixedAddress] } : { fieldErrors: { email: [result.message] } };
    return data({ result: submission.reply({ ...refusal, hideFields: PASSWORD_FIELDS }) }, { status: 400 });
  }
  if (!result.ok) return data({ gone: result.reason }, { status: statusOf(result.reason) });
  const headers = new Headers();
  if (!result.session) return toTwoStepSetUp(result.user, headers, { secure: context.secureCookies });
  headers.append("Set-Cookie", sessionCookie(result.session.token, result.session.expiresAt, { secure: context.secureCookies }));
  return redirectWithMessage("/", `Welcome, ${result.user.name}. You are the VRN schools lead: invite everyone else from Users.`, { headers });
}

export default function LeadSetup() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData && "gone" in actionData) return <LinkGone state={actionData.gone} />;
  if (data.state !== "open") return <LinkGone state={data.state} />;
  return <SetupForm email={data.email} expiresAt={data.expiresAt} lastResult={actionData?.result} />;
}

function SetupForm({ email, expiresAt, lastResult }: { email: string | null; expiresAt: string; lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useSchemaForm("lead-setup", setupSchema(email ?? null), lastResult);
  return (
    <div className="max-w-3xl">
      <h1>Set up the VRN Schools Forum</h1>
      <p className="mb-8">
        This link sets up the first account: the VRN schools lead, who then invites everyone else. It works once, until {formatDateTime(expiresAt)}.
      </p>
      {email ? (
        <p className="mb-8">
          Your account will use the email address <strong className="break-words">{email}</strong>.
        </p>
      ) : null}
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <TextField meta={fields.name} label="Your name" autoComplete="name" />
        {email ? null : <TextField meta={fields.email} label="Your email address" type="email" autoComplete="email" />}
        <NewPasswordFields
          password={fields.password}
          confirm={fields.confirmPassword}
          labels={{ password: "Create a password", confirm: "Confirm your password" }}
        />
        <SubmitButton pendingText="Creating your account…">Create the lead account</SubmitButton>
      </Form>
    </div>
  );
}

const GONE_PAGES: Record<Exclude<LeadSetupState, "open"> | "email-taken", { title: string; body: string }> = {
  unknown: { title: "This setup link does not work", body: "Check you copied the whole link. Only the newest link printed by the server works." },
  expired: { title: "This setup link has expired", body: "Setup links work for 24 hours. Run npm run create-lead on the server for a new one, or restart it." },
  used: { title: "This setup link has already been used", body: "Each setup link works once. If you set up your account with it, sign in." },
  replaced: { title: "A newer setup link replaced this one", body: "Only the newest link printed by the server works." },
  "lead-exists": {
    title: "The service is already set up",
    body: "It has a VRN schools lead, who invites everyone else. Sign in, or ask them for an invitation.",
  },
  "email-taken": { title: "There is already an account with this email address", body: "Sign in with it, or use another address." },
};

function LinkGone({ state }: { state: Exclude<LeadSetupState, "open"> | "email-taken" }) {
  const page = GONE_PAGES[state];
  return (
    <div className="max-w-3xl">
      <h1>{page.title}</h1>
      <p className="mb-8">{page.body}</p>
      <p>
        <Link to="/sign-in">Sign in</Link>
      </p>
    </div>
  );
}

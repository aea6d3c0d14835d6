import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getUser, signingInBrowser } from "~/auth/guards.server";
import { startPendingSignIn } from "~/auth/second-step.server";
import { sessionCookie } from "~/auth/session.server";
import { signIn } from "~/auth/sign-in.server";
import { knownBrowserCookie } from "~/auth/throttle.server";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { safeRedirect } from "~/lib/responses.server";
import { passOnHeaders } from "~/lib/route-headers.server";
import { ownEmailSchema } from "~/lib/user-access";
import { enteredPasswordSchema } from "~/auth/entered-password";
import { counted } from "~/lib/numbers";
import { parseSubmission } from "~/lib/submission.server";
import { onlyValue } from "~/lib/filter-choices";

const schema = z.object({
  email: ownEmailSchema,
  password: enteredPasswordSchema("Enter your password"),
  // The page's hidden field, from its address, where a page given twice is none (onlyValue): so it is here,
  // rather than a message, "Give one answer here, not several", by a field no one can see.
  redirectTo: z.preprocess((value) => (Array.isArray(value) ? undefined : value), z.string().optional()),
});

export const headers = passOnHeaders;

export const meta: MetaFunction = () => [
  { title: "Sign in – VRN Schools Forum" },
  { name: "description", content: "Sign in to the Violence Reduction Network Schools Forum for Leicester, Leicestershire and Rutland." },
];

export async function loader(args: LoaderFunctionArgs) {
  if (await getUser(args)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseSubmission(await request.formData(), { schema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  let result = await signIn(email, password, context.clientAddress, signingInBrowser(request));
  if (!result.ok && result.reason === "second-step") {
    const cookie = await startPendingSignIn(result, safeRedirect(redirectTo), { secure: context.secureCookies });
    if (cookie) return redirect(result.step === "CODE" ? "/sign-in/two-step" : "/sign-in/set-up-two-step", { headers: { "Set-Cookie": cookie } });
    // The password changed as it was checked: it is not the account's password now.
    result = { ok: false, reason: "invalid" };
  }
  if (!result.ok) {
    const message =
      result.reason === "throttled"
        ? `Too many failed attempts to sign in. Wait ${counted(result.minutes, "minute")} and try again.`
        : "The email address or password is not right. Check them and try again.";
    return data(submission.reply({ formErrors: [message], hideFields: ["password"] }), {
      status: result.reason === "throttled" ? 429 : 400,
      headers: result.reason === "throttled" ? { "Retry-After": String(result.minutes * 60) } : undefined,
    });
  }
  context.setCookie(knownBrowserCookie(result.knownBrowser, { secure: context.secureCookies }));
  return redirect(safeRedirect(redirectTo), {
    headers: { "Set-Cookie": sessionCookie(result.token, result.expiresAt, { secure: context.secureCookies }) },
  });
}

export default function SignIn() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useSchemaForm("sign-in", schema, lastResult);

  return (
    <div className="max-w-xl">
      <h1>Sign in</h1>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={onlyValue(searchParams, "redirectTo") || "/"} />
        <TextField meta={fields.email} label="Email address" type="email" autoComplete="email" />
        <TextField meta={fields.password} label="Password" type="password" autoComplete="current-password" />
        <SubmitButton pendingText="Signing in…">Sign in</SubmitButton>
      </Form>
      <p className="mt-6">
        <Link to="/forgotten-password">Forgotten your password?</Link>
      </p>
      <p className="mt-8">
        Accounts are created by invitation from the VRN schools lead. If a reset link does not reach you, or your account has been deactivated, contact the VRN
        schools lead.
      </p>
    </div>
  );
}

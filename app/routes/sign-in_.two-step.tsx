import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import {
  answerSignInStepSentAgain,
  checkSecondStep,
  completePendingSignIn,
  findPendingSignIn,
  signedInCookies,
  signInStepTimedOut,
} from "~/auth/second-step.server";
import { getUser, signingInBrowser } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { passOnHeaders } from "~/lib/route-headers.server";
import { signInCodeSchema } from "~/lib/two-step-forms";
import { counted } from "~/lib/numbers";
import { parseSubmission } from "~/lib/submission.server";

export const headers = passOnHeaders;

export const meta: MetaFunction = () => [{ title: "Enter your code – VRN Schools Forum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await findPendingSignIn(request, "CODE"))) throw redirect("/sign-in");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const secure = { secure: context.secureCookies };
  // Sent again once the first sending used its code (signed in, or its answer lost), else timed out.
  const sentAgainOrExpired = async (code: string | null) => answerSignInStepSentAgain(request, "sign-in", code, await getUser({ request, context }), secure);
  const submission = parseSubmission(await request.formData(), { schema: signInCodeSchema });
  const pending = await findPendingSignIn(request, "CODE");
  if (!pending) return sentAgainOrExpired(submission.status === "success" ? submission.value.code : null);
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["code"] }), { status: 400 });

  const result = await checkSecondStep(pending, submission.value.code);
  if (!result.ok && result.reason === "sent-again") {
    // The same code sent again while the first sending signs in: it opens no session of its own.
    return sentAgainOrExpired(submission.value.code);
  }
  if (!result.ok) {
    const throttled = result.reason === "throttled";
    const message = throttled
      ? `Too many codes tried. Wait ${counted(result.minutes, "minute")} and try again.`
      : "The code is not right, or it has been used already. Enter the code your app shows now, or an unused recovery code.";
    return data(submission.reply({ fieldErrors: { code: [message] }, hideFields: ["code"] }), {
      status: throttled ? 429 : 400,
      headers: throttled ? { "Retry-After": String(result.minutes * 60) } : undefined,
    });
  }
  const how = result.usedRecoveryCode ? "with a recovery code" : "with a two-step code";
  const opened = await completePendingSignIn(pending, how, context.clientAddress, signingInBrowser(request));
  if (!opened) return signInStepTimedOut("sign-in", secure);
  const headers = signedInCookies(opened, secure);
  if (!result.usedRecoveryCode) return redirect(opened.redirectTo, { headers });
  const left = result.recoveryCodesLeft;
  return redirectWithMessage(
    opened.redirectTo,
    `You signed in with a recovery code, which cannot be used again. You have ${counted(left, "recovery code")} left: make new ones from Your account, Two-step sign-in.`,
    { headers },
  );
}

export default function TwoStepCode() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("two-step-code", signInCodeSchema, lastResult);
  return (
    <div className="max-w-xl">
      <h1>Enter your code</h1>
      <p className="mb-6">Your password was right. To finish signing in, open your authenticator app and enter the code it shows.</p>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <TextField
          meta={fields.code}
          label="Code from your authenticator app"
          hint="6 digits, like 123 456. Lost your phone? Enter one of your recovery codes instead, like abcde-fgh23."
          autoComplete="one-time-code"
          width="max-w-64"
        />
        <SubmitButton pendingText="Checking…">Sign in</SubmitButton>
      </Form>
      <p className="mt-8">
        No phone and no recovery codes? Contact the VRN schools lead. <Link to="/sign-in">Sign in again from the start</Link>
      </p>
    </div>
  );
}

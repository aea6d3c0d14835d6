import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  answerSignInStepSentAgain,
  clearedPendingCookie,
  completePendingSignIn,
  findPendingSignIn,
  signedInCookies,
  signInStepTimedOut,
} from "~/auth/second-step.server";
import { getUser, signingInBrowser } from "~/auth/guards.server";
import { confirmEnrolment, startEnrolment } from "~/auth/two-step.server";
import { asTextField, useSchemaForm } from "~/components/forms";
import { RecoveryCodes, TwoStepSetUp } from "~/components/two-step";
import { redirectWithMessage } from "~/lib/flash.server";
import { passOnHeaders } from "~/lib/route-headers.server";
import { enrolmentCodeSchema } from "~/lib/two-step-forms";
import { counted } from "~/lib/numbers";
import { parseSubmission } from "~/lib/submission.server";

export const headers = passOnHeaders;

export const meta: MetaFunction = () => [{ title: "Set up two-step sign-in – VRN Schools Forum" }];

const ALREADY_ON =
  "Nothing changed: two-step sign-in was already on. Sign in again with your password and a code from your app. If you did not see your recovery codes, make new ones from your account page.";

// After the code is accepted the pending sign-in is gone, so the page then shows the recovery codes the
// action returned rather than sending the browser back to sign in.
export async function loader({ request }: LoaderFunctionArgs) {
  const pending = await findPendingSignIn(request, "ENROL");
  return { enrolment: pending ? await startEnrolment(pending.user) : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const secure = { secure: context.secureCookies };
  const clearingPending = { headers: { "Set-Cookie": clearedPendingCookie(secure) } };
  // Sent again once the first sending used its code (signed in, or its answer lost), else timed out.
  const sentAgainOrExpired = async (code: string | null) => answerSignInStepSentAgain(request, "set-up", code, await getUser({ request, context }), secure);
  const submission = parseSubmission(await request.formData(), { schema: enrolmentCodeSchema });
  const pending = await findPendingSignIn(request, "ENROL");
  if (!pending) return sentAgainOrExpired(submission.status === "success" ? submission.value.code : null);
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["code"] }) }, { status: 400 });

  const enrolled = await confirmEnrolment(pending.user, submission.value.code, pending.id);
  if (!enrolled.ok && enrolled.reason === "sent-again") {
    // The same code sent again while the first sending signs in: it opens no session of its own.
    return sentAgainOrExpired(submission.value.code);
  }
  if (!enrolled.ok && enrolled.reason === "already-on") {
    // Set up meanwhile in another tab: no code was checked, so no session opens here. The other's pending
    // sign-in is left for it to finish; this browser signs in again at the code step.
    return redirectWithMessage("/sign-in", ALREADY_ON, clearingPending);
  }
  if (!enrolled.ok) {
    const throttled = enrolled.reason === "throttled";
    const message = throttled
      ? `Too many codes tried. Wait ${counted(enrolled.minutes, "minute")} and try again.`
      : "The code is not right. Check the key in your app and enter the code it shows now.";
    return data(
      { result: submission.reply({ fieldErrors: { code: [message] }, hideFields: ["code"] }) },
      { status: throttled ? 429 : 400, headers: throttled ? { "Retry-After": String(enrolled.minutes * 60) } : undefined },
    );
  }
  const opened = await completePendingSignIn(pending, "after setting up two-step sign-in", context.clientAddress, signingInBrowser(request));
  if (!opened) return signInStepTimedOut("set-up", secure);
  const headers = signedInCookies(opened, secure);
  return data({ recoveryCodes: enrolled.recoveryCodes, continueTo: opened.redirectTo }, { headers });
}

export default function SetUpTwoStepAtSignIn() {
  const { enrolment } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("set-up-two-step", enrolmentCodeSchema, actionData && "result" in actionData ? actionData.result : undefined);

  if (actionData && "recoveryCodes" in actionData) {
    return (
      <>
        <h1>Two-step sign-in is on</h1>
        <p className="mb-8">You are signed in. From now on you will enter a code from your app after your password.</p>
        <RecoveryCodes codes={actionData.recoveryCodes} continueTo={{ to: actionData.continueTo, label: "I have saved my codes: continue" }} />
      </>
    );
  }
  if (!enrolment) {
    return (
      <>
        <h1>Set up two-step sign-in</h1>
        <p>
          Your sign-in has timed out. <Link to="/sign-in">Sign in again</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Set up two-step sign-in</h1>
      <p className="mb-6 max-w-3xl">
        VRN leads see every school&rsquo;s records, so the service asks them for a code from an authenticator app as well as their password. Set it up now to
        finish signing in.
      </p>
      <TwoStepSetUp enrolment={enrolment} form={form} code={asTextField(fields.code)} />
    </>
  );
}

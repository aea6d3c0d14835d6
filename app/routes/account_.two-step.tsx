import { getFormProps, type FieldMetadata } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getSessionId, getSessionToken, requireUser } from "~/auth/guards.server";
import { clearedSessionCookie } from "~/auth/session.server";
import { confirmEnrolment, regenerateRecoveryCodes, startEnrolment, turnOffTwoStep, twoStepStatus } from "~/auth/two-step.server";
import { asTextField, ErrorSummary, SubmitButton, TextField, useSchemaForm, type LastResult } from "~/components/forms";
import { RecoveryCodes, TwoStepSetUp } from "~/components/two-step";
import { redirectWithMessage } from "~/lib/flash.server";
import { badRequest } from "~/lib/responses.server";
import { passOnHeaders } from "~/lib/route-headers.server";
import { parseIntent, parseSubmission } from "~/lib/submission.server";
import { enrolmentCodeSchema, twoStepChangeSchema } from "~/lib/two-step-forms";
import { counted } from "~/lib/numbers";

export const headers = passOnHeaders;

export const meta: MetaFunction = () => [{ title: "Two-step sign-in – VRN Schools Forum" }];

const HERE = "/account/two-step";
// The recovery codes were the first sending's answer, which the browser may not have shown; only their hashes are kept.
const CODES_NOT_SHOWN_AGAIN = "They cannot be shown again here: if you did not see them, make new ones with the next code your app shows.";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const status = await twoStepStatus(user);
  return { status, enrolment: status.enabled ? null : await startEnrolment(user) };
}

type Reply = { intent: "confirm" | "regenerate" | "turn-off"; result: LastResult };

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const formData = await args.request.formData();
  const intent = parseIntent(formData, ["confirm", "regenerate", "turn-off"]);
  if (!intent) badRequest("Choose one of the page's buttons.");

  if (intent === "confirm") {
    const submission = parseSubmission(formData, { schema: enrolmentCodeSchema });
    if (submission.status !== "success") return data<Reply>({ intent, result: submission.reply({ hideFields: ["code"] }) }, { status: 400 });
    const enrolled = await confirmEnrolment(user, submission.value.code, getSessionId(args.request));
    if (enrolled.ok) return { recoveryCodes: enrolled.recoveryCodes };
    if (enrolled.reason === "sent-again") {
      return redirectWithMessage(
        HERE,
        `This form had been sent a moment before, and that sending used your code to turn on two-step sign-in and make your recovery codes. ${CODES_NOT_SHOWN_AGAIN}`,
      );
    }
    if (enrolled.reason === "already-on") {
      // The codes were the first press's answer, which the browser may not have shown.
      return redirectWithMessage(HERE, "Nothing changed: two-step sign-in was already on. If you did not see your recovery codes, make new ones.");
    }
    const throttled = enrolled.reason === "throttled";
    const message = throttled
      ? `Too many codes tried. Wait ${counted(enrolled.minutes, "minute")} and try again.`
      : "The code is not right. Check the key in your app and enter the code it shows now.";
    return data<Reply>(
      { intent, result: submission.reply({ fieldErrors: { code: [message] }, hideFields: ["code"] }) },
      { status: throttled ? 429 : 400, headers: throttled ? { "Retry-After": String(enrolled.minutes * 60) } : undefined },
    );
  }

  const submission = parseSubmission(formData, { schema: twoStepChangeSchema });
  const hideFields = ["password", "code"];
  if (submission.status !== "success") return data<Reply>({ intent, result: submission.reply({ hideFields }) }, { status: 400 });
  const { password, code } = submission.value;
  const change = { password, code, session: getSessionToken(args.request) };
  const result = intent === "regenerate" ? await regenerateRecoveryCodes(user, change) : await turnOffTwoStep(user, change);
  if (!result.ok && "reason" in result && result.reason === "sent-again") {
    return redirectWithMessage(
      HERE,
      `This form had been sent a moment before, and that sending used your code to make new recovery codes. ${CODES_NOT_SHOWN_AGAIN}`,
    );
  }
  // From a page left open after it was turned off: the page now shows the set-up, not this form.
  if (!result.ok && "reason" in result) return redirectWithMessage(HERE, "Nothing changed: two-step sign-in is off, so you have no recovery codes to replace.");
  if (!result.ok) {
    const reply: Reply = { intent, result: submission.reply({ fieldErrors: { [result.field]: [result.message] }, hideFields }) };
    if (result.throttledMinutes) return data(reply, { status: 429, headers: { "Retry-After": String(result.throttledMinutes * 60) } });
    return data(reply, { status: 400 });
  }
  if ("recoveryCodes" in result) return { recoveryCodes: result.recoveryCodes };
  if (result.signedOut) {
    return redirectWithMessage(
      "/sign-in",
      "Two-step sign-in is off and you have been signed out everywhere. VRN leads must use it: sign in again to set up your app.",
      { headers: { "Set-Cookie": clearedSessionCookie({ secure: args.context.secureCookies }) } },
    );
  }
  if (!result.changed) return redirectWithMessage(HERE, "Nothing changed: two-step sign-in was already off.");
  return redirectWithMessage(HERE, "Two-step sign-in is off. Your recovery codes no longer work.");
}

function useReply(intent: Reply["intent"]): LastResult {
  const actionData = useActionData<typeof action>();
  return actionData && "intent" in actionData && actionData.intent === intent ? actionData.result : undefined;
}

export default function AccountTwoStep() {
  const { status, enrolment } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [confirmForm, confirmFields] = useSchemaForm("confirm-two-step", enrolmentCodeSchema, useReply("confirm"));
  const [regenerateForm, regenerateFields] = useSchemaForm("regenerate-codes", twoStepChangeSchema, useReply("regenerate"));
  const [turnOffForm, turnOffFields] = useSchemaForm("turn-off-two-step", twoStepChangeSchema, useReply("turn-off"));

  return (
    <>
      <p className="mb-4">
        <Link to="/account">Back to your account</Link>
      </p>
      <h1>Two-step sign-in</h1>
      {actionData && "recoveryCodes" in actionData ? (
        <>
          <p className="mb-8">Two-step sign-in is on. You will enter a code from your app after your password each time you sign in.</p>
          <RecoveryCodes codes={actionData.recoveryCodes} continueTo={{ to: "/account", label: "I have saved my codes: back to your account" }} />
        </>
      ) : enrolment ? (
        <>
          <p className="mb-6 max-w-3xl">
            {status.required
              ? "VRN leads must use two-step sign-in. "
              : "Two-step sign-in is off. Turn it on so that someone who learns your password still cannot sign in as you. "}
            You will need a code from an app on your phone each time you sign in.
          </p>
          <TwoStepSetUp enrolment={enrolment} form={confirmForm} code={asTextField(confirmFields.code)} intent="confirm" />
        </>
      ) : (
        <div className="max-w-xl">
          <p className="mb-8">Two-step sign-in is on. You have {counted(status.recoveryCodesLeft, "unused recovery code")}.</p>

          <h2>Make new recovery codes</h2>
          <p className="mb-4">Your old recovery codes stop working and 10 new ones are shown once.</p>
          <ErrorSummary form={regenerateForm} />
          <Form method="post" {...getFormProps(regenerateForm)} className="mb-12">
            <input type="hidden" name="intent" value="regenerate" />
            <TextField meta={regenerateFields.password} label="Your password" type="password" autoComplete="current-password" />
            <CodeField meta={regenerateFields.code} />
            <SubmitButton pendingText="Making codes…" variant="secondary">
              Make new recovery codes
            </SubmitButton>
          </Form>

          <h2>Turn off two-step sign-in</h2>
          <p className="mb-4">
            {status.required
              ? "VRN leads must use two-step sign-in. If you turn it off you will be signed out everywhere and asked to set up an app again when you next sign in, for example on a new phone."
              : "Your password alone will be enough to sign in."}
          </p>
          <ErrorSummary form={turnOffForm} />
          <Form method="post" {...getFormProps(turnOffForm)}>
            <input type="hidden" name="intent" value="turn-off" />
            <TextField meta={turnOffFields.password} label="Your password" type="password" autoComplete="current-password" />
            <CodeField meta={turnOffFields.code} />
            <SubmitButton pendingText="Turning off…" variant="warning">
              Turn off two-step sign-in
            </SubmitButton>
          </Form>
        </div>
      )}
    </>
  );
}

/** The code that confirms a change to two-step sign-in, as the sign-in step asks for it. */
function CodeField({ meta }: { meta: FieldMetadata<string> }) {
  return (
    <TextField
      meta={meta}
      label="Code from your authenticator app"
      hint="6 digits, like 123 456, or one of your recovery codes, like abcde-fgh23"
      autoComplete="one-time-code"
      width="max-w-64"
    />
  );
}

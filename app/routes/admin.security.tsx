import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { setTwoStepRequiredForLeads, twoStepStatus } from "~/auth/two-step.server";
import { CheckboxField } from "~/components/choices";
import { asCheckboxField, ErrorSummary, SubmitButton, useSchemaForm } from "~/components/forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { twoStepRequirementSchema } from "~/lib/two-step-forms";
import { counted } from "~/lib/numbers";
import { parseSubmission } from "~/lib/submission.server";

export const meta: MetaFunction = () => [{ title: "Sign-in security – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const lead = await requirePermission(args, "users:manage");
  const status = await twoStepStatus(lead);
  return { required: status.required, ownTwoStep: status.enabled };
}

export async function action(args: ActionFunctionArgs) {
  const lead = await requirePermission(args, "users:manage");
  const submission = parseSubmission(await args.request.formData(), { schema: twoStepRequirementSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const required = submission.value.required ?? false;
  const result = await setTwoStepRequiredForLeads(lead, required);
  if (!result.ok) return data(submission.reply({ fieldErrors: { required: [result.message] } }), { status: 400 });
  if (!result.changed) {
    const already = required ? "was already required" : "was not required";
    return redirectWithMessage("/admin/security", `Nothing was changed: two-step sign-in ${already} for VRN leads.`);
  }
  if (!required) return redirectWithMessage("/admin/security", "Two-step sign-in is no longer required for VRN leads.");
  const ended = result.signedOut;
  return redirectWithMessage(
    "/admin/security",
    `Two-step sign-in is now required for VRN leads. ${counted(ended, "session was", "sessions were")} ended for leads who had not set it up; they will set it up at their next sign-in.`,
  );
}

export default function SignInSecurity() {
  const { required, ownTwoStep } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("sign-in-security", twoStepRequirementSchema, lastResult, { required: required ? "on" : undefined });
  return (
    <div className="max-w-3xl">
      <h1>Sign-in security</h1>
      <p className="mb-6">
        VRN leads see every school&rsquo;s records. Two-step sign-in asks them for a code from an authenticator app as well as their password, so a stolen
        password is not enough.
      </p>
      {ownTwoStep ? null : (
        <p className="panel mb-6">
          To require it for leads, first turn on two-step sign-in for your own account, so that you cannot lock yourself out:{" "}
          <Link to="/account/two-step">set up two-step sign-in</Link>.
        </p>
      )}
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <CheckboxField
          meta={asCheckboxField(fields.required)}
          label="Require two-step sign-in for VRN leads"
          hint="Leads who have not set it up are signed out now and asked to set it up at their next sign-in, before they can do anything else."
        />
        <SubmitButton pendingText="Saving…">Save setting</SubmitButton>
      </Form>
    </div>
  );
}

import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { LIMITS, enforceLimit } from "~/models/limits.server";
import { ErrorSummary, SelectField, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { passOnHeaders } from "~/lib/route-headers.server";
import { redirectWithMessage } from "~/lib/flash.server";
import { inviteSchema, ROLE_OPTIONS } from "~/lib/user-access";
import { appOrigin } from "~/lib/app-origin.server";
import { createInvitation } from "~/models/invitations.server";
import { newFormToken } from "~/models/sent-forms.server";
import { emailedTo } from "~/lib/told-by-email";
import { mailInOutbox } from "~/models/mailer.server";
import { useMailInOutbox } from "~/lib/mail-in-outbox";
import { schoolChoices } from "~/models/users.server";
import { OutboxNote } from "~/components/outbox-note";
import { onlyValue } from "~/lib/filter-choices";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";
import { sentAlready } from "~/lib/sent-once";

export const headers = passOnHeaders;

export const meta: MetaFunction = () => [{ title: "Invite a person – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const lead = await requirePermission(args, "users:manage");
  // "Invite someone from <school>" links (app/lib/told-by-email.ts) choose the school already.
  const schoolId = onlyValue(new URL(args.request.url).searchParams, "schoolId") ?? "";
  const schools = await schoolChoices(lead);
  return { schools, schoolId: schools.some((s) => s.value === schoolId) ? schoolId : "", formToken: newFormToken() };
}

export async function action(args: ActionFunctionArgs) {
  const lead = await requirePermission(args, "users:manage");
  const submission = parseSubmission(await args.request.formData(), { schema: inviteSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await enforceLimit(LIMITS.invitations, lead.id);

  const result = await createInvitation(lead, submission.value, { origin: appOrigin() });
  if (!result.ok) return data(submission.reply(refusalErrors(result)), { status: 400 });
  if (result.repeat) return redirectWithMessage("/admin/users", sentAlready(`its invitation to ${result.email} made`, "sent"));

  const replaced = result.replaced > 0 ? " It replaces the earlier invitation to this address, whose link no longer works." : "";
  return redirectWithMessage(
    "/admin/users",
    result.emailSent
      ? `${emailedTo("The invitation", result.email, mailInOutbox)}${replaced}`
      : `The invitation to ${result.email} was saved, but the email could not be sent. Use Resend to try again.`,
  );
}

export default function InvitePerson() {
  const outbox = useMailInOutbox();
  const { schools, schoolId, formToken } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("invite", inviteSchema, lastResult, schoolId ? { schoolId, role: "TEACHER" } : undefined);

  return (
    <div className="max-w-3xl">
      <p className="mb-6">
        <Link to="/admin/users">Back to users</Link>
      </p>
      <h1>Invite a person</h1>
      <p className="mb-8">
        {outbox ? "A message with a link to set up their account will wait in the outbox." : "They will get an email with a link to set up their account."} The
        link works once and expires after 7 days.
      </p>
      <OutboxNote />
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="formToken" value={formToken} />
        <TextField meta={fields.email} label="Email address" type="email" autoComplete="off" />
        <TextField meta={fields.name} label="Name (optional)" hint="Used to greet them in the email. They can change it." autoComplete="off" />
        <SelectField meta={fields.role} label="Role" options={ROLE_OPTIONS} placeholder="Select a role" />
        <SelectField
          meta={fields.schoolId}
          label="School"
          hint="Teachers and MVP leads belong to one school. A VRN schools lead has no school."
          options={schools}
          placeholder="No school"
        />
        <SubmitButton pendingText="Sending invitation…">Send invitation</SubmitButton>
      </Form>
    </div>
  );
}

import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { resetTwoStepFor, userHasTwoStep } from "~/auth/two-step.server";
import { EditVersionInput, ErrorSummary, SelectField, SubmitButton, useSchemaForm } from "~/components/forms";
import { formatDate } from "~/lib/dates";
import { redirectWithMessage } from "~/lib/flash.server";
import { enforceLimit, LIMITS } from "~/models/limits.server";
import { parseIntent, parseSubmission, refusalErrors } from "~/lib/submission.server";
import { badRequest, notFound } from "~/lib/responses.server";
import { changeAccessSchema, ROLE_OPTIONS, roleLabel } from "~/lib/user-access";
import { appOrigin } from "~/lib/app-origin.server";
import { emailedTo } from "~/lib/told-by-email";
import { mailInOutbox } from "~/models/mailer.server";
import { useMailInOutbox } from "~/lib/mail-in-outbox";
import { sendPasswordResetByLead } from "~/models/password-resets.server";
import { accessVersion, changeUserAccess, deactivateUser, getUserForAdmin, reactivateUser, schoolChoices } from "~/models/users.server";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";
import { OutboxNote } from "~/components/outbox-note";
import { counted } from "~/lib/numbers";
import { SummaryList, SummaryRow } from "~/components/summary-list";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "User"} – Users – VRN Schools Forum` }];

const statusSchema = z.object({ intent: z.enum(["deactivate", "reactivate"]) });
const resetSchema = z.object({ intent: z.literal("send-reset-link") });
const twoStepSchema = z.object({ intent: z.literal("turn-off-two-step") });

export async function loader(args: LoaderFunctionArgs) {
  const lead = await requirePermission(args, "users:manage");
  const user = await getUserForAdmin(lead, args.params.userId ?? "");
  if (!user) notFound("user");
  return {
    user,
    isSelf: user.id === lead.id,
    twoStepOn: await userHasTwoStep(lead, user.id),
    schools: await schoolChoices(lead, user.schoolId),
    version: accessVersion(user),
  };
}

export async function action(args: ActionFunctionArgs) {
  const lead = await requirePermission(args, "users:manage");
  const userId = args.params.userId ?? "";
  const formData = await args.request.formData();
  const here = `/admin/users/${userId}`;
  const intent = parseIntent(formData, ["send-reset-link", "turn-off-two-step", "change-access", "deactivate", "reactivate"]);

  if (intent === "send-reset-link") {
    await enforceLimit(LIMITS.passwordResetsByLead, lead.id);
    const result = await sendPasswordResetByLead(lead, userId, { origin: appOrigin() });
    if (!result.ok) {
      if (result.reason === "not-found") notFound("user");
      const reply = parseSubmission(formData, { schema: resetSchema }).reply({ formErrors: [result.message] });
      return data({ form: "reset" as const, result: reply }, { status: 400 });
    }
    return redirectWithMessage(
      here,
      result.emailSent
        ? `${emailedTo("A link to set a new password", result.email, mailInOutbox)} It works once, for 1 hour, and any link sent before it stops working.`
        : `The link for ${result.email} was made, but the email could not be sent. Try again later.`,
    );
  }

  if (intent === "turn-off-two-step") {
    const result = await resetTwoStepFor(lead, userId);
    if (!result.ok) {
      if (result.reason === "not-found") notFound("user");
      const reply = parseSubmission(formData, { schema: twoStepSchema }).reply({ formErrors: [result.message] });
      return data({ form: "two-step" as const, result: reply }, { status: 400 });
    }
    return redirectWithMessage(
      here,
      result.changed
        ? `Two-step sign-in is off for ${result.name}, who has been signed out everywhere. They can sign in with their password and set it up again.`
        : result.clearedSetUp
          ? `Two-step sign-in was not on for ${result.name}. The set-up they had begun was cleared, so they will be shown a new code to scan.`
          : "Nothing was changed: two-step sign-in was not on.",
    );
  }

  if (intent === "change-access") {
    const submission = parseSubmission(formData, { schema: changeAccessSchema });
    if (submission.status !== "success") return data({ form: "access" as const, result: submission.reply() }, { status: 400 });
    const result = await changeUserAccess(lead, userId, submission.value);
    if ("changedMeanwhile" in result) {
      const { reply, version } = changedMeanwhileReply(submission, "this person's access", result);
      return data({ form: "access" as const, result: reply, version }, { status: 409 });
    }
    if (!result.ok) {
      if (result.reason === "not-found") notFound("user");
      return data({ form: "access" as const, result: submission.reply(refusalErrors(result)) }, { status: 400 });
    }
    return redirectWithMessage(here, result.changed ? `${result.name}'s role and school were saved.` : "Nothing was changed.");
  }

  const submission = parseSubmission(formData, { schema: statusSchema });
  if (submission.status !== "success") badRequest("Choose one of the buttons on the page.");
  const result = submission.value.intent === "deactivate" ? await deactivateUser(lead, userId) : await reactivateUser(lead, userId);
  if (!result.ok) {
    if (result.reason === "not-found") notFound("user");
    return data({ form: "status" as const, result: submission.reply({ formErrors: [result.message] }) }, { status: 400 });
  }
  const message =
    submission.value.intent === "deactivate"
      ? `${result.name}'s account was deactivated. They have been signed out everywhere.`
      : `${result.name}'s account was reactivated. They can sign in again.`;
  return redirectWithMessage(here, result.changed ? message : "Nothing was changed.");
}

export default function UserPage() {
  const outbox = useMailInOutbox();
  const { user, isSelf, twoStepOn, schools, version } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [accessForm, accessFields] = useSchemaForm("access", changeAccessSchema, actionData?.form === "access" ? actionData.result : undefined, {
    role: user.role,
    schoolId: user.schoolId ?? "",
  });
  const [statusForm] = useSchemaForm("status", null, actionData?.form === "status" ? actionData.result : undefined);
  const [resetForm] = useSchemaForm("reset", null, actionData?.form === "reset" ? actionData.result : undefined);
  const [twoStepForm] = useSchemaForm("two-step", null, actionData?.form === "two-step" ? actionData.result : undefined);

  return (
    <div className="max-w-3xl">
      <p className="mb-6">
        <Link to="/admin/users">Back to users</Link>
      </p>
      <h1>{user.name}</h1>
      <SummaryList className="mb-12">
        <SummaryRow term="Email address" valueClassName="break-words">
          {user.email}
        </SummaryRow>
        <SummaryRow term="Role">{roleLabel(user.role)}</SummaryRow>
        <SummaryRow term="School">{user.school?.name ?? "None"}</SummaryRow>
        <SummaryRow term="Status">{user.active ? <span className="tag tag-green">Active</span> : <span className="tag tag-grey">Deactivated</span>}</SummaryRow>
        <SummaryRow term="Joined">{formatDate(user.createdAt)}</SummaryRow>
        <SummaryRow term="Signed in on">{counted(user._count.sessions, "device")}</SummaryRow>
      </SummaryList>

      <h2>Change role or school</h2>
      <ErrorSummary form={accessForm} />
      <Form method="post" {...getFormProps(accessForm)}>
        <EditVersionInput version={versionToSend(actionData, version)} />
        <SelectField
          meta={accessFields.role}
          label="Role"
          hint={isSelf ? "You cannot remove your own VRN schools lead role; another lead can." : undefined}
          options={ROLE_OPTIONS}
        />
        <SelectField
          meta={accessFields.schoolId}
          label="School"
          hint="Teachers and MVP leads belong to one school. A VRN schools lead has no school."
          options={schools}
          placeholder="No school"
        />
        <SubmitButton name="intent" value="change-access" pendingText="Saving…">
          Save changes
        </SubmitButton>
      </Form>

      {user.active && !isSelf ? (
        <section aria-labelledby="reset-link" className="mt-12">
          <h2 id="reset-link">Send a link to set a new password</h2>
          <ErrorSummary form={resetForm} />
          <Form method="post" id={resetForm.id}>
            <p className="mb-4">
              {outbox ? `A message for ${user.name} will wait in the outbox, with a link` : `${user.name} will get an email with a link`} that works once, for 1
              hour. Their password stays as it is until they use it; using it signs them out on every device.
            </p>
            <OutboxNote />
            <SubmitButton name="intent" value="send-reset-link" variant="secondary" pendingText="Sending…">
              Send password link
            </SubmitButton>
          </Form>
        </section>
      ) : null}

      {twoStepOn && !isSelf ? (
        <section aria-labelledby="two-step" className="mt-12">
          <h2 id="two-step">Two-step sign-in</h2>
          <ErrorSummary form={twoStepForm} />
          <Form method="post" id={twoStepForm.id}>
            <p className="mb-4">
              {user.name} uses two-step sign-in. If they have lost their phone and their recovery codes, turn it off: they will be signed out everywhere and can
              sign in with their password, then set it up again. Check it is really them first.
            </p>
            <SubmitButton name="intent" value="turn-off-two-step" variant="warning" pendingText="Turning off…">
              Turn off two-step sign-in
            </SubmitButton>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="account-status" className="mt-12">
        <h2 id="account-status">{user.active ? "Deactivate this account" : "Reactivate this account"}</h2>
        <ErrorSummary form={statusForm} />
        {isSelf ? (
          <p>You cannot deactivate your own account, so the forum always has a lead. Another VRN schools lead can.</p>
        ) : user.active ? (
          <Form method="post" id={statusForm.id}>
            <p className="mb-4">
              {user.name} will be signed out everywhere at once and will not be able to sign in. Nothing they recorded is deleted, and you can reactivate the
              account later.
            </p>
            <SubmitButton name="intent" value="deactivate" variant="warning" pendingText="Deactivating…">
              Deactivate account
            </SubmitButton>
          </Form>
        ) : (
          <Form method="post" id={statusForm.id}>
            <p className="mb-4">{user.name} will be able to sign in again with their old password.</p>
            <SubmitButton name="intent" value="reactivate" variant="secondary" pendingText="Reactivating…">
              Reactivate account
            </SubmitButton>
          </Form>
        )}
      </section>
    </div>
  );
}

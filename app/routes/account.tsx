import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { changeOwnPassword } from "~/auth/account.server";
import { requireUser } from "~/auth/guards.server";
import { newPasswordSchema } from "~/auth/password-policy";
import { ROLE_LABELS, isRole } from "~/auth/roles";
import { sessionCookie } from "~/auth/session.server";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { NewPasswordFields } from "~/components/password-fields";
import { redirectWithMessage } from "~/lib/flash.server";

const schema = z
  .object({
    currentPassword: z.string({ required_error: "Enter your current password" }).max(1000),
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ required_error: "Enter your new password again" }),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match",
  });

export const meta: MetaFunction = () => [{ title: "Your account – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  return json({
    name: user.name,
    email: user.email,
    role: isRole(user.role) ? ROLE_LABELS[user.role] : user.role,
    schoolName: user.schoolName,
  });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const submission = parseWithZod(await args.request.formData(), { schema });
  if (submission.status !== "success") {
    return json(submission.reply({ hideFields: ["currentPassword", "newPassword", "confirmPassword"] }), { status: 400 });
  }
  const result = await changeOwnPassword(user.id, submission.value.currentPassword, submission.value.newPassword);
  if (!result.ok) {
    return json(submission.reply({ fieldErrors: { [result.field]: [result.message] }, hideFields: ["currentPassword", "newPassword", "confirmPassword"] }), {
      status: 400,
    });
  }
  return redirectWithMessage("/account", "Your password has been changed. You have been signed out everywhere else.", {
    headers: { "Set-Cookie": sessionCookie(result.token, result.expiresAt, { secure: args.context.secureCookies }) },
  });
}

export default function Account() {
  const account = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("change-password", schema, lastResult);

  return (
    <>
      <h1>Your account</h1>
      <dl className="summary-list mb-12 max-w-3xl">
        <dt>Name</dt>
        <dd>{account.name}</dd>
        <dt>Email address</dt>
        <dd>{account.email}</dd>
        <dt>Role</dt>
        <dd>{account.role}</dd>
        {account.schoolName ? (
          <>
            <dt>School</dt>
            <dd>{account.schoolName}</dd>
          </>
        ) : null}
      </dl>

      <h2>Two-step sign-in</h2>
      <p className="mb-12">
        A code from an app on your phone as well as your password. <Link to="/account/two-step">Set up or change two-step sign-in</Link>
      </p>

      <h2>Change your password</h2>
      <div className="max-w-xl">
        <ErrorSummary form={form} />
        <Form method="post" {...getFormProps(form)}>
          <TextField meta={fields.currentPassword} label="Current password" type="password" autoComplete="current-password" />
          <NewPasswordFields
            password={fields.newPassword}
            confirm={fields.confirmPassword}
            labels={{ password: "New password", confirm: "Confirm new password" }}
          />
          <SubmitButton pendingText="Changing password…">Change password</SubmitButton>
        </Form>
      </div>
    </>
  );
}

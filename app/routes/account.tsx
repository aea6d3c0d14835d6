import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { changeOwnPassword, endOtherSessions, endOwnSession, listOwnSessions } from "~/auth/account.server";
import { getSessionToken, requireUser } from "~/auth/guards.server";
import { newPasswordSchema, refuseOwnDetails, type PasswordOwner } from "~/auth/password-policy";
import { enteredPasswordSchema } from "~/auth/entered-password";
import { ROLE_LABELS, isRole } from "~/auth/roles";
import { sessionCookie } from "~/auth/session.server";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { NewPasswordFields } from "~/components/password-fields";
import { formatDateTime } from "~/lib/dates";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseButtonForm, parseIntent, parseSubmission } from "~/lib/submission.server";
import { passOnHeaders } from "~/lib/route-headers.server";
import { counted } from "~/lib/numbers";
import { SummaryList, SummaryRow } from "~/components/summary-list";

// The action's Retry-After, when the password was tried too often, reaches the browser only through this.
export const headers = passOnHeaders;

/** The change-password form, for the account whose email and name the new password must not be. */
const passwordSchema = (owner: PasswordOwner) =>
  z
    .object({
      currentPassword: enteredPasswordSchema("Enter your current password"),
      newPassword: newPasswordSchema,
      confirmPassword: z.string({ required_error: "Enter your new password again" }),
    })
    .refine((value) => value.newPassword === value.confirmPassword, {
      path: ["confirmPassword"],
      message: "The passwords do not match",
    })
    .superRefine(refuseOwnDetails("newPassword", () => owner));

const PASSWORD_FIELDS = ["currentPassword", "newPassword", "confirmPassword"];

export const meta: MetaFunction = () => [{ title: "Your account – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  return {
    name: user.name,
    email: user.email,
    role: isRole(user.role) ? ROLE_LABELS[user.role] : user.role,
    schoolName: user.schoolName,
    devices: await listOwnSessions(user, getSessionToken(args.request)),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const formData = await args.request.formData();
  const intent = parseIntent(formData, ["sign-out-device", "sign-out-others"]);
  if (intent === "sign-out-device") {
    const { sessionId } = parseButtonForm(formData, z.object({ sessionId: z.string().regex(/^[0-9a-f]{64}$/) }));
    const ended = await endOwnSession(user, sessionId);
    return redirectWithMessage(
      "/account",
      ended ? "That device has been signed out." : "That device is not signed in to your account now, so nothing was changed.",
    );
  }
  if (intent === "sign-out-others") {
    const ended = await endOtherSessions(user, getSessionToken(args.request));
    if (ended === null) {
      return redirectWithMessage("/sign-in", "This device had already been signed out, so nothing was done. Sign in again to manage your devices.");
    }
    const message =
      ended === 0 ? "You were not signed in on any other device." : `Signed out of ${counted(ended, "other device")}. You are still signed in here.`;
    return redirectWithMessage("/account", message);
  }

  const submission = parseSubmission(formData, { schema: passwordSchema(user) });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: PASSWORD_FIELDS }), { status: 400 });
  }
  const { currentPassword, newPassword } = submission.value;
  const result = await changeOwnPassword(user.id, currentPassword, newPassword, args.request.headers.get("User-Agent"), getSessionToken(args.request));
  if (!result.ok) {
    const reply = submission.reply({ fieldErrors: { [result.field]: [result.message] }, hideFields: PASSWORD_FIELDS });
    if (result.throttledMinutes) return data(reply, { status: 429, headers: { "Retry-After": String(result.throttledMinutes * 60) } });
    return data(reply, { status: 400 });
  }
  return redirectWithMessage("/account", "Your password has been changed. You have been signed out everywhere else.", {
    headers: { "Set-Cookie": sessionCookie(result.token, result.expiresAt, { secure: args.context.secureCookies }) },
  });
}

export default function Account() {
  const account = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("change-password", passwordSchema(account), lastResult);
  const others = account.devices.filter((device) => !device.current);

  return (
    <>
      <h1>Your account</h1>
      <SummaryList className="mb-12 max-w-3xl">
        <SummaryRow term="Name">{account.name}</SummaryRow>
        <SummaryRow term="Email address">{account.email}</SummaryRow>
        <SummaryRow term="Role">{account.role}</SummaryRow>
        {account.schoolName ? (
          <>
            <SummaryRow term="School">{account.schoolName}</SummaryRow>
          </>
        ) : null}
      </SummaryList>

      <h2 id="devices">Where you are signed in</h2>
      <p className="max-w-3xl">
        Each browser you have signed in with, described by the kind of device it says it is. If you do not recognise one, sign it out and change your password.
      </p>
      <ul className="mb-4 max-w-3xl list-none p-0" aria-labelledby="devices">
        {account.devices.map((device) => (
          <li key={device.id} className="border-b border-line py-3">
            <p className="mb-1 font-bold">
              {device.device ?? "Unknown device"}
              {device.current ? <span className="tag tag-green ml-2">This device</span> : null}
            </p>
            <p className="mb-1">Signed in {formatDateTime(device.signedInAt)}</p>
            <p className="mb-2">{device.current ? "In use now" : `Last seen ${formatDateTime(device.lastSeenAt)}`}</p>
            {device.current ? null : (
              <Form method="post">
                <input type="hidden" name="intent" value="sign-out-device" />
                <input type="hidden" name="sessionId" value={device.id} />
                <button type="submit" className="button button-secondary mb-0">
                  Sign out
                  <span className="sr-only">
                    {" "}
                    {device.device ?? "unknown device"}, last seen {formatDateTime(device.lastSeenAt)}
                  </span>
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <Form method="post" className="mb-12">
          <input type="hidden" name="intent" value="sign-out-others" />
          <button type="submit" className="button button-warning">
            Sign out of every other device
          </button>
          <p className="mt-2">This device stays signed in. To sign out here too, use “Sign out” at the top of the page.</p>
        </Form>
      ) : (
        <p className="mb-12">You are not signed in anywhere else.</p>
      )}
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

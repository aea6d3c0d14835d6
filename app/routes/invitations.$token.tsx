import { getFormProps, type SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getSessionToken, getUser } from "~/auth/guards.server";
import { newPasswordSchema, refuseOwnDetails } from "~/auth/password-policy";
import { toTwoStepSetUp } from "~/auth/second-step.server";
import { clearedSessionCookie, hashToken, invalidateSession, sessionCookie } from "~/auth/session.server";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { NewPasswordFields } from "~/components/password-fields";
import { formatDateTime } from "~/lib/dates";
import { redirectWithMessage } from "~/lib/flash.server";
import { personNameSchema, roleLabel } from "~/lib/user-access";
import { acceptInvitation, findInvitationByToken, type AcceptFailure } from "~/models/invitations.server";
import { parseSubmission } from "~/lib/submission.server";

/** The acceptance form, for the invited email address, which the new password must not be (nor the name typed). */
const schemaFor = (email: string | null) =>
  z
    .object({
      name: personNameSchema,
      password: newPasswordSchema,
      confirmPassword: z.string({ required_error: "Enter your password again" }),
    })
    .refine((value) => value.password === value.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match" })
    .superRefine(refuseOwnDetails("password", (value) => ({ email, name: value.name })));

const PASSWORD_FIELDS = ["password", "confirmPassword"];

// A link that no longer works is titled as its page says, not as the invitation it was.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.state === "gone" ? GONE_PAGES[data.reason].title : "Accept your invitation"} – VRN Schools Forum` },
];

// The token is in the address: never send it to another site in a Referer header, and keep it out of
// shared caches. ("no-referrer" would also blank the Origin of this page's own form, which the server's
// cross-site check then refuses.)
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "same-origin", "Cache-Control": "no-store" });

const goneStatus = (reason: AcceptFailure) => (reason === "unknown" ? 404 : reason === "email-taken" ? 409 : 410);

export async function loader(args: LoaderFunctionArgs) {
  const found = await findInvitationByToken(args.params.token ?? "");
  if (found.state !== "open") {
    return data({ state: "gone" as const, reason: found.state as AcceptFailure }, { status: goneStatus(found.state) });
  }
  const signedIn = await getUser(args);
  return {
    state: "open" as const,
    invitation: {
      email: found.email,
      name: found.name,
      role: roleLabel(found.role),
      schoolName: found.schoolName,
      inviterName: found.inviterName,
      expiresAt: found.expiresAt,
    },
    signedInAs: signedIn?.email ?? null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // The invited address, which the password may not be; a closed invitation is refused below, after the form is checked as before.
  const found = await findInvitationByToken(params.token ?? "");
  const submission = parseSubmission(await request.formData(), { schema: schemaFor(found.state === "open" ? found.email : null) });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: PASSWORD_FIELDS }) }, { status: 400 });

  const result = await acceptInvitation(params.token ?? "", submission.value, new Date(), request.headers.get("User-Agent"));
  if (!result.ok) return data({ gone: result.reason }, { status: goneStatus(result.reason) });

  // Whoever was signed in on this browser before is signed out: it now belongs to the new account.
  const previous = getSessionToken(request);
  if (previous) await invalidateSession(hashToken(previous));
  const headers = new Headers();
  if (!result.session) {
    // A lead while two-step sign-in is required for leads: setting it up comes first, and opens the session.
    if (previous) headers.append("Set-Cookie", clearedSessionCookie({ secure: context.secureCookies }));
    return toTwoStepSetUp(result.user, headers, { secure: context.secureCookies });
  }
  headers.append("Set-Cookie", sessionCookie(result.session.token, result.session.expiresAt, { secure: context.secureCookies }));
  return redirectWithMessage("/", `Welcome to the VRN Schools Forum, ${result.user.name}. Your account is ready.`, { headers });
}

export default function AcceptInvitation() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData && "gone" in actionData) return <InvitationGone reason={actionData.gone} />;
  if (data.state === "gone") return <InvitationGone reason={data.reason} />;
  return <AcceptForm {...data} lastResult={actionData?.result} />;
}

function AcceptForm({
  invitation,
  signedInAs,
  lastResult,
}: {
  invitation: { email: string; name: string | null; role: string; schoolName: string | null; inviterName: string; expiresAt: Date };
  signedInAs: string | null;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useSchemaForm("accept-invitation", schemaFor(invitation.email), lastResult, { name: invitation.name ?? "" });

  return (
    <div className="max-w-3xl">
      <h1>Join the VRN Schools Forum</h1>
      <div className="panel mb-8">
        <p>
          {invitation.inviterName} has invited you to join as <strong>{invitation.role}</strong>
          {invitation.schoolName ? (
            <>
              {" "}
              for <strong>{invitation.schoolName}</strong>
            </>
          ) : null}
          .
        </p>
        <p className="mt-2">
          Your account will use the email address <strong className="break-words">{invitation.email}</strong>. This invitation expires on{" "}
          {formatDateTime(invitation.expiresAt)}.
        </p>
      </div>
      {signedInAs ? <p className="mb-8">You are signed in as {signedInAs}. Creating this account will sign you out of that one on this device.</p> : null}
      <h2>Set up your account</h2>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <TextField meta={fields.name} label="Your name" hint="As colleagues and the VRN team know you." autoComplete="name" />
        <NewPasswordFields
          password={fields.password}
          confirm={fields.confirmPassword}
          labels={{ password: "Create a password", confirm: "Confirm your password" }}
        />
        <SubmitButton pendingText="Creating your account…">Create account</SubmitButton>
      </Form>
    </div>
  );
}

const GONE_PAGES: Record<AcceptFailure, { title: string; body: string }> = {
  unknown: {
    title: "This invitation link does not work",
    body: "Check you copied the whole link from the email. If you were sent more than one invitation, only the link in the newest email works. Otherwise, ask the VRN schools lead to send you a new invitation.",
  },
  expired: {
    title: "This invitation has expired",
    body: "Invitation links work for 7 days. Ask the VRN schools lead to send you a new one.",
  },
  revoked: {
    title: "This invitation has been withdrawn",
    body: "The VRN schools lead withdrew this invitation. If you think you should have an account, contact them.",
  },
  accepted: {
    title: "This invitation has already been used",
    body: "Each invitation link works once. If you set up your account with it, sign in with your email address and password.",
  },
  "school-closed": {
    title: "This invitation's school is closed",
    body: "The school this invitation was for is now recorded as closed, so it takes no new accounts. If you work at another school, ask the VRN schools lead to invite you there.",
  },
  "email-taken": {
    title: "There is already an account with this email address",
    body: "Sign in with your email address and password. If you have forgotten your password, use “Forgotten your password?” on the sign-in page.",
  },
};

function InvitationGone({ reason }: { reason: AcceptFailure }) {
  const page = GONE_PAGES[reason];
  return (
    <div className="max-w-3xl">
      <h1>{page.title}</h1>
      <p className="mb-8">{page.body}</p>
      <p>
        <Link to="/sign-in">Sign in</Link> or <Link to="/">go to the home page</Link>.
      </p>
    </div>
  );
}

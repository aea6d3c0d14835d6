import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { LIMITS, enforceLimit } from "~/models/limits.server";
import { ErrorSummary, SelectField, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { passOnHeaders } from "~/lib/route-headers.server";
import { Pagination } from "~/components/pagination";
import { redirectWithMessage } from "~/lib/flash.server";
import { emailedTo } from "~/lib/told-by-email";
import { parseButtonForm, parseSubmission } from "~/lib/submission.server";
import { pageFrom } from "~/lib/pagination";
import { notFound } from "~/lib/responses.server";
import { ROLE_OPTIONS, userFiltersSchema } from "~/lib/user-access";
import { appOrigin } from "~/lib/app-origin.server";
import { listOpenInvitations, resendInvitation, revokeInvitation } from "~/models/invitations.server";
import { mailInOutbox } from "~/models/mailer.server";
import { listUsers } from "~/models/users.server";
import { InvitationsTable, PeopleTable } from "~/components/school-people";
import { counted } from "~/lib/numbers";
import { listsPageTitle } from "~/lib/page-title";
import { startWhenFiltered } from "~/components/layout";

export const headers = passOnHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: listsPageTitle("Users", [
      { name: "users", list: data?.people },
      { name: "invitations", list: data?.invitations },
    ]),
  },
];

const STATUS_OPTIONS = [
  { value: "active", label: "Active" },
  { value: "inactive", label: "Deactivated" },
];

export async function loader(args: LoaderFunctionArgs) {
  const lead = await requirePermission(args, "users:manage");
  const url = new URL(args.request.url);
  const submission = parseSubmission(url.searchParams, { schema: userFiltersSchema });
  // Filters that do not parse are shown with their messages and ignored, rather than failing the page.
  const filters = submission.status === "success" ? submission.value : {};
  const [people, invitations] = await Promise.all([
    listUsers(lead, { ...filters, page: pageFrom(url.searchParams) }),
    listOpenInvitations(lead, { page: pageFrom(url.searchParams, "invitationsPage") }),
  ]);
  const invalid = submission.status === "error";
  return data({ filterResult: invalid ? submission.reply() : undefined, filters, people, invitations }, { status: invalid ? 400 : 200 });
}

const invitationActionSchema = z.object({
  intent: z.enum(["resend", "revoke"]),
  invitationId: z.string().min(1).max(100),
});

export async function action(args: ActionFunctionArgs) {
  const lead = await requirePermission(args, "users:manage");
  const { intent, invitationId } = parseButtonForm(
    await args.request.formData(),
    invitationActionSchema,
    "Choose Resend or Revoke for one of the invitations.",
  );

  if (intent === "resend") {
    await enforceLimit(LIMITS.invitations, lead.id);
    const result = await resendInvitation(lead, invitationId, { origin: appOrigin() });
    if (!result.ok && result.reason === "school-closed") return redirectWithMessage("/admin/users", `Nothing was sent: ${result.message}`);
    if (!result.ok) return refusal(result.reason);
    return redirectWithMessage(
      "/admin/users",
      result.emailSent
        ? `${emailedTo("A new invitation", result.email, mailInOutbox)} The earlier link no longer works.`
        : `A new link was made for ${result.email}, but the email could not be sent. Try Resend again later.`,
    );
  }
  const result = await revokeInvitation(lead, invitationId);
  if (!result.ok) return refusal(result.reason);
  return redirectWithMessage("/admin/users", `The invitation to ${result.email} was withdrawn. Its link no longer works.`);
}

function refusal(reason: "not-found" | "closed") {
  if (reason === "not-found") notFound("invitation");
  return redirectWithMessage("/admin/users", "That invitation has already been accepted or withdrawn, so nothing was changed.");
}

export default function Users() {
  const { people, invitations, filters } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <h1>Users</h1>
      <p className="mb-8">
        <Link to="/admin/users/invite" className="button">
          Invite a person
        </Link>
      </p>

      {/* Keyed by the query, so the form starts afresh (and drops old messages) whenever the filters change. */}
      <UserFilters key={location.search} />

      <PeopleTable
        users={people.users}
        listStart="page"
        caption={<span data-page-start={startWhenFiltered(filters)}>People with an account ({counted(people.total, "match", "matches")})</span>}
        withSchool
      />
      {people.users.length === 0 ? <p>No one matches these filters.</p> : null}
      <Pagination page={people.page} pageCount={people.pageCount} label="Pages of users" />

      <h2 className="mt-12">Invitations waiting to be accepted</h2>
      {invitations.total === 0 ? (
        <p>There are no invitations waiting.</p>
      ) : (
        <>
          <InvitationsTable
            invitations={invitations.invitations}
            caption={<>Invitations waiting to be accepted ({invitations.total})</>}
            captionClassName="sr-only"
            schoolOf={(invitation) => invitation.schoolName}
            actions={(invitation) => (
              <div className="flex flex-wrap gap-2">
                {invitation.schoolClosed ? null : <InvitationButton id={invitation.id} intent="resend" email={invitation.email} label="Resend" />}
                <InvitationButton id={invitation.id} intent="revoke" email={invitation.email} label="Revoke" />
              </div>
            )}
          />
          <Pagination page={invitations.page} pageCount={invitations.pageCount} param="invitationsPage" label="Pages of invitations" />
        </>
      )}
    </>
  );
}

/** A whole form per button, so each works without JavaScript and says exactly whose invitation it acts on. */
function InvitationButton({ id, intent, email, label }: { id: string; intent: "resend" | "revoke"; email: string; label: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="invitationId" value={id} />
      <button type="submit" name="intent" value={intent} className="button button-secondary">
        {label}
        <span className="sr-only"> the invitation to {email}</span>
      </button>
    </Form>
  );
}

function UserFilters() {
  const { filterResult, filters } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm("user-filters", userFiltersSchema, filterResult, filters, { shouldRevalidate: "onSubmit" });
  return (
    <div role="search" aria-labelledby="user-filters-title" className="mb-8 border-2 border-line p-4">
      <h2 id="user-filters-title" className="text-xl">
        Find people
      </h2>
      <ErrorSummary form={form} />
      <Form method="get" {...getFormProps(form)}>
        <div className="grid gap-x-6 md:grid-cols-3">
          <TextField meta={fields.q} label="Name or email address" type="search" />
          <SelectField meta={fields.role} label="Role" options={ROLE_OPTIONS} placeholder="All roles" />
          <SelectField meta={fields.status} label="Status" options={STATUS_OPTIONS} placeholder="Active and deactivated" />
        </div>
        <div className="flex flex-wrap items-center gap-6">
          <SubmitButton variant="secondary">Apply filters</SubmitButton>
          <Link to="/admin/users">Clear filters</Link>
        </div>
      </Form>
    </div>
  );
}

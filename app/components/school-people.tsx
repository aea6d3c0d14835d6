import type { ReactNode } from "react";
import { DataTable } from "./data-table";
import { Link } from "@remix-run/react";
import { formatDate } from "~/lib/dates";
import { roleLabel } from "~/lib/user-access";
import { Pagination } from "./pagination";

/** A school's people as listUsers and listOpenInvitations (app/models) give them, in loader data. */
type SchoolPeopleProps = {
  schoolId: string;
  schoolName: string;
  canInvite: boolean;
  people: { users: { id: string; name: string; email: string; role: string; active: boolean }[]; total: number; page: number; pageCount: number };
  invitations: {
    invitations: { id: string; email: string; role: string; lastSentAt: Date; expiresAt: Date; expired: boolean; schoolClosed: boolean }[];
    total: number;
    page: number;
    pageCount: number;
  };
};

/**
 * Who at a school has an account and who has been invited, for the lead on the school's page, with a
 * link to invite someone there (the school chosen already). Resending and revoking stay on the users page.
 */
export function SchoolPeople({ schoolId, schoolName, canInvite, people, invitations }: SchoolPeopleProps) {
  return (
    <section aria-labelledby="school-people-heading" className="mb-10">
      <h2 id="school-people-heading">People at this school</h2>
      {people.total === 0 ? (
        <p className="mb-4 max-w-3xl font-bold">No one at {schoolName} has an account, so no one there hears about bookings or reminders by email.</p>
      ) : (
        <div>
          <PeopleTable users={people.users} caption={<>People with an account ({people.total})</>} listStart="peoplePage" />
          <Pagination page={people.page} pageCount={people.pageCount} param="peoplePage" label="Pages of people at this school" />
        </div>
      )}
      {invitations.total === 0 ? (
        <p className="mb-4">No invitations to this school are waiting to be accepted.</p>
      ) : (
        <div>
          <InvitationsTable invitations={invitations.invitations} caption={<>Invitations waiting to be accepted ({invitations.total})</>} className="mb-4" />
          <Pagination page={invitations.page} pageCount={invitations.pageCount} param="invitationsPage" label="Pages of invitations to this school" />
          <p className="mb-4">
            <Link to="/admin/users">Resend or revoke invitations on the users page</Link>
          </p>
        </div>
      )}
      {canInvite ? (
        <Link to={`/admin/users/invite?schoolId=${encodeURIComponent(schoolId)}`} className="button button-secondary">
          Invite someone from this school
        </Link>
      ) : null}
    </section>
  );
}

/** An open invitation's "Expires" cell: its date, or why it cannot be accepted (its school closed, or expired). */
function InvitationExpiry({ invitation }: { invitation: { expiresAt: Date | string; expired: boolean; schoolClosed: boolean } }) {
  if (invitation.schoolClosed) return <span className="tag tag-grey">School closed</span>;
  if (invitation.expired) return <span className="tag tag-red">Expired</span>;
  return <>{formatDate(invitation.expiresAt)}</>;
}

type Person = { id: string; name: string; email: string; role: string; active: boolean; school?: { name: string } | null };

/**
 * People with an account, each name a link to their page: email address, role, their school (with
 * `withSchool`; "None" for the VRN's own staff) and whether the account is active. `listStart` is the page
 * parameter of the list (DataTable).
 */
export function PeopleTable({
  users,
  caption,
  listStart,
  withSchool = false,
}: {
  users: Person[];
  caption: ReactNode;
  listStart: string;
  withSchool?: boolean;
}) {
  return (
    <DataTable caption={caption} className="mb-4" listStart={listStart}>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email address</th>
          <th scope="col">Role</th>
          {withSchool ? <th scope="col">School</th> : null}
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.id}>
            <td>
              <Link to={`/admin/users/${user.id}`}>{user.name}</Link>
            </td>
            <td className="break-words">{user.email}</td>
            <td>{roleLabel(user.role)}</td>
            {withSchool ? <td>{user.school?.name ?? "None"}</td> : null}
            <td>{user.active ? <span className="tag tag-green">Active</span> : <span className="tag tag-grey">Deactivated</span>}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

type OpenInvitation = { id: string; email: string; role: string; lastSentAt: Date | string; expiresAt: Date | string; expired: boolean; schoolClosed: boolean };

/**
 * Invitations waiting to be accepted: email address, role, the school (with `schoolOf`; "None" for the VRN's
 * own staff), when last sent and when it expires (InvitationExpiry), and, with `actions`, a last column of
 * what can be done with each (its heading read aloud only).
 */
export function InvitationsTable<T extends OpenInvitation>({
  invitations,
  caption,
  className,
  captionClassName,
  schoolOf,
  actions,
}: {
  invitations: T[];
  caption: ReactNode;
  className?: string;
  captionClassName?: string;
  schoolOf?: (invitation: T) => string | null;
  actions?: (invitation: T) => ReactNode;
}) {
  return (
    <DataTable caption={caption} className={className} captionClassName={captionClassName} listStart="invitationsPage">
      <thead>
        <tr>
          <th scope="col">Email address</th>
          <th scope="col">Role</th>
          {schoolOf ? <th scope="col">School</th> : null}
          <th scope="col">Invited on</th>
          <th scope="col">Expires</th>
          {actions ? (
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {invitations.map((invitation) => (
          <tr key={invitation.id}>
            <td className="break-words">{invitation.email}</td>
            <td>{roleLabel(invitation.role)}</td>
            {schoolOf ? <td>{schoolOf(invitation) ?? "None"}</td> : null}
            <td>{formatDate(invitation.lastSentAt)}</td>
            <td>
              <InvitationExpiry invitation={invitation} />
            </td>
            {actions ? <td>{actions(invitation)}</td> : null}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

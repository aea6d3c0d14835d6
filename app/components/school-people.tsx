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
          <DataTable caption={<>People with an account ({people.total})</>} className="mb-4" listStart="peoplePage">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email address</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {people.users.map((user) => (
                <tr key={user.id}>
                  <td>
                    <Link to={`/admin/users/${user.id}`}>{user.name}</Link>
                  </td>
                  <td className="break-words">{user.email}</td>
                  <td>{roleLabel(user.role)}</td>
                  <td>{user.active ? <span className="tag tag-green">Active</span> : <span className="tag tag-grey">Deactivated</span>}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          <Pagination page={people.page} pageCount={people.pageCount} param="peoplePage" label="Pages of people at this school" />
        </div>
      )}
      {invitations.total === 0 ? (
        <p className="mb-4">No invitations to this school are waiting to be accepted.</p>
      ) : (
        <div>
          <DataTable caption={<>Invitations waiting to be accepted ({invitations.total})</>} className="mb-4" listStart="invitationsPage">
            <thead>
              <tr>
                <th scope="col">Email address</th>
                <th scope="col">Role</th>
                <th scope="col">Invited on</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {invitations.invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <td className="break-words">{invitation.email}</td>
                  <td>{roleLabel(invitation.role)}</td>
                  <td>{formatDate(invitation.lastSentAt)}</td>
                  <td>
                    <InvitationExpiry invitation={invitation} />
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
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
export function InvitationExpiry({ invitation }: { invitation: { expiresAt: Date | string; expired: boolean; schoolClosed: boolean } }) {
  if (invitation.schoolClosed) return <span className="tag tag-grey">School closed</span>;
  if (invitation.expired) return <span className="tag tag-red">Expired</span>;
  return <>{formatDate(invitation.expiresAt)}</>;
}

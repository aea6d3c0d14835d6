import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { formatSessionTimes } from "~/lib/dates";
import { can } from "~/auth/roles";
import { redirectWithMessage } from "~/lib/flash.server";
import { toldSchool } from "~/lib/told-by-email";
import { parseButtonForm } from "~/lib/submission.server";
import { listOverdueReturns, remindAboutReturn } from "~/models/attendance.server";
import { DataTable } from "~/components/data-table";

export const meta: MetaFunction = () => [{ title: "Overdue attendance returns – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  return json({ overdue: await listOverdueReturns(user) });
}

const bookingButtonSchema = z.object({ bookingId: z.string() });

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const { bookingId } = parseButtonForm(await args.request.formData(), bookingButtonSchema);
  const told = await remindAboutReturn(user, bookingId);
  return redirectWithMessage("/sessions/returns", toldSchool("Reminder to record attendance:", told, { canInvite: can(user, "users:manage") }));
}

export default function OverdueReturns() {
  const { overdue } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-4">
        <Link to="/sessions/schedule">Back to the schedule</Link>
      </p>
      <h1>Overdue attendance returns</h1>
      <p className="mb-8 max-w-3xl">
        Schools that have not recorded attendance more than 7 days after their session. Remind them, or record the return for them.
      </p>
      {overdue.length === 0 ? (
        <p className="panel">No returns are overdue.</p>
      ) : (
        <DataTable
          caption={
            <>
              Overdue returns <span className="font-normal">({overdue.length})</span>
            </>
          }
        >
          <thead>
            <tr>
              <th scope="col">School</th>
              <th scope="col">Session</th>
              <th scope="col">When</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {overdue.map((b) => (
              <tr key={b.id}>
                <td>{b.school.name}</td>
                <td>{b.delivery.topic.title}</td>
                <td>{formatSessionTimes(b.delivery.startsAt, b.delivery.endsAt)}</td>
                <td>
                  <div className="flex flex-wrap items-center gap-4">
                    <Form method="post">
                      <input type="hidden" name="bookingId" value={b.id} />
                      <button type="submit" className="button button-secondary mb-0">
                        Send a reminder<span className="sr-only"> to {b.school.name}</span>
                      </button>
                    </Form>
                    <Link to={`/bookings/${b.id}/attendance`}>
                      Record it<span className="sr-only"> for {b.school.name}</span>
                    </Link>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { ErrorSummary } from "~/components/forms";
import { formatSessionTimes } from "~/lib/dates";
import { can } from "~/auth/roles";
import { redirectWithMessage } from "~/lib/flash.server";
import { useMailInOutbox } from "~/lib/mail-in-outbox";
import { toldSchool } from "~/lib/told-by-email";
import { parseButtonForm } from "~/lib/submission.server";
import { confirmBooking, glanceAtRequests, listRequests } from "~/models/bookings.server";
import { sessionRefusal } from "~/models/school-status.server";
import { TableHead } from "~/components/table-head";
import { DataTable } from "~/components/data-table";
import { OutboxNote } from "~/components/outbox-note";

export const meta: MetaFunction = () => [{ title: "Booking requests – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const [requests, glance] = await Promise.all([listRequests(user), glanceAtRequests(user, 1)]);
  // Said by the request instead of offering to confirm it, as confirmBooking would refuse: a school closed,
  // or not yet open by the session.
  const refused = (r: (typeof requests)[number]) => sessionRefusal(r.school, "confirm", r.delivery.startsAt, r.school.name);
  return { requests: requests.map((r) => ({ ...r, refusal: refused(r) })), more: glance.more };
}

const bookingButtonSchema = z.object({ bookingId: z.string() });

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const { bookingId } = parseButtonForm(await args.request.formData(), bookingButtonSchema);
  const result = await confirmBooking(user, bookingId);
  if (!result.ok) return data({ message: result.message }, { status: 400 });
  return redirectWithMessage("/sessions/requests", toldSchool("Booking confirmed.", result.told, { canInvite: can(user, "users:manage") }));
}

export default function Requests() {
  const { requests, more } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const mailInOutbox = useMailInOutbox();
  return (
    <>
      <h1>Booking requests</h1>
      <p className="mb-8 max-w-3xl">
        Requests for sessions that need your confirmation. Confirm or decline each;{" "}
        {mailInOutbox ? "a message to the school's teachers waits in the outbox" : "the school's teachers are emailed"}, and the page then says what happened.
      </p>
      <OutboxNote />
      <ErrorSummary message={actionData?.message} />
      {requests.length === 0 ? (
        <p className="panel">No requests are waiting.</p>
      ) : (
        <DataTable
          caption={
            <>
              Requests waiting for a decision{" "}
              <span className="font-normal">({more ? `the oldest ${requests.length}; there are more, shown as these are dealt with` : requests.length})</span>
            </>
          }
        >
          <TableHead columns={["School", "Session", "When", { label: "Pupils", numeric: true }, "Decision"]} />
          <tbody>
            {requests.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/bookings/${r.id}`}>{r.school.name}</Link>
                </td>
                <td>{r.delivery.topic.title}</td>
                <td>{formatSessionTimes(r.delivery.startsAt, r.delivery.endsAt)}</td>
                <td className="text-right">{r.expectedPupils}</td>
                <td>
                  {r.refusal ? <p className="mb-2 max-w-xs">{r.refusal}</p> : null}
                  <div className="flex flex-wrap items-center gap-4">
                    {r.refusal ? null : (
                      <Form method="post">
                        <input type="hidden" name="bookingId" value={r.id} />
                        <button type="submit" className="button mb-0">
                          Confirm<span className="sr-only"> {r.school.name}</span>
                        </button>
                      </Form>
                    )}
                    <Link to={`/bookings/${r.id}/decline`}>
                      Decline<span className="sr-only"> {r.school.name}</span>
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

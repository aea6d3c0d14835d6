import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ReasonForm } from "~/components/delivery-forms";
import { formatDate, formatSessionTimes } from "~/lib/dates";
import { can } from "~/auth/roles";
import { redirectWithMessage } from "~/lib/flash.server";
import { toldSchool, withPlacesOffered } from "~/lib/told-by-email";
import { reasonSchema } from "~/lib/delivery-schemas";
import { bookingHeading, declineBooking, getBooking, requestRefusal } from "~/models/bookings.server";
import { OutboxNote } from "~/components/outbox-note";
import { useMailInOutbox } from "~/lib/mail-in-outbox";
import { parseSubmission } from "~/lib/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Decline a request${data ? `: ${data.title}, ${formatDate(data.startsAt)}` : ""} – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const b = await getBooking(user, args.params.bookingId ?? "");
  return {
    ...bookingHeading(b),
    // Said in place of the form, which would only be refused: the school cancelled, or another lead answered.
    refusal: requestRefusal(b, "declined"),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const id = args.params.bookingId ?? "";
  const submission = parseSubmission(await args.request.formData(), { schema: reasonSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const result = await declineBooking(user, id, submission.value.reason);
  if (!result.ok) return data({ form: submission.reply({ formErrors: [result.message] }) }, { status: 400 });
  const canInvite = can(user, "users:manage");
  return redirectWithMessage(
    "/sessions/requests",
    withPlacesOffered(toldSchool("Request declined.", result.told, { canInvite }), result.offered, { lead: true, canInvite }),
  );
}

export default function DeclineBooking() {
  const outbox = useMailInOutbox();
  const { id, title, startsAt, endsAt, school, refusal } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/bookings/${id}`}>Back to the booking</Link>
      </p>
      <h1>Decline {school}&apos;s request</h1>
      <p className="mb-6">
        {title}, {formatSessionTimes(startsAt, endsAt)}.
      </p>
      {refusal ? (
        <p className="panel">{refusal}</p>
      ) : (
        <>
          <OutboxNote />
          <ReasonForm
            lastResult={actionData?.form}
            label="Reason"
            hint={outbox ? "It goes in the message to the school, which waits in the outbox" : "The school will see this in the email"}
            submitLabel="Decline request"
          />
        </>
      )}
    </div>
  );
}

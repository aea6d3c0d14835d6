import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ReasonForm } from "~/components/delivery-forms";
import { formatDate, formatSessionTimes } from "~/lib/dates";
import { can } from "~/auth/roles";
import { redirectWithMessage } from "~/lib/flash.server";
import { toldSchool, withPlacesOffered } from "~/lib/told-by-email";
import { reasonSchema } from "~/lib/delivery-schemas";
import { bookingHeading, cancelBooking, cancelCutoffHours, cancelRefusal, getBooking } from "~/models/bookings.server";
import { parseSubmission } from "~/lib/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Cancel a booking${data ? `: ${data.title}, ${formatDate(data.startsAt)}` : ""} – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const b = await getBooking(user, args.params.bookingId ?? "");
  return {
    ...bookingHeading(b),
    // Said in place of the form, which would only be refused (a page kept open, a link followed late).
    refusal: cancelRefusal(user, b, await cancelCutoffHours(), "cancelled"),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const id = args.params.bookingId ?? "";
  await getBooking(user, id);
  const submission = parseSubmission(await args.request.formData(), { schema: reasonSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const result = await cancelBooking(user, id, submission.value.reason);
  if (!result.ok) return data({ form: submission.reply({ formErrors: [result.message] }) }, { status: 400 });
  const canInvite = can(user, "users:manage");
  const cancelled = toldSchool("Booking cancelled.", result.told, { canInvite });
  return redirectWithMessage(`/bookings/${id}`, withPlacesOffered(cancelled, result.offered, { lead: can(user, "deliveries:manage"), canInvite }));
}

export default function CancelBooking() {
  const { id, title, startsAt, endsAt, school, refusal } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/bookings/${id}`}>Back to the booking</Link>
      </p>
      <h1>Cancel this booking</h1>
      {refusal ? (
        <>
          <p className="mb-6">
            {school}: {title}, {formatSessionTimes(startsAt, endsAt)}.
          </p>
          <p className="panel">{refusal}</p>
        </>
      ) : (
        <>
          <p className="mb-6">
            {school}: {title}, {formatSessionTimes(startsAt, endsAt)}. If other schools are waiting for a place, it is offered to the first of them with someone
            who can book; if not, the place is open to book again until booking closes.
          </p>
          <ReasonForm lastResult={actionData?.form} label="Why are you cancelling?" submitLabel="Cancel booking" />
        </>
      )}
    </div>
  );
}

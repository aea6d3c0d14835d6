import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { ErrorSummary, FieldProblem } from "~/components/forms";
import { formatLabel } from "~/components/delivery-ui";
import { Pagination, rangeText } from "~/components/pagination";
import { formatDate, formatSessionTimes } from "~/lib/dates";
import { redirectWithMessage } from "~/lib/flash.server";
import { pageFrom } from "~/lib/pagination";
import { moveBooking, moveOptions } from "~/models/booking-moves.server";
import { getBooking } from "~/models/bookings.server";
import { schoolRefusalFor } from "~/models/school-status.server";
import { SchoolRefusal } from "~/components/school-refusal";
import { counted } from "~/lib/numbers";
import { parseSubmission } from "~/lib/submission.server";
import { toldSchool, withPlacesOffered } from "~/lib/told-by-email";
import { can } from "~/auth/roles";
import { listPageTitle } from "~/lib/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: listPageTitle(`Move a booking${data ? `: ${data.title}, ${formatDate(data.startsAt)}` : ""}`, data) },
];

const moveSchema = z.object({ deliveryId: z.string({ required_error: "Select the new date" }).min(1, "Select the new date") });

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const page = pageFrom(new URL(args.request.url).searchParams);
  const { booking, ...choice } = await moveOptions(user, args.params.bookingId ?? "", page);
  return {
    id: booking.id,
    title: booking.delivery.topic.title,
    startsAt: booking.delivery.startsAt,
    endsAt: booking.delivery.endsAt,
    // A closed school is told why instead of being offered dates it would be refused (decision 0029), as is
    // a booking that can no longer be moved (a page kept open, a link followed late): choice.refusal and
    // choice.changeRefusal, with no dates read.
    own: !can(user, "deliveries:manage"),
    ...choice,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const booking = await getBooking(user, args.params.bookingId ?? "");
  // Said before anything about the date chosen, which a closed school cannot use.
  const refusal = schoolRefusalFor(user, booking.school, "booking");
  if (refusal) return data({ message: refusal }, { status: 400 });
  const submission = parseSubmission(await args.request.formData(), { schema: moveSchema });
  if (submission.status !== "success") return data({ message: "Select the new date" }, { status: 400 });
  const result = await moveBooking(user, args.params.bookingId ?? "", submission.value.deliveryId);
  if (!result.ok) return data({ message: result.message }, { status: 400 });
  const done = result.status === "CONFIRMED" ? "Booking moved and confirmed." : "Booking moved; the new date needs the VRN lead's confirmation.";
  const canInvite = can(user, "users:manage");
  const moved = toldSchool(done, result.told, { canInvite });
  return redirectWithMessage(
    `/bookings/${result.id}`,
    withPlacesOffered(moved, result.offered, { lead: can(user, "deliveries:manage"), canInvite, where: " on the old date" }),
  );
}

export default function MoveBooking() {
  const { id, title, startsAt, endsAt, refusal, changeRefusal, own, options, total, page, pageCount, pageSize } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/bookings/${id}`}>Back to the booking</Link>
      </p>
      <h1>Move this booking</h1>
      <p className="mb-6">
        {title}, now booked for {formatSessionTimes(startsAt, endsAt)}.
      </p>
      {refusal || changeRefusal ? null : <ErrorSummary form={{ id: "move", allErrors: actionData?.message ? { deliveryId: [actionData.message] } : {} }} />}
      {changeRefusal ? (
        <p className="panel">{changeRefusal}</p>
      ) : refusal ? (
        <SchoolRefusal refusal={refusal} own={own} />
      ) : options.length === 0 ? (
        <p className="panel">There is no other date for this topic with a place left.</p>
      ) : (
        <Form method="post">
          <fieldset className="mb-6" aria-describedby={actionData?.message ? "move-dates-count move-deliveryId-error" : "move-dates-count"}>
            <legend className="label">New date</legend>
            <p id="move-dates-count" className="hint" data-list-start="page">
              Dates with a place left, soonest first ({rangeText(page, pageSize, total)})
            </p>
            <FieldProblem id="move-deliveryId" problem={actionData?.message} />
            <div className="space-y-2">
              {options.map((o, i) => (
                <div key={o.id} className="flex items-start gap-3">
                  <input
                    type="radio"
                    id={i === 0 ? "move-deliveryId" : `move-${o.id}`}
                    name="deliveryId"
                    value={o.id}
                    className="mt-1 h-6 w-6 shrink-0 accent-brand"
                  />
                  <label htmlFor={i === 0 ? "move-deliveryId" : `move-${o.id}`}>
                    {formatSessionTimes(o.startsAt, o.endsAt)}, {formatLabel(o.format)} ({counted(o.placesLeft, "place")} left)
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <div className="mb-6">
            <Pagination page={page} pageCount={pageCount} label="Pages of dates" />
          </div>
          <button type="submit" className="button">
            Move booking
          </button>
        </Form>
      )}
    </div>
  );
}

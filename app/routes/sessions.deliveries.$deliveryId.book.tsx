import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { BookingForm } from "~/components/delivery-forms";
import { formatSessionTimes } from "~/lib/dates";
import { redirectWithMessage } from "~/lib/flash.server";
import { toldSchool } from "~/lib/told-by-email";
import { bookingSchema } from "~/lib/delivery-schemas";
import { bookableYearGroups } from "~/lib/year-groups";
import { bookDelivery, ownSchoolRoll } from "~/models/bookings.server";
import { getDeliveryForSchool } from "~/models/deliveries.server";

export const meta: MetaFunction = () => [{ title: "Book a session – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:book");
  const d = await getDeliveryForSchool(user, args.params.deliveryId ?? "");
  return json({
    id: d.id,
    title: d.topic.title,
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    yearGroups: bookableYearGroups(d.topic.yearGroups),
    open: d.open && d.placesLeft > 0 && !d.ownBooking && !d.schoolRefusal,
    schoolRefusal: d.schoolRefusal,
    roll: await ownSchoolRoll(user),
  });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "deliveries:book");
  const id = args.params.deliveryId ?? "";
  const submission = parseWithZod(await args.request.formData(), { schema: bookingSchema });
  if (submission.status !== "success") return json({ form: submission.reply() }, { status: 400 });
  const result = await bookDelivery(user, id, submission.value);
  if (!result.ok) {
    // Refusals about one field go by that field; the rest (full, closed, ...) sit in the summary.
    const byField: Record<string, string> = { "too-many-pupils": "expectedPupils", "year-groups": "yearGroups" };
    const name = byField[result.reason];
    const field = name ? { fieldErrors: { [name]: [result.message] } } : { formErrors: [result.message] };
    return json({ form: submission.reply(field) }, { status: 400 });
  }
  return redirectWithMessage(
    `/bookings/${result.id}`,
    result.told
      ? toldSchool(result.status === "CONFIRMED" ? "Booking confirmed." : "Booking requested. The VRN schools lead will confirm it soon.", result.told, {
          canInvite: false,
        })
      : "Booking saved.",
  );
}

export default function BookDelivery() {
  const { id, title, startsAt, endsAt, yearGroups, open, roll, schoolRefusal } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/sessions/deliveries/${id}`}>Back to the session</Link>
      </p>
      <h1>Book {title}</h1>
      <p className="mb-8 text-xl">{formatSessionTimes(startsAt, endsAt)}</p>
      {schoolRefusal && !actionData ? (
        <p className="panel">{schoolRefusal}</p>
      ) : open || actionData ? (
        <BookingForm lastResult={actionData?.form} roll={roll} yearGroups={yearGroups} />
      ) : (
        <p className="panel">This session cannot be booked: it is full, closed, or your school has booked it already.</p>
      )}
    </div>
  );
}

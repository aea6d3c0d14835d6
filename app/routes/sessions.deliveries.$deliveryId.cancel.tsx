import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ReasonForm } from "~/components/delivery-forms";
import { formatDate, formatSessionTimes } from "~/lib/dates";
import { can } from "~/auth/roles";
import { redirectWithMessage } from "~/lib/flash.server";
import { useMailInOutbox } from "~/lib/mail-in-outbox";
import { toldSchools } from "~/lib/told-by-email";
import { reasonSchema } from "~/lib/delivery-schemas";
import { getDeliveryForLead } from "~/models/deliveries.server";
import { cancelDelivery, markNotDelivered, sessionStatusRefusal, tookPlaceFor } from "~/models/delivery-status.server";
import { isActiveBooking } from "~/lib/statuses";
import { OutboxNote } from "~/components/outbox-note";
import { counted } from "~/lib/numbers";
import { parseSubmission } from "~/lib/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Cancel ${data.title}, ${formatDate(data.startsAt)}` : "Cancel a session"} – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const d = await getDeliveryForLead(user, args.params.deliveryId ?? "");
  return {
    id: d.id,
    title: d.topic.title,
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    started: d.startsAt <= new Date(),
    booked: d.bookings.filter((b) => isActiveBooking(b.status)).length,
    // Schools whose returns say it took place: it cannot be recorded as not happening until they change.
    tookPlace: tookPlaceFor(d.bookings.flatMap((b) => (b.attendance ? [{ school: b.school.name, counts: b.attendance.counts }] : []))),
    // Cancelled or recorded already (another page, a link followed late): said in place of the form.
    statusRefusal: sessionStatusRefusal(d),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const d = await getDeliveryForLead(user, args.params.deliveryId ?? "");
  const submission = parseSubmission(await args.request.formData(), { schema: reasonSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const started = d.startsAt <= new Date();
  const result = started ? await markNotDelivered(user, d.id, submission.value.reason) : await cancelDelivery(user, d.id, submission.value.reason);
  if (!result.ok) return data({ form: submission.reply({ fieldErrors: { reason: [result.message] } }) }, { status: 400 });
  return redirectWithMessage(
    `/sessions/deliveries/${d.id}`,
    started ? "Recorded that the session did not happen" : toldSchools("Session cancelled.", result.told, { canInvite: can(user, "users:manage") }),
  );
}

export default function CancelDelivery() {
  const { id, title, startsAt, endsAt, started, booked, tookPlace, statusRefusal } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const mailInOutbox = useMailInOutbox();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/sessions/deliveries/${id}`}>Back to the session</Link>
      </p>
      <h1>{started ? "Record that a session did not happen" : "Cancel a session"}</h1>
      {statusRefusal ? (
        <>
          <p className="mb-6">
            {title}, {formatSessionTimes(startsAt, endsAt)}.
          </p>
          <p className="panel">{statusRefusal}</p>
        </>
      ) : (
        <>
          <p className="mb-6">
            {title}, {formatSessionTimes(startsAt, endsAt)}.{" "}
            {started
              ? tookPlace
                ? ""
                : "It will count as no reach for every school booked on it."
              : `${counted(booked, "school is", "schools are")} booked. ${mailInOutbox ? "A message to each school's teachers will wait in the outbox; the page then says which schools it was for." : "We will email each school's teachers, then say which schools were told."}`}
          </p>
          {started && tookPlace ? (
            // Nothing to send: the form would only be refused (markNotDelivered).
            <div className="mb-6 border-l-8 border-danger bg-surface p-4" role="note">
              <p>{tookPlace}</p>
            </div>
          ) : (
            <>
              <OutboxNote />
              <ReasonForm
                lastResult={actionData?.form}
                label="Reason"
                hint="Schools will see this"
                submitLabel={started ? "Record it did not happen" : "Cancel the session"}
              />
            </>
          )}
        </>
      )}
    </div>
  );
}

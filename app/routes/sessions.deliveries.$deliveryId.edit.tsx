import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { DeliveryForm } from "~/components/delivery-forms";
import { can } from "~/auth/roles";
import { redirectWithMessage } from "~/lib/flash.server";
import { placesOnIt, toldSchools, withPlacesOffered } from "~/lib/told-by-email";
import { londonDateInputValue, londonTimeInputValue } from "~/lib/london-time";
import { deliverySchema } from "~/lib/delivery-schemas";
import { getDeliveryForLead } from "~/models/deliveries.server";
import { deliveryFormValues, deliveryVersion, notScheduled, updateDelivery } from "~/models/delivery-changes.server";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";
import { listTopics } from "~/models/topics.server";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";
import { formatDate } from "~/lib/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `Change ${data.heading}` : "Change a session"} – VRN Schools Forum` }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const delivery = await getDeliveryForLead(user, args.params.deliveryId ?? "");
  // The session's page offers no change of one cancelled or not delivered; an old link or tab says why.
  if (delivery.status !== "SCHEDULED") throw await redirectWithMessage(`/sessions/deliveries/${delivery.id}`, notScheduled(delivery.status));
  return {
    id: delivery.id,
    heading: `${delivery.topic.title}, ${formatDate(delivery.startsAt)}`,
    values: { ...deliveryFormValues(delivery), date: londonDateInputValue(delivery.startsAt), time: londonTimeInputValue(delivery.startsAt) },
    topics: (await listTopics(user)).map((t) => ({ id: t.id, title: t.title })),
    version: deliveryVersion(delivery),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const delivery = await getDeliveryForLead(user, args.params.deliveryId ?? "");
  const submission = parseSubmission(await args.request.formData(), { schema: deliverySchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const result = await updateDelivery(user, delivery.id, submission.value);
  if ("changedMeanwhile" in result) {
    const { reply, version } = changedMeanwhileReply(submission, "this session", result);
    return data({ form: reply, version }, { status: 409 });
  }
  if (!result.ok) return data({ form: submission.reply(refusalErrors(result)) }, { status: 400 });
  if (!result.changed) return redirectWithMessage(`/sessions/deliveries/${delivery.id}`, "Nothing changed: the session was already up to date.");
  const saved = ["Session saved.", result.closedBooking ? "Booking for it has now closed, so no school can book it." : "", result.unsuited ?? ""]
    .filter(Boolean)
    .join(" ");
  const canInvite = can(user, "users:manage");
  return redirectWithMessage(
    `/sessions/deliveries/${delivery.id}`,
    withPlacesOffered(toldSchools(saved, result.told ?? [], { canInvite }), result.offered ?? [], { lead: true, canInvite, places: placesOnIt }),
  );
}

export default function EditDelivery() {
  const { id, values, topics, version } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/sessions/deliveries/${id}`}>Back to the session</Link>
      </p>
      <h1>Change a session</h1>
      <DeliveryForm
        lastResult={actionData?.form}
        topics={topics}
        submitLabel="Save session"
        defaultValue={values}
        version={versionToSend(actionData, version)}
      />
    </div>
  );
}

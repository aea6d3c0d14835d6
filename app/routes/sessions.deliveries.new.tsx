import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { DeliveryForm } from "~/components/delivery-forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { deliverySchema } from "~/lib/delivery-schemas";
import { createDelivery } from "~/models/delivery-changes.server";
import { listTopics } from "~/models/topics.server";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";

export const meta: MetaFunction = () => [{ title: "Schedule a session – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  return { topics: (await listTopics(user)).map((t) => ({ id: t.id, title: t.title })) };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const submission = parseSubmission(await args.request.formData(), { schema: deliverySchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const result = await createDelivery(user, submission.value);
  if (!result.ok) return data({ form: submission.reply(refusalErrors(result)) }, { status: 400 });
  // A campaign week lands on its own sessions, not at the top of the whole schedule.
  if (result.ids && result.ids.length > 1) {
    return redirectWithMessage(`/sessions/schedule?new=${result.ids.join(",")}`, `${result.ids.length} sessions scheduled`);
  }
  return redirectWithMessage(`/sessions/deliveries/${result.id}`, "Session scheduled");
}

export default function NewDelivery() {
  const { topics } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to="/sessions/schedule">Back to the schedule</Link>
      </p>
      <h1>Schedule a session</h1>
      <DeliveryForm
        lastResult={actionData?.form}
        topics={topics}
        submitLabel="Schedule session"
        allowMoreDates
        defaultValue={{ closesDaysBefore: "2", format: "ONLINE" }}
      />
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { DeliveryForm } from "~/components/delivery-forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { deliverySchema } from "~/lib/delivery-schemas";
import { createDelivery } from "~/models/delivery-changes.server";
import { newFormToken } from "~/models/sent-forms.server";
import { listTopics } from "~/models/topics.server";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";
import { sentAlready } from "~/lib/sent-once";

export const meta: MetaFunction = () => [{ title: "Schedule a session – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  return { topics: (await listTopics(user)).map((t) => ({ id: t.id, title: t.title })), formToken: newFormToken() };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const submission = parseSubmission(await args.request.formData(), { schema: deliverySchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const result = await createDelivery(user, submission.value);
  if (!result.ok) return data({ form: submission.reply(refusalErrors(result)) }, { status: 400 });
  const ids = result.ids ?? [result.id];
  // A campaign week lands on its own sessions, not at the top of the whole schedule.
  const to = ids.length > 1 ? `/sessions/schedule?new=${ids.join(",")}` : `/sessions/deliveries/${result.id}`;
  if (result.repeat) {
    const what = ids.length > 1 ? `its ${ids.length} sessions` : "its session";
    return redirectWithMessage(to, sentAlready(`${what} scheduled`, "scheduled"));
  }
  return redirectWithMessage(to, ids.length > 1 ? `${ids.length} sessions scheduled` : "Session scheduled");
}

export default function NewDelivery() {
  const { topics, formToken } = useLoaderData<typeof loader>();
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
        formToken={formToken}
        defaultValue={{ closesDaysBefore: "2", format: "ONLINE" }}
      />
    </div>
  );
}

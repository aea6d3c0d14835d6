import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { TopicForm } from "~/components/delivery-forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { topicSchema } from "~/lib/delivery-schemas";
import { newFormToken } from "~/models/sent-forms.server";
import { saveTopic } from "~/models/topics.server";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";
import { sentAlready } from "~/lib/sent-once";

export const meta: MetaFunction = () => [{ title: "Add a topic – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "deliveries:manage");
  return { formToken: newFormToken() };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const submission = parseSubmission(await args.request.formData(), { schema: topicSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const result = await saveTopic(user, submission.value);
  if (!result.ok) return data({ form: submission.reply(refusalErrors(result)) }, { status: 400 });
  if (result.repeat) return redirectWithMessage("/sessions/topics", sentAlready("its topic added"));
  return redirectWithMessage("/sessions/topics", `Topic "${submission.value.title}" added`);
}

export default function NewTopic() {
  const { formToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to="/sessions/topics">Back to topics</Link>
      </p>
      <h1>Add a topic</h1>
      <TopicForm lastResult={actionData?.form} submitLabel="Add topic" formToken={formToken} />
    </div>
  );
}

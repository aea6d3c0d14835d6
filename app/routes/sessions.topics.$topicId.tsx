import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { TopicForm } from "~/components/delivery-forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { topicSchema } from "~/lib/delivery-schemas";
import { getTopic, saveTopic, topicVersion } from "~/models/topics.server";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Change the topic ${data.topic.title}` : "Change a topic"} – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const topic = await getTopic(user, args.params.topicId ?? "");
  return { topic, version: topicVersion(topic) };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const topic = await getTopic(user, args.params.topicId ?? "");
  const submission = parseSubmission(await args.request.formData(), { schema: topicSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const result = await saveTopic(user, submission.value, topic.id);
  if ("changedMeanwhile" in result) {
    const { reply, version } = changedMeanwhileReply(submission, "this topic", result);
    return data({ form: reply, version }, { status: 409 });
  }
  if (!result.ok) return data({ form: submission.reply(refusalErrors(result)) }, { status: 400 });
  if (!result.changed) return redirectWithMessage("/sessions/topics", `Nothing changed: topic "${submission.value.title}" was already up to date`);
  return redirectWithMessage("/sessions/topics", `Topic "${submission.value.title}" saved`);
}

export default function EditTopic() {
  const { topic, version } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to="/sessions/topics">Back to topics</Link>
      </p>
      <h1>Change a topic</h1>
      <TopicForm
        lastResult={actionData?.form}
        submitLabel="Save topic"
        version={versionToSend(actionData, version)}
        defaultValue={{
          title: topic.title,
          description: topic.description,
          yearGroups: topic.yearGroupList.map(String),
          durationMinutes: String(topic.durationMinutes),
          formats: topic.formatList,
        }}
      />
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { SubmitButton } from "~/components/forms";
import { LessonForm } from "~/components/mvp-lesson-form";
import { formatDate } from "~/lib/dates";
import { mvpPageMessage } from "~/lib/mvp";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseIntent, parseSubmission, refusalErrors } from "~/lib/submission.server";
import { lessonSchema, londonIsoDate } from "~/lib/mvp-schemas";
import { deleteLesson, getLessonForRecording, lessonVersion, mentorOptions, updateLesson } from "~/models/mvp-lessons.server";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Change the lesson for ${data.title}` : "Change a mentor-led lesson"} – MVP – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "mvp:record");
  const lesson = await getLessonForRecording(user, args.params.lessonId ?? "");
  return {
    year: lesson.academicYear,
    title: `${lesson.className} on ${formatDate(lesson.deliveredOn)}`,
    mentors: await mentorOptions(user, lesson.academicYear, lesson.mentorIds),
    defaultValue: {
      deliveredOn: londonIsoDate(lesson.deliveredOn),
      className: lesson.className,
      yearGroup: String(lesson.yearGroup),
      pupilsPresent: String(lesson.pupilsPresent),
      mentorIds: lesson.mentorIds,
      topic: lesson.topic,
      reflection: lesson.reflection,
    },
    version: lessonVersion(lesson),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "mvp:record");
  const id = args.params.lessonId ?? "";
  const formData = await args.request.formData();
  if (parseIntent(formData, ["delete", "save"]) === "delete") {
    const deleted = await deleteLesson(user, id);
    if (deleted.unchanged) return redirectWithMessage("/mvp", "Nothing changed: the lesson had already been deleted");
    return redirectWithMessage(`/mvp?year=${deleted.academicYear}`, mvpPageMessage(deleted.academicYear, "lessons", `Lesson for ${deleted.className} deleted`));
  }
  const submission = parseSubmission(formData, { schema: lessonSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const result = await updateLesson(user, id, submission.value);
  if ("changedMeanwhile" in result) {
    const { reply, version } = changedMeanwhileReply(submission, "this lesson", result);
    return data({ form: reply, version }, { status: 409 });
  }
  if (!result.ok) return data({ form: submission.reply(refusalErrors(result)) }, { status: 400 });
  const saved = result.changed
    ? `Lesson for ${submission.value.className} saved.`
    : `Nothing changed: the lesson for ${submission.value.className} was already up to date.`;
  const message = [saved, ...result.warnings].join(" ");
  return redirectWithMessage(`/mvp?year=${result.academicYear}`, mvpPageMessage(result.academicYear, "lessons", message));
}

export default function EditLesson() {
  const { year, title, mentors, defaultValue, version } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/mvp?year=${year}#lessons`}>Back to MVP</Link>
      </p>
      <h1>Change the lesson for {title}</h1>
      <LessonForm
        lastResult={actionData?.form}
        defaultValue={defaultValue}
        mentors={mentors}
        submitLabel="Save changes"
        version={versionToSend(actionData, version)}
      />

      <h2 className="mt-12">Delete this lesson</h2>
      <p className="mb-4">Only if it was recorded by mistake: the year&apos;s lessons and pupils reached are counted again without it.</p>
      <Form method="post">
        <SubmitButton name="intent" value="delete" variant="warning" pendingText="Deleting…">
          Delete lesson
        </SubmitButton>
      </Form>
    </div>
  );
}

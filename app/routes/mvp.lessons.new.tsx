import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { LessonForm } from "~/components/mvp-lesson-form";
import { redirectWithMessage } from "~/lib/flash.server";
import { badRequest } from "~/lib/responses.server";
import { mvpPageMessage, NEW_RECORD_YEAR_REFUSED, pickAcademicYear } from "~/lib/mvp";
import { lessonSchema, londonIsoDate } from "~/lib/mvp-schemas";
import { createLesson, mentorOptions } from "~/models/mvp-lessons.server";
import { newFormToken } from "~/models/sent-forms.server";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";
import { sentAlready } from "~/lib/sent-once";

export const meta: MetaFunction = () => [{ title: "Record a mentor-led lesson – MVP – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "mvp:record");
  const year = pickAcademicYear(new URL(args.request.url).searchParams) ?? badRequest(NEW_RECORD_YEAR_REFUSED);
  return { year, mentors: await mentorOptions(user, year), today: londonIsoDate(), formToken: newFormToken() };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "mvp:record");
  const submission = parseSubmission(await args.request.formData(), { schema: lessonSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const result = await createLesson(user, submission.value);
  if (!result.ok) return data({ form: submission.reply(refusalErrors(result)) }, { status: 400 });
  if (result.repeat) {
    return redirectWithMessage(`/mvp?year=${result.academicYear}`, mvpPageMessage(result.academicYear, "lessons", sentAlready("its lesson recorded")));
  }
  const message = [`Lesson for ${submission.value.className} recorded.`, ...result.warnings].join(" ");
  return redirectWithMessage(`/mvp?year=${result.academicYear}`, mvpPageMessage(result.academicYear, "lessons", message));
}

export default function NewLesson() {
  const { year, mentors, today, formToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/mvp?year=${year}#lessons`}>Back to MVP</Link>
      </p>
      <h1>Record a mentor-led lesson</h1>
      <LessonForm lastResult={actionData?.form} defaultValue={{ deliveredOn: today }} mentors={mentors} submitLabel="Record lesson" formToken={formToken} />
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { StaffTrainingForm } from "~/components/mvp-forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { badRequest } from "~/lib/responses.server";
import { mvpPageMessage, NEW_RECORD_YEAR_REFUSED, pickAcademicYear } from "~/lib/mvp";
import { staffTrainingSchema } from "~/lib/mvp-schemas";
import { createStaffTraining } from "~/models/mvp-staff.server";
import { newFormToken } from "~/models/sent-forms.server";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";
import { sentAlready } from "~/lib/sent-once";

export const meta: MetaFunction = () => [{ title: "Add a member of staff trained – MVP – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "mvp:record");
  return { year: pickAcademicYear(new URL(args.request.url).searchParams) ?? badRequest(NEW_RECORD_YEAR_REFUSED), formToken: newFormToken() };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "mvp:record");
  const submission = parseSubmission(await args.request.formData(), { schema: staffTrainingSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const created = await createStaffTraining(user, submission.value);
  if (!created.ok) return data({ form: submission.reply(refusalErrors(created)) }, { status: 400 });
  if ("repeat" in created) {
    const message = sentAlready(`${created.name}'s training recorded`);
    return redirectWithMessage(`/mvp?year=${created.academicYear}`, mvpPageMessage(created.academicYear, "staff", message));
  }
  return redirectWithMessage(`/mvp?year=${created.academicYear}`, mvpPageMessage(created.academicYear, "staff", `${created.name} added to the staff trained`));
}

export default function NewStaffTraining() {
  const { year, formToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/mvp?year=${year}#staff`}>Back to MVP</Link>
      </p>
      <h1>Add a member of staff trained</h1>
      <p className="mb-8">Record an adult at your school who completed MVP staff training.</p>
      <StaffTrainingForm lastResult={actionData?.form} submitLabel="Add staff member" formToken={formToken} />
    </div>
  );
}

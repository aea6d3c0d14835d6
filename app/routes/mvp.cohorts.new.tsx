import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { CohortForm } from "~/components/mvp-forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { badRequest } from "~/lib/responses.server";
import { mvpYears, NEW_RECORD_YEAR_REFUSED, pickAcademicYear } from "~/lib/mvp";
import { cohortSchema } from "~/lib/mvp-schemas";
import { createCohort } from "~/models/mvp-cohorts.server";
import { newFormToken } from "~/models/sent-forms.server";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";
import { sentAlready } from "~/lib/sent-once";

export const meta: MetaFunction = () => [{ title: "Add a mentor cohort – MVP – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "mvp:record");
  const year = pickAcademicYear(new URL(args.request.url).searchParams) ?? badRequest(NEW_RECORD_YEAR_REFUSED);
  return { year, years: mvpYears(), formToken: newFormToken() };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "mvp:record");
  const submission = parseSubmission(await args.request.formData(), { schema: cohortSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const result = await createCohort(user, submission.value);
  if (!result.ok) return data({ form: submission.reply(refusalErrors(result)) }, { status: 400 });
  if (result.repeat) return redirectWithMessage(`/mvp/cohorts/${result.id}`, sentAlready("its cohort added"));
  return redirectWithMessage(`/mvp/cohorts/${result.id}`, "Cohort added. Now add its mentors.");
}

export default function NewCohort() {
  const { year, years, formToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/mvp?year=${year}#cohorts`}>Back to MVP</Link>
      </p>
      <h1>Add a mentor cohort</h1>
      <p className="mb-8">A cohort is the group of pupils your staff train as mentors together. You add the mentors next.</p>
      <CohortForm lastResult={actionData?.form} defaultValue={{ academicYear: String(year) }} years={years} submitLabel="Add cohort" formToken={formToken} />
    </div>
  );
}

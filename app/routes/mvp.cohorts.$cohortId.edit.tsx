import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton } from "~/components/forms";
import { CohortForm } from "~/components/mvp-forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseIntent, parseSubmission, refusalErrors } from "~/lib/submission.server";
import { cohortLabel, mvpPageMessage, mvpYears, parseYearGroups } from "~/lib/mvp";
import { cohortSchema } from "~/lib/mvp-schemas";
import { cohortVersion, deleteCohort, getCohortForRecording, updateCohort } from "~/models/mvp-cohorts.server";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Change the cohort ${data.label}` : "Change a mentor cohort"} – MVP – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "mvp:record");
  const cohort = await getCohortForRecording(user, args.params.cohortId ?? "");
  return {
    id: cohort.id,
    label: cohortLabel(cohort),
    mentors: cohort._count.mentors,
    years: mvpYears(),
    version: cohortVersion(cohort),
    defaultValue: {
      academicYear: String(cohort.academicYear),
      yearGroups: parseYearGroups(cohort.yearGroups).map(String),
      trainingDates: cohort.trainingDates,
      trainers: cohort.trainers,
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "mvp:record");
  const id = args.params.cohortId ?? "";
  const formData = await args.request.formData();
  if (parseIntent(formData, ["delete", "save"]) === "delete") {
    const result = await deleteCohort(user, id);
    if (!result.ok) return data({ form: null, problem: result.message }, { status: 400 });
    if (result.unchanged) return redirectWithMessage("/mvp", "Nothing changed: the cohort had already been deleted");
    return redirectWithMessage(`/mvp?year=${result.academicYear}`, mvpPageMessage(result.academicYear, "cohorts", "Cohort deleted"));
  }
  const submission = parseSubmission(formData, { schema: cohortSchema });
  if (submission.status !== "success") return data({ form: submission.reply(), problem: null }, { status: 400 });
  const result = await updateCohort(user, id, submission.value);
  if ("changedMeanwhile" in result) {
    const { reply, version } = changedMeanwhileReply(submission, "this cohort", result);
    return data({ form: reply, problem: null, version }, { status: 409 });
  }
  if (!result.ok) return data({ form: submission.reply(refusalErrors(result)), problem: null }, { status: 400 });
  if (!result.changed) return redirectWithMessage(`/mvp/cohorts/${id}`, "Nothing changed: the cohort's details were already up to date");
  return redirectWithMessage(`/mvp/cohorts/${id}`, "Cohort details saved");
}

export default function EditCohort() {
  const { id, label, mentors, years, defaultValue, version } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/mvp/cohorts/${id}`}>Back to the cohort</Link>
      </p>
      <h1>Change the cohort {label}</h1>
      <ErrorSummary message={actionData?.problem} />
      <CohortForm
        lastResult={actionData?.form}
        defaultValue={defaultValue}
        years={years}
        submitLabel="Save changes"
        version={versionToSend(actionData, version)}
      />
      {mentors === 0 ? (
        <>
          <h2 className="mt-12">Delete this cohort</h2>
          <p className="mb-4">It has no mentors yet, so nothing else is lost.</p>
          <Form method="post">
            <SubmitButton name="intent" value="delete" variant="warning" pendingText="Deleting…">
              Delete this cohort
            </SubmitButton>
          </Form>
        </>
      ) : null}
    </div>
  );
}

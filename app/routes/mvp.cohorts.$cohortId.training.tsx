import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { TrainingGrid } from "~/components/mvp-grid";
import { redirectWithMessage } from "~/lib/flash.server";
import { trainingGridSchema } from "~/lib/mvp-schemas";
import { getTrainingGrid, saveTrainingGrid } from "~/models/mvp-training.server";
import { counted } from "~/lib/numbers";
import { parseSubmission } from "~/lib/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Record training: ${data?.cohort.label ?? "cohort"} – MVP – VRN Schools Forum` }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "mvp:record");
  return await getTrainingGrid(user, args.params.cohortId ?? "");
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "mvp:record");
  const cohortId = args.params.cohortId ?? "";
  const submission = parseSubmission(await args.request.formData(), { schema: trainingGridSchema });
  if (submission.status !== "success")
    return data(submission.reply({ formErrors: ["The grid could not be read. Reload the page and try again."] }), { status: 400 });
  const result = await saveTrainingGrid(user, cohortId, submission.value);
  if (!result.ok) return data(submission.reply({ formErrors: [result.message] }), { status: 400 });
  const done =
    result.added + result.removed === 0
      ? "Nothing changed: the grid was already as ticked."
      : `Training saved. ${result.added} ticked, ${result.removed} unticked.`;
  return redirectWithMessage(
    `/mvp/cohorts/${cohortId}/training`,
    `${done} ${result.trained} of ${counted(result.mentors, "mentor is", "mentors are")} trained.`,
  );
}

export default function RecordTraining() {
  const { cohort, modules, mentors, sessions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p className="mb-4">
        <Link to={`/mvp/cohorts/${cohort.id}`}>Back to the cohort</Link>
      </p>
      <h1>Record training: {cohort.label}</h1>
      <p className="mb-8 max-w-3xl">
        Tick each module a mentor has completed, then save. Untick a box to correct a mistake. A mentor is trained once every required module is ticked.
      </p>
      {mentors.length === 0 ? (
        <p>
          This cohort has no mentors yet. <Link to={`/mvp/cohorts/${cohort.id}#add-mentor`}>Add mentors</Link> first.
        </p>
      ) : modules.length === 0 ? (
        <p>The VRN has not set up any training modules yet.</p>
      ) : (
        <TrainingGrid label={cohort.label} modules={modules} mentors={mentors} sessions={sessions} lastResult={lastResult} />
      )}
    </>
  );
}

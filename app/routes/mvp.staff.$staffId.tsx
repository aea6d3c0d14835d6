import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { SubmitButton } from "~/components/forms";
import { StaffTrainingForm } from "~/components/mvp-forms";
import { mvpPageMessage } from "~/lib/mvp";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseIntent, parseSubmission } from "~/lib/submission.server";
import { londonIsoDate, staffTrainingSchema } from "~/lib/mvp-schemas";
import { deleteStaffTraining, getStaffTraining, staffTrainingVersion, updateStaffTraining } from "~/models/mvp-staff.server";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Change the staff training of ${data.name}` : "Change staff training"} – MVP – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "mvp:record");
  const record = await getStaffTraining(user, args.params.staffId ?? "");
  return {
    id: record.id,
    year: record.academicYear,
    name: record.name,
    defaultValue: { name: record.name, role: record.role, trainer: record.trainer, trainedOn: londonIsoDate(record.trainedOn) },
    version: staffTrainingVersion(record),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "mvp:record");
  const id = args.params.staffId ?? "";
  const formData = await args.request.formData();
  if (parseIntent(formData, ["delete", "save"]) === "delete") {
    const deleted = await deleteStaffTraining(user, id);
    if (deleted.unchanged) return redirectWithMessage("/mvp", "Nothing changed: the record of staff training had already been deleted");
    return redirectWithMessage(
      `/mvp?year=${deleted.academicYear}`,
      mvpPageMessage(deleted.academicYear, "staff", `${deleted.name} removed from the staff trained`),
    );
  }
  const submission = parseSubmission(formData, { schema: staffTrainingSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const updated = await updateStaffTraining(user, id, submission.value);
  if ("changedMeanwhile" in updated) {
    const { reply, version } = changedMeanwhileReply(submission, "this record of training", updated);
    return data({ form: reply, version }, { status: 409 });
  }
  if (!updated.ok) return data({ form: submission.reply({ fieldErrors: { [updated.field]: [updated.message] } }) }, { status: 400 });
  if (!updated.changed)
    return redirectWithMessage(
      `/mvp?year=${updated.academicYear}`,
      mvpPageMessage(updated.academicYear, "staff", `Nothing changed: the training record for ${updated.name} was already up to date`),
    );
  return redirectWithMessage(`/mvp?year=${updated.academicYear}`, mvpPageMessage(updated.academicYear, "staff", `Training record for ${updated.name} saved`));
}

export default function EditStaffTraining() {
  const { year, name, defaultValue, version } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/mvp?year=${year}#staff`}>Back to MVP</Link>
      </p>
      <h1>Change the training record for {name}</h1>
      <StaffTrainingForm lastResult={actionData?.form} defaultValue={defaultValue} submitLabel="Save changes" version={versionToSend(actionData, version)} />

      <h2 className="mt-12">Delete this record</h2>
      <p className="mb-4">Only if it was added by mistake: the staff trained figure for the year goes down by one.</p>
      <Form method="post">
        <SubmitButton name="intent" value="delete" variant="warning" pendingText="Deleting…">
          Delete this record
        </SubmitButton>
      </Form>
    </div>
  );
}

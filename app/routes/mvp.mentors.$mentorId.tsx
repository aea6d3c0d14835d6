import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { MentorForm } from "~/components/mvp-forms";
import { formatDate } from "~/lib/dates";
import { cohortPageMessage } from "~/lib/mvp";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseIntent, parseSubmission, refusalErrors } from "~/lib/submission.server";
import { mentorSchema, withdrawMentorSchema } from "~/lib/mvp-schemas";
import { deleteMentor, getMentor, mentorVersion, reinstateMentor, updateMentor, withdrawMentor } from "~/models/mvp-mentors.server";
import { DATE_WINDOWS, dateInputLimits } from "~/lib/date-fields";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  // The cohort, not the pupil's name: a title is kept in the browser's history on a shared computer.
  { title: `${data ? `Change a mentor in ${data.cohortLabel}` : "Change a mentor"} – MVP – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "mvp:record");
  const mentor = await getMentor(user, args.params.mentorId ?? "");
  return {
    id: mentor.id,
    cohortId: mentor.cohortId,
    cohortLabel: mentor.cohortLabel,
    displayName: mentor.displayName,
    namesRemoved: Boolean(mentor.cohort.namesRemovedAt),
    withdrawnOn: mentor.withdrawnOn ? formatDate(mentor.withdrawnOn) : null,
    lessonsLed: mentor._count.lessons,
    defaultValue: { displayName: mentor.displayName, yearGroup: String(mentor.yearGroup), gender: mentor.gender ?? "" },
    version: mentorVersion(mentor),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "mvp:record");
  const id = args.params.mentorId ?? "";
  const formData = await args.request.formData();
  const intent = parseIntent(formData, ["withdraw", "reinstate", "delete", "mentor"]);
  const back = (cohortId: string, message: string) => redirectWithMessage(`/mvp/cohorts/${cohortId}`, cohortPageMessage(cohortId, "mentors", message));

  if (intent === "withdraw") {
    const submission = parseSubmission(formData, { schema: withdrawMentorSchema });
    if (submission.status !== "success") return data({ mentorForm: null, withdrawForm: submission.reply(), problem: null }, { status: 400 });
    const result = await withdrawMentor(user, id, submission.value.withdrawnOn);
    // Withdrawn meanwhile (another tab): the page no longer has the form, so it says so at the top.
    if (!result.ok && result.alreadyWithdrawn) return redirectWithMessage(`/mvp/mentors/${id}`, `Nothing was changed: ${result.message}`);
    if (!result.ok) {
      return data({ mentorForm: null, withdrawForm: submission.reply(refusalErrors(result)), problem: null }, { status: 400 });
    }
    return back(result.cohortId, `${result.displayName} withdrawn`);
  }
  if (intent === "reinstate") {
    const mentor = await reinstateMentor(user, id);
    return back(mentor.cohortId, mentor.changed ? `${mentor.displayName} is a mentor again` : `Nothing changed: ${mentor.displayName} was not withdrawn`);
  }
  if (intent === "delete") {
    const result = await deleteMentor(user, id);
    if (!result.ok) return data({ mentorForm: null, withdrawForm: null, problem: result.message }, { status: 400 });
    // Its cohort is not known once it is gone, so the answer goes to the MVP page.
    if (result.unchanged) return redirectWithMessage("/mvp", "Nothing changed: the mentor had already been deleted");
    return back(result.cohortId, "Mentor deleted");
  }
  const submission = parseSubmission(formData, { schema: mentorSchema });
  if (submission.status !== "success") return data({ mentorForm: submission.reply(), withdrawForm: null, problem: null }, { status: 400 });
  const result = await updateMentor(user, id, submission.value);
  if ("changedMeanwhile" in result) {
    const { reply, version } = changedMeanwhileReply(submission, "this mentor", result);
    return data({ mentorForm: reply, withdrawForm: null, problem: null, version }, { status: 409 });
  }
  if (!result.ok) {
    return data({ mentorForm: submission.reply(refusalErrors(result)), withdrawForm: null, problem: null }, { status: 400 });
  }
  const mentor = await getMentor(user, id);
  return back(mentor.cohortId, result.changed === false ? `Nothing changed: ${mentor.displayName} was already up to date` : `${mentor.displayName} saved`);
}

export default function EditMentor() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [withdrawForm, withdrawFields] = useSchemaForm("withdraw", withdrawMentorSchema, actionData?.withdrawForm, undefined, { shouldRevalidate: "onSubmit" });
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/mvp/cohorts/${data.cohortId}#mentors`}>Back to the cohort</Link>
      </p>
      <h1>Change {data.displayName}</h1>
      <p className="mb-8">Cohort {data.cohortLabel}</p>
      <ErrorSummary message={actionData?.problem} />
      {data.namesRemoved ? (
        <p className="panel mb-8">Names in this cohort were removed under the data retention rule, so they cannot be changed.</p>
      ) : (
        <MentorForm
          lastResult={actionData?.mentorForm}
          defaultValue={data.defaultValue}
          submitLabel="Save changes"
          version={versionToSend(actionData, data.version)}
        />
      )}

      <h2 className="mt-12">Withdraw from the programme</h2>
      {data.withdrawnOn ? (
        <Form method="post">
          <p className="mb-4">Withdrawn on {data.withdrawnOn}. They are no longer offered when you record a lesson.</p>
          <SubmitButton name="intent" value="reinstate" variant="secondary" pendingText="Saving…">
            Make them a mentor again
          </SubmitButton>
        </Form>
      ) : (
        <>
          <p className="mb-4">A withdrawn mentor stays in the year&apos;s figures for the training and lessons they did.</p>
          <ErrorSummary form={withdrawForm} />
          <Form method="post" {...getFormProps(withdrawForm)}>
            <input type="hidden" name="intent" value="withdraw" />
            <TextField meta={withdrawFields.withdrawnOn} label="Date they stopped" type="date" width="max-w-xs" limits={dateInputLimits(DATE_WINDOWS.past)} />
            <SubmitButton variant="secondary" pendingText="Saving…">
              Withdraw mentor
            </SubmitButton>
          </Form>
        </>
      )}

      {data.lessonsLed === 0 ? (
        <>
          <h2 className="mt-12">Delete this mentor</h2>
          <p className="mb-4">Only if they were added by mistake: their training record goes too.</p>
          <Form method="post">
            <SubmitButton name="intent" value="delete" variant="warning" pendingText="Deleting…">
              Delete mentor
            </SubmitButton>
          </Form>
        </>
      ) : null}
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { ErrorSummary } from "~/components/forms";
import { MentorsTable, NamesRetention } from "~/components/mvp-cohort";
import { MentorForm, MentorListForm } from "~/components/mvp-forms";
import { TrainingSessions } from "~/components/mvp-training-sessions";
import { formatAcademicYear } from "~/lib/academic-year";
import { formatDate } from "~/lib/dates";
import { cohortPageMessage } from "~/lib/mvp";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseButtonForm, parseIntent, parseSubmission, refusalErrors } from "~/lib/submission.server";
import { mentorListSchema, mentorSchema, removeTrainingSessionSchema, trainingSessionSchema } from "~/lib/mvp-schemas";
import { trainingDaysFromText } from "~/lib/training-dates-text";
import type { RefusedLine } from "~/lib/mentor-list";
import { mentorsMayStillLead, removalDateText } from "~/lib/mvp-retention";
import { canRecordFor } from "~/models/mvp-access.server";
import { getCohort } from "~/models/mvp-cohorts.server";
import { addMentor, addMentors } from "~/models/mvp-mentors.server";
import { getRetentionYears, removeCohortNames } from "~/models/mvp-retention.server";
import { addNotedTrainingDays, addTrainingSession, removeTrainingSession } from "~/models/mvp-training-sessions.server";
import { newFormToken } from "~/models/sent-forms.server";
import { counted } from "~/lib/numbers";
import { sentAlready } from "~/lib/sent-once";
import { Separator } from "~/components/separators";
import { SummaryList, SummaryRow } from "~/components/summary-list";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.cohort.label ?? "Mentor cohort"} – MVP – VRN Schools Forum` }];

/** A cohort and its mentors: for the school's MVP lead to manage, for the VRN lead to read. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const cohort = await getCohort(user, args.params.cohortId ?? "");
  const canRecord = canRecordFor(user, cohort.schoolId);
  const retentionYears = await getRetentionYears();
  return {
    cohort,
    canRecord,
    notedDays: trainingDaysFromText(cohort.trainingDates),
    // New mentors start in the cohort's (first) year group, so the form need not be set each time.
    yearGroup: Number(cohort.yearGroups.split(",")[0]) || null,
    backTo: canRecord ? `/mvp?year=${cohort.academicYear}#cohorts` : `/mvp/schools/${cohort.schoolId}?year=${cohort.academicYear}#cohorts`,
    retention: {
      removedOn: cohort.namesRemovedAt ? formatDate(cohort.namesRemovedAt) : null,
      removalDate: removalDateText(cohort.academicYear, retentionYears),
      canRemoveNow: !mentorsMayStillLead(cohort.academicYear, new Date()) && !cohort.namesRemovedAt && (canRecord || can(user, "mvp:manage-retention")),
    },
    // A token for each form that adds something, by which sending it twice saves once (decision 0147).
    formTokens: canRecord ? { mentor: newFormToken(), list: newFormToken(), session: newFormToken() } : null,
  };
}

/** The action's answer for the page's forms: the one submitted carries its reply, the others none. */
const noReply = { form: null, list: null, session: null, refused: [] as RefusedLine[], problem: null as string | null };

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const cohortId = args.params.cohortId ?? "";
  const cohort = await getCohort(user, cohortId);
  const formData = await args.request.formData();
  const intent = parseIntent(formData, ["remove-names", "paste", "add-session", "remove-session", "add-noted-days", "mentor"]);
  if (intent === "add-session") {
    const submission = parseSubmission(formData, { schema: trainingSessionSchema(cohort.academicYear) });
    if (submission.status !== "success") return data({ ...noReply, session: submission.reply() }, { status: 400 });
    const result = await addTrainingSession(user, cohortId, submission.value);
    if (!result.ok) return data({ ...noReply, session: submission.reply(refusalErrors(result)) }, { status: 400 });
    return redirectWithMessage(`/mvp/cohorts/${cohortId}`, cohortPageMessage(cohortId, "training-sessions", result.message));
  }
  if (intent === "remove-session") {
    const { sessionId } = parseButtonForm(formData, removeTrainingSessionSchema);
    const result = await removeTrainingSession(user, cohortId, sessionId);
    return redirectWithMessage(`/mvp/cohorts/${cohortId}`, cohortPageMessage(cohortId, "training-sessions", result.message));
  }
  if (intent === "add-noted-days") {
    const result = await addNotedTrainingDays(user, cohortId);
    if (!result.ok) return data({ ...noReply, problem: result.message }, { status: 400 });
    return redirectWithMessage(`/mvp/cohorts/${cohortId}`, cohortPageMessage(cohortId, "training-sessions", result.message));
  }
  if (intent === "remove-names") {
    const result = await removeCohortNames(user, cohortId);
    if (!result.ok) return data({ ...noReply, problem: result.message }, { status: 400 });
    const done = result.removed ? "Mentors' names removed. Every count is kept." : "These mentors' names had already been removed: nothing more was changed.";
    return redirectWithMessage(`/mvp/cohorts/${cohortId}`, done);
  }
  if (intent === "paste") {
    const submission = parseSubmission(formData, { schema: mentorListSchema });
    if (submission.status !== "success") return data({ ...noReply, list: submission.reply() }, { status: 400 });
    const result = await addMentors(user, cohortId, submission.value);
    if (!result.ok) {
      if (!("refused" in result)) return data({ ...noReply, list: submission.reply(refusalErrors(result)) }, { status: 400 });
      const message = result.message ?? `${counted(result.refused.length, "line")} could not be added, so no mentors were added`;
      return data({ ...noReply, list: submission.reply({ fieldErrors: { names: [message] } }), refused: result.refused }, { status: 400 });
    }
    const added = result.repeat
      ? sentAlready(`its ${counted(result.added, "mentor")} added to the cohort`)
      : `${counted(result.added, "mentor")} added to the cohort`;
    return redirectWithMessage(`/mvp/cohorts/${cohortId}`, cohortPageMessage(cohortId, "mentors", added));
  }
  const submission = parseSubmission(formData, { schema: mentorSchema });
  if (submission.status !== "success") return data({ ...noReply, form: submission.reply() }, { status: 400 });
  const result = await addMentor(user, cohortId, submission.value);
  if (!result.ok) {
    const reply = result.field ? submission.reply(refusalErrors(result)) : submission.reply({ formErrors: [result.message] });
    return data({ ...noReply, form: reply }, { status: 400 });
  }
  const added = result.repeat ? sentAlready(`${result.displayName} added to the cohort`) : `${result.displayName} added to the cohort`;
  return redirectWithMessage(`/mvp/cohorts/${cohortId}`, cohortPageMessage(cohortId, "add-mentor", added));
}

export default function CohortPage() {
  const { cohort, canRecord, backTo, retention, yearGroup, notedDays, formTokens } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p className="mb-4">
        <Link to={backTo}>Back to MVP at {cohort.school.name}</Link>
      </p>
      <h1>
        <span className="block text-xl text-muted">
          {cohort.school.name}
          <Separator />
        </span>
        Mentor cohort: {cohort.label}
      </h1>
      <div className="max-w-3xl">
        <ErrorSummary message={actionData?.problem} />
      </div>
      <SummaryList className="mb-8 max-w-3xl">
        <SummaryRow term="Academic year">{formatAcademicYear(cohort.academicYear)}</SummaryRow>
        <SummaryRow term="Trainers">{cohort.trainers}</SummaryRow>
      </SummaryList>
      {canRecord ? (
        <div className="mb-12 flex flex-wrap items-center gap-6">
          {cohort.mentors.length > 0 ? (
            <Link to={`/mvp/cohorts/${cohort.id}/training`} className="button">
              Record training
            </Link>
          ) : null}
          <Link to={`/mvp/cohorts/${cohort.id}/edit`}>Change cohort details</Link>
        </div>
      ) : null}

      <TrainingSessions
        sessions={cohort.trainingSessions}
        notes={cohort.trainingDates}
        notedDays={notedDays}
        academicYear={cohort.academicYear}
        canRecord={canRecord}
        lastResult={actionData?.session}
        formToken={formTokens?.session}
      />

      <h2 id="mentors">Mentors</h2>
      <MentorsTable mentors={cohort.mentors} canRecord={canRecord} label={cohort.label} />

      {canRecord && !cohort.namesRemovedAt ? (
        <div className="mt-12 max-w-3xl">
          <MentorForm
            lastResult={actionData?.form}
            defaultValue={yearGroup ? { yearGroup: String(yearGroup) } : undefined}
            submitLabel="Add mentor"
            formToken={formTokens?.mentor}
            heading={
              <>
                <h2 id="add-mentor">Add a mentor</h2>
                <p className="mb-6">Keep the least that works: a first name and initial, or a pseudonym the mentor chooses.</p>
              </>
            }
          />
        </div>
      ) : null}
      {canRecord && !cohort.namesRemovedAt ? (
        <div className="mt-12 max-w-3xl">
          <MentorListForm lastResult={actionData?.list} yearGroup={yearGroup} refused={actionData?.refused ?? []} formToken={formTokens?.list} />
        </div>
      ) : null}

      <NamesRetention {...retention} />
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { OpenRunForm } from "~/components/survey-forms";
import { formatDateTime, formatSessionTimes } from "~/lib/dates";
import { onlyValue } from "~/lib/filter-choices";
import { badRequest, forbidden } from "~/lib/responses.server";
import { formatCode } from "~/lib/survey-code";
import { openRunSchema } from "~/lib/survey-schemas";
import { redirectWithMessage } from "~/lib/flash.server";
import { PHASE_LABELS } from "~/lib/survey-schemas";
import { bookingForSurvey, mvpSurveyRefusal, openRun, templatesFor } from "~/models/survey-runs.server";
import { BEFORE_SURVEY_MINUTES_INTO_SESSION, canOpenAfterSurvey, canOpenBeforeSurvey } from "~/models/survey-run-state";
import { schoolCalledBy, sessionRefusal } from "~/models/school-status.server";
import { newFormToken } from "~/models/sent-forms.server";
import { SchoolRefusal } from "~/components/school-refusal";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";
import { sentAlready } from "~/lib/sent-once";

export const meta: MetaFunction = () => [{ title: "Open a survey – VRN Schools Forum" }];

type Target = { bookingId: string } | { mvp: true };

async function targetOf(args: LoaderFunctionArgs): Promise<{
  user: Awaited<ReturnType<typeof requirePermission>>;
  target: Target;
  heading: string;
  phase: string | null;
  refusal: string | null;
  /** Whether the school is the person's own (its staff are told who keeps its record). */
  own: boolean;
  topicId?: string;
  beforeOpen: boolean;
  /** When a survey for after the session may be opened (its start), or null if it already may. */
  afterFrom: Date | null;
}> {
  const user = await requirePermission(args, "surveys:run");
  const params = new URL(args.request.url).searchParams;
  const bookingId = onlyValue(params, "bookingId");
  if (bookingId === null) badRequest("This link names more than one booking: open a survey from the booking's own page.");
  if (bookingId) {
    const booking = await bookingForSurvey(user, bookingId);
    return {
      user,
      target: { bookingId },
      heading: `${booking.delivery.topic.title}, ${formatSessionTimes(booking.delivery.startsAt, booking.delivery.endsAt)} (${booking.school.name})`,
      phase: onlyValue(params, "phase") || null,
      refusal: sessionRefusal(booking.school, "survey", booking.delivery.startsAt, schoolCalledBy(user, booking.school)),
      own: user.schoolId === booking.school.id,
      topicId: booking.delivery.topicId,
      beforeOpen: canOpenBeforeSurvey(booking.delivery),
      afterFrom: canOpenAfterSurvey(booking.delivery) ? null : booking.delivery.startsAt,
    };
  }
  if (onlyValue(params, "for") === "mvp") {
    if (!can(user, "surveys:run-mvp")) forbidden();
    return {
      user,
      target: { mvp: true },
      heading: "Mentors in Violence Prevention",
      phase: null,
      refusal: await mvpSurveyRefusal(user),
      own: true,
      beforeOpen: true,
      afterFrom: null,
    };
  }
  throw redirect("/surveys");
}

export async function loader(args: LoaderFunctionArgs) {
  const { target, heading, phase, refusal, own, topicId, beforeOpen, afterFrom } = await targetOf(args);
  const templates = await templatesFor("bookingId" in target ? "BOOKING" : "MVP", topicId, { before: beforeOpen, after: afterFrom === null });
  // The phase asked for, from the session's own topic's templates if it has any, else from those for any topic.
  const ofPhase = templates.filter((t) => t.phase === phase);
  const ownTopic = ofPhase.filter((t) => t.forTopic === "this");
  const preselected = ownTopic.length > 0 ? ownTopic : ofPhase.filter((t) => t.forTopic === "any");
  return {
    heading,
    refusal,
    own,
    back: "bookingId" in target ? `/bookings/${target.bookingId}` : "/surveys",
    forSession: "bookingId" in target,
    templates: templates.map((t) => ({
      id: t.id,
      title: t.title,
      version: t.version,
      questions: t.questionCount,
      phaseLabel: PHASE_LABELS[t.phase] ?? t.phase,
      topicLabel: t.topic ? `For ${t.topic.title} sessions` : null,
    })),
    defaultTemplateId: preselected.length === 1 ? preselected[0]!.id : undefined,
    // Asked for a survey before the session when it has begun: say why none is offered.
    beforeClosed: phase === "BEFORE" && !beforeOpen,
    // Asked for a survey after the session before it has started: say when one can be opened.
    afterOpensAt: phase === "AFTER" && afterFrom ? formatDateTime(afterFrom) : null,
    formToken: newFormToken(),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, target, refusal } = await targetOf(args);
  // A school that may not open surveys is told so before anything about the form's fields (decision 0029).
  if (refusal) return data({ refusal }, { status: 400 });
  const submission = parseSubmission(await args.request.formData(), { schema: openRunSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const result = await openRun(user, target, submission.value);
  if (!result.ok) return data({ form: submission.reply(refusalErrors(result)) }, { status: 400 });
  if (result.repeat) {
    return redirectWithMessage(`/surveys/${result.id}`, sentAlready(`its survey opened with the code ${formatCode(result.code)}`));
  }
  return redirectWithMessage(`/surveys/${result.id}`, `Survey opened: the code is ${formatCode(result.code)}`);
}

export default function OpenSurvey() {
  const { heading, back, templates, defaultTemplateId, refusal, own, beforeClosed, afterOpensAt, forSession, formToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // The school's state as the form was refused for it, else as the page was read.
  const refused = actionData ? ("refusal" in actionData ? actionData.refusal : null) : refusal;
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={back}>Back</Link>
      </p>
      <h1>Open a survey</h1>
      <p className="mb-6 text-xl">For: {heading}</p>
      {beforeClosed ? (
        <p className="panel mb-6">
          The session started over {BEFORE_SURVEY_MINUTES_INTO_SESSION} minutes ago, so a survey for before it can no longer be opened.
          {refusal || templates.length === 0 ? null : " You can open one for after it."}
        </p>
      ) : null}
      {afterOpensAt ? (
        <p className="panel mb-6">
          The session has not started yet, so a survey for after it can be opened from {afterOpensAt}.
          {refusal || templates.length === 0 ? null : " You can open one for before it now."}
        </p>
      ) : null}
      {refused ? (
        <SchoolRefusal refusal={refused} own={own} />
      ) : templates.length === 0 ? (
        <p>There is no survey ready for this yet. The VRN schools lead publishes the surveys schools can use.</p>
      ) : (
        <OpenRunForm
          lastResult={actionData && "form" in actionData ? actionData.form : undefined}
          templates={templates}
          defaultValue={defaultTemplateId ? { templateId: defaultTemplateId } : undefined}
          forSession={forSession}
          formToken={formToken}
        />
      )}
    </div>
  );
}

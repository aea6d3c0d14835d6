import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton } from "~/components/forms";
import { TemplateStatusTag } from "~/components/survey-staff";
import { FreeTextWarning, TemplateForm } from "~/components/survey-template-forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseButtonForm, parseSubmission } from "~/lib/submission.server";
import { QUESTION_TYPE_LABELS, templateSchema } from "~/lib/survey-schemas";
import { parseOptions } from "~/lib/survey-answers";
import { CONTEXT_LABELS, PHASE_LABELS } from "~/lib/survey-schemas";
import {
  deleteQuestion,
  draftToEdit,
  getTemplate,
  moveQuestion,
  publishTemplate,
  retireTemplate,
  templateDetailsVersion,
  updateTemplateDetails,
} from "~/models/survey-templates.server";
import { listTopics } from "~/models/topics.server";
import { counted } from "~/lib/numbers";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Survey template: ${data.template.title}` : "Survey template"} – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "surveys:manage-templates");
  const [template, topics] = await Promise.all([getTemplate(user, args.params.templateId ?? ""), listTopics(user)]);
  return { template, topics: topics.map((t) => ({ id: t.id, title: t.title })), version: templateDetailsVersion(template) };
}

const templateActionSchema = z.object({
  intent: z.enum(["details", "publish", "retire", "new-version", "up", "down", "delete-question"]),
  questionId: z.string().default(""),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "surveys:manage-templates");
  const id = args.params.templateId ?? "";
  const form = await args.request.formData();
  const here = `/admin/surveys/${id}`;
  const { intent, questionId } = parseButtonForm(form, templateActionSchema);
  switch (intent) {
    case "details": {
      const submission = parseSubmission(form, { schema: templateSchema });
      if (submission.status !== "success") return data({ form: submission.reply(), message: null }, { status: 400 });
      const result = await updateTemplateDetails(user, id, submission.value);
      if ("changedMeanwhile" in result) {
        const { reply, version } = changedMeanwhileReply(submission, "this draft", result);
        return data({ form: reply, message: null, version }, { status: 409 });
      }
      if (!result.ok) return data({ form: null, message: result.message }, { status: 400 });
      return redirectWithMessage(here, result.changed ? "Details saved" : "Nothing changed: the details were already up to date");
    }
    case "publish": {
      const result = await publishTemplate(user, id);
      if (!result.ok) return data({ form: null, message: result.message }, { status: 400 });
      return redirectWithMessage(here, "Published: schools can now choose this version");
    }
    case "retire": {
      const result = await retireTemplate(user, id);
      if (!result.ok) return data({ form: null, message: result.message }, { status: 400 });
      return redirectWithMessage(here, "Retired: schools can no longer choose it for new surveys");
    }
    case "new-version": {
      const draftId = await draftToEdit(user, id);
      return redirectWithMessage(`/admin/surveys/${draftId}`, "This is a new draft version: change it, then publish it");
    }
    case "up":
    case "down": {
      const result = await moveQuestion(user, id, questionId, intent);
      if (!result.ok) return data({ form: null, message: result.message }, { status: 400 });
      return redirect(`${here}#question-${questionId}`);
    }
    case "delete-question": {
      const result = await deleteQuestion(user, id, questionId);
      if (!result.ok) return data({ form: null, message: result.message }, { status: 400 });
      return redirectWithMessage(here, "Question removed");
    }
  }
}

export default function SurveyTemplate() {
  const { template: t, topics, version } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const draft = t.status === "DRAFT";
  const freeTextOn = t.questions.some((q) => q.type === "FREE_TEXT" && q.freeTextEnabled);
  return (
    <>
      <p className="mb-4">
        <Link to="/admin/surveys">Back to survey templates</Link>
      </p>
      <h1>{t.title}</h1>
      <p className="mb-6 text-xl">
        Version {t.version}: <TemplateStatusTag status={t.status} /> {CONTEXT_LABELS[t.context]}, {PHASE_LABELS[t.phase]}
        {t.topic ? `, for ${t.topic.title} sessions` : ""}. Used by {counted(t._count.runs, "survey")}.
      </p>
      <ErrorSummary message={actionData?.message} />
      {freeTextOn ? <FreeTextWarning /> : null}

      {draft ? (
        <div className="mb-10 flex flex-wrap gap-4">
          <Form method="post">
            <SubmitButton name="intent" value="publish" pendingText="Publishing…">
              Publish this version
            </SubmitButton>
          </Form>
        </div>
      ) : (
        <div className="mb-10 flex flex-wrap gap-4">
          <Form method="post">
            <SubmitButton name="intent" value="new-version" variant="secondary" pendingText="Preparing…">
              Edit (makes a new draft version)
            </SubmitButton>
          </Form>
          {t.status === "PUBLISHED" ? (
            <Form method="post">
              <SubmitButton name="intent" value="retire" variant="warning" pendingText="Retiring…">
                Retire
              </SubmitButton>
            </Form>
          ) : null}
        </div>
      )}

      <h2>Questions</h2>
      {t.questions.length === 0 ? <p className="mb-6">No questions yet.</p> : null}
      <ol className="mb-8 max-w-4xl space-y-4">
        {t.questions.map((q, i) => (
          <li key={q.id} id={`question-${q.id}`} className="border-l-4 border-line pl-4">
            <p className="font-bold">
              {i + 1}. {q.prompt}
            </p>
            <p className="text-base text-muted">
              {QUESTION_TYPE_LABELS[q.type] ?? q.type}
              {q.required ? ", must be answered" : ", optional"}
              {q.reverseScored ? ", scored in reverse" : ""}
              {q.coreKey ? `, core key “${q.coreKey}”` : ""}
              {q.type === "FREE_TEXT" ? (q.freeTextEnabled ? ", turned on" : ", turned off: pupils do not see it") : ""}
              {q.type === "MULTIPLE_CHOICE" && q.lastChoiceExclusive ? ", the last choice is an answer on its own" : ""}
            </p>
            {q.helpText ? <p className="text-base">Help: {q.helpText}</p> : null}
            {parseOptions(q.options).length > 0 ? <p className="text-base">Choices: {parseOptions(q.options).join("; ")}</p> : null}
            {draft ? (
              <div className="mt-2 flex flex-wrap items-center gap-3 text-base">
                <Link to={`/admin/surveys/${t.id}/questions/${q.id}`}>
                  Edit<span className="sr-only"> question {i + 1}</span>
                </Link>
                <Form method="post" className="flex flex-wrap gap-2">
                  <input type="hidden" name="questionId" value={q.id} />
                  {i > 0 ? (
                    <button type="submit" name="intent" value="up" className="button button-secondary">
                      Move up<span className="sr-only"> question {i + 1}</span>
                    </button>
                  ) : null}
                  {i < t.questions.length - 1 ? (
                    <button type="submit" name="intent" value="down" className="button button-secondary">
                      Move down<span className="sr-only"> question {i + 1}</span>
                    </button>
                  ) : null}
                  <button type="submit" name="intent" value="delete-question" className="button button-warning">
                    Remove<span className="sr-only"> question {i + 1}</span>
                  </button>
                </Form>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      {draft ? (
        <>
          <p className="mb-10">
            <Link to={`/admin/surveys/${t.id}/questions/new`} className="button button-secondary">
              Add a question
            </Link>
          </p>
          <h2>Details</h2>
          <div className="max-w-3xl">
            <TemplateForm
              lastResult={actionData?.form ?? undefined}
              defaultValue={{ title: t.title, intro: t.intro, context: t.context, phase: t.phase, topicId: t.topicId ?? "" }}
              submitLabel="Save details"
              topics={topics}
              version={versionToSend(actionData, version)}
            />
          </div>
        </>
      ) : (
        <p className="max-w-3xl">
          This version is not a draft, so it cannot change: its results must mean what pupils were asked. Edit it to make the next version.
        </p>
      )}
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { QuestionForm } from "~/components/survey-template-forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { notFound } from "~/lib/responses.server";
import { questionSchema } from "~/lib/survey-schemas";
import { parseOptions } from "~/lib/survey-answers";
import { getTemplate, notADraft, questionVersion, saveQuestion } from "~/models/survey-templates.server";
import { newFormToken } from "~/models/sent-forms.server";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";
import { parseSubmission } from "~/lib/submission.server";
import { sentAlready } from "~/lib/sent-once";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.isNew ? "Add a question" : "Edit a question"}: ${data.template.title}` : "Survey question"} – VRN Schools Forum` },
];

async function load(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "surveys:manage-templates");
  const template = await getTemplate(user, args.params.templateId ?? "");
  const questionId = args.params.questionId === "new" ? null : (args.params.questionId ?? null);
  const question = questionId ? template.questions.find((q) => q.id === questionId) : null;
  if (questionId && !question) notFound("question");
  return { user, template, question: question ?? null };
}

export async function loader(args: LoaderFunctionArgs) {
  const { template, question } = await load(args);
  // A link kept from when it was a draft: back to the version, saying why.
  if (template.status !== "DRAFT") throw await redirectWithMessage(`/admin/surveys/${template.id}`, notADraft(template.status));
  return {
    template: { id: template.id, title: template.title },
    isNew: question === null,
    defaultValue: question
      ? {
          type: question.type,
          prompt: question.prompt,
          helpText: question.helpText,
          required: question.required ? "on" : undefined,
          reverseScored: question.reverseScored ? "on" : undefined,
          freeTextEnabled: question.freeTextEnabled ? "on" : undefined,
          lastChoiceExclusive: question.lastChoiceExclusive ? "on" : undefined,
          options: parseOptions(question.options).join("\n"),
          coreKey: question.coreKey ?? "",
        }
      : { type: "AGREEMENT", required: "on" },
    version: question ? questionVersion(question) : null,
    formToken: question ? null : newFormToken(),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, template, question } = await load(args);
  const submission = parseSubmission(await args.request.formData(), { schema: questionSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const saved = await saveQuestion(user, template.id, question?.id ?? null, submission.value);
  if ("changedMeanwhile" in saved) {
    const { reply, version } = changedMeanwhileReply(submission, "this question", saved);
    return data({ form: reply, version }, { status: 409 });
  }
  if (!saved.ok) {
    const reply = saved.field ? submission.reply({ fieldErrors: { [saved.field]: [saved.message] } }) : submission.reply({ formErrors: [saved.message] });
    return data({ form: reply }, { status: 400 });
  }
  if ("repeat" in saved && saved.repeat) {
    return redirectWithMessage(`/admin/surveys/${template.id}`, sentAlready("its question added"));
  }
  if (!saved.changed) return redirectWithMessage(`/admin/surveys/${template.id}`, "Nothing changed: the question was already up to date");
  return redirectWithMessage(`/admin/surveys/${template.id}`, question ? "Question saved" : "Question added");
}

export default function SurveyQuestion() {
  const { template, isNew, defaultValue, version, formToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/admin/surveys/${template.id}`}>Back to {template.title}</Link>
      </p>
      <h1>{isNew ? "Add a question" : "Edit a question"}</h1>
      <QuestionForm
        lastResult={actionData?.form}
        defaultValue={defaultValue}
        submitLabel={isNew ? "Add question" : "Save question"}
        version={version ? versionToSend(actionData, version) : undefined}
        formToken={formToken ?? undefined}
      />
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { TemplateForm } from "~/components/survey-template-forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { templateSchema } from "~/lib/survey-schemas";
import { newFormToken } from "~/models/sent-forms.server";
import { createTemplate } from "~/models/survey-templates.server";
import { listTopics } from "~/models/topics.server";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";
import { sentAlready } from "~/lib/sent-once";

export const meta: MetaFunction = () => [{ title: "Create a survey template – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "surveys:manage-templates");
  return { topics: (await listTopics(user)).map((t) => ({ id: t.id, title: t.title })), formToken: newFormToken() };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "surveys:manage-templates");
  const submission = parseSubmission(await args.request.formData(), { schema: templateSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const template = await createTemplate(user, submission.value);
  if ("otherDetails" in template) return data({ form: submission.reply(refusalErrors(template)) }, { status: 400 });
  if (template.repeat) return redirectWithMessage(`/admin/surveys/${template.id}`, sentAlready("its draft created"));
  return redirectWithMessage(`/admin/surveys/${template.id}`, "Draft created: now add its questions");
}

export default function NewTemplate() {
  const actionData = useActionData<typeof action>();
  const { topics, formToken } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to="/admin/surveys">Back to survey templates</Link>
      </p>
      <h1>Create a survey template</h1>
      <TemplateForm lastResult={actionData?.form} submitLabel="Create draft" topics={topics} formToken={formToken} />
    </div>
  );
}

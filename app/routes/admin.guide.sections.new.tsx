import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton, useSchemaForm } from "~/components/forms";
import { SectionFields } from "~/components/guide-admin";
import { redirectWithMessage } from "~/lib/flash.server";
import { sectionSchema } from "~/lib/guide-forms";
import { createSection } from "~/models/guide-sections.server";
import { newFormToken } from "~/models/sent-forms.server";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";
import { sentAlready } from "~/lib/sent-once";

export const meta: MetaFunction = () => [{ title: "Add a section – Guide editor – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "guide:edit");
  return { formToken: newFormToken() };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "guide:edit");
  const submission = parseSubmission(await args.request.formData(), { schema: sectionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createSection(user, submission.value);
  if (!result.ok) return data(submission.reply(refusalErrors(result)), { status: 400 });
  if (result.repeat) return redirectWithMessage("/admin/guide", sentAlready("its section added"));
  return redirectWithMessage("/admin/guide", `Section "${submission.value.title}" added. It appears in the guide once it has a published page.`);
}

export default function NewSection() {
  const { formToken } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("new-section", sectionSchema, lastResult);
  return (
    <>
      <p className="mb-4 text-base">
        <Link to="/admin/guide">Back to the guide editor</Link>
      </p>
      <h1>Add a section</h1>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="formToken" value={formToken} />
        <SectionFields fields={fields} />
        <SubmitButton pendingText="Adding…">Add section</SubmitButton>
      </Form>
    </>
  );
}

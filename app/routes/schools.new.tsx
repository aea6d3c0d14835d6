import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton, useSchemaForm } from "~/components/forms";
import { SchoolFields } from "~/components/school-fields";
import { redirectWithMessage } from "~/lib/flash.server";
import { schoolSchema } from "~/lib/school-form";
import { localityOptions } from "~/models/localities.server";
import { createSchool } from "~/models/schools.server";
import { newFormToken } from "~/models/sent-forms.server";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";
import { sentAlready } from "~/lib/sent-once";

export const meta: MetaFunction = () => [{ title: "Add a school – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "schools:manage");
  return { localities: await localityOptions(user), formToken: newFormToken() };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "schools:manage");
  const submission = parseSubmission(await args.request.formData(), { schema: schoolSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createSchool(user, submission.value);
  if (!result.ok) return data(submission.reply(refusalErrors(result)), { status: 400 });
  if (result.repeat) return redirectWithMessage(`/schools/${result.school.id}`, sentAlready(`${result.school.name} added`));
  return redirectWithMessage(`/schools/${result.school.id}`, `${result.school.name} has been added`);
}

export default function NewSchool() {
  const { localities, formToken } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("new-school", schoolSchema, lastResult, { status: "OPEN" });
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to="/schools">Back to all schools</Link>
      </p>
      <h1>Add a school</h1>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="formToken" value={formToken} />
        <SchoolFields fields={fields} localities={localities} />
        <SubmitButton pendingText="Adding school…">Add school</SubmitButton>
      </Form>
    </div>
  );
}

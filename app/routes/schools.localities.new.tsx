import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { RadioGroup } from "~/components/choices";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { localitySchema } from "~/lib/localities";
import { LOCAL_AUTHORITY_NAMES } from "~/lib/schools";
import { createLocality } from "~/models/localities.server";
import { newFormToken } from "~/models/sent-forms.server";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";
import { sentAlready } from "~/lib/sent-once";

export const meta: MetaFunction = () => [{ title: "Add a locality – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "localities:manage");
  return { formToken: newFormToken() };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "localities:manage");
  const submission = parseSubmission(await args.request.formData(), { schema: localitySchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createLocality(user, submission.value);
  if (!result.ok) return data(submission.reply(refusalErrors(result)), { status: 400 });
  if (result.value.repeat) return redirectWithMessage(`/schools/localities/${result.value.id}`, sentAlready("its locality added"));
  return redirectWithMessage(`/schools/localities/${result.value.id}`, `${submission.value.name} has been added. Now map its districts or wards.`);
}

export default function NewLocality() {
  const { formToken } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("new-locality", localitySchema, lastResult);
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to="/schools/localities">Back to localities</Link>
      </p>
      <h1>Add a locality</h1>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="formToken" value={formToken} />
        <TextField meta={fields.name} label="Name" hint="For example, West Leicester or Charnwood" />
        <RadioGroup meta={fields.localAuthority} legend="Local authority" options={LOCAL_AUTHORITY_NAMES.map((name) => ({ value: name, label: name }))} />
        <SubmitButton pendingText="Adding locality…">Add locality</SubmitButton>
      </Form>
    </div>
  );
}

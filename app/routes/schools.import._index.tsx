import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { CheckboxField } from "~/components/choices";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { uploadedFile } from "~/lib/uploads";
import { readUpload } from "~/lib/uploads.server";
import { stageImport } from "~/models/gias-import.server";
import { parseSubmission } from "~/lib/submission.server";

const schema = z.object({
  file: uploadedFile({ missing: "Select a CSV file" }),
  includeClosed: z.boolean().optional(),
  includeOtherPhases: z.boolean().optional(),
});

export const meta: MetaFunction = () => [{ title: "Import schools from GIAS – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "schools:manage");
  return null;
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "schools:manage");
  const upload = await readUpload(args.request);
  if (!upload.ok) {
    return data(parseSubmission(new FormData(), { schema }).reply({ fieldErrors: { file: [upload.message] } }), { status: 400 });
  }
  const submission = parseSubmission(upload.formData, { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { file, includeClosed = false, includeOtherPhases = false } = submission.value;
  const staged = await stageImport(user, {
    fileName: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
    options: { includeClosed, includeOtherPhases },
  });
  if (!staged.ok) return data(submission.reply({ fieldErrors: { file: [staged.message] } }), { status: 400 });
  return redirect(`/schools/import/${staged.importId}`);
}

export default function ImportSchools() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("gias-import", schema, lastResult, undefined, { shouldRevalidate: "onSubmit" });
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to="/schools">Back to all schools</Link>
      </p>
      <h1>Import schools from GIAS</h1>
      <p className="mb-4">
        Get Information About Schools (GIAS) is the government&apos;s register of schools. Upload its list of establishments to add new schools and bring the
        details of existing ones up to date.
      </p>
      <ol className="mb-8 list-decimal space-y-1 pl-8">
        <li>In GIAS, search for establishments in Leicester, Leicestershire and Rutland.</li>
        <li>Download the results as a CSV file with all establishment fields.</li>
        <li>Upload it here. You will see what would change before anything is saved.</li>
      </ol>
      <ErrorSummary form={form} />
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <TextField
          meta={fields.file}
          type="file"
          accept=".csv,text/csv"
          label="GIAS CSV file"
          hint="Up to 20 MB and 5,000 rows. Files saved as UTF-8 or Windows-1252 (as GIAS gives them) both work. Schools outside Leicester, Leicestershire and Rutland are left out."
        />
        <fieldset className="mb-8">
          <legend className="label mb-2">Also import</legend>
          <CheckboxField meta={fields.includeClosed} label="Closed establishments" hint="For example, to record that a school in the forum has closed." />
          <CheckboxField
            meta={fields.includeOtherPhases}
            label="Primary, middle, nursery and post-16 establishments"
            hint="Normally only secondary-age schools, special schools, pupil referral units and alternative provision are imported."
          />
        </fieldset>
        <SubmitButton pendingText="Checking the file…">Upload and check</SubmitButton>
      </Form>
    </div>
  );
}

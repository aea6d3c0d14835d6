import { getFormProps, type FieldMetadata } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { academicYearOf, formatAcademicYear } from "~/lib/academic-year";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseIntent, parseSubmission } from "~/lib/submission.server";
import { retentionSchema } from "~/lib/mvp-schemas";
import { retentionSummary } from "~/lib/mvp-retention";
import { listCohortsHoldingNames, removeDueNames, setRetentionYears } from "~/models/mvp-retention.server";
import { TableHead } from "~/components/table-head";
import { DataTable } from "~/components/data-table";
import { counted } from "~/lib/numbers";

export const meta: MetaFunction = () => [{ title: "Keeping and removing mentors' names – MVP – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "mvp:manage-retention");
  const now = new Date();
  const { years, cohorts } = await listCohortsHoldingNames(user, now);
  return { years, cohorts, example: retentionSummary(years, academicYearOf(now)) };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "mvp:manage-retention");
  const formData = await args.request.formData();
  if (parseIntent(formData, ["remove-due", "save"]) === "remove-due") {
    const removed = await removeDueNames(user);
    const mentors = removed.reduce((sum, cohort) => sum + cohort.mentors, 0);
    return redirectWithMessage(
      "/mvp/retention",
      removed.length === 0
        ? "No cohort's names were due to be removed, so nothing was changed."
        : `Names removed from ${counted(removed.length, "cohort")} (${counted(mentors, "mentor")}). Every count is kept.`,
    );
  }
  const submission = parseSubmission(formData, { schema: retentionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { changed } = await setRetentionYears(user, submission.value.years);
  return redirectWithMessage(
    "/mvp/retention",
    changed ? "Retention period saved" : `Nothing changed: the retention period was already ${counted(submission.value.years, "year")}`,
  );
}

export default function MvpRetention() {
  const { years, cohorts, example } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("retention", retentionSchema, lastResult, { years: String(years) });
  const due = cohorts.filter((c) => c.due);
  return (
    <>
      <p className="mb-4">
        <Link to="/mvp">Back to MVP</Link>
      </p>
      <h1>Keeping and removing mentors&apos; names</h1>
      <div className="mb-8 max-w-3xl space-y-4">
        <p className="text-xl">Mentors are children, so their names are kept only as long as schools need them.</p>
        <p>
          After a cohort&apos;s academic year ends, its mentors&apos; names are kept for the number of years you set here, then replaced with “Mentor 1”,
          “Mentor 2” and so on. They are always kept through the following year, when those mentors still lead lessons. This happens automatically each hour.
          Training, lessons and every count are kept. {example}
        </p>
      </div>

      <div className="mb-12 max-w-xl">
        <ErrorSummary form={form} />
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="save" />
          <TextField
            meta={fields.years as unknown as FieldMetadata<string | undefined>}
            label="Years to keep names after the academic year ends"
            hint="A whole number from 0 to 10. 0 or 1 removes names once the mentors' year of leading lessons after it ends."
            inputMode="numeric"
            width="max-w-32"
          />
          <SubmitButton pendingText="Saving…">Save retention period</SubmitButton>
        </Form>
      </div>

      <h2>Cohorts from past years that still hold names</h2>
      {cohorts.length === 0 ? (
        <p>None: every past cohort&apos;s names have been removed.</p>
      ) : (
        <DataTable caption={<>Past cohorts still holding mentors&apos; names</>}>
          <TableHead columns={["Cohort", "School", "Mentors", "Names removed"]} />
          <tbody>
            {cohorts.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={`/mvp/cohorts/${c.id}`}>{c.label}</Link>
                </th>
                <td>{c.school.name}</td>
                <td>{c.mentors}</td>
                <td>
                  {c.due ? <strong className="tag tag-red">Due now</strong> : `On 1 September ${c.removalYear} (start of ${formatAcademicYear(c.removalYear)})`}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {due.length > 0 ? (
        <Form method="post" className="panel mt-8 max-w-3xl">
          <p className="mb-4">
            {counted(due.length, "cohort is", "cohorts are")} due. The hourly job will remove these names; you can do it now instead. This cannot be undone.
          </p>
          <SubmitButton name="intent" value="remove-due" variant="warning" pendingText="Removing names…">
            Remove names that are due now
          </SubmitButton>
        </Form>
      ) : null}
    </>
  );
}

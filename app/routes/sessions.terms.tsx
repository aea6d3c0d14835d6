import { getFormProps, type FieldMetadata } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { z } from "zod";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { EditVersionInput, ErrorSummary, FilterProblemsSummary, FilterSelect, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { academicYearOf, formatAcademicYear, TERMS } from "~/lib/academic-year";
import { readYearChoice } from "~/lib/filter-choices";
import { DATE_WINDOWS, dateInputLimits } from "~/lib/date-fields";
import { redirectWithMessage } from "~/lib/flash.server";
import { TERM_NAMES, termsFromForm, termsSchema, termYearsAround } from "~/lib/terms";
import { saveTerms, termsForYear } from "~/models/terms.server";
import { parseButtonForm, parseSubmission } from "~/lib/submission.server";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";

export const meta: MetaFunction = () => [{ title: "Term dates – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const now = new Date();
  const years = termYearsAround(now);
  // A year the lead may set, from the address; else the current one, and the year field says why.
  const { year, problem } = readYearChoice(new URL(args.request.url).searchParams, {
    offered: years,
    fallback: academicYearOf(now),
    message: "Term dates can be set from last academic year to the year after next: choose one from the list",
  });
  const { terms, recorded, version } = await termsForYear(user, year);
  return data({ year, terms, recorded, years, problem, version }, { status: problem ? 400 : 200 });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const formData = await args.request.formData();
  // The year is the page's hidden field: one not as the page wrote it (sent twice, not a number) has no
  // place by it for a message, so the form is refused whole.
  parseButtonForm(
    formData,
    z.object({ academicYear: termsSchema.shape.academicYear }),
    "This form could not be matched to the year its page showed. Reload the page and send the form again.",
  );
  const submission = parseSubmission(formData, { schema: termsSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const year = submission.value.academicYear;
  if (!termYearsAround(new Date()).includes(year)) {
    return data({ form: submission.reply({ formErrors: ["Term dates can be set from last academic year to the year after next"] }) }, { status: 400 });
  }
  const result = await saveTerms(user, year, termsFromForm(submission.value), submission.value.version);
  if ("changedMeanwhile" in result) {
    const { reply, version } = changedMeanwhileReply(submission, `the term dates for ${formatAcademicYear(year)}`, result, { plural: true });
    return data({ form: reply, version }, { status: 409 });
  }
  if (!result.ok) {
    const fieldErrors = Object.fromEntries(result.problems.map((p) => [p.field, [p.message]]));
    return data({ form: submission.reply({ fieldErrors }) }, { status: 400 });
  }
  if (!result.changed) {
    return redirectWithMessage(`/sessions/terms?year=${year}`, `Nothing changed: the term dates for ${formatAcademicYear(year)} were already up to date`);
  }
  return redirectWithMessage(`/sessions/terms?year=${year}`, `Term dates saved for ${formatAcademicYear(year)}`);
}

export default function TermDates() {
  const { year, terms, recorded, years, problem, version } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const defaults = Object.fromEntries([["academicYear", String(year)], ...terms.map(({ name, ...dates }) => [name, dates])]);
  const [form, fields] = useSchemaForm(`terms-${year}`, termsSchema, actionData?.form, defaults, { shouldRevalidate: "onSubmit" });
  const limits = dateInputLimits(DATE_WINDOWS.term);
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to="/sessions/schedule">Back to the schedule</Link>
      </p>
      <h1>Term dates</h1>
      <p className="mb-6">
        Scheduling warns you when a session falls on a weekend, in a half-term or in the school holidays. It still schedules it: this is a check, not a rule.
      </p>
      <div role="search" aria-labelledby="choose-year" className="mb-8 border-2 border-line p-4">
        <FilterProblemsSummary id="filter" problems={problem ? { year: problem } : null} />
        <Form method="get" key={year}>
          <h2 id="choose-year">Choose the academic year</h2>
          <FilterSelect
            name="year"
            label="Academic year"
            value={formatAcademicYear(year)}
            options={years.map((y) => ({ value: formatAcademicYear(y), label: formatAcademicYear(y) }))}
            all={null}
            error={problem ?? undefined}
          />
          <button type="submit" className="button button-secondary">
            Show this year
          </button>
        </Form>
      </div>
      <h2>{formatAcademicYear(year)}</h2>
      {recorded ? null : (
        <p className="panel mb-6">
          The terms for {formatAcademicYear(year)} are not recorded yet. These are usual dates to start from: check them against your local authorities'
          published term dates, then save.
        </p>
      )}
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="academicYear" value={year} />
        <EditVersionInput version={versionToSend(actionData, version)} />
        {TERMS.map((name) => {
          const term = fields[name].getFieldset();
          const field = (meta: FieldMetadata<string>) => meta as FieldMetadata<string | undefined>;
          return (
            <fieldset key={name} className="mb-8">
              <legend className="mb-4 text-2xl font-bold">{TERM_NAMES[name]}</legend>
              <TextField meta={field(term.startsOn)} label="First day of term" type="date" width="max-w-xs" limits={limits} />
              <TextField meta={field(term.halfTermStartsOn)} label="First day of half-term" type="date" width="max-w-xs" limits={limits} />
              <TextField meta={field(term.halfTermEndsOn)} label="Last day of half-term" type="date" width="max-w-xs" limits={limits} />
              <TextField meta={field(term.endsOn)} label="Last day of term" type="date" width="max-w-xs" limits={limits} />
            </fieldset>
          );
        })}
        <SubmitButton pendingText="Saving…">Save term dates</SubmitButton>
      </Form>
    </div>
  );
}

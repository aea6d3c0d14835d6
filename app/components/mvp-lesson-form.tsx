import { getFormProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { RECOMMENDED_LEADERS, YEAR_GROUPS } from "~/lib/mvp";
import { lessonSchema } from "~/lib/mvp-schemas";
import { EditVersionInput, ErrorSummary, SelectField, SubmitButton, TextareaField, TextField, useSchemaForm } from "./forms";
import { CheckboxGroup } from "./choices";
import { DATE_WINDOWS, dateInputLimits } from "~/lib/date-fields";

export type MentorOption = { id: string; displayName: string; yearGroup: number; cohort: string; trained: boolean };

/** Records one mentor-led lesson. Mentors still in training are marked, so the choice is made knowingly. */
export function LessonForm({
  lastResult,
  defaultValue,
  mentors,
  submitLabel,
  formToken,
  version,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue?: Record<string, string | string[]>;
  mentors: MentorOption[];
  submitLabel: string;
  /** A new lesson's form: the token its page was drawn with, so sending it twice records one lesson. */
  formToken?: string;
  /** A changed lesson's form: the fingerprint of the lesson it shows (decision 0148). */
  version?: string;
}) {
  const [form, fields] = useSchemaForm("lesson", lessonSchema, lastResult, defaultValue);
  return (
    <>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="save" />
        {formToken ? <input type="hidden" name="formToken" value={formToken} /> : null}
        {version ? <EditVersionInput version={version} /> : null}
        <TextField meta={fields.deliveredOn} label="Date of the lesson" type="date" width="max-w-xs" limits={dateInputLimits(DATE_WINDOWS.past)} />
        <TextField meta={fields.className} label="Class" hint="As your school writes it, for example 8B" autoComplete="off" width="max-w-xs" />
        <SelectField
          meta={fields.yearGroup as unknown as FieldMetadata<string | undefined>}
          label="Year group of the class"
          placeholder="Select a year group"
          options={YEAR_GROUPS.map((n) => ({ value: String(n), label: `Year ${n}` }))}
        />
        <TextField
          meta={fields.pupilsPresent as unknown as FieldMetadata<string | undefined>}
          label="Pupils present"
          hint="How many pupils were in the lesson"
          inputMode="numeric"
          width="max-w-32"
        />
        {mentors.length === 0 ? (
          <p className="panel mb-6">There are no active mentors from this year&apos;s or last year&apos;s cohorts. Add a cohort and its mentors first.</p>
        ) : (
          <CheckboxGroup
            meta={fields.mentorIds}
            legend="Mentors who led the lesson"
            hint={`At least ${RECOMMENDED_LEADERS} mentors are recommended. Mentors should finish training before they lead, and lead classes younger than them.`}
            options={mentors.map((m) => ({
              value: m.id,
              label: m.displayName,
              hint: `Year ${m.yearGroup}, ${m.trained ? "trained" : "not yet trained"}`,
              group: `Cohort ${m.cohort}`,
            }))}
          />
        )}
        <TextField
          meta={fields.topic}
          label="Scenario or topic"
          hint="For example, name-calling, online abuse, controlling behaviour or knife carrying"
          autoComplete="off"
        />
        <TextareaField
          meta={fields.reflection}
          label="Reflection (optional)"
          hint="What went well and what to change next time. Do not name pupils."
          rows={4}
        />
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </Form>
    </>
  );
}

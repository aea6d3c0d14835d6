import { getFormProps, type FieldMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { openRunSchema } from "~/lib/survey-schemas";
import { CheckboxField, RadioGroup } from "./choices";
import { asCheckboxField, asTextField, ErrorSummary, SubmitButton, TextField, useSchemaForm, type FormValues, type LastResult } from "./forms";
import { DATE_WINDOWS, dateInputLimits } from "~/lib/date-fields";
import { counted } from "~/lib/numbers";
import { BEFORE_SURVEY_MINUTES_INTO_SESSION } from "~/models/survey-run-state";

/** The form for opening a survey run. `forSession`: for a booked session (not MVP), whose surveys before it close by it. */
export function OpenRunForm({
  lastResult,
  templates,
  defaultValue,
  forSession,
  formToken,
}: {
  lastResult: LastResult;
  templates: { id: string; title: string; version: number; questions: number; phaseLabel: string; topicLabel?: string | null }[];
  defaultValue?: FormValues;
  forSession: boolean;
  /** The token by which sending the form twice opens one survey (decision 0147). */
  formToken: string;
}) {
  const [form, fields] = useSchemaForm("open-run", openRunSchema, lastResult, defaultValue);
  return (
    <>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="formToken" value={formToken} />
        <RadioGroup
          meta={asTextField(fields.templateId) as FieldMetadata<unknown>}
          legend="Which survey?"
          options={templates.map((t) => ({
            value: t.id,
            label: t.title,
            hint: [t.topicLabel, t.phaseLabel, counted(t.questions, "question"), `version ${t.version}`].filter(Boolean).join("; "),
          }))}
        />
        <TextField
          meta={asTextField(fields.closesOn)}
          label="Close it at the end of (optional)"
          hint={`Pupils can answer until midnight on this day, UK time. You can also close it yourself at any time.${
            forSession ? ` A survey for before the session also closes ${BEFORE_SURVEY_MINUTES_INTO_SESSION} minutes after the session starts.` : ""
          }`}
          type="date"
          width="max-w-xs"
          limits={dateInputLimits(DATE_WINDOWS.surveyClosing)}
        />
        <TextField
          meta={asTextField(fields.maxResponses)}
          label="Close it after this many responses (optional)"
          hint="For example, the number of pupils in the class"
          inputMode="numeric"
          width="max-w-32"
        />
        <CheckboxField
          meta={asCheckboxField(fields.sharedDevices)}
          label="Pupils will share computers to answer"
          hint="After each pupil sends their answers, the computer offers a “Next pupil” button so the next person can start. Only choose this for shared computers: on a pupil's own phone, it would let one pupil answer twice."
        />
        <SubmitButton pendingText="Opening…">Open the survey</SubmitButton>
      </Form>
    </>
  );
}

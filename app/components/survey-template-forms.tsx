import { getFormProps, type FieldMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { QUESTION_TYPES } from "~/lib/survey-scoring";
import { QUESTION_TYPE_LABELS, questionSchema, templateSchema } from "~/lib/survey-schemas";
import { CheckboxField, RadioGroup } from "./choices";
import {
  asCheckboxField,
  asTextField,
  EditVersionInput,
  ErrorSummary,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
  useSchemaForm,
  type FormValues,
  type LastResult,
} from "./forms";

export function TemplateForm({
  lastResult,
  defaultValue,
  submitLabel,
  topics,
  version,
  formToken,
}: {
  lastResult: LastResult;
  defaultValue?: FormValues;
  submitLabel: string;
  topics: { id: string; title: string }[];
  /** A draft's details form: the fingerprint of the details it shows (decision 0148). */
  version?: string;
  /** A new template's form: the token by which sending it twice creates one draft (decision 0147). */
  formToken?: string;
}) {
  const [form, fields] = useSchemaForm("template", templateSchema, lastResult, defaultValue);
  return (
    <>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="details" />
        {version ? <EditVersionInput version={version} /> : null}
        {formToken ? <input type="hidden" name="formToken" value={formToken} /> : null}
        <TextField meta={asTextField(fields.title)} label="Title" hint="Pupils see it at the top of the survey" autoComplete="off" />
        <TextareaField meta={asTextField(fields.intro)} label="Introduction (optional)" hint="What pupils read before the first question" rows={3} />
        <RadioGroup
          meta={asTextField(fields.context) as FieldMetadata<unknown>}
          legend="What is it for?"
          options={[
            { value: "BOOKING", label: "A session a school has booked" },
            { value: "MVP", label: "Mentors in Violence Prevention" },
          ]}
        />
        <RadioGroup
          meta={asTextField(fields.phase) as FieldMetadata<unknown>}
          legend="When do pupils answer it?"
          options={[
            { value: "BEFORE", label: "Before", hint: "Before a session, or before mentor training" },
            { value: "AFTER", label: "After", hint: "After a session, or after mentor training" },
            { value: "FEEDBACK", label: "Feedback on a lesson led by mentors", hint: "MVP only" },
          ]}
        />
        <SelectField
          meta={asTextField(fields.topicId)}
          label="Topic (optional)"
          hint="For a session: the topic it is written for. Bookings of that topic offer it first, and before and after are compared only within one topic's surveys."
          placeholder="Any topic"
          options={topics.map((t) => ({ value: t.id, label: t.title }))}
        />
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </Form>
    </>
  );
}

export function FreeTextWarning() {
  return (
    <div className="mb-6 border-l-8 border-danger bg-surface p-4" role="note">
      <p className="font-bold">Safeguarding: free text can prompt a disclosure</p>
      <p>
        A pupil may write about harm to themselves or someone else. Only the VRN schools lead sees written answers, and they must be read promptly and acted on
        under the safeguarding procedure. They are never exported.
      </p>
    </div>
  );
}

export function QuestionForm({
  lastResult,
  defaultValue,
  submitLabel,
  version,
  formToken,
}: {
  lastResult: LastResult;
  defaultValue?: FormValues;
  submitLabel: string;
  /** A changed question's form: the fingerprint of the question it shows (decision 0148). */
  version?: string;
  /** A new question's form: the token by which sending it twice adds one question (decision 0147). */
  formToken?: string;
}) {
  const [form, fields] = useSchemaForm("question", questionSchema, lastResult, defaultValue);
  return (
    <>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        {version ? <EditVersionInput version={version} /> : null}
        {formToken ? <input type="hidden" name="formToken" value={formToken} /> : null}
        <SelectField
          meta={asTextField(fields.type)}
          label="Type of question"
          options={QUESTION_TYPES.map((t) => ({ value: t, label: QUESTION_TYPE_LABELS[t]! }))}
        />
        <TextareaField meta={asTextField(fields.prompt)} label="Question or statement" hint="Short and plain: pupils are 11 to 16" rows={2} />
        <TextField meta={asTextField(fields.helpText)} label="Help text (optional)" hint="Shown under the question" autoComplete="off" />
        <CheckboxField meta={asCheckboxField(fields.required)} label="Pupils must answer it" />
        <TextareaField
          meta={asTextField(fields.options)}
          label="Choices (single and multiple choice only)"
          hint="One choice a line, in the order pupils see them"
          rows={5}
        />
        <fieldset className="mb-6">
          <legend className="label">Multiple choice only</legend>
          <CheckboxField
            meta={asCheckboxField(fields.lastChoiceExclusive)}
            label="The last choice is an answer on its own"
            hint="For a last choice such as “I would not tell anyone” or “None of these”: a pupil who chooses it cannot choose another as well"
          />
        </fieldset>
        <fieldset className="mb-6">
          <legend className="label">Agreement scale only</legend>
          <CheckboxField
            meta={asCheckboxField(fields.reverseScored)}
            label="Worded negatively (scored in reverse)"
            hint="For statements such as “Carrying a knife makes you safer”, where disagreeing is the better answer"
          />
          <TextField
            meta={asTextField(fields.coreKey)}
            label="Core key (optional)"
            hint="Questions with the same key are compared before and after, for example law, knife-safer, where-help, tell-adult"
            autoComplete="off"
            width="max-w-xs"
          />
        </fieldset>
        <fieldset className="mb-6">
          <legend className="label">Free text only</legend>
          <FreeTextWarning />
          <CheckboxField
            meta={asCheckboxField(fields.freeTextEnabled)}
            label="Turn on: let pupils type an answer"
            hint="Off by default. While off, pupils do not see the question."
          />
        </fieldset>
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </Form>
    </>
  );
}

import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatAcademicYear } from "~/lib/academic-year";
import { GENDER_LABELS, MENTOR_GENDERS, YEAR_GROUPS } from "~/lib/mvp";
import { cohortSchema, mentorSchema, moduleSchema, staffTrainingSchema } from "~/lib/mvp-schemas";
import {
  asTextField,
  ErrorSummary,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
  useSchemaForm,
  type FormValues as Values,
  type LastResult,
} from "./forms";
import { CheckboxGroup, RadioGroup } from "./choices";

const useMvpForm = useSchemaForm;
const asText = asTextField;

const YEAR_GROUP_OPTIONS = YEAR_GROUPS.map((n) => ({ value: String(n), label: `Year ${n}` }));

export function StaffTrainingForm({ lastResult, defaultValue, submitLabel }: { lastResult: LastResult; defaultValue?: Values; submitLabel: string }) {
  const [form, fields] = useMvpForm("staff-training", staffTrainingSchema, lastResult, defaultValue);
  return (
    <>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <TextField meta={fields.name} label="Name" autoComplete="off" />
        <TextField meta={fields.role} label="Role" hint="For example, Head of Year 10 or Pastoral lead" autoComplete="off" />
        <TextField meta={fields.trainedOn} label="Date of the training" type="date" width="max-w-xs" />
        <TextField meta={fields.trainer} label="Trainer" hint="Who delivered the staff training" autoComplete="off" />
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </Form>
    </>
  );
}

export function CohortForm({
  lastResult,
  defaultValue,
  years,
  submitLabel,
}: {
  lastResult: LastResult;
  defaultValue?: Values;
  years: number[];
  submitLabel: string;
}) {
  const [form, fields] = useMvpForm("cohort", cohortSchema, lastResult, defaultValue);
  return (
    <>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <SelectField
          meta={asText(fields.academicYear)}
          label="Academic year"
          options={years.map((y) => ({ value: String(y), label: formatAcademicYear(y) }))}
        />
        <CheckboxGroup meta={fields.yearGroups} legend="Mentors’ year groups" hint="Select all that apply." options={YEAR_GROUP_OPTIONS} inline />
        <TextField meta={fields.trainingDates} label="Training dates" hint="For example, 14 and 15 October 2026" autoComplete="off" />
        <TextField meta={fields.trainers} label="Trainers" hint="The staff who train the mentors" autoComplete="off" />
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </Form>
    </>
  );
}

export function MentorForm({
  lastResult,
  defaultValue,
  submitLabel,
  heading,
}: {
  lastResult: LastResult;
  defaultValue?: Values;
  submitLabel: string;
  heading?: ReactNode;
}) {
  const [form, fields] = useMvpForm("mentor", mentorSchema, lastResult, defaultValue);
  return (
    <>
      {heading}
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="mentor" />
        <TextField
          meta={fields.displayName}
          label="First name and initial, or a pseudonym"
          hint="For example, Aisha K. Never a full name, date of birth or contact details."
          autoComplete="off"
          width="max-w-xs"
        />
        <SelectField meta={asText(fields.yearGroup)} label="Year group" placeholder="Select a year group" options={YEAR_GROUP_OPTIONS} />
        <RadioGroup
          meta={fields.gender}
          legend="Gender (optional)"
          options={[...MENTOR_GENDERS.map((g) => ({ value: g, label: GENDER_LABELS[g] })), { value: "", label: "Not recorded" }]}
          inline
        />
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </Form>
    </>
  );
}

export function ModuleForm({ lastResult, defaultValue, submitLabel }: { lastResult: LastResult; defaultValue?: Values; submitLabel: string }) {
  const [form, fields] = useMvpForm("module", moduleSchema, lastResult, defaultValue);
  return (
    <>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="save" />
        <TextField meta={fields.title} label="Title" hint="For example, Scenario: online abuse" autoComplete="off" />
        <TextareaField meta={fields.description} label="Description (optional)" hint="What mentors learn in this module" rows={3} />
        <RadioGroup
          meta={fields.required}
          legend="Must every mentor complete it to count as trained?"
          options={[
            { value: "yes", label: "Yes, required" },
            { value: "no", label: "No, optional" },
          ]}
          inline
        />
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </Form>
    </>
  );
}

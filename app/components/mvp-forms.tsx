import { getFormProps, type FormMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatAcademicYear } from "~/lib/academic-year";
import { GENDER_LABELS, MAX_MENTORS_PER_COHORT, MENTOR_GENDERS, YEAR_GROUPS } from "~/lib/mvp";
import { MAX_MENTORS_PER_PASTE } from "~/lib/mentor-list";
import type { RefusedLine } from "~/lib/mentor-list";
import { cohortSchema, mentorListSchema, mentorSchema, moduleSchema, staffTrainingSchema } from "~/lib/mvp-schemas";
import {
  asTextField,
  EditVersionInput,
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
import { DATE_WINDOWS, dateInputLimits } from "~/lib/date-fields";

/** Every MVP form: the error summary, then the fields in a post form that ends with its save button. */
function MvpFormShell<Schema extends Record<string, unknown>>({
  form,
  submitLabel,
  heading,
  version,
  formToken,
  children,
}: {
  form: FormMetadata<Schema, string[]>;
  submitLabel: string;
  heading?: ReactNode;
  /** An edit form's fingerprint of the record it shows (decision 0148). */
  version?: string;
  /** A form that makes a record: the token by which sending it twice saves once (decision 0147). */
  formToken?: string;
  children: ReactNode;
}) {
  return (
    <>
      {heading}
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        {version ? <EditVersionInput version={version} /> : null}
        {formToken ? <input type="hidden" name="formToken" value={formToken} /> : null}
        {children}
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </Form>
    </>
  );
}

/**
 * A form that adds a record, with the page's `formToken` (decision 0147), or, with `version` (decision
 * 0148), changes one.
 */
type EditFormProps = { lastResult: LastResult; defaultValue?: Values; submitLabel: string; version?: string; formToken?: string };

const YEAR_GROUP_OPTIONS = YEAR_GROUPS.map((n) => ({ value: String(n), label: `Year ${n}` }));

/** Records a member of staff's MVP training: who, their role, when and who trained them. */
export function StaffTrainingForm({ lastResult, defaultValue, submitLabel, version, formToken }: EditFormProps) {
  const [form, fields] = useSchemaForm("staff-training", staffTrainingSchema, lastResult, defaultValue);
  return (
    <MvpFormShell form={form} submitLabel={submitLabel} version={version} formToken={formToken}>
      <TextField meta={fields.name} label="Name" autoComplete="off" />
      <TextField meta={fields.role} label="Role" hint="For example, Head of Year 10 or Pastoral lead" autoComplete="off" />
      <TextField meta={fields.trainedOn} label="Date of the training" type="date" width="max-w-xs" limits={dateInputLimits(DATE_WINDOWS.past)} />
      <TextField meta={fields.trainer} label="Trainer" hint="Who delivered the staff training" autoComplete="off" />
    </MvpFormShell>
  );
}

/** Sets up a mentor cohort: its academic year, the mentors' year groups, and when and by whom they are trained. */
export function CohortForm({ lastResult, defaultValue, years, submitLabel, version, formToken }: EditFormProps & { years: number[] }) {
  const [form, fields] = useSchemaForm("cohort", cohortSchema, lastResult, defaultValue);
  return (
    <MvpFormShell form={form} submitLabel={submitLabel} version={version} formToken={formToken}>
      <SelectField
        meta={asTextField(fields.academicYear)}
        label="Academic year"
        options={years.map((y) => ({ value: String(y), label: formatAcademicYear(y) }))}
      />
      <CheckboxGroup meta={fields.yearGroups} legend="Mentors' year groups" hint="Select all that apply." options={YEAR_GROUP_OPTIONS} inline />
      <TextField
        meta={fields.trainingDates}
        label="Notes on training (optional)"
        hint="For example, the venue. Add the training days themselves as sessions on the cohort's page."
        autoComplete="off"
      />
      <TextField meta={fields.trainers} label="Trainers" hint="The staff who train the mentors" autoComplete="off" />
    </MvpFormShell>
  );
}

/** Adds or changes a mentor, named only by first name and initial or a pseudonym. `heading` sits above the error summary. */
export function MentorForm({ lastResult, defaultValue, submitLabel, heading, version, formToken }: EditFormProps & { heading?: ReactNode }) {
  const [form, fields] = useSchemaForm("mentor", mentorSchema, lastResult, defaultValue);
  return (
    <MvpFormShell form={form} submitLabel={submitLabel} heading={heading} version={version} formToken={formToken}>
      <input type="hidden" name="intent" value="mentor" />
      <TextField
        meta={fields.displayName}
        label="First name and initial, or a pseudonym"
        hint="For example, Aisha K. Never a full name, date of birth or contact details."
        autoComplete="off"
        width="max-w-xs"
      />
      <SelectField meta={asTextField(fields.yearGroup)} label="Year group" placeholder="Select a year group" options={YEAR_GROUP_OPTIONS} />
      <RadioGroup
        meta={fields.gender}
        legend="Gender (optional)"
        options={[...MENTOR_GENDERS.map((g) => ({ value: g, label: GENDER_LABELS[g] })), { value: "", label: "Not recorded" }]}
        inline
      />
    </MvpFormShell>
  );
}

/**
 * Adds several mentors at once, pasted one per line, all in one year group (the cohort's, to start
 * with). `refused` lists the lines the server refused and why; nothing was saved then. `formToken` is the
 * page's token for this form (decision 0147).
 */
export function MentorListForm({
  lastResult,
  yearGroup,
  refused,
  formToken,
}: {
  lastResult: LastResult;
  yearGroup: number | null;
  refused: RefusedLine[];
  formToken?: string;
}) {
  const [form, fields] = useSchemaForm("mentor-list", mentorListSchema, lastResult, yearGroup ? { yearGroup: String(yearGroup) } : undefined);
  return (
    <MvpFormShell
      form={form}
      submitLabel="Add these mentors"
      formToken={formToken}
      heading={
        <>
          <h2 id="add-mentors">Add several mentors</h2>
          <p className="mb-6">
            Paste or type one mentor per line, up to {MAX_MENTORS_PER_PASTE} at a time and {MAX_MENTORS_PER_COHORT} in a cohort. If any line cannot be added,
            none are, and each problem is listed so you can fix it.
          </p>
        </>
      }
    >
      <input type="hidden" name="intent" value="paste" />
      {refused.length > 0 ? (
        <div className="mb-6 border-4 border-danger p-4">
          <h3 className="text-xl">Lines that could not be added</h3>
          <ul className="list-disc pl-6">
            {refused.map((r) => (
              <li key={r.line}>{r.line > 0 ? `Line ${r.line}, “${r.text}”: ${r.reason}` : r.reason}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <TextareaField
        meta={fields.names}
        label="Mentors, one per line"
        hint="A first name and initial, like Aisha K., or a pseudonym. Never a full name."
        rows={8}
      />
      <SelectField meta={asTextField(fields.yearGroup)} label="Which year are they in?" placeholder="Select a year group" options={YEAR_GROUP_OPTIONS} />
    </MvpFormShell>
  );
}

/** Adds or changes a mentor training module and whether every mentor must complete it. */
export function ModuleForm({ lastResult, defaultValue, submitLabel, version, formToken }: EditFormProps) {
  const [form, fields] = useSchemaForm("module", moduleSchema, lastResult, defaultValue);
  return (
    <MvpFormShell form={form} submitLabel={submitLabel} version={version} formToken={formToken}>
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
    </MvpFormShell>
  );
}

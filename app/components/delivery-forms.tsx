import { getFormProps, type FieldMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import {
  attendanceSchema,
  DELIVERY_FORMATS,
  deliverySchema,
  FORMAT_LABELS,
  leadBookingSchema,
  NOT_TAKEN_PLACE_REASONS,
  reasonSchema,
  topicSchema,
} from "~/lib/delivery-schemas";
import { DATE_WINDOWS, dateInputLimits } from "~/lib/date-fields";
import { describeYearGroups, SCHOOL_YEAR_GROUPS } from "~/lib/year-groups";
import { CheckboxField, CheckboxGroup, RadioGroup } from "./choices";
import {
  asCheckboxField,
  asTextField,
  EditVersionInput,
  ErrorSummary,
  fieldError,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
  useSchemaForm,
  type FormValues as Values,
  type LastResult,
} from "./forms";
import { counted } from "~/lib/numbers";

/** The date inputs for other days of the same session (the schedule form's campaign week). */
const OTHER_DATES = [
  ["anotherDate1", "First other date"],
  ["anotherDate2", "Second other date"],
  ["anotherDate3", "Third other date"],
] as const;

const YEAR_OPTIONS = SCHOOL_YEAR_GROUPS.map((n) => ({ value: String(n), label: `Year ${n}` }));
const FORMAT_OPTIONS = DELIVERY_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f]! }));

export function TopicForm({
  lastResult,
  defaultValue,
  submitLabel,
  formToken,
  version,
}: {
  lastResult: LastResult;
  defaultValue?: Values;
  submitLabel: string;
  /** A new topic's form: the token its page was drawn with, so sending it twice adds one topic (decision 0147). */
  formToken?: string;
  /** A changed topic's form: the fingerprint of the topic it shows (decision 0148). */
  version?: string;
}) {
  const [form, fields] = useSchemaForm("topic", topicSchema, lastResult, defaultValue);
  return (
    <>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        {formToken ? <input type="hidden" name="formToken" value={formToken} /> : null}
        {version ? <EditVersionInput version={version} /> : null}
        <TextField meta={fields.title} label="Title" autoComplete="off" />
        <TextareaField meta={fields.description} label="Description for teachers" hint="What pupils will learn and how the session runs" />
        <CheckboxGroup
          meta={asTextField(fields.yearGroups) as FieldMetadata<unknown>}
          legend="Suitable year groups"
          hint="Select all that apply."
          options={YEAR_OPTIONS}
          inline
        />
        <TextField
          meta={asTextField(fields.durationMinutes)}
          label="Length in minutes"
          hint="Sessions scheduled from now on take this length unless their own form gives another. Sessions already scheduled keep theirs."
          inputMode="numeric"
          width="max-w-32"
        />
        <CheckboxGroup meta={asTextField(fields.formats) as FieldMetadata<unknown>} legend="Formats" hint="Select all that apply." options={FORMAT_OPTIONS} />
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </Form>
    </>
  );
}

export function DeliveryForm({
  lastResult,
  defaultValue,
  topics,
  submitLabel,
  allowMoreDates = false,
  formToken,
  version,
}: {
  lastResult: LastResult;
  defaultValue?: Values;
  topics: { id: string; title: string }[];
  submitLabel: string;
  allowMoreDates?: boolean;
  /** A new session's form: the token its page was drawn with, so sending it twice schedules once. */
  formToken?: string;
  /** A changed session's form: the fingerprint of the session it shows (decision 0148). */
  version?: string;
}) {
  const [form, fields] = useSchemaForm("delivery", deliverySchema, lastResult, defaultValue);
  return (
    <>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        {formToken ? <input type="hidden" name="formToken" value={formToken} /> : null}
        {version ? <EditVersionInput version={version} /> : null}
        <SelectField
          meta={asTextField(fields.topicId)}
          label="Topic"
          placeholder="Select a topic"
          options={topics.map((t) => ({ value: t.id, label: t.title }))}
        />
        <TextField meta={asTextField(fields.date)} label="Date" type="date" width="max-w-xs" limits={dateInputLimits(DATE_WINDOWS.delivery)} />
        <TextField meta={asTextField(fields.time)} label="Start time" hint="UK time, 24-hour clock, for example 09:30" type="time" width="max-w-xs" />
        <TextField
          meta={asTextField(fields.durationMinutes)}
          label="Length in minutes (optional)"
          hint="Leave empty for the topic's length."
          inputMode="numeric"
          width="max-w-32"
        />
        {allowMoreDates ? (
          <fieldset className="mb-6">
            <legend className="label">Also on these dates (optional)</legend>
            <span className="hint">To schedule the same session at the same time on other days, such as a week of workshops for a campaign.</span>
            <div className="grid gap-x-6 sm:grid-cols-3">
              {OTHER_DATES.map(([name, label]) => (
                <TextField
                  key={name}
                  meta={asTextField(fields[name])}
                  label={label}
                  type="date"
                  width="max-w-xs"
                  limits={dateInputLimits(DATE_WINDOWS.delivery)}
                />
              ))}
            </div>
            <TextareaField
              meta={asTextField(fields.moreDates)}
              label="More dates, one a line"
              hint="Any more dates, day/month/year, like 17/11/2026."
              rows={3}
            />
          </fieldset>
        ) : null}
        <RadioGroup
          meta={asTextField(fields.format) as FieldMetadata<unknown>}
          legend="Format"
          options={[
            { value: "IN_SCHOOL", label: FORMAT_LABELS.IN_SCHOOL, hint: "One school; the number of schools is always 1" },
            { value: "ONLINE", label: FORMAT_LABELS.ONLINE, hint: "Many schools join at once" },
          ]}
        />
        <TextField
          meta={asTextField(fields.capacity)}
          label="Number of schools"
          hint="For online workshops; a visit to a school is always one school"
          inputMode="numeric"
          width="max-w-32"
        />
        <TextField
          meta={asTextField(fields.joiningLink)}
          label="Joining link (optional)"
          hint="For online workshops: the https address schools use to join. Only schools with a confirmed place see it."
          type="url"
          autoComplete="off"
        />
        <TextField meta={asTextField(fields.facilitatorName)} label="Facilitator's name" autoComplete="off" />
        <TextField meta={asTextField(fields.facilitatorOrg)} label="Facilitator's organisation" hint="For example, Leicestershire Police" autoComplete="off" />
        <CheckboxField meta={asCheckboxField(fields.needsConfirmation)} label="Bookings need confirmation by the VRN lead" />
        <TextField meta={asTextField(fields.closesDaysBefore)} label="Booking closes this many days before" inputMode="numeric" width="max-w-32" />
        <TextField meta={asTextField(fields.campaign)} label="Campaign (optional)" hint="For example, Operation Sceptre" autoComplete="off" />
        <TextareaField meta={asTextField(fields.notes)} label="Notes (optional)" />
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </Form>
    </>
  );
}

/**
 * The booking form. `yearGroups` are the years offered: for a school, only those its topic suits
 * (`bookableYearGroups`); for the lead, any, since the lead may widen a booking. `suits` are the topic's own
 * years, for the hint. `schools` (the lead's, booking on a school's behalf) adds the choice of school, with
 * `schoolId` chosen already when the lead came from that school.
 */
export function BookingForm({
  lastResult,
  roll,
  yearGroups,
  suits,
  schools,
  schoolId,
  formToken,
}: {
  lastResult: LastResult;
  roll: number | null;
  yearGroups: number[];
  suits: number[];
  schools: { value: string; label: string }[] | null;
  schoolId: string | null;
  formToken: string;
}) {
  // One form: the school is asked only of the lead (a school user's is never read from the form).
  const schema = schools ? leadBookingSchema : leadBookingSchema.partial({ schoolId: true });
  const [form, fields] = useSchemaForm("booking", schema, lastResult, schoolId ? { schoolId } : undefined);
  return (
    <>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="book" />
        <input type="hidden" name="formToken" value={formToken} />
        {schools ? (
          <SelectField
            meta={asTextField(fields.schoolId)}
            label="School"
            hint="Any open school. Booking rules apply as if the school booked."
            options={schools}
            placeholder="Choose a school"
          />
        ) : null}
        <CheckboxGroup
          meta={asTextField(fields.yearGroups) as FieldMetadata<unknown>}
          legend="Which year groups will attend?"
          hint={
            schools
              ? `The topic suits ${describeYearGroups(suits)}. Select all that apply, including other years where the school needs them.`
              : `The topic suits ${describeYearGroups(suits)}. Select all that apply. For other year groups, ask the VRN schools lead.`
          }
          options={yearGroups.map((n) => ({ value: String(n), label: `Year ${n}` }))}
          inline
        />
        <TextField
          meta={asTextField(fields.expectedPupils)}
          label="How many pupils do you expect?"
          hint={roll ? `Your school has ${counted(roll, "pupil")} on roll.` : undefined}
          inputMode="numeric"
          width="max-w-32"
        />
        <TextField meta={asTextField(fields.contactName)} label="Contact on the day" hint="A member of staff the facilitator can ask for" autoComplete="name" />
        <TextField meta={asTextField(fields.contactPhone)} label="Contact's phone number" type="tel" autoComplete="tel" width="max-w-xs" />
        <TextareaField
          meta={asTextField(fields.accessNeeds)}
          label="Access or SEND needs (optional)"
          hint="Anything the facilitator should know to include every pupil"
          rows={3}
        />
        <SubmitButton pendingText="Booking…">Book this session</SubmitButton>
      </Form>
    </>
  );
}

export function ReasonForm({
  lastResult,
  label,
  hint,
  submitLabel,
  intent,
}: {
  lastResult: LastResult;
  label: string;
  hint?: string;
  submitLabel: string;
  intent?: string;
}) {
  const [form, fields] = useSchemaForm(`reason-${intent ?? "form"}`, reasonSchema, lastResult);
  return (
    <>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        {intent ? <input type="hidden" name="intent" value={intent} /> : null}
        <TextareaField meta={fields.reason} label={label} hint={hint} rows={3} />
        <SubmitButton variant="warning" pendingText="Saving…">
          {submitLabel}
        </SubmitButton>
      </Form>
    </>
  );
}

export function AttendanceForm({
  lastResult,
  defaultValue,
  yearGroups,
  askToConfirm,
  version,
}: {
  lastResult: LastResult;
  defaultValue?: Values;
  yearGroups: number[];
  askToConfirm: string | null;
  /** The fingerprint of the return the page shows (attendanceVersion, decision 0148). */
  version: string;
}) {
  const [form, fields] = useSchemaForm("attendance", attendanceSchema, lastResult, defaultValue);
  const yearField = (n: number) => fields[`year${n}` as `year${7 | 8 | 9 | 10 | 11 | 12 | 13}`];
  return (
    <>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <EditVersionInput version={version} />
        <RadioGroup
          meta={asTextField(fields.tookPlace) as FieldMetadata<unknown>}
          legend="Did the session take place?"
          options={[
            { value: "YES", label: "Yes, it took place", hint: "Give the pupils who attended below" },
            { value: "NO", label: "No, it did not take place", hint: "For example, the officer did not come or the school was closed. Give the reason below" },
          ]}
        />
        <h2 className="text-2xl">If it took place</h2>
        <fieldset className="mb-6">
          <legend className="label">Pupils who attended, per year group</legend>
          <span className="hint">Whole numbers. Leave a year group empty if none of its pupils attended. Counts only: never names.</span>
          <div className="grid grid-cols-2 gap-x-6 sm:grid-cols-4">
            {SCHOOL_YEAR_GROUPS.map((n) => (
              <TextField
                key={n}
                meta={asTextField(yearField(n))}
                label={`Year ${n}${yearGroups.includes(n) ? " (booked)" : ""}`}
                inputMode="numeric"
                width="max-w-32"
              />
            ))}
          </div>
        </fieldset>
        <TextField meta={asTextField(fields.staffPresent)} label="Staff present (optional)" inputMode="numeric" width="max-w-32" />
        <TextareaField meta={asTextField(fields.comment)} label="Comment (optional)" rows={3} />
        {askToConfirm ? (
          <div className="panel mb-6">
            {/* While the box is refused, the same words are its error message, shown and announced by the box. */}
            {fieldError(fields.confirmHigh) ? null : <p className="mb-2 font-bold">{askToConfirm}</p>}
            <CheckboxField meta={asCheckboxField(fields.confirmHigh)} label="Yes, these numbers are right" />
          </div>
        ) : null}
        <h2 className="text-2xl">If it did not take place</h2>
        <RadioGroup
          meta={asTextField(fields.notTakenReason) as FieldMetadata<unknown>}
          legend="Why did it not take place?"
          options={NOT_TAKEN_PLACE_REASONS.map((r) => ({ value: r.value, label: r.label }))}
        />
        <TextField
          meta={asTextField(fields.notTakenDetail)}
          label="What happened (optional, unless another reason)"
          hint="The VRN lead sees this on the schedule"
          autoComplete="off"
        />
        <SubmitButton pendingText="Saving…">Save attendance</SubmitButton>
      </Form>
    </>
  );
}

import {
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type DefaultValue,
  type FieldMetadata,
  type FormMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { useNavigation } from "@remix-run/react";
import { useEffect, useRef, type MouseEvent, type ReactNode } from "react";
import type { z } from "zod";
// The plain words for zod's own errors, installed in the browser too: forms are checked there first (useSchemaForm).
import "~/lib/form-error-messages";
import { formatAcademicYear } from "~/lib/academic-year";
import { ERROR_TITLE_PREFIX } from "~/lib/error-title";
import { inputMaxLength } from "~/lib/characters";
import { SEARCH_MAX, type FilterProblems } from "~/lib/filter-choices";

export type LastResult = SubmissionResult<string[]> | null | undefined;
export type FormValues = Record<string, string | string[] | undefined>;

/**
 * The one way a component sets up a Conform form. With a schema, the form is checked by it in the browser
 * when submitted and again on the server, which has the last word; with `null` only the server checks it
 * (a form of buttons, whose refusals come back in `lastResult`). Errors found on submit are re-checked as
 * the user corrects them (`shouldRevalidate: "onInput"`), or only on the next submit (`"onSubmit"`), as a
 * filter form does. Returns Conform's `[form, fields]`.
 */
export function useSchemaForm<Schema extends z.ZodTypeAny>(
  id: string,
  schema: Schema | null,
  lastResult: LastResult,
  defaultValue?: FormValues,
  { shouldRevalidate = "onInput" }: { shouldRevalidate?: "onInput" | "onSubmit" } = {},
) {
  return useForm<z.input<Schema>, z.output<Schema>>({
    id,
    lastResult,
    defaultValue: defaultValue as DefaultValue<z.input<Schema>>,
    shouldValidate: "onSubmit",
    shouldRevalidate,
    onValidate: schema ? ({ formData }) => parseWithZod(formData, { schema }) : undefined,
  });
}

/** Conform types a field by its parsed value (a number, a list); every input sends text. */
export const asTextField = <Schema, FormSchema extends Record<string, unknown>>(meta: FieldMetadata<Schema, FormSchema, string[]>) =>
  meta as unknown as FieldMetadata<string | undefined>;

/** The same for a checkbox, whose parsed value is a boolean. */
export const asCheckboxField = <Schema, FormSchema extends Record<string, unknown>>(meta: FieldMetadata<Schema, FormSchema, string[]>) =>
  meta as unknown as FieldMetadata<boolean | undefined>;

/** The part of a field's name that names one item of a list and what is inside it: "[0]" in "yearGroups[0]". */
const LIST_ITEM = /\[\d+\].*$/;

/** The name of the hidden button Conform sends a form with to check a field as it changes. */
const CONFORM_INTENT = "__intent__";

/**
 * The GOV.UK error pattern: a summary titled "There is a problem" at the top of the form, linking to
 * each field, and a message by each field. `form` gives the field errors (`allErrors` by field name,
 * linked to `#{form.id}-{name}`; a form-level error has the name "" and is not linked); `message` is a
 * refusal about the whole action rather than one field, such as deleting something still in use.
 * Renders nothing when there is no error; otherwise takes focus so screen readers announce it: as the
 * page loads (`autofocus`, which needs no script: a page that works without JavaScript, or before it has
 * loaded) and again each time the form is sent in the browser (never as the person types a correction).
 */
export function ErrorSummary({ form, message }: { form?: Pick<FormMetadata, "id" | "allErrors">; message?: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const id = form?.id ?? "problem";
  // An error of one item of a list (a ticked box's value, "yearGroups[0]") is shown by, and links to, its
  // list's field ("yearGroups"): the item has no element of its own. A field of an object
  // ("autumn.startsOn") has its own element and keeps its own entry. The list's own message comes first.
  const byField = new Map<string, string | undefined>();
  const entries = Object.entries(form?.allErrors ?? {}).filter(([, messages]) => messages.length > 0);
  for (const [name, messages] of [...entries.filter(([name]) => !LIST_ITEM.test(name)), ...entries.filter(([name]) => LIST_ITEM.test(name))]) {
    const field = name.replace(LIST_ITEM, "");
    if (!byField.has(field)) byField.set(field, messages[0]);
  }
  const items = [
    ...(message ? [{ key: "message", field: "", text: message }] : []),
    ...[...byField].map(([field, text]) => ({ key: `field-${field}`, field, text })),
  ];
  const signature = items.map((item) => `${item.field}:${item.text}`).join("|");

  // A form's summary takes focus after the person sends the form (checked in the browser, or answered by
  // the server), never while they correct a field: Conform checks a field as it changes by sending the
  // form with its own hidden `__intent__` button, and taking focus then would pull them out of the field
  // after one key. A change to one of the form's fields cancels a focus still due.
  // Sent again with the same errors, nothing renders anew: once the submit is handled, a form that was
  // not sent on (the browser's check refused it, so no navigation started) has its summary focused.
  const sent = useRef(false);
  const formId = form?.id;
  const navigationIdle = useNavigation().state === "idle";
  const idle = useRef(true);
  const shown = useRef(signature);
  useEffect(() => {
    idle.current = navigationIdle;
    shown.current = signature;
  });
  useEffect(() => {
    if (!formId) return;
    const ofThisForm = (event: Event) => event.target instanceof Element && (event.target as HTMLInputElement).form?.id === formId;
    const onSubmit = (event: SubmitEvent) => {
      if ((event.target as Element | null)?.id !== formId || event.submitter?.getAttribute("name") === CONFORM_INTENT) return;
      sent.current = true;
      setTimeout(() => {
        if (sent.current && idle.current && shown.current) ref.current?.focus();
      });
    };
    const onEdit = (event: Event) => {
      if (ofThisForm(event)) sent.current = false;
    };
    // On the document: a field may belong to the form by its `form` attribute, outside the form element.
    document.addEventListener("submit", onSubmit, true);
    document.addEventListener("input", onEdit, true);
    document.addEventListener("change", onEdit, true);
    return () => {
      document.removeEventListener("submit", onSubmit, true);
      document.removeEventListener("input", onEdit, true);
      document.removeEventListener("change", onEdit, true);
    };
  }, [formId]);
  useEffect(() => {
    if (!formId || !signature || !sent.current) return;
    sent.current = false;
    ref.current?.focus();
  });
  // A refusal with no form's fields behind it changes only when an action answers: focus each time.
  useEffect(() => {
    if (!formId && signature) ref.current?.focus();
  }, [formId, signature]);
  useErrorTitle(items.length > 0);

  if (items.length === 0) return null;
  return (
    // eslint-disable-next-line jsx-a11y/no-autofocus -- the GOV.UK pattern: the summary takes focus as the page shows it.
    <div ref={ref} tabIndex={-1} autoFocus role="alert" aria-labelledby={`${id}-summary-title`} className="mb-8 border-4 border-danger p-4">
      <h2 id={`${id}-summary-title`} className="mb-2 text-2xl">
        There is a problem
      </h2>
      <ul className="list-none">
        {items.map((item) => (
          <li key={item.key} className="font-bold">
            {item.field ? (
              <a href={`#${id}-${item.field}`} onClick={focusFieldWithItsQuestion} className="text-danger">
                {item.text}
              </a>
            ) : (
              <span className="text-danger">{item.text}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Follows an error summary's link as GOV.UK Frontend's summary does: focus goes to the field, and the page
 * scrolls to the field's question (the legend of its radios or boxes, else its label) rather than to the
 * field itself. A fragment link alone puts the field at the very top of the screen, with its question and
 * its message above it, out of view. Without JavaScript, or for a target that is not a form field, the
 * link is followed as a fragment.
 */
function focusFieldWithItsQuestion(event: MouseEvent<HTMLAnchorElement>) {
  const field = document.getElementById(decodeURIComponent(event.currentTarget.hash.slice(1)));
  if (!(field instanceof HTMLInputElement || field instanceof HTMLSelectElement || field instanceof HTMLTextAreaElement)) return;
  const choice = field instanceof HTMLInputElement && (field.type === "radio" || field.type === "checkbox");
  const legend = field.closest("fieldset")?.querySelector(":scope > legend");
  const label = field.labels?.[0];
  const question = (choice ? legend : (label ?? legend)) ?? field;
  event.preventDefault();
  question.scrollIntoView();
  field.focus({ preventScroll: true });
}

/**
 * While `active`, the page's title starts ERROR_TITLE_PREFIX ("Error: "), and loses it again when the
 * errors go (a later submission that passed, on the same page). Kept as it is when a navigation has
 * since given the page another title.
 */
function useErrorTitle(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const plain = document.title.startsWith(ERROR_TITLE_PREFIX) ? document.title.slice(ERROR_TITLE_PREFIX.length) : document.title;
    const marked = `${ERROR_TITLE_PREFIX}${plain}`;
    document.title = marked;
    return () => {
      if (document.title === marked) document.title = plain;
    };
  }, [active]);
}

type FieldShellProps = {
  meta: FieldMetadata<unknown>;
  label: ReactNode;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
};

/**
 * The message to show by a field: its own first error, or else the first of one of its items (a list's
 * value that was refused, which has no element of its own to show it by).
 */
export function fieldError(meta: Pick<FieldMetadata<unknown>, "errors" | "allErrors">): string | undefined {
  return meta.errors?.[0] ?? Object.values(meta.allErrors ?? {}).find((messages) => messages.length > 0)?.[0];
}

function FieldShell({ meta, label, hint, children, className = "" }: FieldShellProps) {
  const error = fieldError(meta);
  return (
    <div className={`mb-6 ${className}`}>
      <label htmlFor={meta.id} className="label">
        {label}
      </label>
      {hint ? (
        <span id={meta.descriptionId} className="hint">
          {hint}
        </span>
      ) : null}
      <FieldProblem id={meta.id} problem={error} />
      {children}
    </div>
  );
}

type InputType = "text" | "email" | "password" | "number" | "date" | "time" | "tel" | "search" | "url" | "file";

export function TextField({
  meta,
  label,
  hint,
  type = "text",
  autoComplete,
  width = "max-w-xl",
  inputMode,
  accept,
  limits,
}: {
  meta: FieldMetadata<string | number | Date | File | undefined | null>;
  label: ReactNode;
  hint?: ReactNode;
  type?: InputType;
  autoComplete?: string;
  width?: string;
  inputMode?: "numeric" | "text" | "email" | "tel";
  accept?: string;
  /** The smallest and largest value the field's schema accepts, shown on the input (a date input's calendar keeps to them). */
  limits?: { min: string | number; max: string | number };
}) {
  const props = getInputProps(meta, { type, ariaInvalid: "allErrors", ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <FieldShell meta={meta as FieldMetadata<unknown>} label={label} hint={hint}>
      <input
        {...props}
        key={props.key}
        className={`input ${width}`}
        autoComplete={autoComplete}
        inputMode={inputMode}
        accept={accept}
        min={limits?.min}
        max={limits?.max}
      />
    </FieldShell>
  );
}

export function SelectField({
  meta,
  label,
  hint,
  options,
  placeholder,
}: {
  meta: FieldMetadata<string | undefined | null>;
  label: ReactNode;
  hint?: ReactNode;
  options: ReadonlyArray<{ value: string; label: string }>;
  placeholder?: string;
}) {
  const props = getSelectProps(meta, { ariaInvalid: "allErrors", ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <FieldShell meta={meta as FieldMetadata<unknown>} label={label} hint={hint}>
      <select {...props} key={props.key} className="input max-w-xl">
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function TextareaField({
  meta,
  label,
  hint,
  rows = 5,
}: {
  meta: FieldMetadata<string | undefined | null>;
  label: ReactNode;
  hint?: ReactNode;
  rows?: number;
}) {
  const props = getTextareaProps(meta, { ariaInvalid: "allErrors", ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <FieldShell meta={meta as FieldMetadata<unknown>} label={label} hint={hint}>
      <textarea {...props} key={props.key} rows={rows} className="input max-w-3xl" />
    </FieldShell>
  );
}

/** The one primary action of a form; says what it is doing while the request is in flight. */
export function SubmitButton({
  children,
  pendingText,
  name,
  value,
  variant = "primary",
}: {
  children: ReactNode;
  pendingText?: string;
  name?: string;
  value?: string;
  variant?: "primary" | "secondary" | "warning";
}) {
  const navigation = useNavigation();
  const pending = navigation.state === "submitting" && (!name || navigation.formData?.get(name) === value);
  const variantClass = variant === "secondary" ? "button-secondary" : variant === "warning" ? "button-warning" : "";
  return (
    <button type="submit" name={name} value={value} className={`button ${variantClass}`} aria-disabled={pending || undefined}>
      {pending && pendingText ? pendingText : children}
    </button>
  );
}

/**
 * A GET filter form's choice of academic year: `name="year"`, each year sent as its starting year
 * ("2025") and shown as "2025/26", with no "All". Its id is `${idPrefix}-year`.
 */
export function AcademicYearSelect({ idPrefix, years, value, error }: { idPrefix: string; years: readonly number[]; value: number; error?: string | null }) {
  return (
    <FilterSelect
      idPrefix={idPrefix}
      name="year"
      label="Academic year"
      value={String(value)}
      all={null}
      options={years.map((year) => ({ value: String(year), label: formatAcademicYear(year) }))}
      error={error ?? undefined}
    />
  );
}

/**
 * A list's search box for a school's name or URN (`name="q"`, at most SEARCH_MAX characters), with its
 * error by it. Its id is `${id}`; a refused search is not shown again.
 */
export function SchoolSearchField({ id, label, value, problem }: { id: string; label: string; value: string; problem?: string | null }) {
  return (
    <>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <FieldProblem id={id} problem={problem} />
      <input
        id={id}
        name="q"
        type="search"
        maxLength={inputMaxLength(SEARCH_MAX)}
        defaultValue={problem ? "" : value}
        aria-describedby={problem ? `${id}-error` : undefined}
        aria-invalid={problem ? true : undefined}
        className="input max-w-xl"
      />
    </>
  );
}

/**
 * A field's error message, by the field, for the form components and for fields drawn by hand: its id is
 * `${id}-error` (Conform's `errorId` for a field whose id is `id`), for the field's `aria-describedby`, and
 * screen readers hear "Error:" before it. Renders nothing when there is no problem.
 */
export function FieldProblem({ id, problem }: { id: string; problem?: string | null }) {
  if (!problem) return null;
  return (
    <span id={`${id}-error`} className="field-error">
      <span className="sr-only">Error: </span>
      {problem}
    </span>
  );
}

/**
 * The summary of a GET filter form's problems (`readChoices`): each links to its field, whose id is
 * `${id}-${field}` (FilterSelect's `idPrefix` and `name`). Renders nothing when there are none.
 */
export function FilterProblemsSummary({ id, problems }: { id: string; problems: FilterProblems | null | undefined }) {
  const allErrors = Object.fromEntries(Object.entries(problems ?? {}).map(([field, message]) => [field, message ? [message] : []]));
  return <ErrorSummary form={{ id, allErrors }} />;
}

/**
 * A select in a GET filter form: no validation, just the current choice and, unless `all` is null, an
 * empty first option that means "any".
 */
export function FilterSelect({
  name,
  label,
  value,
  options,
  all = "All",
  idPrefix = "filter",
  error,
}: {
  name: string;
  label: string;
  value?: string | number | null;
  options: ReadonlyArray<{ value: string; label: string }>;
  all?: string | null;
  idPrefix?: string;
  /** Why the value the address gave was not used, shown by the field. */
  error?: string;
}) {
  const id = `${idPrefix}-${name}`;
  return (
    <div className="mb-4">
      <label htmlFor={id} className="label">
        {label}
      </label>
      <FieldProblem id={id} problem={error} />
      <select
        id={id}
        name={name}
        defaultValue={value === undefined || value === null ? "" : String(value)}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? true : undefined}
        className="input"
      >
        {all === null ? null : <option value="">{all}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * An edit form's hidden `version` (decision 0148): the fingerprint of the record as the loader read it,
 * or the newer one a save refused as stale came back with, so that saving again is the person's choice.
 */
export function EditVersionInput({ version }: { version: string }) {
  return <input type="hidden" name="version" value={version} />;
}

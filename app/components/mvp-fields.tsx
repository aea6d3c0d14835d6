import type { FieldMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { formatAcademicYear } from "~/lib/academic-year";

type Option = { value: string; label: ReactNode; hint?: ReactNode };

function selectedValues(meta: FieldMetadata<unknown>): string[] {
  const initial = meta.initialValue as unknown;
  if (Array.isArray(initial)) return initial.map(String);
  return initial == null || initial === "" ? [] : [String(initial)];
}

/**
 * Radios or checkboxes in a fieldset, the GOV.UK way: the legend asks the question, the error sits under
 * it, and the first option carries the field's id so the error summary's link lands on it.
 */
function ChoiceGroup({
  type,
  meta,
  legend,
  hint,
  options,
  inline = false,
}: {
  type: "radio" | "checkbox";
  meta: FieldMetadata<unknown>;
  legend: ReactNode;
  hint?: ReactNode;
  options: readonly Option[];
  inline?: boolean;
}) {
  const selected = selectedValues(meta);
  const error = meta.errors?.[0];
  const describedBy = [hint ? meta.descriptionId : null, error ? meta.errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className="mb-6" aria-describedby={describedBy}>
      <legend className="label">{legend}</legend>
      {hint ? (
        <span id={meta.descriptionId} className="hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={meta.errorId} className="field-error">
          <span className="sr-only">Error: </span>
          {error}
        </span>
      ) : null}
      <div className={inline ? "flex flex-wrap gap-x-6 gap-y-2" : "space-y-2"} key={meta.key}>
        {options.map((option, index) => {
          const id = index === 0 ? meta.id : `${meta.id}-${option.value}`;
          return (
            <div key={option.value} className="flex items-start gap-3">
              <input
                type={type}
                id={id}
                name={meta.name}
                value={option.value}
                defaultChecked={selected.includes(option.value) || (selected.length === 0 && option.value === "")}
                aria-invalid={error ? true : undefined}
                aria-describedby={option.hint ? `${id}-hint` : undefined}
                className="mt-1 h-6 w-6 shrink-0 accent-brand"
              />
              <div>
                <label htmlFor={id} className="cursor-pointer">
                  {option.label}
                </label>
                {option.hint ? (
                  <span id={`${id}-hint`} className="hint mb-0">
                    {option.hint}
                  </span>
                ) : null}
              </div>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export function RadioGroup(props: Omit<Parameters<typeof ChoiceGroup>[0], "type">) {
  return <ChoiceGroup type="radio" {...props} />;
}

export function CheckboxGroup(props: Omit<Parameters<typeof ChoiceGroup>[0], "type">) {
  return <ChoiceGroup type="checkbox" {...props} />;
}

/** Picks the academic year a page shows; a plain GET form, so it works without JavaScript. */
export function YearPicker({ years, selected, keep = {} }: { years: readonly number[]; selected: number; keep?: Record<string, string> }) {
  return (
    <Form method="get" className="mb-8 flex flex-wrap items-end gap-4">
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div>
        <label htmlFor="year" className="label">
          Academic year
        </label>
        <select id="year" name="year" defaultValue={String(selected)} key={selected} className="input w-40">
          {years.map((year) => (
            <option key={year} value={year}>
              {formatAcademicYear(year)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button-secondary">
        Show year
      </button>
    </Form>
  );
}

/**
 * "There is a problem" for a refusal that is about the whole action rather than one field, such as
 * deleting something still in use. Takes focus so screen readers announce it.
 */
export function ProblemSummary({ message }: { message: string | null | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  if (!message) return null;
  return (
    <div role="alert" tabIndex={-1} ref={ref} aria-labelledby="problem-title" className="mb-8 max-w-3xl border-4 border-danger p-4">
      <h2 id="problem-title" className="mb-2 text-2xl">
        There is a problem
      </h2>
      <p className="font-bold text-danger">{message}</p>
    </div>
  );
}

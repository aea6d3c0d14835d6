import { getInputProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { fieldError, FieldProblem } from "./forms";

/** `group`: options with the same group sit together under its name (a group follows the last of its options). */
type Option = { value: string; label: ReactNode; hint?: ReactNode; group?: string };

/** The options in runs of the same group, in order; ungrouped options make one run with no name. */
function runsOf(options: readonly Option[]) {
  const runs: { group?: string; options: { option: Option; index: number }[] }[] = [];
  options.forEach((option, index) => {
    const last = runs.at(-1);
    if (last && last.group === option.group) last.options.push({ option, index });
    else runs.push({ group: option.group, options: [{ option, index }] });
  });
  return runs;
}

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
  const error = fieldError(meta);
  const describedBy = [hint ? meta.descriptionId : null, error ? meta.errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className="mb-6" aria-describedby={describedBy}>
      <legend className="label">{legend}</legend>
      {hint ? (
        <span id={meta.descriptionId} className="hint">
          {hint}
        </span>
      ) : null}
      <FieldProblem id={meta.id} problem={error} />
      <div key={meta.key}>
        {runsOf(options).map((run, runIndex) => {
          const choices = (
            <div className={inline ? "flex flex-wrap gap-x-6 gap-y-2" : "space-y-2"}>
              {run.options.map(({ option, index }) => {
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
          );
          if (run.group === undefined) return <div key={runIndex}>{choices}</div>;
          const groupId = `${meta.id}-group-${runIndex}`;
          return (
            <div key={runIndex} role="group" aria-labelledby={groupId} className="mb-4">
              <p id={groupId} className="mb-2 font-bold">
                {run.group}
              </p>
              {choices}
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

/**
 * A single yes/no checkbox, such as an option on a form. A refusal of the box (asked to confirm something)
 * shows its message under the label, as every other field does, and the box is described by it: the error
 * summary links here, and Conform points the box's `aria-describedby` at that message.
 */
export function CheckboxField({ meta, label, hint }: { meta: FieldMetadata<boolean | undefined | null>; label: ReactNode; hint?: ReactNode }) {
  const error = fieldError(meta as FieldMetadata<unknown>);
  const { key, ...props } = getInputProps(meta, { type: "checkbox", ariaInvalid: "allErrors", ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <div className="mb-4 flex items-start gap-3">
      <input {...props} key={key} className="mt-1 h-7 w-7 shrink-0 accent-ink" />
      <div>
        <label htmlFor={meta.id}>{label}</label>
        {hint ? (
          <span id={meta.descriptionId} className="hint">
            {hint}
          </span>
        ) : null}
        <FieldProblem id={meta.id} problem={error} />
      </div>
    </div>
  );
}

import { getCollectionProps, getInputProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";

/**
 * Radios and a single checkbox in the GOV.UK pattern. The first radio takes the field's own id, so
 * the error summary's link lands on it.
 */
export function RadiosField({
  meta,
  legend,
  hint,
  options,
}: {
  meta: FieldMetadata<string | undefined | null>;
  legend: ReactNode;
  hint?: ReactNode;
  options: ReadonlyArray<{ value: string; label: string }>;
}) {
  const radios = getCollectionProps(meta, {
    type: "radio",
    options: options.map((option) => option.value),
    ariaDescribedBy: hint ? meta.descriptionId : undefined,
  });
  return (
    <div className="mb-6">
      <fieldset>
        <legend className="label">{legend}</legend>
        {hint ? (
          <span id={meta.descriptionId} className="hint">
            {hint}
          </span>
        ) : null}
        {meta.errors?.length ? (
          <span id={meta.errorId} className="field-error">
            <span className="sr-only">Error: </span>
            {meta.errors[0]}
          </span>
        ) : null}
        {radios.map(({ key, ...radio }, index) => {
          const id = index === 0 ? meta.id : radio.id;
          return (
            <div key={key} className="mb-2 flex items-center gap-3">
              <input {...radio} id={id} className="h-7 w-7 shrink-0 accent-ink" />
              <label htmlFor={id}>{options[index]?.label}</label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

export function CheckboxField({ meta, label, hint }: { meta: FieldMetadata<boolean | undefined | null>; label: ReactNode; hint?: ReactNode }) {
  const { key, ...props } = getInputProps(meta, { type: "checkbox", ariaDescribedBy: hint ? meta.descriptionId : undefined });
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
      </div>
    </div>
  );
}

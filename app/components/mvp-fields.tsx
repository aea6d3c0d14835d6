import { Form } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { formatAcademicYear } from "~/lib/academic-year";

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

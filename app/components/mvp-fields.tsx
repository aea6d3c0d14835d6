import { Form } from "@remix-run/react";
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

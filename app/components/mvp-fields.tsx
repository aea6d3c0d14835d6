import { Form } from "@remix-run/react";
import { AcademicYearSelect, FilterProblemsSummary } from "./forms";

/**
 * Picks the academic year an MVP page shows: a plain GET form, so it works without JavaScript. `problem` says why the year in the address was not
 * used (readMvpYear), in a summary and by the field.
 */
export function YearPicker({
  years,
  selected,
  keep = {},
  problem = null,
}: {
  years: readonly number[];
  selected: number;
  keep?: Record<string, string>;
  problem?: string | null;
}) {
  return (
    <>
      <FilterProblemsSummary id="mvp" problems={problem ? { year: problem } : null} />
      {/* Keyed by the year, so the choice shown follows a move to another year. */}
      <Form method="get" key={selected} className="mb-8 flex flex-wrap items-end gap-4">
        {Object.entries(keep).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <AcademicYearSelect idPrefix="mvp" years={years} value={selected} error={problem} />
        <button type="submit" className="button button-secondary mb-4">
          Show year
        </button>
      </Form>
    </>
  );
}

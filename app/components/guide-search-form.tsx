import { Form } from "@remix-run/react";
import { inputMaxLength } from "~/lib/characters";
import { SEARCH_QUERY_MAX } from "~/lib/guide-forms";
import { FieldProblem } from "./forms";

/** The guide's search box: a plain GET form, so it works without JavaScript and results can be linked to. */
export function GuideSearchForm({ defaultValue = "", error }: { defaultValue?: string; error?: string | null }) {
  return (
    <Form method="get" action="/guide/search" role="search" aria-label="Search the guide" className="no-print mb-10 max-w-2xl">
      <label htmlFor="guide-search-q" className="label">
        Search the guide
      </label>
      <FieldProblem id="guide-search-q" problem={error} />
      <div className="flex gap-2">
        <input
          id="guide-search-q"
          name="q"
          type="search"
          className="input"
          defaultValue={defaultValue}
          maxLength={inputMaxLength(SEARCH_QUERY_MAX)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "guide-search-q-error" : undefined}
        />
        <button type="submit" className="button">
          Search
        </button>
      </div>
    </Form>
  );
}

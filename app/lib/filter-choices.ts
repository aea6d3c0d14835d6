import { z } from "zod";
import { parseAcademicYear } from "./academic-year";
import { moreCharactersThan } from "./characters";
import { plainText } from "./text-fields";

/** The longest name or URN a list's search box takes, in characters (`characterCount`); a longer one is refused, not cut. */
export const SEARCH_MAX = 100;

/** Why a value the address gave a filter was not used, by the filter form's field name. */
export type FilterProblems<Field extends string = string> = Partial<Record<Field, string>>;

/** What a filter's form offers, and what its field says when the address gives something else. */
export type FilterChoice = { offered: readonly string[]; message: string };

/**
 * Reads a GET filter form's choices from an address: the form's own, an old link or an edited one.
 * An absent or empty value is the form's "All" (null). A value the form does not offer (a locality since
 * removed, a typed topic, a month no longer listed) is not used either, so what the page shows is what
 * its form then shows, "All"; `problems` says why by the field, and the page answers 400. Using the value
 * anyway would show figures for a filter the form cannot show (a list of nothing under "All").
 *
 * @param params the address's query
 * @param choices each filter's offered values (compared after trimming) and message; undefined for a
 *   filter the form does not have here, which is then not read at all (null, no problem)
 * @returns `values` by filter (the offered value, or null) and `problems` (null when every value was used)
 */
export function readChoices<Field extends string>(
  params: URLSearchParams,
  choices: Record<Field, FilterChoice | undefined>,
): { values: Record<Field, string | null>; problems: FilterProblems<Field> | null } {
  const values = {} as Record<Field, string | null>;
  const problems: FilterProblems<Field> = {};
  for (const field of Object.keys(choices) as Field[]) {
    const choice = choices[field];
    const given = onlyValue(params, field);
    const used = given !== null && given !== "" && choice !== undefined && choice.offered.includes(given);
    values[field] = used ? given : null;
    if (choice && given !== "" && !used) problems[field] = choice.message;
  }
  return { values, problems: Object.keys(problems).length > 0 ? problems : null };
}

/**
 * Reads an academic year from an address, written as forms send it ("2025") or as pages show it
 * ("2025/26"). Absent or empty gives `fallback` (usually the current year) with no problem; a year not in
 * `offered`, or not a year at all, also gives `fallback`, with `problem` set to `message` for the page to
 * show by its year field with a 400.
 *
 * @returns the year to show (its starting calendar year, e.g. 2025 for 2025/26) and why the given one was not used
 */
export function readYearChoice(
  params: URLSearchParams,
  { offered, fallback, message, name = "year" }: { offered: readonly number[]; fallback: number; message: string; name?: string },
): { year: number; problem: string | null } {
  const given = onlyValue(params, name);
  if (given === "") return { year: fallback, problem: null };
  const year = given === null ? null : parseAcademicYear(given);
  return year !== null && offered.includes(year) ? { year, problem: null } : { year: fallback, problem: message };
}

/**
 * A field's one value in an address, trimmed: "" when absent or empty, null when it is given twice or more
 * with different values (a form or link sends each field once, so that is an edited link, and picking
 * either would show a page, or figures for a filter, that the address did not clearly ask for). Every
 * reader of a field that takes one value goes through this, so the first of two is never used quietly.
 */
export function onlyValue(params: URLSearchParams, field: string): string | null {
  const values = new Set(params.getAll(field).map((value) => value.trim()));
  values.delete("");
  if (values.size > 1) return null;
  return values.values().next().value ?? "";
}

const searchSchema = plainText(z.string().trim(), "search");

/**
 * A list's search box from the address (`q` unless `name` says otherwise): the trimmed text, or "" for
 * none. Text the box would not send is not used (the list is then not searched) and `problem` says why,
 * for the page to show by the box with a 400: over SEARCH_MAX characters (`tooLong`, naming what the box
 * takes), control or direction-changing characters, only invisible characters, or two different values.
 * Searching for a NUL matched every school, and the list said so as "matching your search".
 */
export function readSearch(params: URLSearchParams, { name = "q", tooLong }: { name?: string; tooLong: string }): { search: string; problem: string | null } {
  const given = onlyValue(params, name);
  if (given === null) return { search: "", problem: "Enter one search, not two" };
  if (moreCharactersThan(given, SEARCH_MAX)) return { search: "", problem: tooLong };
  const checked = searchSchema.safeParse(given);
  return checked.success ? { search: checked.data, problem: null } : { search: "", problem: checked.error.issues[0]?.message ?? "Check the search" };
}

/**
 * The problems of several readers of one form as one set, by field; null when none has any (the page
 * answers 200). A later part's message for a field replaces an earlier one's.
 */
export function allProblems(...parts: (FilterProblems | null | undefined)[]): FilterProblems | null {
  const merged: FilterProblems = Object.assign({}, ...parts.filter(Boolean));
  return Object.keys(merged).length > 0 ? merged : null;
}

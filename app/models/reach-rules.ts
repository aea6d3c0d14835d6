/**
 * The vocabulary of reach shared by the pages, the model and the tests: the filters the VRN lead picks,
 * the periods they stand for (in London time), and how the school table can be sorted.
 */
import { academicYearsUpTo, formatAcademicYear, type Term } from "~/lib/academic-year";
import { londonDayStart } from "~/lib/dates";
import { counted, formatCount } from "~/lib/numbers";
import { formatPercent } from "~/lib/rounding";
import { cutToCharacters } from "~/lib/characters";
import { onlyValue, SEARCH_MAX } from "~/lib/filter-choices";
import { MIN_RESPONSES_FOR_RESULTS } from "~/lib/survey-scoring";
import type { PublishedPhase } from "~/models/disclosure";

/** The first academic year the reach pages offer. */
/** The first academic year the service has figures for (2022/23): the years reach offers start here. */
export const FIRST_REACH_YEAR = 2022;

export type ReachFilters = {
  year: number;
  term: Term | null;
  localAuthority: string | null;
  localityId: string | null;
  schoolType: string | null;
  topicId: string | null;
};

export const TERM_LABELS: Record<Term, string> = { autumn: "Autumn term", spring: "Spring term", summer: "Summer term" };

export function reachYears(now = new Date()): number[] {
  return academicYearsUpTo(now, FIRST_REACH_YEAR);
}

/** The filters as address parameters, leaving out those set to "all". */
export function filterParams(filters: ReachFilters): URLSearchParams {
  const params = new URLSearchParams({ year: String(filters.year) });
  if (filters.term) params.set("term", filters.term);
  if (filters.localAuthority) params.set("la", filters.localAuthority);
  if (filters.localityId) params.set("locality", filters.localityId);
  if (filters.schoolType) params.set("type", filters.schoolType);
  if (filters.topicId) params.set("topic", filters.topicId);
  return params;
}

export function filterQuery(filters: ReachFilters, extra: Record<string, string> = {}): string {
  const params = filterParams(filters);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

/** An instant range, start included and end excluded. */
export type Period = { start: Date; end: Date };

/**
 * Whether the register says a school was open for some of `period`: it opened before the period ended
 * (or its opening is not known) and it is open today or closed on or after the period began. GIAS's
 * dates are days: a school that closed on 31 August and its successor that opened on 1 September are
 * each in one academic year. A closed school whose closing is not known is not among them; reach counts
 * it in a period a session reached it in (`openInPeriod`, decision 0158).
 */
export function openDuring(school: { status: string; openedOn: Date | null; closedOn: Date | null }, period: Period): boolean {
  if (school.openedOn && school.openedOn >= period.end) return false;
  if (school.status !== "CLOSED") return true;
  return school.closedOn !== null && school.closedOn >= period.start;
}

const day = (year: number, month: number) => londonDayStart(`${year}-${String(month).padStart(2, "0")}-01`);

/** 1 September to 1 September, London midnight to London midnight. */
function academicYearPeriod(year: number): Period {
  return { start: day(year, 9), end: day(year + 1, 9) };
}

/**
 * The finest group of schools the published figures can be narrowed to (decision 0193): a local authority,
 * a locality (or none) and a type of school, as one key.
 */
export function schoolGroup(school: { localAuthority: string; localityId: string | null; type: string }): string {
  return JSON.stringify([school.localAuthority, school.localityId ?? "", school.type]);
}

/** Autumn is September to December, spring January to March, summer April to August (termOf). */
function termPeriod(year: number, term: Term): Period {
  if (term === "autumn") return { start: day(year, 9), end: day(year + 1, 1) };
  if (term === "spring") return { start: day(year + 1, 1), end: day(year + 1, 4) };
  return { start: day(year + 1, 4), end: day(year + 1, 9) };
}

export function filterPeriod(filters: Pick<ReachFilters, "year" | "term">): Period {
  return filters.term ? termPeriod(filters.year, filters.term) : academicYearPeriod(filters.year);
}

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The twelve months of an academic year, September first, each with its London start. */
export function monthsOf(year: number): { label: string; short: string; start: Date }[] {
  return Array.from({ length: 12 }, (_, i) => {
    const month = ((8 + i) % 12) + 1;
    const calendarYear = month >= 9 ? year : year + 1;
    const name = MONTH_NAMES[month - 1]!;
    return { label: `${name} ${calendarYear}`, short: name.slice(0, 3), start: day(calendarYear, month) };
  });
}

/** "2025/26", or "Autumn term 2025/26". */
export function periodLabel(filters: Pick<ReachFilters, "year" | "term">): string {
  return filters.term ? `${TERM_LABELS[filters.term]} ${formatAcademicYear(filters.year)}` : formatAcademicYear(filters.year);
}

const SCHOOL_SORTS = [
  "name",
  "locality",
  "type",
  "roll",
  "pupils",
  "share",
  "deliveries",
  "topics",
  "lastDelivery",
  "mvpStage",
  "mentorsTrained",
  "mvpPupils",
  "surveyResponses",
] as const;
export type SchoolSort = (typeof SCHOOL_SORTS)[number];

/**
 * Columns of the school table the lead adds by choice: used less often, and all of them on each school's
 * own page, so the table fits a 1280-pixel screen without them (docs/decisions/0058-rounding-and-the-school-table.md).
 */
export const OPTIONAL_SCHOOL_COLUMNS = ["topics", "mentorsTrained", "mvpPupils", "surveyResponses"] as const satisfies readonly SchoolSort[];
export type OptionalSchoolColumn = (typeof OPTIONAL_SCHOOL_COLUMNS)[number];

export type SchoolTableOptions = {
  sort: SchoolSort;
  descending: boolean;
  search: string;
  reached: "all" | "yes" | "no";
  page: number;
  /** The optional columns shown; the sorted column always is. */
  columns: OptionalSchoolColumn[];
};

/**
 * The school table's options in an address, read leniently: anything not recognised falls back to the
 * default. The page first refuses an order or columns its headings would not make (schoolTableOrderOffered),
 * and uses its own checked `reached` and search (readChoices, readSearch) in place of these.
 */
export function parseSchoolTableOptions(params: URLSearchParams, page: number): SchoolTableOptions {
  const sort = onlyValue(params, "sort");
  const reached = onlyValue(params, "reached");
  const dir = onlyValue(params, "dir");
  const chosen = new Set([...params.getAll("column"), sort ?? ""]);
  return {
    columns: OPTIONAL_SCHOOL_COLUMNS.filter((column) => chosen.has(column)),
    sort: (SCHOOL_SORTS as readonly string[]).includes(sort ?? "") ? (sort as SchoolSort) : "pupils",
    // Figures read best largest first; names A to Z.
    descending: dir ? dir === "desc" : !["name", "locality", "type"].includes(sort || "pupils"),
    search: cutToCharacters(onlyValue(params, "q") ?? "", SEARCH_MAX),
    reached: reached === "yes" || reached === "no" ? reached : "all",
    page,
  };
}

/**
 * Whether the school table's order and columns in an address are ones its headings and column choice
 * make: one `sort` of SCHOOL_SORTS, one `dir` of "asc" or "desc" (the same value given twice is one, as
 * onlyValue reads it), and `column`s of OPTIONAL_SCHOOL_COLUMNS (each may be absent). Any other is an edited link, which the page refuses with a 400 rather than
 * showing its default order under an address that asked for another.
 */
export function schoolTableOrderOffered(params: URLSearchParams): boolean {
  const atMostOne = (name: string, offered: readonly string[]) => {
    const given = onlyValue(params, name);
    return given !== null && (given === "" || offered.includes(given));
  };
  const columns: readonly string[] = OPTIONAL_SCHOOL_COLUMNS;
  return atMostOne("sort", SCHOOL_SORTS) && atMostOne("dir", ["asc", "desc"]) && params.getAll("column").every((column) => columns.includes(column));
}

/** A share as people read it: "12%", "0.4%", or "–" when there is nothing to divide by (the one rule, app/lib/rounding.ts). */
export function formatShare(share: number | null): string {
  return formatPercent(share);
}

/**
 * A core survey item's share agreeing in one phase, in words for a table cell: the share is of the
 * pupils who gave a view (1 to 5), so that is the number given, with every response beside it when some
 * answered "not sure"; under 10 responses, no share. E.g. "50% of 30 giving a view (40 responses)".
 * Exact figures, for the VRN's own screens; a report that leaves the service uses `describePublishedShare`.
 */
export function describeShareAgreeing(f: { responses: number; counted: number; shareAgreeing: number | null }): string {
  if (f.shareAgreeing === null && f.responses >= MIN_RESPONSES_FOR_RESULTS) return `No view given: all ${formatCount(f.responses)} responses were "not sure"`;
  if (f.shareAgreeing === null) return `Fewer than 10 responses (${formatCount(f.responses)})`;
  return f.counted < f.responses
    ? `${formatShare(f.shareAgreeing)} of ${formatCount(f.counted)} giving a view (${formatCount(f.responses)} responses)`
    : `${formatShare(f.shareAgreeing)} of ${formatCount(f.counted)}`;
}

/** A published count of 5 or more as the range it stands for: 35 is "35 to 39" (`publishedCount`). */
const band = (count: number) => `${formatCount(count)} to ${formatCount(count + 4)}`;

/**
 * A core survey item's share agreeing as published (`publishedPhase`, decision 0124), in words for a table
 * cell: the rounded share with the ranges its base and responses stand for, so it claims no more than it
 * knows ("45% of 35 to 39 giving a view (40 to 44 responses)"), or why it is withheld.
 */
export function describePublishedShare(f: PublishedPhase): string {
  if (typeof f.responses !== "number" || f.responses < MIN_RESPONSES_FOR_RESULTS) return "Fewer than 10 responses";
  const responses = `${band(f.responses)} responses`;
  if (f.share === null) return `No view given: all ${responses} were "not sure"`;
  if ("withheld" in f.share) {
    return f.share.withheld === "fewer than 10 giving a view"
      ? `Withheld: fewer than 10 giving a view (${responses})`
      : `Withheld: the share could show 1 to 4 pupils agreeing or not agreeing (${band(f.share.base)} giving a view, ${responses})`;
  }
  return `${f.share.percent}% of ${band(f.share.base)} giving a view (${responses})`;
}

type Gap = { total: number; roll: number };

/**
 * The sentence over the list of open schools not reached in a period, of `openSchools` open schools in
 * the filters: "3 of 40 open schools, with 1,200 pupils on roll (showing 1 to 3 of 3)." `range` is the
 * list's own "showing …" words.
 */
export function describeNotReached(gap: Gap, openSchools: number, range: string): string {
  if (gap.total > 0) return `${formatCount(gap.total)} of ${counted(openSchools, "open school")}, with ${counted(gap.roll, "pupil")} on roll (${range}).`;
  if (openSchools === 0) return "No open school matches these filters.";
  return openSchools === 1 ? "The one open school was reached." : `Every one of the ${counted(openSchools, "open school")} was reached.`;
}

/**
 * After `describeNotReached`, how many of the schools listed had a session whose attendance return is not
 * recorded yet (none: nothing), since reach counts them as not reached until it is.
 */
export function describeReturnsAwaited(schools: number): string {
  if (schools === 0) return "";
  return schools === 1
    ? " One of them had a session that has ended whose attendance is not recorded yet: it may have been reached (the list's last column says which school)."
    : ` ${formatCount(schools)} of them had sessions that have ended whose attendance is not recorded yet: they may have been reached (the list's last column says which).`;
}

/** The sentence over the list of open schools reached in neither of two academic years, as `describeNotReached`. */
export function describeNotReachedInTwoYears(gap: Gap, range: string): string {
  if (gap.total === 0) return "Every open school was reached in one of the two years.";
  return `${counted(gap.total, "open school")} with ${counted(gap.roll, "pupil")} on roll ${gap.total === 1 ? "was" : "were"} reached in neither year (${range}).`;
}

export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** How a shared online workshop counts for schools: the same words wherever sessions per school are shown. */
const COUNTS_FOR_EACH_SCHOOL = "An online workshop joined by several schools counts once for each of them";

/**
 * Sessions per school and per locality, as their columns are headed, and why those columns add up to
 * more than the sessions delivered: an online workshop that many schools join is one session, counted
 * once in the headline and once for each school (and each locality) that took part. A school's own page
 * shows the same figure beside averages, which count the workshop for every school that joined too.
 */
export const SHARED_SESSIONS = {
  schoolColumn: "Sessions the school took part in",
  schoolNote: `${COUNTS_FOR_EACH_SCHOOL}, so this column can add up to more than the sessions delivered.`,
  schoolAveragesNote: `${COUNTS_FOR_EACH_SCHOOL}, so the averages count it for every school that joined.`,
  localityColumn: "Sessions reaching its schools",
  localityNote:
    "An online workshop joined by schools in several localities counts once in each of them, so this column can add up to more than the sessions delivered.",
} as const;

export const SCHOOL_PAGE_SIZE = 50;

/**
 * A locality's average is shown to a school only when the locality has at least this many other open
 * schools, whose average it is (the reader's own school is never in it): with one, the average would be
 * that neighbour's figures, and with two, either neighbour's would follow from the other's
 * (docs/decisions/0015-reach-for-schools-and-publication.md).
 */
export const MIN_OTHER_SCHOOLS_FOR_LOCALITY_AVERAGE = 3;

/**
 * An average is shown to a school only when at least this many of the schools it is over have the figure
 * at all (more than 0): how many open schools a locality has is public, so with one school having any
 * mentors trained, say, the average times that number is that school's figure, and with two, either's
 * follows from the other's (decision 0015). The same threshold as for a locality's schools.
 */
export const MIN_SCHOOLS_BEHIND_AN_AVERAGE = 3;

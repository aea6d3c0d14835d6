/**
 * Mentors in Violence Prevention: the programme's vocabulary and its small rules, shared by the
 * forms (in the browser and on the server), the models and the tests.
 */
import { academicYearOf, academicYearsUpTo, formatAcademicYear, parseAcademicYear } from "~/lib/academic-year";
import { onlyValue, readYearChoice } from "~/lib/filter-choices";
import { moreCharactersThan } from "~/lib/characters";
import { BLANK_LETTERS } from "~/lib/text-fields";

/** The first academic year the MVP pages offer. */
const FIRST_MVP_YEAR = 2022;

export function mvpYears(now = new Date()): number[] {
  return academicYearsUpTo(now, FIRST_MVP_YEAR);
}

/**
 * The year a link to a new record starts from (`?year=` in `params`, "2025" or "2025/26"): the current one
 * when the link gives none, the one it gives when the pages offer it, and null for anything else (a stale
 * or edited link, or two years, which the page refuses with a 400 rather than quietly starting from another).
 * Pages of figures use readMvpYear, which shows the page with the problem by its year field.
 */
export function pickAcademicYear(params: URLSearchParams, now = new Date()): number | null {
  const given = onlyValue(params, "year");
  if (given === "") return academicYearOf(now);
  const year = given === null ? null : parseAcademicYear(given);
  return year !== null && mvpYears(now).includes(year) ? year : null;
}

/** The parts of a school's MVP page a change goes back to, by their heading's id (app/components/mvp-school.tsx). */
const MVP_PAGE_PARTS = { staff: "staff trained", cohorts: "mentor cohorts", lessons: "mentor-led lessons" } as const;

/**
 * The one-off message after a change to a school's MVP records of `year`: `message`, with a link down to
 * the `part` of the MVP page it changed. The page opens at its top, where the message is
 * (`redirectWithMessage`).
 */
export function mvpPageMessage(year: number, part: keyof typeof MVP_PAGE_PARTS, message: string) {
  return { message, link: { to: `/mvp?year=${year}#${part}`, text: `Go to the ${MVP_PAGE_PARTS[part]}` } };
}

/** The parts of a cohort's page a change goes back to, by their heading's id, and the link to each. */
const COHORT_PAGE_LINKS = {
  mentors: "Go to the mentors",
  "add-mentor": "Add another mentor",
  "training-sessions": "Go to the training sessions",
} as const;

/** As `mvpPageMessage`, on the page of the cohort `cohortId`: `message`, with a link down to its `part`. */
export function cohortPageMessage(cohortId: string, part: keyof typeof COHORT_PAGE_LINKS, message: string) {
  return { message, link: { to: `/mvp/cohorts/${cohortId}#${part}`, text: COHORT_PAGE_LINKS[part] } };
}

/** What a page says of a new-record link whose year pickAcademicYear did not take. */
export const NEW_RECORD_YEAR_REFUSED = "That link names an academic year the MVP pages do not offer. Go back to MVP and follow its link again.";

/**
 * The year a page of MVP figures shows, from `?year=` ("2025" or "2025/26"): one the pages offer
 * (mvpYears), or else the current year with `problem` for the page to show by its year field with a 400.
 */
export function readMvpYear(params: URLSearchParams, now = new Date()): { year: number; problem: string | null } {
  return readYearChoice(params, {
    offered: mvpYears(now),
    fallback: academicYearOf(now),
    message: "There are no MVP figures for that academic year: choose one from the list",
  });
}

/**
 * A mentor's year group in `academicYear` (e.g. 2026 for 2026/27): the year group recorded with their
 * cohort, one up for each academic year since the cohort's.
 */
export function mentorYearGroupIn(mentor: { yearGroup: number; cohort: { academicYear: number } }, academicYear: number): number {
  return mentor.yearGroup + (academicYear - mentor.cohort.academicYear);
}

/** Whether a lesson's class is no younger than any mentor who led it: saved, and flagged, as MVP lessons are for younger pupils. */
export function classNotYounger(
  lesson: { yearGroup: number; academicYear: number },
  leaders: { yearGroup: number; cohort: { academicYear: number } }[],
): boolean {
  return leaders.some((leader) => mentorYearGroupIn(leader, lesson.academicYear) <= lesson.yearGroup);
}

export const YEAR_GROUPS = [7, 8, 9, 10, 11, 12, 13] as const;

export const MENTOR_GENDERS = ["FEMALE", "MALE", "OTHER", "PREFER_NOT_TO_SAY"] as const;
export type MentorGender = (typeof MENTOR_GENDERS)[number];

export const GENDER_LABELS: Record<MentorGender, string> = {
  FEMALE: "Female",
  MALE: "Male",
  OTHER: "Another gender",
  PREFER_NOT_TO_SAY: "Prefers not to say",
};

export function genderLabel(gender: string | null): string {
  return gender ? ((GENDER_LABELS as Record<string, string>)[gender] ?? gender) : "Not recorded";
}

/** The programme asks for at least three mentors in every lesson; fewer is allowed but flagged. */
export const RECOMMENDED_LEADERS = 3;

/**
 * The most mentors one cohort holds, and the most live (not retired) training modules the curriculum has:
 * together the size of the largest training grid, one box for each mentor and live module, that one form
 * sends and the server reads whole (`trainingGridSchema`), 5,000 boxes within the 1 MB a form may send.
 * A cohort is a school's year of mentors (tens, not hundreds); MVP's curriculum has about ten modules.
 */
export const MAX_MENTORS_PER_COHORT = 200;
export const MAX_LIVE_MODULES = 25;

/** "Year 10", "Years 10 and 11", "Years 9, 10 and 11". */
export function formatYearGroups(groups: readonly number[]): string {
  const sorted = [...groups].sort((a, b) => a - b);
  if (sorted.length === 0) return "No year group";
  if (sorted.length === 1) return `Year ${sorted[0]}`;
  return `Years ${sorted.slice(0, -1).join(", ")} and ${sorted.at(-1)}`;
}

/** Cohort year groups are stored as "10,11". */
export function parseYearGroups(stored: string): number[] {
  return stored
    .split(",")
    .map((part) => Number(part.trim()))
    .filter((n) => (YEAR_GROUPS as readonly number[]).includes(n));
}

export function storeYearGroups(groups: readonly number[]): string {
  return [...new Set(groups)].sort((a, b) => a - b).join(",");
}

/** How people name a cohort: "Years 10 and 11, 2026/27". */
export function cohortLabel(cohort: { yearGroups: string; academicYear: number }): string {
  return `${formatYearGroups(parseYearGroups(cohort.yearGroups))}, ${formatAcademicYear(cohort.academicYear)}`;
}

/**
 * Mentors are children, so we keep the least that identifies them to their MVP lead: a first name and
 * an initial ("Aisha K.") or a one-word pseudonym. Anything that looks like a full name, a number or an
 * address is refused.
 */
export function mentorNameProblem(raw: string): string | null {
  const name = normaliseMentorName(raw);
  if (!name || BLANK_LETTERS.test(name)) return "Enter the mentor's first name and initial, or a pseudonym";
  if (moreCharactersThan(name, 30)) return "Name must be 30 characters or fewer";
  if (!/^\p{L}[\p{L}'’.\- ]*$/u.test(name)) {
    return "Use letters only, like “Aisha K.”: no numbers, email addresses or phone numbers";
  }
  const words = name.split(" ");
  if (words.length === 1) return null;
  const last = words[words.length - 1]!.replace(/\.$/, "");
  if (words.length === 2 && /^\p{L}{1,2}$/u.test(last)) return null;
  return "Enter a first name and initial, like “Aisha K.”, or a one-word pseudonym, never a full name";
}

export function normaliseMentorName(raw: string): string {
  return raw.trim().replace(/\s+/g, " ");
}

export const MVP_STAGES = ["NOT_STARTED", "STAFF_TRAINED", "MENTORS_IN_TRAINING", "MENTORS_TRAINED", "DELIVERING"] as const;
export type MvpStage = (typeof MVP_STAGES)[number];

export const STAGE_LABELS: Record<MvpStage, string> = {
  NOT_STARTED: "Not started",
  STAFF_TRAINED: "Staff trained",
  MENTORS_IN_TRAINING: "Mentors in training",
  MENTORS_TRAINED: "Mentors trained",
  DELIVERING: "Delivering",
};

/** What each stage means, in the records' own terms, for the key beside a table of stages. */
export const STAGE_DEFINITIONS: Record<MvpStage, string> = {
  NOT_STARTED: "no staff trained, no mentors and no mentor-led lessons recorded",
  STAFF_TRAINED: "at least one member of staff trained (this year or before), no mentors yet this year",
  MENTORS_IN_TRAINING: "mentors in this year's cohorts, none yet through every required module",
  MENTORS_TRAINED: "at least one mentor this year has completed every required module; no lesson yet",
  DELIVERING: "at least one mentor-led lesson recorded this year",
};

/** The records a school's stage is derived from, for one academic year. */
export type StageRecords = {
  /** Mentor-led lessons delivered in the year. */
  lessons: number;
  /** Mentors in the year's cohorts. */
  mentors: number;
  /** Of those, mentors who completed every required module (app/models/mvp-training-rules.ts). */
  mentorsTrained: number;
  /** Staff trained in the year or any year before: trained staff stay trained. */
  staffTrainedSoFar: number;
};

/**
 * Where a school is with MVP in a year, derived from its records and never stored: the furthest step
 * the records show. Delivering once a mentor-led lesson is recorded that year; mentors trained once a
 * mentor of the year's cohorts has completed every required module; mentors in training once the
 * year's cohorts have mentors; staff trained once any staff have been trained, that year or before.
 * So a school shown at a stage always has a non-zero count of the records that stage names.
 */
export function mvpStage(records: StageRecords): MvpStage {
  if (records.lessons > 0) return "DELIVERING";
  if (records.mentorsTrained > 0) return "MENTORS_TRAINED";
  if (records.mentors > 0) return "MENTORS_IN_TRAINING";
  if (records.staffTrainedSoFar > 0) return "STAFF_TRAINED";
  return "NOT_STARTED";
}

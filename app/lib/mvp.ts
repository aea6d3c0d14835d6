/**
 * Mentors in Violence Prevention: the programme's vocabulary and its small rules, shared by the
 * forms (in the browser and on the server), the models and the tests.
 */
import { academicYearOf, academicYearsUpTo, formatAcademicYear, parseAcademicYear } from "~/lib/academic-year";

/** The first academic year the MVP pages offer. */
const FIRST_MVP_YEAR = 2022;

export function mvpYears(now = new Date()): number[] {
  return academicYearsUpTo(now, FIRST_MVP_YEAR);
}

/** The year asked for in `?year=`, when it is one the pages offer; otherwise the current one. */
export function pickAcademicYear(value: string | null | undefined, now = new Date()): number {
  const year = parseAcademicYear(value);
  return year !== null && mvpYears(now).includes(year) ? year : academicYearOf(now);
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
  if (!name) return "Enter the mentor’s first name and initial, or a pseudonym";
  if (name.length > 30) return "Name must be 30 characters or fewer";
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

export const MVP_STAGES = ["NOT_STARTED", "STAFF_TRAINED", "MENTORS_IN_TRAINING", "DELIVERING"] as const;
export type MvpStage = (typeof MVP_STAGES)[number];

export const STAGE_LABELS: Record<MvpStage, string> = {
  NOT_STARTED: "Not started",
  STAFF_TRAINED: "Staff trained",
  MENTORS_IN_TRAINING: "Mentors in training",
  DELIVERING: "Delivering",
};

/**
 * Where a school is with MVP in a year: delivering once mentors have led a lesson that year; mentors in
 * training once it has a cohort that year; staff trained once any of its staff have been trained, that
 * year or before (trained staff stay trained).
 */
export function mvpStage(school: { lessons: number; cohorts: number; staffTrainedSoFar: number }): MvpStage {
  if (school.lessons > 0) return "DELIVERING";
  if (school.cohorts > 0) return "MENTORS_IN_TRAINING";
  if (school.staffTrainedSoFar > 0) return "STAFF_TRAINED";
  return "NOT_STARTED";
}

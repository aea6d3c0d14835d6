/**
 * How long mentors' names are kept. A cohort's names are kept through its academic year and then for
 * the retention period the VRN lead sets (whole academic years), and at least until its mentors can lead
 * no more lessons; after that they are replaced with neutral labels, and every count stays as it was.
 */
import { academicYearOf, formatAcademicYear } from "~/lib/academic-year";

export const RETENTION_SETTING_KEY = "mvp.retentionYears";
export const DEFAULT_RETENTION_YEARS = 2;
export const MAX_RETENTION_YEARS = 10;

/** The stored setting, or the default when it is missing or not a sensible number. */
export function parseRetentionYears(stored: string | null | undefined): number {
  if (stored == null || !/^\d+$/.test(stored.trim())) return DEFAULT_RETENTION_YEARS;
  const years = Number(stored);
  return years <= MAX_RETENTION_YEARS ? years : DEFAULT_RETENTION_YEARS;
}

/**
 * The academic years a cohort's mentors lead lessons in: its own and the next (a lesson is led by mentors
 * of its year's cohorts or the year before's, `mentorOptions`). Their names are on those lessons, so they
 * are kept until both years have ended, whatever the retention period.
 */
const MENTOR_LEADING_YEARS = 2;

/** Whether a cohort's mentors may still lead lessons at `now`: its own year or the next has not ended. */
export function mentorsMayStillLead(cohortYear: number, now: Date): boolean {
  return academicYearOf(now) < cohortYear + MENTOR_LEADING_YEARS;
}

/**
 * How many academic years after a cohort's own its names go: the retention period after the cohort's
 * year ends, and never before its mentors' last year of leading lessons has ended.
 */
export function yearsNamesKept(retentionYears: number): number {
  return Math.max(1 + retentionYears, MENTOR_LEADING_YEARS);
}

/** The academic year in which a cohort's names fall due for removal (they go on its 1 September). */
export function removalYear(cohortYear: number, retentionYears: number): number {
  return cohortYear + yearsNamesKept(retentionYears);
}

export function namesRemovalDue(cohortYear: number, retentionYears: number, now: Date): boolean {
  return academicYearOf(now) >= removalYear(cohortYear, retentionYears);
}

/** "1 September 2026", for pages that say when names will go. */
export function removalDateText(cohortYear: number, retentionYears: number): string {
  return `1 September ${removalYear(cohortYear, retentionYears)}`;
}

export function retentionSummary(retentionYears: number, exampleYear: number): string {
  return `Mentors' names from ${formatAcademicYear(exampleYear)} are removed on ${removalDateText(exampleYear, retentionYears)}.`;
}

/** What a mentor is called once their name has gone: "Mentor 7", numbered within the cohort. */
export function neutralMentorLabel(position: number): string {
  return `Mentor ${position}`;
}

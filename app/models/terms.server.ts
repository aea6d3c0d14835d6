/**
 * School terms for each academic year, recorded by the VRN lead (docs/decisions/0060). Scheduling asks
 * here whether a session's day is a school day; the rules themselves are in app/lib/terms.ts.
 */
import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { academicYearOf, formatAcademicYear, TERMS, type Term } from "~/lib/academic-year";
import { londonDayStart } from "~/lib/dates";
import { sameAsStored } from "~/lib/same-as-stored";
import { schoolDayWarning, suggestedTerms, TERM_NAMES, termDatesProblems, type TermDates, type TermField } from "~/lib/terms";
import { recordAudit } from "./audit.server";
import { changedMeanwhile, editVersion, type ChangedMeanwhile } from "./edit-versions.server";

const isTerm = (name: string): name is Term => (TERMS as readonly string[]).includes(name);
const termSelect = { academicYear: true, name: true, startsOn: true, endsOn: true, halfTermStartsOn: true, halfTermEndsOn: true } as const;

function byYear(rows: { academicYear: number; name: string; startsOn: string; endsOn: string; halfTermStartsOn: string; halfTermEndsOn: string }[]) {
  const years = new Map<number, TermDates[]>();
  for (const { academicYear, name, ...dates } of rows) {
    if (!isTerm(name)) continue;
    years.set(academicYear, [...(years.get(academicYear) ?? []), { name, ...dates }]);
  }
  return years;
}

/** The dates of a term the form gives, by their labels there, in its order. */
const TERM_DATE_LABELS = {
  startsOn: "first day of term",
  halfTermStartsOn: "first day of half-term",
  halfTermEndsOn: "last day of half-term",
  endsOn: "last day of term",
} as const;

/** The year's dates its form changes, as `autumn.startsOn` and so on, by their labels (decision 0148). */
const TERMS_FORM_FIELDS: Record<string, string> = Object.fromEntries(
  TERMS.flatMap((term) => Object.entries(TERM_DATE_LABELS).map(([key, label]) => [`${term}.${key}`, `${TERM_NAMES[term]}: ${label}`])),
);

/** A year's recorded terms as one record of TERMS_FORM_FIELDS; a date not recorded is absent. */
function flatTerms(terms: TermDates[]): Record<string, string> {
  return Object.fromEntries(terms.flatMap(({ name, ...dates }) => Object.entries(dates).map(([key, value]) => [`${name}.${key}`, value])));
}

/**
 * A year's terms for the lead's form: the recorded ones, or suggested dates (`recorded: false`) when the
 * lead has not set the year up yet; and `version`, the fingerprint of what is recorded (decision 0148).
 */
export async function termsForYear(actor: Actor, startYear: number): Promise<{ terms: TermDates[]; recorded: boolean; version: string }> {
  assertCan(actor, "deliveries:manage");
  const terms = byYear(await prisma.term.findMany({ where: { academicYear: startYear }, select: termSelect })).get(startYear) ?? [];
  const version = editVersion(flatTerms(terms), Object.keys(TERMS_FORM_FIELDS));
  if (terms.length === TERMS.length) return { terms: TERMS.map((name) => terms.find((t) => t.name === name)!), recorded: true, version };
  return { terms: suggestedTerms(startYear), recorded: false, version };
}

export type SaveTermsResult = { ok: true; changed: boolean } | { ok: false; problems: { field: TermField; message: string }[] } | ChangedMeanwhile;

/**
 * Records a year's three terms at once, replacing what was there, or changes nothing when any date is
 * wrong. `changed` is false, with nothing written, when every term was recorded with these dates already.
 * With `seen`, the fingerprint the form's page showed (termsForYear), dates recorded by another save
 * since are not overwritten: refused with `changedMeanwhile` (decision 0148).
 */
export async function saveTerms(actor: Actor, startYear: number, terms: TermDates[], seen?: string): Promise<SaveTermsResult> {
  assertCan(actor, "deliveries:manage");
  const problems = termDatesProblems(startYear, terms);
  if (problems.length > 0) return { ok: false, problems };
  return prisma.$transaction(async (tx) => {
    const recorded = byYear(await tx.term.findMany({ where: { academicYear: startYear }, select: termSelect })).get(startYear) ?? [];
    const unchanged = terms.every((term) => recorded.some((stored) => sameAsStored(stored, term)));
    if (recorded.length === terms.length && unchanged) return { ok: true as const, changed: false };
    const stale = changedMeanwhile(flatTerms(recorded), flatTerms(terms), TERMS_FORM_FIELDS, seen);
    if (stale) return stale;
    for (const { name, ...dates } of terms) {
      await tx.term.upsert({
        where: { academicYear_name: { academicYear: startYear, name } },
        create: { academicYear: startYear, name, ...dates },
        update: dates,
      });
    }
    await recordAudit(
      { actor, action: "update", entityType: "Term", entityId: String(startYear), summary: `Set the term dates for ${formatAcademicYear(startYear)}` },
      tx,
    );
    return { ok: true as const, changed: true };
  });
}

/**
 * For each of the given session days ("YYYY-MM-DD"), why it may be a poor day for schools (a weekend,
 * a half-term, the holidays), or nothing when it is a school day: a map from day to warning, holding
 * only the days with one. One query, whatever the number of days.
 */
export async function schoolDayWarnings(actor: Actor, days: string[]): Promise<Map<string, string>> {
  assertCan(actor, "deliveries:manage");
  const years = [...new Set(days.map((day) => academicYearOf(londonDayStart(day))))];
  const terms = byYear(await prisma.term.findMany({ where: { academicYear: { in: years } }, select: termSelect }));
  const warnings = new Map<string, string>();
  for (const day of days) {
    const warning = schoolDayWarning(day, terms.get(academicYearOf(londonDayStart(day))) ?? []);
    if (warning) warnings.set(day, warning);
  }
  return warnings;
}

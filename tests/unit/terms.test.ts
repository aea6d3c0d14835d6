import { describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { schoolDayWarning, suggestedTerms, termDatesProblems, termYearsAround, type TermDates } from "~/lib/terms";
import { saveTerms, schoolDayWarnings, termsForYear } from "~/models/terms.server";
import { createSchoolTeacher, lead } from "./delivery-factories";
import { routeContext } from "./support/route";

const TERMS_2026: TermDates[] = [
  { name: "autumn", startsOn: "2026-09-03", halfTermStartsOn: "2026-10-26", halfTermEndsOn: "2026-10-30", endsOn: "2026-12-18" },
  { name: "spring", startsOn: "2027-01-05", halfTermStartsOn: "2027-02-15", halfTermEndsOn: "2027-02-19", endsOn: "2027-03-26" },
  { name: "summer", startsOn: "2027-04-12", halfTermStartsOn: "2027-05-31", halfTermEndsOn: "2027-06-04", endsOn: "2027-07-21" },
];

describe("term dates", () => {
  it("suggests weekday-aligned terms that pass their own checks, for any year", () => {
    for (const year of [2024, 2025, 2026, 2027, 2028]) {
      const terms = suggestedTerms(year);
      expect(termDatesProblems(year, terms)).toEqual([]);
      for (const term of terms) {
        expect(new Date(`${term.halfTermStartsOn}T12:00:00Z`).getUTCDay()).toBe(1);
        expect(new Date(`${term.endsOn}T12:00:00Z`).getUTCDay()).toBe(5);
      }
    }
  });

  it("refuses terms out of order, overlapping, outside the year, or with a half-term outside its term", () => {
    const change = (name: string, dates: Partial<TermDates>) => TERMS_2026.map((t) => (t.name === name ? { ...t, ...dates } : t));
    expect(termDatesProblems(2026, TERMS_2026)).toEqual([]);
    expect(termDatesProblems(2026, change("spring", { startsOn: "2026-12-10" }))).toContainEqual({
      field: "spring.startsOn",
      message: "The spring term must start after the autumn term ends (18 December 2026)",
    });
    expect(termDatesProblems(2026, change("autumn", { startsOn: "2026-08-28" }))[0]).toMatchObject({
      field: "autumn.startsOn",
      message: expect.stringContaining("within the academic year 2026/27"),
    });
    expect(termDatesProblems(2026, change("summer", { endsOn: "2027-04-01" }))[0]).toMatchObject({
      field: "summer.endsOn",
      message: "The summer term must end after it starts",
    });
    expect(termDatesProblems(2026, change("autumn", { halfTermStartsOn: "2026-12-28", halfTermEndsOn: "2026-12-30" })).map((p) => p.field)).toEqual([
      "autumn.halfTermStartsOn",
      "autumn.halfTermEndsOn",
    ]);
    expect(termDatesProblems(2026, change("spring", { halfTermEndsOn: "2027-02-12" }))[0]?.field).toBe("spring.halfTermEndsOn");
  });

  it("warns of weekends, half-terms and holidays, and only of weekends when the year has no terms", () => {
    expect(schoolDayWarning("2027-02-10", TERMS_2026)).toBeNull();
    expect(schoolDayWarning("2027-02-13", TERMS_2026)).toBe("13 February 2027 is a Saturday");
    expect(schoolDayWarning("2027-02-16", TERMS_2026)).toBe("16 February 2027 is in the spring half-term");
    expect(schoolDayWarning("2026-12-22", TERMS_2026)).toBe("22 December 2026 is in the school holidays (outside the terms recorded)");
    expect(schoolDayWarning("2027-08-01", TERMS_2026)).toBe("1 August 2027 is a Sunday and in the school holidays (outside the terms recorded)");
    expect(schoolDayWarning("2027-08-02", [])).toBeNull();
    expect(schoolDayWarning("2027-08-01", [])).toBe("1 August 2027 is a Sunday");
  });

  it("changes and audits nothing when a year's terms are saved with the dates they have", async () => {
    const vrn = await lead();
    expect(await saveTerms(vrn, 2027, suggestedTerms(2027))).toEqual({ ok: true, changed: true });
    const audited = () => prisma.auditEvent.count({ where: { entityType: "Term", entityId: "2027" } });
    const auditBefore = await audited();
    expect(await saveTerms(vrn, 2027, [...suggestedTerms(2027)].reverse())).toEqual({ ok: true, changed: false });
    expect(await audited()).toBe(auditBefore);
  });

  it("lets only the lead save a year's terms, all or nothing, and warns from what was saved", async () => {
    const vrn = await lead();
    const { user: teacher } = await createSchoolTeacher();
    await expect(saveTerms(teacher, 2026, TERMS_2026)).rejects.toMatchObject({ status: 403 });
    expect(await termsForYear(vrn, 2026)).toMatchObject({ terms: suggestedTerms(2026), recorded: false });

    const wrong = await saveTerms(
      vrn,
      2026,
      TERMS_2026.map((t) => (t.name === "summer" ? { ...t, startsOn: "2027-03-01" } : t)),
    );
    expect(wrong.ok).toBe(false);
    expect(await prisma.term.count({ where: { academicYear: 2026 } })).toBe(0);

    expect(await saveTerms(vrn, 2026, TERMS_2026)).toEqual({ ok: true, changed: true });
    expect(await termsForYear(vrn, 2026)).toMatchObject({ terms: TERMS_2026, recorded: true });
    const warnings = await schoolDayWarnings(vrn, ["2027-02-10", "2027-02-16", "2027-09-04"]);
    expect([...warnings]).toEqual([
      ["2027-02-16", "16 February 2027 is in the spring half-term"],
      ["2027-09-04", "4 September 2027 is a Saturday"],
    ]);
  });
});

describe("the term dates page's form", () => {
  it("is refused whole (400), saving nothing, when its hidden year is not as the page wrote it", async () => {
    const actor = await lead();
    const { token } = await createSession(actor.id);
    const route = await import("~/routes/sessions.terms");
    const year = termYearsAround(new Date()).at(-1)!;
    const dates = suggestedTerms(year).flatMap(({ name, ...days }) => Object.entries(days).map(([key, day]) => `${name}.${key}=${day}`));
    for (const sentYear of [`academicYear=${year}&academicYear=${year}`, "academicYear=next", "academicYear="]) {
      const request = new Request("http://localhost/sessions/terms", {
        method: "POST",
        headers: { Cookie: `vrn_session=${token}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: [sentYear, ...dates].join("&"),
      });
      const refused = await route.action({ request, context: routeContext(), params: {} }).catch((thrown: unknown) => thrown);
      // Not the page drawn again with "Give one answer here, not several" by a field it does not show.
      expect(refused instanceof Response && refused.status, sentYear).toBe(400);
      expect(await (refused as Response).json()).toEqual({ message: expect.stringContaining("could not be matched to the year its page showed") });
    }
    expect(await prisma.term.count({ where: { academicYear: year } })).toBe(0);
  });
});

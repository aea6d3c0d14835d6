import { describe, expect, it } from "vitest";
import { academicYearHasClosed, academicYearOf, academicYearsUpTo, formatAcademicYear, parseAcademicYear, termOf } from "~/lib/academic-year";

describe("academic years", () => {
  it("start on 1 September in London time", () => {
    expect(academicYearOf(new Date("2025-08-31T12:00:00Z"))).toBe(2024);
    expect(academicYearOf(new Date("2025-09-01T09:00:00Z"))).toBe(2025);
    // 23:30 UTC on 31 August is already 00:30 on 1 September in London (summer time).
    expect(academicYearOf(new Date("2025-08-31T23:30:00Z"))).toBe(2025);
    expect(academicYearOf(new Date("2026-01-15T10:00:00Z"))).toBe(2025);
  });

  it('are written "2025/26" and read back', () => {
    expect(formatAcademicYear(2025)).toBe("2025/26");
    expect(formatAcademicYear(2099)).toBe("2099/00");
    expect(parseAcademicYear("2025/26")).toBe(2025);
    expect(parseAcademicYear("2025")).toBe(2025);
    expect(parseAcademicYear("2025/27")).toBeNull();
    expect(parseAcademicYear("twenty")).toBeNull();
    expect(parseAcademicYear(null)).toBeNull();
  });

  it("have three terms", () => {
    expect(termOf(new Date("2025-10-01T12:00:00Z"))).toBe("autumn");
    expect(termOf(new Date("2026-02-01T12:00:00Z"))).toBe("spring");
    expect(termOf(new Date("2026-06-01T12:00:00Z"))).toBe("summer");
  });

  it("close at the end of August", () => {
    expect(academicYearHasClosed(2024, new Date("2025-08-31T12:00:00Z"))).toBe(false);
    expect(academicYearHasClosed(2024, new Date("2025-09-01T12:00:00Z"))).toBe(true);
  });

  it("are listed newest first for pickers", () => {
    expect(academicYearsUpTo(new Date("2026-11-21T12:00:00Z"), 2023)).toEqual([2026, 2025, 2024, 2023]);
  });
});

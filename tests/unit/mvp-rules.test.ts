import { describe, expect, it } from "vitest";
import { cohortLabel, formatYearGroups, mentorNameProblem, mvpStage, pickAcademicYear, readMvpYear } from "~/lib/mvp";
import { classKey, classNameKey, pupilsReached, reachByClass, type LessonForReach } from "~/models/mvp-reach-rules";
import { namesRemovalDue, parseRetentionYears, removalYear } from "~/lib/mvp-retention";
import { isTrained, trainingProgress, type CurriculumModule } from "~/models/mvp-training-rules";

const curriculum: CurriculumModule[] = [
  { id: "bystander", required: true, active: true },
  { id: "name-calling", required: true, active: true },
  { id: "leading", required: true, active: true },
  { id: "county-lines", required: false, active: true },
  { id: "old-module", required: true, active: false },
];

describe("the trained rule", () => {
  it("is met when every live required module is complete", () => {
    expect(isTrained(["bystander", "name-calling", "leading"], curriculum)).toBe(true);
  });

  it("is not met while any required module is missing, whatever optional ones are done", () => {
    expect(isTrained(["bystander", "name-calling", "county-lines"], curriculum)).toBe(false);
    expect(trainingProgress(["bystander", "county-lines"], curriculum)).toEqual({ requiredDone: 1, requiredTotal: 3, optionalDone: 1, trained: false });
  });

  it("ignores retired modules, done or not", () => {
    expect(isTrained(["bystander", "name-calling", "leading"], curriculum)).toBe(true);
    expect(trainingProgress(["old-module"], curriculum).requiredDone).toBe(0);
  });

  it("never counts anyone as trained against a curriculum with no required module", () => {
    expect(isTrained(["county-lines"], [{ id: "county-lines", required: false, active: true }])).toBe(false);
    expect(isTrained([], [])).toBe(false);
  });

  it("does not care about completions of modules it does not know", () => {
    expect(isTrained(["bystander", "name-calling", "leading", "unknown"], curriculum)).toBe(true);
  });
});

describe("pupils reached, counted by class", () => {
  const lesson = (className: string, pupilsPresent: number, yearGroup = 8, schoolId = "school-1"): LessonForReach => ({
    schoolId,
    className,
    pupilsPresent,
    yearGroup,
  });

  it("counts each class once, at the largest number present", () => {
    const classes = reachByClass([lesson("8A", 28), lesson("8A", 30), lesson("8A", 25), lesson("8B", 27)]);
    expect(classes.map((c) => [c.className, c.lessons, c.largestClass])).toEqual([
      ["8A", 3, 30],
      ["8B", 1, 27],
    ]);
    expect(pupilsReached(classes)).toEqual({ atLeastOne: 57, atLeastFive: 0 });
  });

  it("counts a class as reached five times from its fifth lesson, not before", () => {
    const four = [28, 29, 27, 30].map((n) => lesson("9C", n, 9));
    expect(pupilsReached(reachByClass(four))).toEqual({ atLeastOne: 30, atLeastFive: 0 });
    const five = [...four, lesson("9C", 26, 9)];
    expect(pupilsReached(reachByClass(five))).toEqual({ atLeastOne: 30, atLeastFive: 30 });
  });

  it("adds up several classes, only the ones with five lessons towards the second figure", () => {
    const lessons = [
      ...Array.from({ length: 5 }, () => lesson("8A", 30)),
      ...Array.from({ length: 6 }, (_, i) => lesson("8B", 20 + i)),
      ...Array.from({ length: 2 }, () => lesson("8C", 29)),
    ];
    expect(pupilsReached(reachByClass(lessons))).toEqual({ atLeastOne: 30 + 25 + 29, atLeastFive: 30 + 25 });
  });

  it("treats differences of case and spacing in a class name as the same class", () => {
    expect(classNameKey(" 8 b ")).toBe("8B");
    expect(classKey(lesson(" 8 b ", 20))).toBe(classKey(lesson("8B", 24)));
    const classes = reachByClass([lesson("8b", 20), lesson("8B ", 24), lesson("8 B", 22)]);
    expect(classes).toHaveLength(1);
    expect(classes[0]).toMatchObject({ lessons: 3, largestClass: 24 });
  });

  it("keeps apart classes of the same name in different year groups, even on the same day", () => {
    const classes = reachByClass([
      { ...lesson("A", 30, 7), deliveredOn: "2026-10-12" },
      { ...lesson("A", 25, 9), deliveredOn: "2026-10-12" },
    ]);
    expect(classes.map((c) => [c.className, c.yearGroup, c.lessons, c.largestClass])).toEqual([
      ["A", 7, 1, 30],
      ["A", 9, 1, 25],
    ]);
    expect(pupilsReached(classes)).toEqual({ atLeastOne: 55, atLeastFive: 0 });
  });

  it("keeps apart classes of the same name and year group in different schools", () => {
    const classes = reachByClass([lesson("8A", 30, 8, "school-1"), lesson("8A", 25, 8, "school-2")]);
    expect(classes).toHaveLength(2);
    expect(pupilsReached(classes)).toEqual({ atLeastOne: 55, atLeastFive: 0 });
  });

  it("reaches nobody with no lessons", () => {
    expect(pupilsReached(reachByClass([]))).toEqual({ atLeastOne: 0, atLeastFive: 0 });
  });

  it("lists classes by year group, then by name in natural order", () => {
    const classes = reachByClass([lesson("9A", 20, 9), lesson("8C", 20), lesson("8A", 20), lesson("8A10", 20), lesson("8A2", 20)]);
    expect(classes.map((c) => c.className)).toEqual(["8A", "8A2", "8A10", "8C", "9A"]);
  });
});

describe("mentor names", () => {
  it("accepts a first name and initial, or a one-word pseudonym", () => {
    for (const name of ["Aisha K.", "Aisha K", "Mary-Jane O.", "Zoë B.", "Falcon", "Aisha Kh.", "  Aisha   K. "]) {
      expect(mentorNameProblem(name), name).toBeNull();
    }
  });

  it("refuses full names, numbers, email addresses and empty names", () => {
    expect(mentorNameProblem("Aisha Khan")).toMatch(/never a full name/);
    expect(mentorNameProblem("Aisha Noor Khan")).toMatch(/never a full name/);
    expect(mentorNameProblem("aisha@example.org")).toMatch(/letters only/);
    expect(mentorNameProblem("07700 900123")).toMatch(/letters only/);
    expect(mentorNameProblem("   ")).toMatch(/Enter/);
    // Hangul fillers are letters to Unicode but draw nothing.
    for (const blank of ["\u3164", "\u115f\u1160", "Aisha \u3164", "Ai\uffa0sha"]) expect(mentorNameProblem(blank), blank).toMatch(/^Enter/);
    expect(mentorNameProblem("A".repeat(31))).toMatch(/30 characters/);
  });
});

describe("stages and labels", () => {
  it("places a school at the furthest stage its records show, each stage borne out by its own count", () => {
    const none = { lessons: 0, mentors: 0, mentorsTrained: 0, staffTrainedSoFar: 0 };
    expect(mvpStage(none)).toBe("NOT_STARTED");
    expect(mvpStage({ ...none, staffTrainedSoFar: 2 })).toBe("STAFF_TRAINED");
    expect(mvpStage({ ...none, staffTrainedSoFar: 2, mentors: 8 })).toBe("MENTORS_IN_TRAINING");
    expect(mvpStage({ ...none, staffTrainedSoFar: 2, mentors: 8, mentorsTrained: 1 })).toBe("MENTORS_TRAINED");
    expect(mvpStage({ ...none, staffTrainedSoFar: 2, mentors: 8, mentorsTrained: 8, lessons: 1 })).toBe("DELIVERING");
    // A school with an empty cohort has no mentors to be training: its staff are its furthest step.
    expect(mvpStage({ ...none, staffTrainedSoFar: 1 })).toBe("STAFF_TRAINED");
    // Lessons led by last year's mentors: delivering, whatever this year's cohorts hold.
    expect(mvpStage({ ...none, lessons: 3 })).toBe("DELIVERING");
  });

  it("names year groups and cohorts in plain English", () => {
    expect(formatYearGroups([11, 10])).toBe("Years 10 and 11");
    expect(formatYearGroups([10])).toBe("Year 10");
    expect(formatYearGroups([9, 10, 11])).toBe("Years 9, 10 and 11");
    expect(cohortLabel({ yearGroups: "10,11", academicYear: 2026 })).toBe("Years 10 and 11, 2026/27");
  });

  it("starts a new record from the current academic year, or one the pages offer, and takes no other", () => {
    const now = new Date("2026-11-21T12:00:00Z");
    const pick = (query: string) => pickAcademicYear(new URLSearchParams(query), now);
    expect(pick("")).toBe(2026);
    expect(pick("year=%20")).toBe(2026);
    expect(pick("year=2024")).toBe(2024);
    expect(pick("year=2024/25&year=2024/25")).toBe(2024);
    for (const year of ["2031", "2019", "2024/26", "nonsense"]) expect(pick(`year=${encodeURIComponent(year)}`), year).toBeNull();
    expect(pick("year=2024&year=2025"), "two years").toBeNull();
  });

  it("says when a page of figures was asked for a year it does not offer, and shows the current one", () => {
    const now = new Date("2026-11-21T12:00:00Z");
    const read = (query: string) => readMvpYear(new URLSearchParams(query), now);
    expect(read("")).toEqual({ year: 2026, problem: null });
    expect(read("year=")).toEqual({ year: 2026, problem: null });
    expect(read("year=2024")).toEqual({ year: 2024, problem: null });
    expect(read("year=2024/25")).toEqual({ year: 2024, problem: null });
    const notOffered = { year: 2026, problem: "There are no MVP figures for that academic year: choose one from the list" };
    for (const year of ["2031", "2019", "2024/26", "nonsense"]) expect(read(`year=${encodeURIComponent(year)}`)).toEqual(notOffered);
  });
});

describe("when mentors' names fall due for removal", () => {
  it("keeps names through the year and the retention period, then from 1 September", () => {
    expect(removalYear(2023, 2)).toBe(2026);
    expect(namesRemovalDue(2023, 2, new Date("2026-08-31T22:00:00Z"))).toBe(false); // 23:00 on 31 August in London
    expect(namesRemovalDue(2023, 2, new Date("2026-08-31T23:30:00Z"))).toBe(true); // 00:30 on 1 September in London
    expect(namesRemovalDue(2024, 2, new Date("2026-11-21T12:00:00Z"))).toBe(false);
    // Never while the cohort's mentors may still lead lessons: its year and the next.
    expect(namesRemovalDue(2025, 0, new Date("2026-11-21T12:00:00Z"))).toBe(false);
    expect(namesRemovalDue(2024, 0, new Date("2026-11-21T12:00:00Z"))).toBe(true);
    expect(removalYear(2025, 0)).toBe(2027);
    expect(removalYear(2025, 1)).toBe(2027);
  });

  it("reads the setting, falling back to two years for anything odd", () => {
    expect(parseRetentionYears("3")).toBe(3);
    expect(parseRetentionYears("0")).toBe(0);
    expect(parseRetentionYears(null)).toBe(2);
    expect(parseRetentionYears("-1")).toBe(2);
    expect(parseRetentionYears("two")).toBe(2);
    expect(parseRetentionYears("99")).toBe(2);
  });
});

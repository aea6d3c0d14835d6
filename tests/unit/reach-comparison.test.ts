import { describe, expect, it } from "vitest";
import { londonInstantsOf, toLondonWallTime } from "~/lib/london-time";
import { comparisonWindow, sameDayAYearEarlier, yearLabel } from "~/models/reach-comparison";
import type { Headline } from "~/models/reach.server";

// The later of a time the clocks show twice (01:30 the night they go back).
const london = (date: string, time = "12:00") => londonInstantsOf(date, time).at(-1)!;
const wall = (instant: Date) => {
  const w = toLondonWallTime(instant);
  return `${w.year}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")} ${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`;
};
const year = (y: number) => ({ year: y, term: null });

describe("the comparison window", () => {
  it("compares a year under way with the same dates a year earlier, and says which", () => {
    const w = comparisonWindow(year(2026), london("2026-11-29"));
    expect(w.toDate).toBe(true);
    expect([wall(w.current.start), wall(w.current.end)]).toEqual(["2026-09-01 00:00", "2026-11-30 00:00"]);
    expect([wall(w.previous.start), wall(w.previous.end)]).toEqual(["2025-09-01 00:00", "2025-11-30 00:00"]);
    expect(w.previousLabel).toBe("1 September to 29 November 2025");
    expect(w.currentLabel).toBe("1 September to 29 November 2026");
    expect(w.previousYear).toBe(2025);
  });

  it("compares a year that is over whole with the whole year before", () => {
    const w = comparisonWindow(year(2025), london("2026-11-29"));
    expect(w.toDate).toBe(false);
    expect([wall(w.current.start), wall(w.current.end)]).toEqual(["2025-09-01 00:00", "2026-09-01 00:00"]);
    expect([wall(w.previous.start), wall(w.previous.end)]).toEqual(["2024-09-01 00:00", "2025-09-01 00:00"]);
    expect(w.previousLabel).toBe("2024/25");
  });

  it("treats 31 August as the year's last day and 1 September as the next year's first, in London time", () => {
    const lastEvening = comparisonWindow(year(2025), london("2026-08-31", "23:30"));
    expect(lastEvening.toDate).toBe(false);
    expect(wall(lastEvening.previous.end)).toBe("2025-09-01 00:00");
    // 00:30 on 1 September in London is still 31 August in UTC: the new year has begun, one day of it.
    const firstMorning = comparisonWindow(year(2026), london("2026-09-01", "00:30"));
    expect(firstMorning.toDate).toBe(true);
    expect([wall(firstMorning.current.start), wall(firstMorning.current.end)]).toEqual(["2026-09-01 00:00", "2026-09-02 00:00"]);
    expect([wall(firstMorning.previous.start), wall(firstMorning.previous.end)]).toEqual(["2025-09-01 00:00", "2025-09-02 00:00"]);
    expect(firstMorning.previousLabel).toBe("1 September 2025");
  });

  it("compares 29 February with 28 February, and the day after with 1 March", () => {
    expect(sameDayAYearEarlier("2028-02-29")).toBe("2027-02-28");
    expect(sameDayAYearEarlier("2027-03-01")).toBe("2026-03-01");
    const leap = comparisonWindow(year(2027), london("2028-02-29"));
    expect(wall(leap.current.end)).toBe("2028-03-01 00:00");
    expect(wall(leap.previous.end)).toBe("2027-03-01 00:00");
    expect(leap.previousLabel).toBe("1 September 2026 to 28 February 2027");
    // From a leap year back to a common year and the other way, 1 March stays 1 March.
    const after = comparisonWindow(year(2028), london("2029-03-01"));
    expect(wall(after.previous.end)).toBe("2028-03-02 00:00");
  });

  it("cuts both years at London midnight across the clock changes", () => {
    // 29 March 2026: clocks go forward; the same date in 2025 was still winter time.
    const spring = comparisonWindow(year(2025), london("2026-03-29", "03:30"));
    expect(spring.current.end.toISOString()).toBe("2026-03-29T23:00:00.000Z");
    expect(spring.previous.end.toISOString()).toBe("2025-03-30T00:00:00.000Z");
    // 25 October 2026: clocks go back at 02:00; the day ends at London midnight, in winter time.
    const autumn = comparisonWindow(year(2026), london("2026-10-25", "01:30"));
    expect(autumn.current.end.toISOString()).toBe("2026-10-26T00:00:00.000Z");
    expect(autumn.previous.end.toISOString()).toBe("2025-10-25T23:00:00.000Z");
  });

  it("narrows to a term: under way to date, over whole, not begun empty", () => {
    const autumn = comparisonWindow({ year: 2026, term: "autumn" }, london("2026-11-29"));
    expect(autumn.toDate).toBe(true);
    expect(autumn.previousLabel).toBe("1 September to 29 November 2025");
    const spring = comparisonWindow({ year: 2025, term: "spring" }, london("2026-11-29"));
    expect([spring.toDate, spring.previousLabel]).toEqual([false, "Spring term 2024/25"]);
    const notYet = comparisonWindow({ year: 2026, term: "summer" }, london("2026-11-29"));
    expect(notYet.current.end.getTime()).toBe(notYet.current.start.getTime());
    expect(notYet.previous.end.getTime()).toBe(notYet.previous.start.getTime());
  });

  it("labels a year under way as so far in tables with a row per year", () => {
    expect(yearLabel(2026, london("2026-11-29"))).toBe("2026/27 so far");
    expect(yearLabel(2025, london("2026-11-29"))).toBe("2025/26");
  });
});

describe("the year before the service's figures begin", () => {
  it("is not compared with: its zeros mean no figures, not none, so no change is claimed", async () => {
    const { headlineComparison } = await import("~/models/reach-comparison");
    const { FIRST_REACH_YEAR } = await import("~/models/reach-rules");
    const now = new Date("2026-12-03T12:00:00Z");
    expect(headlineComparison({ year: FIRST_REACH_YEAR, term: null }, now).labels.noPreviousFigures).toBe(
      "Nothing to compare: the service's figures begin in 2022/23",
    );
    expect(headlineComparison({ year: FIRST_REACH_YEAR + 1, term: null }, now).labels.noPreviousFigures).toBeNull();

    const { createElement } = await import("react");
    const { renderToStaticMarkup } = await import("react-dom/server");
    const { HeadlineFigures } = await import("~/components/reach");
    const headline: Headline = {
      pupils: 120,
      deliveries: 3,
      schoolsReached: 2,
      openSchools: 10,
      coverage: 0.2,
      rollShare: 0.1,
      mentorsTrained: 27,
      mvpPupils: 0,
      surveyResponses: 0,
    };
    const none: Headline = { ...headline, pupils: 0, deliveries: 0, schoolsReached: 0, coverage: 0, rollShare: 0, mentorsTrained: 0 };
    const html = renderToStaticMarkup(
      createElement(HeadlineFigures, {
        headline,
        previous: none,
        comparison: headlineComparison({ year: FIRST_REACH_YEAR, term: null }, now).labels,
        id: "figures",
      }),
    );
    expect(html).not.toMatch(/up 27|up 120/);
    expect(html).toContain("Nothing to compare: the service&#x27;s figures begin in 2022/23");
  });
});

import { describe, expect, it } from "vitest";
import { formatAverage, formatMean, formatMeanChange, formatPercent, formatPoints, percentShown, roundHalfAwayFromZero } from "~/lib/rounding";

describe("the one rounding rule", () => {
  it("rounds halves away from zero on the decimal as written, where Math.round does not", () => {
    expect(roundHalfAwayFromZero(2.5)).toBe(3);
    expect(roundHalfAwayFromZero(-2.5)).toBe(-3);
    expect(Math.round(-2.5)).toBe(-2);
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1.01);
    expect(Math.round(1.005 * 100) / 100).toBe(1);
    expect(roundHalfAwayFromZero(171.25, 1)).toBe(171.3);
    expect(Object.is(roundHalfAwayFromZero(-0.2), 0)).toBe(true);
  });

  it("shows averages of people whole and averages of sessions to one place below 10", () => {
    expect(formatAverage(171.3, "people")).toBe("171");
    expect(formatAverage(171.5, "people")).toBe("172");
    expect(formatAverage(1204.6, "people")).toBe("1,205");
    expect(formatAverage(1.25, "events")).toBe("1.3");
    expect(formatAverage(1.04, "events")).toBe("1");
    expect(formatAverage(12.46, "events")).toBe("12");
    expect(formatAverage(9.96, "events")).toBe("10");
  });

  it("shows shares as whole percentages, keeping one place under 1%", () => {
    expect(formatPercent(0.125)).toBe("13%");
    expect(formatPercent(0.0045)).toBe("0.5%");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(1.5)).toBe("150%");
    expect(formatPercent(12.345)).toBe("1,235%");
    expect(formatPercent(null)).toBe("–");
    expect([percentShown(0.125), percentShown(0.0045), percentShown(0.999)]).toEqual([13, 0.5, 100]);
  });

  it("signs every change with a plus or the true minus sign, never a hyphen", () => {
    expect(formatPoints(13)).toBe("+13 points");
    expect(formatPoints(-13)).toBe("\u221213 points");
    expect(formatPoints(2.6)).toBe("+2.6 points");
    expect(formatPoints(0)).toBe("0 points");
    expect(formatPoints(null)).toBe("–");
    expect(formatMeanChange(0.43)).toBe("+0.43");
    expect(formatMeanChange(-0.2)).toBe("\u22120.20");
    expect(formatMeanChange(0)).toBe("0.00");
    expect(formatMean(3.204)).toBe("3.20");
    expect(formatMean(null)).toBe("–");
  });
});

import { describe, expect, it } from "vitest";
import { isSmallCount, publishedCount, responsesCounted, stepComplete, surveyResultsShowable } from "~/models/disclosure";

describe("published counts", () => {
  it('show 0 as 0, 1 to 4 as "<5", and round the rest down to a multiple of 5', () => {
    expect([0, 1, 4, 5, 7, 9, 10, 37, 120].map(publishedCount)).toEqual([0, "<5", "<5", 5, 5, 5, 10, 35, 120]);
    expect(isSmallCount(0)).toBe(false);
    expect(isSmallCount(4)).toBe(true);
  });
});

describe("survey results", () => {
  it("count responses in whole steps of five", () => {
    expect([0, 4, 5, 9, 10, 14, 15, 19, 20, 27].map(responsesCounted)).toEqual([0, 0, 0, 0, 10, 10, 10, 10, 20, 20]);
    expect(stepComplete(9)).toBe(false);
    expect(stepComplete(10)).toBe(true);
  });

  it("are shown from 10 counted responses", () => {
    expect(surveyResultsShowable(9)).toBe(false);
    expect(surveyResultsShowable(10)).toBe(true);
  });
});

/**
 * A number before a noun agrees with it: "1 pupil", "2 pupils". One helper says it (`counted`), and the
 * sentences built from counts use it.
 */
import { describe, expect, it } from "vitest";
import { counted } from "~/lib/numbers";
import { retryText } from "~/lib/retry-text";
import { formatPoints } from "~/lib/rounding";
import { describeNotReached, describeNotReachedInTwoYears } from "~/models/reach-rules";

describe("a count and the noun it counts", () => {
  it("says the singular for one and the plural for none or many", () => {
    expect(counted(1, "pupil")).toBe("1 pupil");
    expect(counted(0, "pupil")).toBe("0 pupils");
    expect(counted(2, "pupil")).toBe("2 pupils");
    expect(counted(-1, "point")).toBe("-1 point");
  });

  it("takes an irregular plural, and a verb with the noun", () => {
    expect(counted(1, "person", "people")).toBe("1 person");
    expect(counted(3, "person", "people")).toBe("3 people");
    expect(counted(1, "school is", "schools are")).toBe("1 school is");
    expect(counted(4, "school is", "schools are")).toBe("4 schools are");
  });

  it("formats the number with thousands separators", () => {
    expect(counted(12345, "pupil")).toBe("12,345 pupils");
    expect(counted(1000, "open school")).toBe("1,000 open schools");
  });
});

describe("sentences built from counts", () => {
  it("say the gaps in reach with one school or one pupil in the singular", () => {
    expect(describeNotReachedInTwoYears({ total: 1, roll: 689 }, "showing 1 to 1 of 1")).toBe(
      "1 open school with 689 pupils on roll was reached in neither year (showing 1 to 1 of 1).",
    );
    expect(describeNotReachedInTwoYears({ total: 30, roll: 12000 }, "showing 1 to 25 of 30")).toBe(
      "30 open schools with 12,000 pupils on roll were reached in neither year (showing 1 to 25 of 30).",
    );
    expect(describeNotReachedInTwoYears({ total: 0, roll: 0 }, "none")).toBe("Every open school was reached in one of the two years.");
    expect(describeNotReached({ total: 1, roll: 1 }, 1, "showing 1 to 1 of 1")).toBe("1 of 1 open school, with 1 pupil on roll (showing 1 to 1 of 1).");
    expect(describeNotReached({ total: 2, roll: 900 }, 40, "showing 1 to 2 of 2")).toBe("2 of 40 open schools, with 900 pupils on roll (showing 1 to 2 of 2).");
    expect(describeNotReached({ total: 0, roll: 0 }, 40, "none")).toBe("Every one of the 40 open schools was reached.");
    expect(describeNotReached({ total: 0, roll: 0 }, 1, "none")).toBe("The one open school was reached.");
    expect(describeNotReached({ total: 0, roll: 0 }, 0, "none")).toBe("No open school matches these filters.");
  });

  it("say one point, one second and one minute in the singular", () => {
    expect(formatPoints(1)).toBe("+1 point");
    expect(formatPoints(-1)).toBe("−1 point");
    expect(formatPoints(2.6)).toBe("+2.6 points");
    expect(retryText(1)).toBe("Wait 1 second, then try again.");
    expect(retryText(60)).toBe("Wait 1 minute, then try again.");
    expect(retryText(150)).toBe("Wait 3 minutes, then try again.");
  });
});

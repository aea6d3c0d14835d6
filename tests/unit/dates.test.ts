import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, isIsoDate, londonDayEnd, londonDayStart } from "~/lib/dates";

describe("dates in Europe/London", () => {
  it("format in UK time, across the clock changes", () => {
    expect(formatDateTime(new Date("2026-07-01T14:05:00Z"))).toBe("1 July 2026 at 3:05pm");
    expect(formatDateTime(new Date("2026-01-01T00:00:00Z"))).toBe("1 January 2026 at 12:00am");
    expect(formatDateTime("2026-12-25T12:30:00.000Z")).toBe("25 December 2026 at 12:30pm");
    expect(formatDate(new Date("2026-06-30T23:30:00Z"))).toBe("1 July 2026"); // already July in London (BST)
    expect(formatDate(new Date("2026-12-31T23:30:00Z"))).toBe("31 December 2026"); // GMT
  });

  it("turn a London calendar day into the instants it starts and ends", () => {
    expect(londonDayStart("2026-01-15").toISOString()).toBe("2026-01-15T00:00:00.000Z");
    expect(londonDayStart("2026-07-01").toISOString()).toBe("2026-06-30T23:00:00.000Z");
    // Clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October 2026.
    expect(londonDayEnd("2026-03-28").toISOString()).toBe("2026-03-29T00:00:00.000Z");
    expect(londonDayEnd("2026-03-29").toISOString()).toBe("2026-03-29T23:00:00.000Z");
    expect(londonDayStart("2026-10-25").toISOString()).toBe("2026-10-24T23:00:00.000Z");
    expect(londonDayEnd("2026-10-25").toISOString()).toBe("2026-10-26T00:00:00.000Z");
    expect(londonDayEnd("2026-12-31").toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it("know a real date from an impossible one", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(isIsoDate("27/03/2026")).toBe(false);
  });
});

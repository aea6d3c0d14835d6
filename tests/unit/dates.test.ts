import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDayAndTime, formatSessionTimes, isIsoDate, londonDayEnd, londonDayStart, UNKNOWN_DATE } from "~/lib/dates";

describe("dates in Europe/London", () => {
  it("format in UK time, across the clock changes", () => {
    expect(formatDateTime(new Date("2026-07-01T14:05:00Z"))).toBe("1 July 2026 at 3:05pm");
    expect(formatDateTime(new Date("2026-01-01T00:00:00Z"))).toBe("1 January 2026 at 12am");
    expect(formatDateTime("2026-12-25T12:30:00.000Z")).toBe("25 December 2026 at 12:30pm");
    expect(formatDate(new Date("2026-06-30T23:30:00Z"))).toBe("1 July 2026"); // already July in London (BST)
    expect(formatDate(new Date("2026-12-31T23:30:00Z"))).toBe("31 December 2026"); // GMT
  });

  it("write a session's times with its weekday, 10am on the hour and 10:30am otherwise, in one form everywhere", () => {
    // 5 January 2027 is a Tuesday, in GMT.
    expect(formatSessionTimes("2027-01-05T10:00:00Z", "2027-01-05T11:00:00Z")).toBe("Tuesday 5 January 2027, 10am to 11am");
    expect(formatSessionTimes("2027-01-05T10:30:00Z", "2027-01-05T12:15:00Z")).toBe("Tuesday 5 January 2027, 10:30am to 12:15pm");
    // BST: 09:00 UTC is 10am in London; the weekday is London's, also just after midnight there.
    expect(formatSessionTimes("2027-06-01T09:00:00Z", "2027-06-01T10:45:00Z")).toBe("Tuesday 1 June 2027, 10am to 11:45am");
    expect(formatDayAndTime("2027-05-31T23:30:00Z")).toBe("Tuesday 1 June 2027, 12:30am");
    // Across days, both dates.
    expect(formatSessionTimes("2027-01-05T10:00:00Z", "2027-01-06T16:00:00Z")).toBe("Tuesday 5 January 2027, 10am to Wednesday 6 January 2027, 4pm");
    expect(formatSessionTimes("not a date", "2027-01-05T11:00:00Z")).toBe(UNKNOWN_DATE);
    expect(formatSessionTimes("2027-01-05T10:00:00Z", "not a date")).toBe("Tuesday 5 January 2027, 10am");
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

import { describe, expect, it } from "vitest";
import ICAL from "ical.js";
import { calendarFile, escapeText, foldLine } from "~/lib/ics";
import { formatDate, formatDateTime } from "~/lib/dates";
import {
  fromLondonWallTime,
  londonDateInputValue,
  londonDaysBefore,
  londonInstantsOf,
  londonTimeInputValue,
  toLondonWallTime,
  toLondonWallTimeByIntl,
  whenInLondonDays,
} from "~/lib/london-time";

describe("London calendar days between two moments", () => {
  it("say 'today' for later the same day, 'tomorrow' just after midnight, and count days across a clock change", () => {
    const at = (date: string, time: string) => fromLondonWallTime(date, time)!;
    expect(whenInLondonDays(at("2026-11-02", "09:05"), at("2026-11-02", "14:00"))).toBe("today");
    expect(whenInLondonDays(at("2026-11-02", "23:30"), at("2026-11-03", "00:30"))).toBe("tomorrow");
    expect(whenInLondonDays(at("2026-11-02", "00:10"), at("2026-11-03", "23:50"))).toBe("tomorrow");
    expect(whenInLondonDays(at("2026-03-27", "10:00"), at("2026-04-03", "10:00"))).toBe("in 7 days");
  });
});

describe("London calendar days before a moment, at the same clock time", () => {
  it("keeps the clock time across the clocks going forward and back", () => {
    // 10:00 BST on 29 March 2027, two days before: 10:00 GMT on the 27th (47 hours earlier, not 48).
    expect(londonDaysBefore(new Date("2027-03-29T09:00:00Z"), 2)).toEqual(new Date("2027-03-27T10:00:00Z"));
    // 10:00 GMT on 3 December 2026, 60 days before: 10:00 BST on 4 October.
    expect(londonDaysBefore(new Date("2026-12-03T10:00:00Z"), 60)).toEqual(new Date("2026-10-04T09:00:00Z"));
    expect(londonDaysBefore(new Date("2026-12-03T10:00:00Z"), 0)).toEqual(new Date("2026-12-03T10:00:00Z"));
  });

  it("goes back whole 24-hour days where the clock time does not exist on the earlier day", () => {
    // 01:30 BST on 29 March 2027; 01:30 on the 28th was skipped when the clocks went forward.
    expect(londonDaysBefore(new Date("2027-03-29T00:30:00Z"), 1)).toEqual(new Date("2027-03-28T00:30:00Z"));
  });
});

describe("London wall-clock time", () => {
  it("is UTC+1 in summer and UTC in winter", () => {
    expect(fromLondonWallTime("2026-07-01", "10:00")?.toISOString()).toBe("2026-07-01T09:00:00.000Z");
    expect(fromLondonWallTime("2026-12-01", "10:00")?.toISOString()).toBe("2026-12-01T10:00:00.000Z");
  });

  it("is right either side of the October clock change (25 October 2026)", () => {
    expect(fromLondonWallTime("2026-10-24", "10:00")?.toISOString()).toBe("2026-10-24T09:00:00.000Z");
    expect(fromLondonWallTime("2026-10-26", "10:00")?.toISOString()).toBe("2026-10-26T10:00:00.000Z");
  });

  it("refuses times that do not exist", () => {
    expect(fromLondonWallTime("2026-03-29", "01:30")).toBeNull(); // clocks jump from 01:00 to 02:00
    expect(fromLondonWallTime("2026-02-31", "10:00")).toBeNull();
    expect(fromLondonWallTime("2026-13-01", "10:00")).toBeNull();
    expect(fromLondonWallTime("26-10-2026", "10:00")).toBeNull();
    expect(fromLondonWallTime("2026-10-26", "25:00")).toBeNull();
  });

  it("names both instants of a time the clocks show twice, and takes neither as the one instant", () => {
    // 25 October 2026: 01:00-01:59 comes in summer time (00:00-00:59 UTC), then again in winter time.
    expect(londonInstantsOf("2026-10-25", "01:30").map((d) => d.toISOString())).toEqual(["2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z"]);
    expect(fromLondonWallTime("2026-10-25", "01:30")).toBeNull();
    expect(londonInstantsOf("2027-10-31", "01:00")).toHaveLength(2);
    expect(londonInstantsOf("2026-10-25", "00:59").map((d) => d.toISOString())).toEqual(["2026-10-24T23:59:00.000Z"]);
    expect(londonInstantsOf("2026-10-25", "02:00").map((d) => d.toISOString())).toEqual(["2026-10-25T02:00:00.000Z"]);
    expect(londonInstantsOf("2026-03-29", "01:30")).toEqual([]);
  });

  it("reads the same wall time as Intl does, minute by minute around both clock changes and hour by hour for three years", () => {
    const instants: Date[] = [];
    for (const change of ["2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z", "2027-03-28T01:00:00Z"]) {
      for (let minute = -90; minute <= 90; minute++) instants.push(new Date(Date.parse(change) + minute * 60_000 + 17_123));
    }
    for (let hour = 0; hour < 3 * 366 * 24; hour++) instants.push(new Date(Date.UTC(2025, 0, 1) + hour * 3_600_000 + 59 * 60_000 + 59_999));
    instants.push(new Date("1971-06-01T12:00:00Z"), new Date("2099-12-31T23:59:59Z"), new Date(-1));
    for (const instant of instants) expect(toLondonWallTime(instant), instant.toISOString()).toEqual(toLondonWallTimeByIntl(instant));
    expect(() => toLondonWallTime(new Date("not a date"))).toThrow(RangeError);
  });

  it("writes dates as people in Leicester read them", () => {
    expect(formatDate("2026-10-25T00:30:00Z")).toBe("25 October 2026"); // 01:30 BST
    expect(formatDateTime("2026-10-25T00:30:00Z")).toBe("25 October 2026 at 1:30am");
    expect(formatDateTime("2026-10-25T01:30:00Z")).toBe("25 October 2026 at 1:30am"); // 01:30 GMT, the hour again
    expect(formatDateTime("2026-12-31T23:05:00Z")).toBe("31 December 2026 at 11:05pm");
    expect(formatDateTime("2026-07-01T11:00:00Z")).toBe("1 July 2026 at 12pm");
    expect(formatDateTime("2026-01-01T00:00:00Z")).toBe("1 January 2026 at 12am");
  });

  it("round-trips through form values", () => {
    const instant = fromLondonWallTime("2026-03-30", "09:15")!;
    expect(londonDateInputValue(instant)).toBe("2026-03-30");
    expect(londonTimeInputValue(instant)).toBe("09:15");
  });
});

describe("calendar files", () => {
  const stamp = new Date("2026-10-01T12:00:00Z");

  it("write London times with TZID across the week the clocks go back", () => {
    const before = calendarFile({
      uid: "booking-1@schools-forum",
      start: fromLondonWallTime("2026-10-23", "10:00")!,
      end: fromLondonWallTime("2026-10-23", "11:00")!,
      summary: "Knife-crime awareness",
      stamp,
    });
    const after = calendarFile({
      uid: "booking-2@schools-forum",
      start: fromLondonWallTime("2026-10-26", "10:00")!,
      end: fromLondonWallTime("2026-10-26", "11:00")!,
      summary: "Knife-crime awareness",
      stamp,
    });
    // Same wall-clock hour on both sides of the change, although the UTC hours differ.
    expect(before).toContain("DTSTART;TZID=Europe/London:20261023T100000");
    expect(after).toContain("DTSTART;TZID=Europe/London:20261026T100000");
    expect(after).toContain("DTEND;TZID=Europe/London:20261026T110000");
    expect(after).toContain("BEGIN:VTIMEZONE\r\nTZID:Europe/London");
    expect(after).toContain("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
    expect(after).toContain("DTSTAMP:20261001T120000Z");
  });

  it("writes in UTC an instant in the second coming of the hour the clocks go back, which a London time would put an hour early", () => {
    const second = new Date("2027-10-31T01:30:00Z"); // 01:30 GMT, after 01:30 BST
    const file = calendarFile({ uid: "booking-3@schools-forum", start: second, end: new Date("2027-10-31T02:30:00Z"), summary: "Late", stamp });
    expect(file).toContain("DTSTART:20271031T013000Z");
    expect(file).toContain("DTEND;TZID=Europe/London:20271031T023000");
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(file)).getFirstSubcomponent("vevent")!);
    expect(event.startDate.toJSDate().toISOString()).toBe(second.toISOString());
    // The first coming is still written as London time, which names it.
    const first = calendarFile({ uid: "booking-4@schools-forum", start: new Date("2027-10-31T00:30:00Z"), end: second, summary: "Early", stamp });
    expect(first).toContain("DTSTART;TZID=Europe/London:20271031T013000");
    expect(first).toContain("DTEND:20271031T013000Z");
  });

  it("is a well-formed calendar with CRLF line endings", () => {
    const file = calendarFile({
      uid: "u@x",
      start: new Date("2026-11-10T10:00:00Z"),
      end: new Date("2026-11-10T11:00:00Z"),
      summary: "S",
      stamp,
    });
    expect(file.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(file.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(file.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("escapes text and folds long lines without breaking characters", () => {
    expect(escapeText("Hall 2; bring ID, please\nThanks\\")).toBe("Hall 2\\; bring ID\\, please\\nThanks\\\\");
    // A lone CR is a line break to some readers: a school name holding one must not start a line of its own.
    expect(escapeText("Crlf School\rATTENDEE:mailto:x@evil.example\r\nX\u0007")).toBe("Crlf School\\nATTENDEE:mailto:x@evil.example\\nX");
    expect(escapeText("Tab\there")).toBe("Tab\there");
    // Unicode's own line breaks end a line in some readers too.
    expect(escapeText("Line\u2028ATTENDEE:x\u2029Y\u0085Z")).toBe("Line\\nATTENDEE:x\\nY\\nZ");
    const long = `DESCRIPTION:${"é".repeat(100)}`;
    const folded = foldLine(long);
    for (const line of folded.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, "")).toBe(long);
  });

  it("names the sender and the person for an emailed REQUEST, keeping a sender's name from breaking its parameter", () => {
    const file = calendarFile({
      uid: "booking-9@schools-forum",
      start: new Date("2027-01-12T10:00:00Z"),
      end: new Date("2027-01-12T11:00:00Z"),
      summary: "S",
      stamp,
      sequence: 4,
      method: "REQUEST",
      organizer: { name: 'The "VRN"\r\nX-Injected: yes', email: "no-reply@forum.example.test" },
      attendee: "teacher@school.example.test",
    });
    const calendar = new ICAL.Component(ICAL.parse(file));
    const event = calendar.getFirstSubcomponent("vevent")!;
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    const organizer = event.getFirstProperty("organizer")!;
    expect(organizer.getFirstValue()).toBe("mailto:no-reply@forum.example.test");
    expect(organizer.getParameter("cn")).toBe("The VRNX-Injected: yes");
    expect(event.getFirstPropertyValue("attendee")).toBe("mailto:teacher@school.example.test");
    expect(event.getFirstPropertyValue("sequence")).toBe(4);
    expect(file).not.toMatch(/^X-Injected/m);
  });

  it("is METHOD:PUBLISH when downloaded, and CANCEL with STATUS:CANCELLED once cancelled", () => {
    const base = { uid: "u@x", start: new Date("2027-01-12T10:00:00Z"), end: new Date("2027-01-12T11:00:00Z"), summary: "S", stamp };
    expect(calendarFile(base)).toMatch(/^METHOD:PUBLISH\r$/m);
    const cancelled = calendarFile({ ...base, cancelled: true });
    expect(cancelled).toMatch(/^METHOD:CANCEL\r$/m);
    expect(cancelled).toMatch(/^STATUS:CANCELLED\r$/m);
  });
});

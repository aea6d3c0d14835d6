import contentDisposition from "content-disposition";
import { describe, expect, it } from "vitest";
import { calendarFileName } from "~/lib/booking-calendar";
import { fromLondonWallTime } from "~/lib/london-time";

const on = (title: string, day: string, time = "10:00") => ({ topic: { title }, startsAt: fromLondonWallTime(day, time)! });

describe("calendarFileName", () => {
  it("names the file after the topic and the session's London date", () => {
    expect(calendarFileName(on("Knife-crime awareness", "2027-01-05"))).toBe("knife-crime-awareness-2027-01-05.ics");
  });

  it("uses the London date, not the UTC one, just after midnight in summer", () => {
    expect(calendarFileName(on("County lines", "2027-06-10", "00:30"))).toBe("county-lines-2027-06-10.ics");
  });

  it("keeps only ASCII letters, digits and hyphens: no quotes, slashes or accents", () => {
    const name = calendarFileName(on(`Pupils' "safety" / Élan: ../etc`, "2027-03-01"));
    expect(name).toBe("pupils-safety-elan-etc-2027-03-01.ics");
    expect(contentDisposition(name)).toBe(`attachment; filename="${name}"`);
  });

  it("falls back to a plain name when the title has nothing usable in it", () => {
    expect(calendarFileName(on("«»—", "2027-03-01"))).toBe("vrn-session-2027-03-01.ics");
  });
});

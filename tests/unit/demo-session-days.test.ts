import { describe, expect, it } from "vitest";
import { londonDateInputValue } from "~/lib/london-time";
import { academicYearOf } from "~/lib/academic-year";
import { schoolDayWarning, suggestedTerms } from "~/lib/terms";
import { operationSceptreDays, sessionStart, soonSessionDays } from "../../prisma/seed/sessions";

const DAY = 24 * 60 * 60 * 1000;

/** Whether the day `days` from `now`, as the calendar has it, is a school day of the demo's terms. */
function inTermTime(now: Date, days: number): boolean {
  const day = londonDateInputValue(new Date(now.getTime() + days * DAY));
  return schoolDayWarning(day, suggestedTerms(academicYearOf(new Date(`${day}T12:00:00Z`)))) === null;
}
/** The days from the day it is loaded on which the demo puts its sessions (prisma/seed/sessions.ts). */
const PAST = Array.from({ length: 24 }, (_, i) => -75 + i * 3);
const TO_COME = [...Array.from({ length: 10 }, (_, i) => 9 + i * 7), 5, 20, 37, 44];

// The demo's sessions are what a lead would schedule: on weekdays, and those to come in term time, so
// the schedule's own warning ("a Saturday", "in the school holidays") flags none of them.
describe("the demo's session days, loaded on any day of a year", () => {
  it("fall on weekdays, those to come in term time, and stay on their side of the day it is loaded", () => {
    const problems: string[] = [];
    // Every other day of a year, each weekday and each holiday's edges among them.
    for (let n = 0; n < 366; n += 2) {
      const now = new Date(Date.UTC(2026, 7, 1, 9) + n * DAY);
      const today = londonDateInputValue(now);
      const sceptre = operationSceptreDays(now);
      const sceptreDays = sceptre.map((days) => londonDateInputValue(sessionStart(now, days, "13:30")));
      // Operation Sceptre's week runs Monday to Friday, unless a half-term moves its days back.
      if (sceptreDays.map((day) => new Date(`${day}T12:00:00Z`).getUTCDay()).join() !== "1,2,3,4,5" && !sceptre.some((d) => !inTermTime(now, d)))
        problems.push(`${today}: Operation Sceptre on ${sceptreDays.join(", ")}`);
      for (const days of [...PAST, ...sceptre, ...TO_COME]) {
        const startsAt = sessionStart(now, days, "10:00");
        const day = londonDateInputValue(startsAt);
        const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
        if (weekday === 0 || weekday === 6) problems.push(`${today} ${days}: ${day} is a weekend`);
        if (days > 0) {
          const warning = schoolDayWarning(day, suggestedTerms(academicYearOf(new Date(`${day}T12:00:00Z`))));
          if (warning) problems.push(`${today} ${days}: ${warning}`);
          // Bookings close two days before: a session to come must still take them.
          if (startsAt.getTime() - 2 * DAY <= now.getTime()) problems.push(`${today} ${days}: ${day} is too soon`);
        } else if (day >= today) problems.push(`${today} ${days}: ${day} is not in the past`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("put the demo school's next session within a week, for its reminder, whenever a school day is", () => {
    const problems: string[] = [];
    for (let n = 0; n < 366; n++) {
      // Loaded in the morning and late in the evening: booking closes two days before, to the minute.
      for (const hour of [8, 22]) {
        const now = new Date(Date.UTC(2026, 7, 1, hour, 30) + n * DAY);
        const startsAt = sessionStart(now, soonSessionDays(now, "14:00"), "14:00");
        const ahead = (startsAt.getTime() - now.getTime()) / DAY;
        const day = londonDateInputValue(startsAt);
        if (ahead <= 2) problems.push(`${now.toISOString()}: ${day} closes to booking before it is loaded`);
        // A school day (a weekday in term time) three to six days on, as the calendar has it.
        const schoolDaySoon = [3, 4, 5, 6].some((d) => {
          const weekday = new Date(now.getTime() + d * DAY).getUTCDay();
          return weekday !== 0 && weekday !== 6 && inTermTime(now, d);
        });
        if (schoolDaySoon && ahead > 7) problems.push(`${now.toISOString()}: ${day} is more than a week away`);
      }
    }
    expect(problems).toEqual([]);
  });
});

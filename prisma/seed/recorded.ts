const DAY = 24 * 60 * 60 * 1000;

/**
 * When the demo's record of something that happened at `moment` was entered: `days` later, as a school
 * records a return or a lesson, or `now` if that is still to come. Reach reads last year's same dates as
 * they were recorded by then (decision 0137), so history recorded "now" would count for nothing.
 */
export function recordedAfter(moment: Date, now: Date, days = 2): Date {
  return new Date(Math.min(moment.getTime() + days * DAY, now.getTime()));
}

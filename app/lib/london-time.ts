/**
 * Wall-clock time in London and the instants it names. Everything in the service happens in
 * Europe/London; these convert both ways correctly across the clock changes.
 */
const LONDON = "Europe/London";

const partsFormatter = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

export type LondonWallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallTimeFromIntl(instant: Date): LondonWallTime {
  const parts = Object.fromEntries(partsFormatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const HOUR_MS = 60 * 60_000;
const offsetByHour = new Map<number, number>();

/**
 * London's offset from UTC in milliseconds during the UTC hour an instant falls in. Since 1847 the
 * clocks have only ever changed on the hour (UTC), so one answer from Intl serves the whole hour;
 * pages that show thousands of dates ask Intl once an hour's worth instead of once a date.
 */
function offsetDuringHour(time: number): number {
  const hour = Math.floor(time / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const wall = wallTimeFromIntl(new Date(hour * HOUR_MS));
    offset = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - hour * HOUR_MS;
    if (offsetByHour.size >= 20_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

export function toLondonWallTime(instant: Date): LondonWallTime {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError("Invalid time value");
  const wall = new Date(time + offsetDuringHour(time));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** The same answer straight from Intl, one call per date: for tests to hold the quick way to. */
export const toLondonWallTimeByIntl = wallTimeFromIntl;

/** London's offset from UTC, in minutes, at an instant (0 in winter, 60 in summer). */
function offsetMinutes(instant: Date): number {
  const wall = toLondonWallTime(instant);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * Every instant London's clocks show the given date ("2026-10-26") and time ("10:00"), earliest first:
 * none for a date or time that does not exist (31 February, or 01:30 on the spring-forward night), two
 * for a time in the hour the clocks go back (01:30 on the last Sunday of October comes once in summer
 * time, then an hour later in winter time), one otherwise.
 */
export function londonInstantsOf(date: string, time: string): Date[] {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return [];
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  // London's offsets either side of the guess; each that maps back to the same wall time is an answer.
  const offsets = new Set([-3, -1, 0, 3].map((hours) => offsetMinutes(new Date(naive + hours * HOUR_MS))));
  const found = new Set<number>();
  for (const offset of offsets) {
    const instant = new Date(naive - offset * 60_000);
    const wall = toLondonWallTime(instant);
    if (wall.year === year && wall.month === month && wall.day === day && wall.hour === hour && wall.minute === minute) found.add(instant.getTime());
  }
  return [...found].sort((a, b) => a - b).map((instant) => new Date(instant));
}

/**
 * The one instant London's clocks show the given date ("2026-10-26") and time ("10:00"). Null for a date
 * or time that does not exist, and for one that comes twice (the hour the clocks go back), which names
 * no single instant (londonInstantsOf says which).
 */
export function fromLondonWallTime(date: string, time: string): Date | null {
  const instants = londonInstantsOf(date, time);
  return instants.length === 1 ? instants[0]! : null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * The instant `days` London calendar days before `instant`, at the same time on London's clocks: 10:00
 * seven days before a Monday 10:00 is the Monday before's 10:00, whether or not the clocks changed in
 * between (a day is 23 or 25 hours then). Where that time does not exist on the earlier day (the hour
 * skipped when the clocks go forward), the same number of whole 24-hour days earlier instead.
 */
export function londonDaysBefore(instant: Date, days: number): Date {
  const day = new Date(Date.parse(`${londonDateInputValue(instant)}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
  return fromLondonWallTime(day, londonTimeInputValue(instant)) ?? new Date(instant.getTime() - days * 86_400_000);
}

/** "2026-10-26" for the London date of an instant, as an <input type="date"> wants it. */
export function londonDateInputValue(instant: Date): string {
  const wall = toLondonWallTime(instant);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** "10:00" for the London time of an instant, as an <input type="time"> wants it. */
export function londonTimeInputValue(instant: Date): string {
  const wall = toLondonWallTime(instant);
  return `${pad(wall.hour)}:${pad(wall.minute)}`;
}

/**
 * Whole London calendar days from `from` to `to` (0 when both fall on the same London day, 1 when `to`
 * is the next day, whatever the hours between them; negative when `to` is earlier). Across clock changes.
 */
export function londonDaysBetween(from: Date, to: Date): number {
  const day = (instant: Date) => Date.parse(`${londonDateInputValue(instant)}T00:00:00Z`);
  return Math.round((day(to) - day(from)) / 86_400_000);
}

/** "today", "tomorrow" or "in 3 days": when `to` falls, seen from `from`, in London calendar days. */
export function whenInLondonDays(from: Date, to: Date): string {
  const days = londonDaysBetween(from, to);
  return days <= 0 ? "today" : days === 1 ? "tomorrow" : `in ${days} days`;
}

/**
 * The London day `instant` falls on, as midnight UTC of that date: how a day is stored where the time must
 * not be (a survey response's day, a public reader's feedback), and how survey dates are kept.
 */
export function londonDay(instant: Date): Date {
  return new Date(`${londonDateInputValue(instant)}T00:00:00.000Z`);
}

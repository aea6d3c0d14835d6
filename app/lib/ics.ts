import { londonInstantsOf, toLondonWallTime } from "./london-time";

/**
 * Calendar files (RFC 5545) for confirmed bookings. Times are written as London wall-clock time with
 * TZID=Europe/London and a VTIMEZONE that states the UK's rules, so a calendar shows the right hour
 * whichever side of a clock change the session falls; an instant in the hour the clocks show twice, in
 * its second coming, is written in UTC, which names it.
 */
export type CalendarEvent = {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  /** When the file was made (DTSTAMP). */
  stamp: Date;
  /** SEQUENCE: 0 for the first version of the event, one more for each change since. */
  sequence?: number;
  cancelled?: boolean;
  /**
   * METHOD (RFC 5546): REQUEST for a file sent by email that adds or updates the event, CANCEL to remove
   * it. Without it, PUBLISH (a downloaded file), or CANCEL for a cancelled event.
   */
  method?: "PUBLISH" | "REQUEST" | "CANCEL";
  /** Who sends the event (ORGANIZER), which REQUEST and CANCEL need. */
  organizer?: { name: string; email: string };
  /** The person the emailed copy is addressed to (ATTENDEE). */
  attendee?: string;
};

const pad = (n: number) => String(n).padStart(2, "0");

function londonLocal(instant: Date): string {
  const w = toLondonWallTime(instant);
  return `${w.year}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;
}

/**
 * A DTSTART or DTEND value: London wall-clock time with its TZID, or UTC for an instant in the second of
 * the two hours London's clocks show twice (the night they go back), which a local time cannot name: RFC
 * 5545 (3.3.5) reads a local time that comes twice as the first, an hour early.
 */
function londonTimeProperty(name: "DTSTART" | "DTEND", instant: Date): string {
  const w = toLondonWallTime(instant);
  const first = londonInstantsOf(`${w.year}-${pad(w.month)}-${pad(w.day)}`, `${pad(w.hour)}:${pad(w.minute)}`)[0];
  const named = first && first.getTime() + w.second * 1000 + instant.getUTCMilliseconds() === instant.getTime();
  return named ? `${name};TZID=Europe/London:${londonLocal(instant)}` : `${name}:${utc(instant)}`;
}

function utc(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * Escapes a TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma; every line break (CR LF, a
 * lone LF or a lone CR, which some readers also end a line at, and Unicode's line and paragraph
 * separators and next-line character, which others do) as "\\n"; and other control characters, which
 * TEXT may not hold, dropped. So no stored text can start a line of its own in the file.
 */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, "\\\\")
      .replace(/;/g, "\\;")
      .replace(/,/g, "\\,")
      .replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, "\\n")
      // eslint-disable-next-line no-control-regex -- dropping control characters is the point
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "")
  );
}

/** A parameter value in double quotes; RFC 5545 allows no double quote or control character inside. */
function quoteParam(value: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${value.replace(/["\x00-\x1f\x7f\u0085\u2028\u2029]/g, "")}"`;
}

/** Folds a content line at 75 octets, never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const pieces: string[] = [];
  let current = "";
  let currentBytes = 0;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    const limit = pieces.length === 0 ? 75 : 74; // continuation lines start with a space
    if (currentBytes + bytes > limit) {
      pieces.push(current);
      current = "";
      currentBytes = 0;
    }
    current += char;
    currentBytes += bytes;
  }
  pieces.push(current);
  return pieces.join("\r\n ");
}

const LONDON_TIMEZONE = [
  "BEGIN:VTIMEZONE",
  "TZID:Europe/London",
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0000",
  "TZOFFSETTO:+0100",
  "TZNAME:BST",
  "DTSTART:19700329T010000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0000",
  "TZNAME:GMT",
  "DTSTART:19701025T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
];

/** The whole calendar file for one event, CRLF line endings, lines folded at 75 octets. */
export function calendarFile(event: CalendarEvent): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//VRN Schools Forum//Bookings//EN",
    "CALSCALE:GREGORIAN",
    `METHOD:${event.method ?? (event.cancelled ? "CANCEL" : "PUBLISH")}`,
    ...LONDON_TIMEZONE,
    "BEGIN:VEVENT",
    `UID:${event.uid}`,
    `DTSTAMP:${utc(event.stamp)}`,
    londonTimeProperty("DTSTART", event.start),
    londonTimeProperty("DTEND", event.end),
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.url ? [`URL:${event.url}`] : []),
    ...(event.organizer ? [`ORGANIZER;CN=${quoteParam(event.organizer.name)}:mailto:${event.organizer.email}`] : []),
    ...(event.attendee ? [`ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:${event.attendee}`] : []),
    `SEQUENCE:${event.sequence ?? 0}`,
    `STATUS:${event.cancelled ? "CANCELLED" : "CONFIRMED"}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

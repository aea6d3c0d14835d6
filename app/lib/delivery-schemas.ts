/**
 * One Zod schema per form about sessions for schools, used in the browser (Conform) and on the server.
 * Rules that need the database (places left, the school's roll, the booking window) live in the models.
 */
import { formTokenField } from "./form-token";
import { z } from "zod";
import { editVersionField } from "./edit-version";
import { DATE_WINDOWS, dateField, dateProblem, isoDateFrom } from "./date-fields";
import { formatDate, isIsoDate } from "./dates";
import { londonDateInputValue } from "./london-time";
import { eachOnce } from "./choice-lists";
import { wholeNumber } from "./numbers";
import { onlyValue, readChoices, type FilterProblems } from "./filter-choices";
import { pageFrom } from "./pagination";
import { SCHOOL_YEAR_GROUPS } from "./year-groups";
import { inFixedForm, multilineText, optionalMultilineText, optionalText, plainText, requiredText } from "./text-fields";
import { cutToCharacters } from "./characters";

export const DELIVERY_FORMATS = ["IN_SCHOOL", "ONLINE"] as const;
export const FORMAT_LABELS: Record<string, string> = { IN_SCHOOL: "Visit to one school", ONLINE: "Online workshop" };

const yearGroupList = (message: string) =>
  z
    .array(wholeNumber("year group", 7, 13, { invalid: YEAR_GROUP_RANGE, tooSmall: YEAR_GROUP_RANGE, tooBig: YEAR_GROUP_RANGE }), {
      required_error: message,
    })
    .min(1, message)
    .refine(eachOnce, "Select each year group once");

const YEAR_GROUP_RANGE = "Select year groups from Year 7 to Year 13";
const YEAR_GROUP_CHOICE = "Choose a year group from the list";

const clockTime = (what: string) =>
  inFixedForm(
    z
      .string({ required_error: `Enter the ${what}` })
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `The ${what} must be a time like 09:30`),
  );

export const topicSchema = z.object({
  title: requiredText("title", 120),
  description: optionalMultilineText("description", 2000),
  yearGroups: yearGroupList("Select the year groups the topic suits"),
  durationMinutes: wholeNumber("length in minutes", 15, 480),
  formats: z
    .array(z.enum(DELIVERY_FORMATS, { errorMap: () => ({ message: "Select how the topic can be given" }) }), {
      required_error: "Select how the topic can be given",
    })
    .min(1, "Select how the topic can be given")
    .refine(eachOnce, "Select each format once"),
  // A changed topic's page's fingerprint of it: a save after another changed it is refused (decision 0148).
  version: editVersionField,
  // A new topic's page's token: the same form sent twice adds one topic (decision 0147).
  formToken: formTokenField,
});

const JOINING_LINK_MAX = 500;
// A host name with at least one dot (meet.example.com), as URL writes it: lower case, IDNs in punycode.
const WEB_HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]{2,}$/;

/**
 * An online workshop's joining link, as the meeting service gives it (Teams, Zoom, Meet): optional, one
 * line, at most 500 characters, a real https web address (a dotted host name, no user name or password
 * in it). Stored as the URL standard writes it; "" when left out.
 */
const joiningLinkField = plainText(z.string().trim().max(JOINING_LINK_MAX, `The joining link must be ${JOINING_LINK_MAX} characters or fewer`), "joining link")
  .optional()
  .transform((value, ctx) => {
    if (!value) return "";
    const url = URL.canParse(value) ? new URL(value) : null;
    if (!url || !WEB_HOST.test(url.hostname)) {
      ctx.addIssue({ code: "custom", message: "Enter the joining link as a full web address, like https://teams.microsoft.com/l/meetup-join/..." });
    } else if (url.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: "The joining link must start with https://" });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: "custom", message: "The joining link must not contain a user name or password" });
    } else if (url.href.length > JOINING_LINK_MAX) {
      ctx.addIssue({ code: "custom", message: `The joining link must be ${JOINING_LINK_MAX} characters or fewer` });
    } else {
      return url.href;
    }
    return z.NEVER;
  });

export const deliverySchema = z
  .object({
    topicId: z.string({ required_error: "Select the topic" }).trim().min(1, "Select the topic"),
    date: dateField("date", DATE_WINDOWS.delivery),
    time: clockTime("start time"),
    // Empty: the topic's length (a new session, or one given another topic); a changed session's form
    // shows its own.
    durationMinutes: wholeNumber("length in minutes", 15, 480).optional(),
    format: z.enum(DELIVERY_FORMATS, { errorMap: () => ({ message: "Select the format" }) }),
    facilitatorName: requiredText("facilitator's name", 100),
    facilitatorOrg: requiredText("facilitator's organisation", 100),
    capacity: wholeNumber("number of schools", 1, 200).optional(),
    needsConfirmation: z.boolean().optional().default(false),
    closesDaysBefore: wholeNumber("number of days before that booking closes", 0, 60).default(2),
    campaign: optionalText("campaign", 80),
    notes: optionalMultilineText("notes", 2000),
    joiningLink: joiningLinkField,
    // More dates for the same session at the same time, e.g. a week of workshops for a campaign: a few
    // picked with date inputs, and any number (up to MAX_MORE_DATES in all) typed one a line.
    anotherDate1: dateField("first other date", DATE_WINDOWS.delivery).optional(),
    anotherDate2: dateField("second other date", DATE_WINDOWS.delivery).optional(),
    anotherDate3: dateField("third other date", DATE_WINDOWS.delivery).optional(),
    moreDates: z.string().max(400, "Enter at most 14 more dates").optional(),
    // A new session's page's token: the same form sent twice schedules its sessions once (decision 0147).
    formToken: formTokenField,
    // A changed session's page's fingerprint of it: a save after another changed it is refused (decision 0148).
    version: editVersionField,
  })
  .superRefine((value, ctx) => {
    if (value.format === "ONLINE" && value.capacity === undefined) {
      ctx.addIssue({ code: "custom", path: ["capacity"], message: "Enter the number of schools" });
    }
    if (value.format === "IN_SCHOOL" && value.joiningLink) {
      ctx.addIssue({ code: "custom", path: ["joiningLink"], message: "Only an online workshop has a joining link: remove it, or choose online workshop" });
    }
    const typed = splitDates(value.moreDates);
    const window = DATE_WINDOWS.delivery(new Date());
    const bad = typed
      .map((date) => {
        const shown = cutToCharacters(date, 20);
        return dateProblem(`date ${shown}`, date, window, `“${shown}” is not a date like 17/11/2026`);
      })
      .find(Boolean);
    const extra = [...pickedDates(value), ...typed.map((date) => isoDateFrom(date) ?? date)];
    if (bad) ctx.addIssue({ code: "custom", path: ["moreDates"], message: bad });
    else if (extra.length > MAX_MORE_DATES) ctx.addIssue({ code: "custom", path: ["moreDates"], message: `Enter at most ${MAX_MORE_DATES} more dates` });
    else {
      const repeat = firstRepeatedDate(value, typed);
      if (repeat) ctx.addIssue({ code: "custom", path: [repeat.field], message: `${repeat.shown} is given twice: each date can only be given once` });
    }
  })
  .transform(({ anotherDate1, anotherDate2, anotherDate3, ...value }) => {
    const picked = { anotherDate1, anotherDate2, anotherDate3 };
    const pickedIn = DATE_PICKERS.filter((field) => picked[field]);
    const typed = splitDates(value.moreDates).map((date) => isoDateFrom(date) ?? date);
    return {
      ...value,
      capacity: value.format === "IN_SCHOOL" ? 1 : (value.capacity ?? 1),
      moreDates: [...pickedIn.map((field) => picked[field]!), ...typed],
      // The field each of moreDates was given in, so a refusal of one is shown by it.
      moreDateFields: [...pickedIn, ...typed.map(() => "moreDates" as const)],
    };
  });

/** The date inputs a session's other dates are picked with, in the form's order. */
const DATE_PICKERS = ["anotherDate1", "anotherDate2", "anotherDate3"] as const;

/** The fields a session's other dates are given in: three picked with date inputs, the rest typed. */
export type OtherDateField = "anotherDate1" | "anotherDate2" | "anotherDate3" | "moreDates";

const MAX_MORE_DATES = 14;

/**
 * The first date given a second time, in the form's order (the date, the three picked, then those typed),
 * with the field holding the repeat, so the message is shown by that field rather than by another.
 */
function firstRepeatedDate(
  value: { date: string; anotherDate1?: string; anotherDate2?: string; anotherDate3?: string },
  typed: string[],
): { field: OtherDateField; shown: string } | null {
  const given = [
    ["date", value.date],
    ["anotherDate1", value.anotherDate1],
    ["anotherDate2", value.anotherDate2],
    ["anotherDate3", value.anotherDate3],
    ...typed.map((date) => ["moreDates", date] as const),
  ] as const;
  const seen = new Set<string>();
  for (const [field, date] of given) {
    if (!date) continue;
    const day = isoDateFrom(date) ?? date;
    if (seen.has(day) && field !== "date") return { field, shown: isIsoDate(day) ? formatDate(`${day}T12:00:00Z`) : date };
    seen.add(day);
  }
  return null;
}

/** The other dates picked with the form's date inputs, in order, as "YYYY-MM-DD" (dateField has read them). */
function pickedDates(value: { anotherDate1?: string; anotherDate2?: string; anotherDate3?: string }): string[] {
  return [value.anotherDate1, value.anotherDate2, value.anotherDate3].filter((date): date is string => Boolean(date));
}

/**
 * The dates typed one a line (or split by commas or semicolons). A line of several dates split by spaces
 * ("2026-11-17 17/11/2026") is read as those dates; otherwise spaces are part of the date ("11 02 2027").
 */
function splitDates(value: string | undefined): string[] {
  return (value ?? "")
    .split(/[\n\r,;]+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .flatMap((line) => {
      const words = line.split(/\s+/);
      return words.length > 1 && words.every((word) => isoDateFrom(word)) ? words : [line];
    });
}

/** A phone number as people write one: digits with spaces, brackets, dots or dashes, an optional leading +. */
const PHONE_NUMBER = /^\+?[0-9(][0-9 ().-]*$/;
/** An extension after it: "ext 12", "ext. 12", "extension 12", "x12" (spaces and tabs only around it). */
const EXTENSION = /^(.*[0-9)])[ \t]*(?:ext\.?|extension|x)[ \t]*[0-9]{1,6}$/i;
/** The longest phone number taken, in characters (the form's own limit). */
const PHONE_MAX_LENGTH = 40;

/**
 * Whether `text` is one phone number: 10 to 15 digits (a UK number has 10 or 11; ITU-T E.164 allows 15
 * at most) written as PHONE_NUMBER, with an optional EXTENSION. Two numbers, letters or punctuation alone
 * are not.
 */
export function isPhoneNumber(text: string): boolean {
  // First, so that no pattern is ever run over a long text (Zod runs this check after `max` has failed).
  if (text.length > PHONE_MAX_LENGTH) return false;
  const number = text.replace(EXTENSION, "$1");
  if (!PHONE_NUMBER.test(number)) return false;
  const digits = number.replace(/[^0-9]/g, "").length;
  return digits >= 10 && digits <= 15;
}

export const bookingSchema = z.object({
  yearGroups: yearGroupList("Select the year groups who will attend"),
  expectedPupils: wholeNumber("number of pupils expected", 1, 5000),
  contactName: requiredText("contact's name", 100),
  contactPhone: inFixedForm(
    z
      .string({ required_error: "Enter a phone number for the day" })
      .trim()
      .min(1, "Enter a phone number for the day")
      .max(PHONE_MAX_LENGTH, `Phone number must be ${PHONE_MAX_LENGTH} characters or fewer`)
      // A number too long is told so once, by `max`.
      .refine((text) => text.length > PHONE_MAX_LENGTH || isPhoneNumber(text), "Enter one phone number, like 0116 496 0000 or 0116 496 0000 ext 12"),
  ),
  accessNeeds: optionalMultilineText("access and SEND needs", 1000),
  // The page's token: the same form sent twice books once (decision 0147).
  formToken: formTokenField,
});

/** The lead's booking form: the same questions, and the school the place is for (any open school). */
export const leadBookingSchema = bookingSchema.extend({
  schoolId: z.string({ required_error: "Select the school to book for" }).trim().min(1, "Select the school to book for").max(40),
});

export const reasonSchema = z.object({ reason: multilineText("reason", 500) });

const yearCount = (n: number) => wholeNumber(`number of pupils in Year ${n}`, 0, 5000).optional();

/** Why a school's session did not take place, as the attendance return offers them. */
export const NOT_TAKEN_PLACE_REASONS = [
  { value: "FACILITATOR_ABSENT", label: "The officer or facilitator did not come" },
  { value: "SCHOOL_CLOSED", label: "The school was closed" },
  { value: "CALLED_OFF", label: "The school called it off on the day" },
  { value: "CONNECTION", label: "The online workshop could not be joined" },
  { value: "OTHER", label: "Another reason" },
] as const;
const REASON_VALUES = NOT_TAKEN_PLACE_REASONS.map((r) => r.value) as [string, ...string[]];

/** The words kept with a booking that did not take place: the reason chosen, then any detail given. */
export function notTakenPlaceWords(reason: string, detail: string): string {
  const label = NOT_TAKEN_PLACE_REASONS.find((r) => r.value === reason)?.label ?? reason;
  return detail ? `${label}: ${detail}` : label;
}

const YEAR_KEYS = ["year7", "year8", "year9", "year10", "year11", "year12", "year13"] as const;

/**
 * The attendance return: either the session took place, with pupils per year group, or it did not, with
 * a reason (and, for "another reason", what it was) and no pupil counts, since a session that did not
 * take place reached nobody.
 */
export const attendanceSchema = z
  .object({
    // Left unanswered with pupils given, it took place; with none given either, the model asks (recordAttendance).
    tookPlace: z.enum(["YES", "NO"], { errorMap: () => ({ message: "Select whether the session took place" }) }).optional(),
    year7: yearCount(7),
    year8: yearCount(8),
    year9: yearCount(9),
    year10: yearCount(10),
    year11: yearCount(11),
    year12: yearCount(12),
    year13: yearCount(13),
    staffPresent: wholeNumber("number of staff present", 0, 500).optional(),
    comment: optionalMultilineText("comment", 1000),
    confirmHigh: z.boolean().optional().default(false),
    notTakenReason: z.enum(REASON_VALUES, { errorMap: () => ({ message: "Select why the session did not take place" }) }).optional(),
    notTakenDetail: optionalText("what happened", 200),
    version: editVersionField,
  })
  .superRefine((value, ctx) => {
    if (value.tookPlace !== "NO") return;
    if (!value.notTakenReason) ctx.addIssue({ code: "custom", path: ["notTakenReason"], message: "Select why the session did not take place" });
    else if (value.notTakenReason === "OTHER" && !value.notTakenDetail) {
      ctx.addIssue({ code: "custom", path: ["notTakenDetail"], message: "Say what happened" });
    }
    for (const key of YEAR_KEYS) {
      if (value[key] !== undefined) {
        ctx.addIssue({ code: "custom", path: [key], message: "Leave the pupil numbers empty: a session that did not take place reached no pupils" });
      }
    }
    if (value.staffPresent !== undefined) {
      ctx.addIssue({ code: "custom", path: ["staffPresent"], message: "Leave the number of staff empty: the session did not take place" });
    }
  });
export type AttendanceInput = z.infer<typeof attendanceSchema>;

/** The session lists' filters: a topic's id, a format, a month ("2026-11") and a year group (7–13). */
export type DeliveryFilters = { topic?: string; format?: (typeof DELIVERY_FORMATS)[number]; month?: string; yearGroup?: number };

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2026-11" as "November 2026". */
export function monthLabel(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const name = MONTH_NAMES[m - 1];
  return name ? `${name} ${year}` : month;
}

/** Whether every day of `month` ("2026-11") is over in London at `now`: none of its sessions can still be booked. */
export function monthHasPassed(month: string, now = new Date()): boolean {
  return month < londonDateInputValue(now).slice(0, 7);
}

/**
 * The months a filter offers: from two months ago to ten months ahead of `now`'s month in London (from
 * 23:00 UTC on 31 May, June's), as "2026-11" and "November 2026".
 */
export function monthOptions(now = new Date()): { value: string; label: string }[] {
  const [year, month] = londonDateInputValue(now).split("-").map(Number) as [number, number];
  const options = [];
  for (let i = -2; i <= 10; i++) {
    const d = new Date(Date.UTC(year, month - 1 + i, 1));
    const value = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
    options.push({ value, label: monthLabel(value) });
  }
  return options;
}

/** What a list of sessions says when a filter in use leaves none. */
export const NO_SESSIONS_MATCH = "No sessions match. Try fewer filters.";

/**
 * What a list of sessions says when it has none: NO_SESSIONS_MATCH when a filter is in use, else
 * `unfiltered` (what the list is empty of), since "try fewer filters" is untrue where none is chosen.
 */
export function noSessionsText(filters: DeliveryFilters, unfiltered: string): string {
  return Object.keys(filters).length > 0 ? NO_SESSIONS_MATCH : unfiltered;
}

/**
 * The session filters in an address, each checked against what DeliveryFilterForm offers (`readChoices`):
 * the topics given (by id), the formats, the months `monthOptions` lists at `now`, and, where the form has
 * it, the year groups 7–13. A value it does not offer is not used, and `problems` says why by the field.
 *
 * @param topicIds the topics the form lists
 * @returns the filters to list by (a filter left out lists all) and the problems (null when none)
 */
export function readDeliveryFilters(
  params: URLSearchParams,
  { topicIds, withYearGroup = true, now = new Date() }: { topicIds: readonly string[]; withYearGroup?: boolean; now?: Date },
): { filters: DeliveryFilters; problems: FilterProblems<"topic" | "format" | "month" | "yearGroup"> | null } {
  // Where the form has no year group (the lead's schedule), one in the address is not read at all.
  const { values, problems } = readChoices(params, {
    topic: { offered: topicIds, message: "There is no such topic: choose one from the list" },
    format: { offered: DELIVERY_FORMATS, message: "Choose a format from the list" },
    month: { offered: monthOptions(now).map((m) => m.value), message: "Choose a month from the list" },
    yearGroup: withYearGroup ? { offered: SCHOOL_YEAR_GROUPS.map(String), message: YEAR_GROUP_CHOICE } : undefined,
  });
  const filters: DeliveryFilters = {};
  if (values.topic) filters.topic = values.topic;
  if (values.format) filters.format = values.format as DeliveryFilters["format"];
  if (values.month) filters.month = values.month;
  if (values.yearGroup) filters.yearGroup = Number(values.yearGroup);
  return { filters, problems };
}

/** Which of the lead's sessions the schedule lists: those still to come (soonest first) or those past (latest first). */
export const SCHEDULE_WHEN = [
  { value: "upcoming", label: "Upcoming sessions" },
  { value: "past", label: "Past sessions" },
] as const;
type ScheduleWhen = (typeof SCHEDULE_WHEN)[number]["value"];

// Sessions scheduled together (a campaign week) that the schedule shows on their own: at most one per extra date, and the first.
const MAX_NEW_SESSIONS = 15;
const DELIVERY_ID = /^[a-z0-9]{1,40}$/;

/** The schedule's view from its address: `when`, `page`, and `new` (ids just scheduled). Anything odd reads as the default. */
export type ScheduleView = { when: ScheduleWhen; page: number; newIds: string[] };

/** Reads the schedule's view from its address; a value it does not know gives the default (upcoming, page 1, no new sessions). */
export function scheduleViewFrom(searchParams: URLSearchParams): ScheduleView {
  const when = onlyValue(searchParams, "when") === "past" ? "past" : "upcoming";
  const newIds = (onlyValue(searchParams, "new") ?? "").split(",").filter((id) => DELIVERY_ID.test(id));
  return { when, page: pageFrom(searchParams), newIds: newIds.length <= MAX_NEW_SESSIONS ? newIds : [] };
}

export const cancelCutoffSchema = z.object({
  hours: wholeNumber("number of hours", 0, 336, { tooBig: "The number of hours must be 336 (two weeks) or fewer" }),
});

/**
 * One Zod schema per form about sessions for schools, used in the browser (Conform) and on the server.
 * Rules that need the database (places left, the school's roll, the booking window) live in the models.
 */
import { z } from "zod";
import { DATE_WINDOWS, dateField, dateProblem } from "./date-fields";
import { wholeNumber } from "./numbers";
import { multilineText, optionalMultilineText, optionalText, plainText, requiredText } from "./text-fields";

export const DELIVERY_FORMATS = ["IN_SCHOOL", "ONLINE"] as const;
export const FORMAT_LABELS: Record<string, string> = { IN_SCHOOL: "Visit to one school", ONLINE: "Online workshop" };

const yearGroupList = (message: string) =>
  z
    .array(wholeNumber("year group", 7, 13, { invalid: YEAR_GROUP_RANGE, tooSmall: YEAR_GROUP_RANGE, tooBig: YEAR_GROUP_RANGE }), {
      required_error: message,
    })
    .min(1, message);

const YEAR_GROUP_RANGE = "Select year groups from Year 7 to Year 13";

const clockTime = (what: string) =>
  z
    .string({ required_error: `Enter the ${what}` })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `The ${what} must be a time like 09:30`);

export const topicSchema = z.object({
  title: requiredText("title", 120),
  description: optionalMultilineText("description", 2000),
  yearGroups: yearGroupList("Select the year groups the topic suits"),
  durationMinutes: wholeNumber("length in minutes", 15, 480),
  formats: z
    .array(z.enum(DELIVERY_FORMATS, { errorMap: () => ({ message: "Select how the topic can be given" }) }), {
      required_error: "Select how the topic can be given",
    })
    .min(1, "Select how the topic can be given"),
});

export const deliverySchema = z
  .object({
    topicId: z.string({ required_error: "Select the topic" }).trim().min(1, "Select the topic"),
    date: dateField("date", DATE_WINDOWS.delivery),
    time: clockTime("start time"),
    format: z.enum(DELIVERY_FORMATS, { errorMap: () => ({ message: "Select the format" }) }),
    facilitatorName: requiredText("facilitator's name", 100),
    facilitatorOrg: requiredText("facilitator's organisation", 100),
    capacity: wholeNumber("number of schools", 1, 200).optional(),
    needsConfirmation: z.boolean().optional().default(false),
    closesDaysBefore: wholeNumber("number of days before that booking closes", 0, 60).default(2),
    campaign: optionalText("campaign", 80),
    notes: optionalMultilineText("notes", 2000),
    // More dates for the same session at the same time, e.g. a week of workshops for a campaign.
    moreDates: z.string().max(400, "Enter at most 14 more dates").optional(),
  })
  .superRefine((value, ctx) => {
    if (value.format === "ONLINE" && value.capacity === undefined) {
      ctx.addIssue({ code: "custom", path: ["capacity"], message: "Enter the number of schools" });
    }
    const extra = splitDates(value.moreDates);
    const window = DATE_WINDOWS.delivery(new Date());
    const bad = extra
      .map((date) => dateProblem(`date ${date.slice(0, 20)}`, date, window, `"${date.slice(0, 20)}" is not a date like 2026-11-17`))
      .find(Boolean);
    if (bad) ctx.addIssue({ code: "custom", path: ["moreDates"], message: bad });
    else if (extra.length > MAX_MORE_DATES) ctx.addIssue({ code: "custom", path: ["moreDates"], message: `Enter at most ${MAX_MORE_DATES} more dates` });
    else if (new Set([value.date, ...extra]).size !== extra.length + 1) {
      ctx.addIssue({ code: "custom", path: ["moreDates"], message: "Each date can only be given once" });
    }
  })
  .transform((value) => ({
    ...value,
    capacity: value.format === "IN_SCHOOL" ? 1 : (value.capacity ?? 1),
    moreDates: splitDates(value.moreDates),
  }));

const MAX_MORE_DATES = 14;

function splitDates(value: string | undefined): string[] {
  return (value ?? "").split(/[\s,]+/).filter(Boolean);
}

export const bookingSchema = z.object({
  yearGroups: yearGroupList("Select the year groups who will attend"),
  expectedPupils: wholeNumber("number of pupils expected", 1, 5000),
  contactName: requiredText("contact's name", 100),
  contactPhone: z
    .string({ required_error: "Enter a phone number for the day" })
    .trim()
    .regex(/^\+?[0-9 ()-]{10,20}$/, "Enter a phone number, like 0116 496 0000"),
  accessNeeds: optionalMultilineText("access and SEND needs", 1000),
});

/** The lead's booking form: the same questions, and the school the place is for (any open school). */
export const leadBookingSchema = bookingSchema.extend({
  schoolId: z.string({ required_error: "Select the school to book for" }).trim().min(1, "Select the school to book for").max(40),
});

export const reasonSchema = z.object({ reason: multilineText("reason", 500) });

const yearCount = (n: number) => wholeNumber(`number of pupils in Year ${n}`, 0, 5000).optional();

export const attendanceSchema = z.object({
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
});
export type AttendanceInput = z.infer<typeof attendanceSchema>;

const deliveryFilterSchema = z.object({
  topic: plainText(z.string().trim().max(100), "topic").optional().catch(undefined),
  format: z.enum(DELIVERY_FORMATS).optional().catch(undefined),
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional()
    .catch(undefined),
  yearGroup: wholeNumber("year group", 7, 13).optional().catch(undefined),
});
export type DeliveryFilters = z.infer<typeof deliveryFilterSchema>;

/** The months a filter offers: from two months ago to ten months ahead, as "2026-11" and "November 2026". */
export function monthOptions(now = new Date()): { value: string; label: string }[] {
  const names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const options = [];
  for (let i = -2; i <= 10; i++) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1));
    options.push({ value: `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`, label: `${names[d.getUTCMonth()]} ${d.getUTCFullYear()}` });
  }
  return options;
}

export function filtersFrom(searchParams: URLSearchParams): DeliveryFilters {
  const raw = Object.fromEntries([...searchParams].filter(([, v]) => v !== ""));
  const parsed = deliveryFilterSchema.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

export const cancelCutoffSchema = z.object({
  hours: wholeNumber("number of hours", 0, 336, { tooBig: "The number of hours must be 336 (two weeks) or fewer" }),
});

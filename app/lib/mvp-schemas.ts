/**
 * One Zod schema per MVP form, used in the browser (Conform) and again on the server. Rules that need
 * the database (a mentor belongs to this school, a module still exists) are checked in the models.
 */
import { z } from "zod";
import { londonDateParts } from "./academic-year";
import { DATE_WINDOWS, dateField, dateProblem, type DateWindow, isoDateFrom } from "./date-fields";
import { MAX_LIVE_MODULES, MAX_MENTORS_PER_COHORT, MENTOR_GENDERS, mentorNameProblem, mvpYears, normaliseMentorName, YEAR_GROUPS } from "./mvp";
import { MAX_RETENTION_YEARS } from "./mvp-retention";
import { eachOnce } from "./choice-lists";
import { editVersionField } from "./edit-version";
import { formTokenField } from "./form-token";
import { wholeNumber } from "./numbers";
import { multilineText, optionalMultilineText, optionalText, requiredText } from "./text-fields";

/** The London calendar date of an instant as "YYYY-MM-DD", the value a date input takes. */
export function londonIsoDate(at = new Date()): string {
  const { year, month, day } = londonDateParts(at);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** A "YYYY-MM-DD" date that has already happened (from 2015/16, when the programme's records start). */
const pastDate = (what: string) => dateField(what, DATE_WINDOWS.past);

function yearGroup(what = "year group") {
  const outside = `The ${what} must be between Year ${YEAR_GROUPS[0]} and Year ${YEAR_GROUPS.at(-1)}`;
  return wholeNumber(what, YEAR_GROUPS[0], YEAR_GROUPS.at(-1)!, {
    required: `Select the ${what}`,
    invalid: `Select the ${what}`,
    tooSmall: outside,
    tooBig: outside,
  });
}

// Picked from the form's lists and boxes: one sent empty, or longer than any id, is not one they offer.
const id = z.string().trim().min(1, "Choose one of the options the form offers").max(40, "Choose one of the options the form offers");

export const staffTrainingSchema = z.object({
  name: requiredText("name", 100),
  role: requiredText("role", 100),
  trainedOn: pastDate("date of the training"),
  trainer: requiredText("trainer's name", 100),
  // An edit page's fingerprint of what it shows: a save after another changed it is refused (decision 0148).
  version: editVersionField,
  // The new record's page's token: the same form sent twice records the training once (decision 0147).
  formToken: formTokenField,
});

export const cohortSchema = z.object({
  // The years the form offers, from the first MVP year to the current one.
  academicYear: wholeNumber("academic year", 2000, 2100, {
    required: "Select the academic year",
    invalid: "Select the academic year",
    tooSmall: "Select the academic year",
    tooBig: "Select the academic year",
  }).refine((year) => mvpYears(new Date()).includes(year), "Select the academic year"),
  yearGroups: z
    .array(yearGroup("mentors' year groups"), { invalid_type_error: "Select the mentors' year groups" })
    .min(1, "Select at least one year group")
    // More than there are is a year group sent twice: said so, as a topic's year groups are, not as a count.
    .refine(eachOnce, "Select each year group once"),
  // Notes only (a venue, a day still to fix): the days themselves are added as training sessions.
  trainingDates: optionalText("notes on training", 200),
  trainers: requiredText("trainers", 200),
  // An edit page's fingerprint of what it shows: a save after another changed it is refused (decision 0148).
  version: editVersionField,
  // The new-cohort page's token: the same form sent twice adds one cohort (decision 0147).
  formToken: formTokenField,
});

/**
 * The days a cohort's training can fall on: its academic year, or the summer term before it (mentors are
 * often trained in June for the year ahead), from 1 April to the end of the cohort's year.
 */
export function cohortTrainingWindow(academicYear: number): DateWindow {
  return { earliest: `${academicYear}-04-01`, latest: `${academicYear + 1}-08-31` };
}

/** Adds one training session to a cohort of `academicYear`: a day in its window, and an optional note. */
export function trainingSessionSchema(academicYear: number) {
  const what = "date of the training session";
  return z.object({
    intent: z.literal("add-session"),
    heldOn: z
      .string({ required_error: `Enter the ${what}` })
      .trim()
      .min(1, `Enter the ${what}`)
      .superRefine((value, ctx) => {
        const problem = dateProblem(what, value, cohortTrainingWindow(academicYear));
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .transform((value) => isoDateFrom(value) ?? value),
    note: optionalText("note", 100),
    // The cohort page's token: the same form sent twice adds the day once (decision 0147).
    formToken: formTokenField,
  });
}

/** A training session's "Remove" button. */
export const removeTrainingSessionSchema = z.object({ intent: z.literal("remove-session"), sessionId: id });

export const mentorSchema = z.object({
  displayName: z
    .string({ required_error: "Enter the mentor's first name and initial, or a pseudonym" })
    .transform(normaliseMentorName)
    .superRefine((value, ctx) => {
      const problem = mentorNameProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  yearGroup: yearGroup(),
  gender: z.enum(MENTOR_GENDERS, { invalid_type_error: "Select a gender, or leave it blank" }).optional(),
  // An edit page's fingerprint of what it shows: a save after another changed it is refused (decision 0148).
  version: editVersionField,
  // The cohort page's token: the same form sent twice adds the mentor once (decision 0147).
  formToken: formTokenField,
});

/** Several mentors at once, one per line, all in one year group (each line is checked in app/lib/mentor-list.ts). */
export const mentorListSchema = z.object({
  intent: z.literal("paste"),
  names: multilineText("mentors' names", 3000, { required: "Enter the mentors' names, one per line" }),
  yearGroup: yearGroup(),
  // The cohort page's token: the same list sent twice adds its mentors once (decision 0147).
  formToken: formTokenField,
});

export const withdrawMentorSchema = z.object({
  intent: z.literal("withdraw"),
  withdrawnOn: pastDate("date the mentor stopped"),
});

/** The boxes of the largest training grid a cohort can have: one for each of its mentors and each live module. */
const GRID_BOXES = MAX_MENTORS_PER_COHORT * MAX_LIVE_MODULES;

/**
 * The training grid: every ticked box, plus the mentors and modules the page showed, and `column` when
 * a module's "tick all" or "clear all" button sent it ("tick:<moduleId>" or "clear:<moduleId>").
 */
export const trainingGridSchema = z.object({
  // A box, mentor or module sent twice is a hand-made form: "The grid could not be read", not taken once. The
  // largest grid a cohort can have (MAX_MENTORS_PER_COHORT by MAX_LIVE_MODULES) is read whole; more than that
  // is a hand-made form too.
  done: z.array(z.string().max(90)).max(GRID_BOXES).refine(eachOnce).default([]),
  // The boxes the page showed ticked: only boxes the person changed from these are saved.
  shown: z.array(z.string().max(90)).max(GRID_BOXES).refine(eachOnce).default([]),
  mentor: z.array(id).max(MAX_MENTORS_PER_COHORT).refine(eachOnce).default([]),
  module: z.array(id).max(MAX_LIVE_MODULES).refine(eachOnce).default([]),
  column: z
    .string()
    .regex(/^(tick|clear):[^:]{1,40}$/)
    .optional(),
  // The training session the new ticks were completed at; none means today.
  trainedAt: id.optional(),
});

export const lessonSchema = z.object({
  deliveredOn: pastDate("date of the lesson"),
  className: requiredText("class", 20, (typed) =>
    typed.regex(/^[\p{L}\p{N}][\p{L}\p{N} /\-.]*$/u, "Enter the class as your school writes it, like 8B or 9/Ma2"),
  ),
  yearGroup: yearGroup("class's year group"),
  pupilsPresent: wholeNumber("pupils present", 1, 60, {
    required: "Enter how many pupils were present",
    invalid: "Enter how many pupils were present, as a number like 28",
    tooSmall: "At least 1 pupil must have been present",
    tooBig: "Pupils present must be 60 or fewer: record a combined group as separate lessons",
  }),
  mentorIds: z
    .array(id, { invalid_type_error: "Select the mentors who led the lesson" })
    .min(1, "Select the mentors who led the lesson")
    .max(20, "Select 20 mentors or fewer")
    .refine(eachOnce, "Select each mentor once"),
  topic: requiredText("scenario or topic", 120),
  reflection: optionalMultilineText("reflection", 1000),
  // The page's token: the same form sent twice records one lesson (decision 0147).
  formToken: formTokenField,
  // A changed lesson's page's fingerprint of it: a save after another changed it is refused (decision 0148).
  version: editVersionField,
});

export const moduleSchema = z.object({
  title: requiredText("module title", 120),
  description: optionalMultilineText("description", 500),
  required: z.enum(["yes", "no"], { required_error: "Select whether every mentor must complete this module" }),
  // An edit page's fingerprint of what it shows: a save after another changed it is refused (decision 0148).
  version: editVersionField,
  // The modules page's token: the same form sent twice adds the module once (decision 0147).
  formToken: formTokenField,
});

export const retentionSchema = z.object({
  years: wholeNumber("years", 0, MAX_RETENTION_YEARS, {
    required: "Enter how many years to keep mentors' names",
    invalid: "Enter a whole number of years, like 2",
    tooSmall: "Years must be 0 or more",
    tooBig: `Years must be ${MAX_RETENTION_YEARS} or fewer`,
  }),
});

/**
 * One Zod schema per MVP form, used in the browser (Conform) and again on the server. Rules that need
 * the database (a mentor belongs to this school, a module still exists) are checked in the models.
 */
import { z } from "zod";
import { londonDateParts } from "./academic-year";
import { isIsoDate } from "./dates";
import { MENTOR_GENDERS, mentorNameProblem, normaliseMentorName, YEAR_GROUPS } from "./mvp";
import { MAX_RETENTION_YEARS } from "./mvp-retention";
import { requiredText } from "./text-fields";

/** Dates before this are typing mistakes: the programme's records here start years later. */
const EARLIEST_DATE = "2015-09-01";

/** The London calendar date of an instant as "YYYY-MM-DD", the value a date input takes. */
export function londonIsoDate(at = new Date()): string {
  const { year, month, day } = londonDateParts(at);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** A "YYYY-MM-DD" date that has already happened, as a date input sends it. */
function pastDate(what: string) {
  return z
    .string({ required_error: `Enter the ${what}` })
    .trim()
    .superRefine((value, ctx) => {
      if (!isIsoDate(value)) ctx.addIssue({ code: "custom", message: `The ${what} must be a real date, like 14/10/2026` });
      else if (value < EARLIEST_DATE) ctx.addIssue({ code: "custom", message: `The ${what} must be after 1 September 2015` });
      else if (value > londonIsoDate()) ctx.addIssue({ code: "custom", message: `The ${what} must be today or in the past` });
    });
}

function yearGroup(what = "year group") {
  return z
    .number({ required_error: `Select the ${what}`, invalid_type_error: `Select the ${what}` })
    .int(`Select the ${what}`)
    .refine((n) => (YEAR_GROUPS as readonly number[]).includes(n), `The ${what} must be between Year 7 and Year 13`);
}

const id = z.string().trim().min(1).max(40);

export const staffTrainingSchema = z.object({
  name: requiredText("name", 100),
  role: requiredText("role", 100),
  trainedOn: pastDate("date of the training"),
  trainer: requiredText("trainer’s name", 100),
});

export const cohortSchema = z.object({
  academicYear: z.number({ required_error: "Select the academic year", invalid_type_error: "Select the academic year" }).int().min(2015).max(2100),
  yearGroups: z
    .array(yearGroup("mentors’ year groups"), { invalid_type_error: "Select the mentors’ year groups" })
    .min(1, "Select at least one year group")
    .max(YEAR_GROUPS.length),
  trainingDates: requiredText("training dates", 200),
  trainers: requiredText("trainers", 200),
});

export const mentorSchema = z.object({
  displayName: z
    .string({ required_error: "Enter the mentor’s first name and initial, or a pseudonym" })
    .transform(normaliseMentorName)
    .superRefine((value, ctx) => {
      const problem = mentorNameProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  yearGroup: yearGroup(),
  gender: z.enum(MENTOR_GENDERS, { invalid_type_error: "Select a gender, or leave it blank" }).optional(),
});

export const withdrawMentorSchema = z.object({
  intent: z.literal("withdraw"),
  withdrawnOn: pastDate("date the mentor stopped"),
});

/** The training grid: every ticked box, plus the mentors and modules the page showed. */
export const trainingGridSchema = z.object({
  done: z.array(z.string().max(90)).max(5000).default([]),
  mentor: z.array(id).max(200).default([]),
  module: z.array(id).max(100).default([]),
});

export const lessonSchema = z.object({
  deliveredOn: pastDate("date of the lesson"),
  className: requiredText("class", 20).regex(/^[\p{L}\p{N}][\p{L}\p{N} /\-.]*$/u, "Enter the class as your school writes it, like 8B or 9/Ma2"),
  yearGroup: yearGroup("class’s year group"),
  pupilsPresent: z
    .number({ required_error: "Enter how many pupils were present", invalid_type_error: "Enter how many pupils were present, as a number like 28" })
    .int("Enter a whole number of pupils")
    .min(1, "At least 1 pupil must have been present")
    .max(60, "Pupils present must be 60 or fewer: record a combined group as separate lessons"),
  mentorIds: z
    .array(id, { invalid_type_error: "Select the mentors who led the lesson" })
    .min(1, "Select the mentors who led the lesson")
    .max(20, "Select 20 mentors or fewer"),
  topic: requiredText("scenario or topic", 120),
  reflection: z.string().trim().max(1000, "The reflection must be 1000 characters or fewer").optional(),
});

export const moduleSchema = z.object({
  title: requiredText("module title", 120),
  description: z.string().trim().max(500, "The description must be 500 characters or fewer").optional(),
  required: z.enum(["yes", "no"], { required_error: "Select whether every mentor must complete this module" }),
});

export const retentionSchema = z.object({
  years: z
    .number({ required_error: "Enter how many years to keep mentors’ names", invalid_type_error: "Enter a whole number of years, like 2" })
    .int("Enter a whole number of years, like 2")
    .min(0, "Years must be 0 or more")
    .max(MAX_RETENTION_YEARS, `Years must be ${MAX_RETENTION_YEARS} or fewer`),
});

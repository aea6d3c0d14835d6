/** The guide's forms: one Zod schema each, used by the server and (through Conform) by the browser. */
import { z } from "zod";
import { isIsoDate } from "~/lib/dates";

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const FEEDBACK_COMMENT_MAX = 1000;
const SEARCH_QUERY_MAX = 200;

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .max(80, "The web address must be 80 characters or fewer")
  .regex(SLUG_PATTERN, "The web address can only use lower-case letters, numbers and single hyphens, like who-to-call")
  .optional();

/** What a writer edits: every version of a page holds all of these. */
export const pageContentSchema = z.object({
  title: z
    .string({ required_error: "Enter a title" })
    .trim()
    .min(3, "The title must be 3 characters or more")
    .max(120, "The title must be 120 characters or fewer"),
  summary: z
    .string({ required_error: "Enter a short summary" })
    .trim()
    .min(10, "The summary must be 10 characters or more")
    .max(300, "The summary must be 300 characters or fewer"),
  audience: z
    .string({ required_error: "Say who this page is for" })
    .trim()
    .min(3, "Say who this page is for")
    .max(200, "Who the page is for must be 200 characters or fewer"),
  reviewBy: z
    .string({ required_error: "Enter the date this page should next be reviewed" })
    .refine(isIsoDate, "Enter a real date for the next review")
    .refine((value) => value >= "2000-01-01" && value <= "2100-12-31", "Enter a review date between 2000 and 2100"),
  body: z.string({ required_error: "Enter the words of the page" }).max(50_000, "The page must be 50,000 characters or fewer: split it into two pages"),
  note: z.string().trim().max(200, "The note must be 200 characters or fewer").optional(),
});
export type PageContentInput = z.infer<typeof pageContentSchema>;

export const newPageSchema = pageContentSchema.extend({
  sectionId: z.string({ required_error: "Choose a section" }).min(1, "Choose a section"),
  slug,
});

export const sectionSchema = z.object({
  title: z
    .string({ required_error: "Enter a section title" })
    .trim()
    .min(3, "The section title must be 3 characters or more")
    .max(80, "The section title must be 80 characters or fewer"),
  summary: z.string().trim().max(300, "The summary must be 300 characters or fewer").optional(),
  slug,
});

export const feedbackSchema = z.object({
  helpful: z.enum(["yes", "no"], {
    required_error: "Select yes if this page was useful",
    invalid_type_error: "Select yes if this page was useful",
  }),
  comment: z.string().trim().max(FEEDBACK_COMMENT_MAX, `Your comment must be ${FEEDBACK_COMMENT_MAX} characters or fewer`).optional(),
});

export const searchSchema = z.object({
  q: z.string().trim().max(SEARCH_QUERY_MAX, `Search for ${SEARCH_QUERY_MAX} characters or fewer`).optional(),
});

export const compareSchema = z.object({
  from: z.coerce.number({ invalid_type_error: "Choose a version" }).int().min(1, "Choose a version"),
  to: z.coerce.number({ invalid_type_error: "Choose a version" }).int().min(1, "Choose a version"),
});

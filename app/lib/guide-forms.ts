/** The guide's forms: one Zod schema each, used by the server and (through Conform) by the browser. */
import { z } from "zod";
import { DATE_WINDOWS, dateField } from "~/lib/date-fields";
import { editVersionField } from "~/lib/edit-version";
import { onlyValue, type FilterProblems } from "~/lib/filter-choices";
import { formTokenField } from "~/lib/form-token";
import { wholeNumber } from "~/lib/numbers";
import { plainText } from "~/lib/text-fields";

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const FEEDBACK_COMMENT_MAX = 1000;
/** The most characters a search of the guide may have: the box takes no more, and the server refuses more. */
export const SEARCH_QUERY_MAX = 200;

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .max(80, "The web address must be 80 characters or fewer")
  .regex(SLUG_PATTERN, "The web address can only use lower-case letters, numbers and single hyphens, like who-to-call")
  .optional();

/** How many quotes and lists a page may put inside each other: far more than a readable page uses. */
const MAX_NESTING = 20;

/** A quote marker (`>`) or a list item's marker (`-`, `*`, `+`, `1.`, `1)`), each followed by a space or the line's end. */
const BLOCK_MARKER = /[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/y;

/**
 * The most quotes and list items that open on one line of `markdown`, one inside another ("> - > 1. x"
 * is 4), with each 4 spaces of indent before them as one more level. Pure, and linear in the text's
 * length. Thousands of levels would overflow the Markdown renderer's stack, so that no page could be
 * shown; a page is refused long before that.
 */
export function deepestNesting(markdown: string): number {
  let deepest = 0;
  for (const line of markdown.split("\n")) {
    const indent = /^[ \t]*/.exec(line)?.[0].replace(/\t/g, "    ").length ?? 0;
    let depth = Math.floor(indent / 4);
    BLOCK_MARKER.lastIndex = 0;
    while (BLOCK_MARKER.exec(line)) depth += 1;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/** What a writer edits: every version of a page holds all of these. */
export const pageContentSchema = z.object({
  title: plainText(
    z.string({ required_error: "Enter a title" }).trim().min(3, "The title must be 3 characters or more").max(120, "The title must be 120 characters or fewer"),
    "title",
    { empty: "Enter a title" },
  ),
  summary: plainText(
    z
      .string({ required_error: "Enter a short summary" })
      .trim()
      .min(10, "The summary must be 10 characters or more")
      .max(300, "The summary must be 300 characters or fewer"),
    "summary",
    { multiline: true, empty: "Enter a short summary" },
  ),
  audience: plainText(
    z
      .string({ required_error: "Say who this page is for" })
      .trim()
      .min(3, "Say who this page is for")
      .max(200, "Who the page is for must be 200 characters or fewer"),
    "description of who the page is for",
    { empty: "Say who this page is for" },
  ),
  reviewBy: dateField("review date", DATE_WINDOWS.guideReview, { invalid: "Enter a real date for the next review" }),
  body: plainText(
    z.string({ required_error: "Enter the words of the page" }).max(50_000, "The page must be 50,000 characters or fewer: split it into two pages"),
    "page",
    {
      multiline: true,
      empty: "Enter the words of the page",
    },
  ).refine((body) => deepestNesting(body) <= MAX_NESTING, `Put quotes and lists at most ${MAX_NESTING} levels inside each other`),
  note: plainText(z.string().trim().max(200, "The note must be 200 characters or fewer"), "note").optional(),
  // The page's fingerprint of the words it showed: a save after another saved a version is refused (decision 0148).
  version: editVersionField,
});
export type PageContentInput = z.infer<typeof pageContentSchema>;

export const newPageSchema = pageContentSchema.extend({
  sectionId: z.string({ required_error: "Choose a section" }).min(1, "Choose a section"),
  slug,
  // The page's token: the same form sent twice adds one page (decision 0147).
  formToken: formTokenField,
});

/** Publish or set aside a page's draft: the button's intent and the draft's version number the page showed. */
export const draftActionSchema = z.object({
  intent: z.enum(["publish", "discard"]),
  version: wholeNumber("draft's version", 1, 1_000_000),
});

/**
 * Withdraw, with the number of the version the lead's page showed readers seeing, so a version published
 * since is not withdrawn unread. A page drawn before the button sent it sends none, and withdraws what
 * readers see.
 */
export const withdrawSchema = z.object({
  intent: z.literal("withdraw"),
  version: wholeNumber("published version", 1, 1_000_000).optional(),
});

/** Letting go an address a section had before: the button's own hidden field, as the page wrote it. */
export const releaseSchema = z.object({
  intent: z.literal("release"),
  slug: z.string().trim().min(1).max(200),
});

export const sectionSchema = z.object({
  title: plainText(
    z
      .string({ required_error: "Enter a section title" })
      .trim()
      .min(3, "The section title must be 3 characters or more")
      .max(80, "The section title must be 80 characters or fewer"),
    "section title",
    { empty: "Enter a section title" },
  ),
  summary: plainText(z.string().trim().max(300, "The summary must be 300 characters or fewer"), "summary").optional(),
  slug,
  // An edit page's fingerprint of what it shows: a save after another changed it is refused (decision 0148).
  version: editVersionField,
  // A new section's page's token: the same form sent twice adds one section (decision 0147).
  formToken: formTokenField,
});

export const feedbackSchema = z.object({
  helpful: z.enum(["yes", "no"], {
    required_error: "Select yes if this page was useful",
    invalid_type_error: "Select yes if this page was useful",
  }),
  comment: plainText(z.string().trim().max(FEEDBACK_COMMENT_MAX, `Your comment must be ${FEEDBACK_COMMENT_MAX} characters or fewer`), "comment", {
    multiline: true,
  }).optional(),
  // The page's token: the same form sent twice saves one answer, the public's kept apart from them (decisions 0147 and 0179).
  formToken: formTokenField,
});

export const searchSchema = z.object({
  q: plainText(z.string().trim().max(SEARCH_QUERY_MAX, `Search for ${SEARCH_QUERY_MAX} characters or fewer`), "search").optional(),
});

/** Each of the two versions has its own message, as the error summary lists both: two alike would not say which. */
const CHOOSE_VERSION = { from: "Choose the version to compare", to: "Choose the version to compare it with" } as const;
const versionChoice = (message: string) => wholeNumber("version", 1, 100_000, { required: message, invalid: message, tooSmall: message, tooBig: message });

/**
 * The two versions a comparison's address asks for (`from`, `to`, as its picker sends them), each checked
 * against the page's versions, 1 to `newest`. `chosen` holds each that the page has; `problems` says by
 * its field why another was not used, for the page to show with a 400 and the picker still there: none
 * chosen, not a whole number, given twice with different values (an edited link), or a version the page
 * does not have ("This page has no version 9: choose the version to compare"). Null when both were used. Pure.
 */
export function readComparison(
  params: URLSearchParams,
  newest: number,
): { chosen: { from?: number; to?: number }; problems: FilterProblems<"from" | "to"> | null } {
  const chosen: { from?: number; to?: number } = {};
  const problems: FilterProblems<"from" | "to"> = {};
  for (const field of ["from", "to"] as const) {
    const choose = CHOOSE_VERSION[field];
    // A version given twice is none chosen: the picker asks for one.
    const parsed = versionChoice(choose).safeParse(onlyValue(params, field) || undefined);
    if (!parsed.success) problems[field] = choose;
    else if (parsed.data > newest) problems[field] = `This page has no version ${parsed.data}: ${choose.toLowerCase()}`;
    else chosen[field] = parsed.data;
  }
  return { chosen, problems: Object.keys(problems).length > 0 ? problems : null };
}

/** One Zod schema per staff form about surveys, used in the browser (Conform) and on the server. */
import { z } from "zod";
import { moreCharactersThan } from "./characters";
import { DATE_WINDOWS, dateField } from "./date-fields";
import { editVersionField } from "./edit-version";
import { formTokenField } from "./form-token";
import { wholeNumber } from "./numbers";
import { QUESTION_TYPES } from "./survey-scoring";
import { inFixedForm, nameKey, optionalMultilineText, optionalText, requiredText, storedText } from "./text-fields";

export const PHASE_LABELS: Record<string, string> = { BEFORE: "Before", AFTER: "After", FEEDBACK: "Feedback on a lesson" };
export const CONTEXT_LABELS: Record<string, string> = { BOOKING: "A session", MVP: "MVP" };

export const QUESTION_TYPE_LABELS: Record<string, string> = {
  AGREEMENT: "Agreement scale (strongly disagree to strongly agree)",
  SINGLE_CHOICE: "Single choice",
  MULTIPLE_CHOICE: "Multiple choice",
  YES_NO: "Yes or no",
  SCALE_0_10: "Scale from 0 to 10",
  FREE_TEXT: "Free text",
};

export const openRunSchema = z.object({
  templateId: z.string({ required_error: "Select a survey" }).trim().min(1, "Select a survey"),
  closesOn: dateField("closing date", DATE_WINDOWS.surveyClosing).optional(),
  maxResponses: wholeNumber("most responses", 1, 5000).optional(),
  sharedDevices: z.boolean().optional().default(false),
  // The page's token: the same form sent twice opens one survey (decision 0147).
  formToken: formTokenField,
});

const TEMPLATE_CONTEXTS = ["BOOKING", "MVP"] as const;
const TEMPLATE_PHASES = ["BEFORE", "AFTER", "FEEDBACK"] as const;

export const templateSchema = z
  .object({
    title: requiredText("title", 120),
    intro: optionalMultilineText("introduction", 1000),
    context: z.enum(TEMPLATE_CONTEXTS, { errorMap: () => ({ message: "Select what the survey is for" }) }),
    phase: z.enum(TEMPLATE_PHASES, { errorMap: () => ({ message: "Select when pupils answer it" }) }),
    // A topic's id from the list, or "" for a survey that suits any topic.
    topicId: z.string().trim().max(100, "Select a topic from the list").optional().default(""),
    // An edit page's fingerprint of what it shows: a save after another changed it is refused (decision 0148).
    version: editVersionField,
    // A new record's page token: the same form sent twice saves once (decision 0147).
    formToken: formTokenField,
  })
  .refine((t) => t.phase !== "FEEDBACK" || t.context === "MVP", { path: ["phase"], message: "Feedback surveys are for MVP lessons" })
  .refine((t) => t.topicId === "" || t.context === "BOOKING", { path: ["topicId"], message: "Only a survey for booked sessions is written for a topic" });

const OPTIONS_MAX = 12;

export const questionSchema = z
  .object({
    type: z.enum(QUESTION_TYPES, { errorMap: () => ({ message: "Select the type of question" }) }),
    prompt: requiredText("question", 300),
    helpText: optionalText("help text", 300),
    required: z.boolean().optional().default(false),
    reverseScored: z.boolean().optional().default(false),
    freeTextEnabled: z.boolean().optional().default(false),
    lastChoiceExclusive: z.boolean().optional().default(false),
    options: optionalMultilineText("choices", 2000).transform((v) =>
      v
        .split(/\r?\n/)
        .map((line) => storedText(line.trim()))
        .filter(Boolean),
    ),
    coreKey: inFixedForm(
      z
        .string()
        .trim()
        .max(40, "The core key must be 40 characters or fewer")
        .regex(/^[a-z0-9-]*$/, "The core key can use only lower-case letters, numbers and hyphens")
        .optional()
        .transform((v) => v || null),
    ),
    // An edit page's fingerprint of what it shows: a save after another changed it is refused (decision 0148).
    version: editVersionField,
    // A new record's page token: the same form sent twice saves once (decision 0147).
    formToken: formTokenField,
  })
  .superRefine((q, ctx) => {
    const choice = q.type === "SINGLE_CHOICE" || q.type === "MULTIPLE_CHOICE";
    if (choice && q.options.length < 2) ctx.addIssue({ code: "custom", path: ["options"], message: "Enter at least 2 choices, one a line" });
    if (choice && q.options.length > OPTIONS_MAX) ctx.addIssue({ code: "custom", path: ["options"], message: `Enter ${OPTIONS_MAX} choices or fewer` });
    // "Yes" and "yes" are one choice to a pupil.
    if (choice && new Set(q.options.map(nameKey)).size !== q.options.length)
      ctx.addIssue({ code: "custom", path: ["options"], message: "Each choice must be different" });
    if (q.options.some((o) => moreCharactersThan(o, 120)))
      ctx.addIssue({ code: "custom", path: ["options"], message: "Each choice must be 120 characters or fewer" });
    if (q.options.some((o) => !requiredText("choice", 120).safeParse(o).success)) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "Each choice must be one line of visible text, without tabs or other control characters" });
    }
    // What belongs to another type of question is refused, not dropped: the person meant it to count.
    if (!choice && q.options.length > 0)
      ctx.addIssue({ code: "custom", path: ["options"], message: "Only single and multiple choice questions have choices: clear them, or change the type" });
    if (q.lastChoiceExclusive && q.type !== "MULTIPLE_CHOICE")
      ctx.addIssue({
        code: "custom",
        path: ["lastChoiceExclusive"],
        message: "Only a multiple choice question has a last choice that is an answer on its own: untick it, or change the type",
      });
    if (q.reverseScored && q.type !== "AGREEMENT")
      ctx.addIssue({ code: "custom", path: ["reverseScored"], message: "Only agreement questions are scored in reverse: untick it, or change the type" });
    if (q.freeTextEnabled && q.type !== "FREE_TEXT")
      ctx.addIssue({ code: "custom", path: ["freeTextEnabled"], message: "Only free text questions let pupils type an answer: untick it, or change the type" });
    if (q.coreKey && q.type !== "AGREEMENT") ctx.addIssue({ code: "custom", path: ["coreKey"], message: "Only agreement questions can be core items" });
  });

export type QuestionInput = z.infer<typeof questionSchema>;
export type TemplateInput = z.infer<typeof templateSchema>;

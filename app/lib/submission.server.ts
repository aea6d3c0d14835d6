import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { badRequest } from "./responses.server";

/*
 * Every action, and every filter page that reads its address as a form, reads it through
 * parseSubmission and one Zod schema, so a submission is coerced and checked the same way everywhere. A
 * form a person types into goes there, whose reply carries the messages back to their fields with
 * status 400. The two helpers after it cover the rest: buttons whose hidden fields nobody types.
 */

/**
 * The names Conform reads as its own instructions rather than fields: `__intent__` (a button asking it to
 * validate, reset or change a list) and `__state__`. No form of this service sends them (none uses
 * Conform's intent buttons), and Conform throws on a value it cannot read (`?__state__=x` was a 500 on
 * every filter page and form) or, given a well-formed intent, hands back a submission that is neither
 * success nor error, which a filter page took as nothing wrong.
 */
const CONFORM_RESERVED = ["__intent__", "__state__"] as const;

/**
 * The most fields any form of this service sends: the MVP training grid at its schema's limits (5,000
 * ticks and 5,000 cells shown, 200 mentors and 100 modules: app/lib/mvp-schemas.ts), with room to spare.
 * Conform builds every field's value before the schema sees it, so more is refused before it does.
 */
const MAX_FIELDS = 12_000;

/** The longest field name taken, in characters, and the most dot-separated parts: far more than any form's. */
const MAX_NAME_LENGTH = 100;
const MAX_NAME_PARTS = 3;

const NOT_ITS_FIELDS = "The form sent a field it does not have. Go back, reload the page and try again.";

/**
 * Conform's parseWithZod for a form's body or an address's query, refusing first with a 400 page
 * (`badRequest`) a submission that no page of the service sends:
 * - a name Conform reserves (CONFORM_RESERVED);
 * - a name with a list index or brackets (`name[99999999]`): no form of the service names its fields so
 *   (a repeated name is its list), and Conform makes such a name an array that long, which its reply then
 *   walks element by element, seconds of work for a few bytes sent;
 * - a name longer than MAX_NAME_LENGTH or of more than MAX_NAME_PARTS parts (`a.b.c`): each dot is a level
 *   of Conform's value, and its reply walks them by recursion, so thousands of them ran out of stack (a
 *   500) on any form answered with an error; the deepest name a form sends is `autumn.startsOn`;
 * - more fields than MAX_FIELDS.
 * Returns Conform's submission: `status` "success" with `value`, or "error" with `reply()` for the form.
 * (Conform is patched to build a repeated field's list in time linear in its length: patches/.)
 */
export function parseSubmission<Schema extends z.ZodTypeAny>(payload: FormData | URLSearchParams, options: { schema: Schema }) {
  let fields = 0;
  for (const name of payload.keys()) {
    if (++fields > MAX_FIELDS) badRequest("The form sent more fields than any page of this service has. Go back, reload the page and try again.");
    if (name.includes("[") || name.includes("]") || name.length > MAX_NAME_LENGTH || name.split(".").length > MAX_NAME_PARTS) badRequest(NOT_ITS_FIELDS);
  }
  if (CONFORM_RESERVED.some((name) => payload.has(name))) badRequest(NOT_ITS_FIELDS);
  return parseWithZod(payload, options);
}

/**
 * Which of the action's own buttons sent the form, by the `intent` it carries. Returns that intent, or
 * null when the form carries no intent at all (the page's main form, which the action then parses with
 * its own schema). An intent that is not one of `intents`, or more than one, is a stale or tampered
 * request: it throws a 400 response rather than falling through to the main form's change.
 */
export function parseIntent<const Intent extends string>(formData: FormData, intents: readonly [Intent, ...Intent[]]): Intent | null {
  if (!formData.has("intent")) return null;
  const submission = parseSubmission(formData, { schema: z.object({ intent: z.enum(intents) }) });
  // Zod cannot tell a generic enum field is required; the schema makes it so.
  if (submission.status !== "success") badRequest("Choose one of the page's buttons.");
  return submission.value.intent as Intent;
}

/**
 * Parses a form sent by a button, whose fields are hidden ids and intents the page wrote itself.
 * Returns the parsed value; anything else is a stale or tampered request, so it throws a 400 response
 * with `message` rather than sending field errors back to a form that has no fields to show them.
 */
export function parseButtonForm<Schema extends z.ZodTypeAny>(formData: FormData, schema: Schema, message?: string): z.output<Schema> {
  const submission = parseSubmission(formData, { schema });
  if (submission.status !== "success") badRequest(message);
  return submission.value;
}

/**
 * What a model refused, in the shape Conform's `reply` takes: by its field when it names one, so the
 * message shows there; otherwise above the form (a refusal of the whole change, such as a record changed
 * or closed since the page was opened, or a form sent before with other details). A refusal that gives
 * its messages by field already (`fieldErrors`) is passed on as it is.
 */
export function refusalErrors(
  refusal: { field?: string | null; message: string } | { fieldErrors: Record<string, string[]> },
): { fieldErrors: Record<string, string[]> } | { formErrors: string[] } {
  if ("fieldErrors" in refusal) return { fieldErrors: refusal.fieldErrors };
  return refusal.field ? { fieldErrors: { [refusal.field]: [refusal.message] } } : { formErrors: [refusal.message] };
}

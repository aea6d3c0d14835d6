import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { badRequest } from "./responses.server";

/*
 * Every action reads its form through Conform's parseWithZod and one Zod schema, so a submission is
 * coerced and checked the same way everywhere. A form a person types into goes straight to
 * parseWithZod, whose reply carries the messages back to their fields with status 400. These two
 * helpers cover the rest: buttons whose hidden fields nobody types.
 */

/**
 * Which of the action's own buttons sent the form, by the `intent` it carries. Returns that intent, or
 * null when the form carries no intent at all (the page's main form, which the action then parses with
 * its own schema). An intent that is not one of `intents`, or more than one, is a stale or tampered
 * request: it throws a 400 response rather than falling through to the main form's change.
 */
export function parseIntent<const Intent extends string>(formData: FormData, intents: readonly [Intent, ...Intent[]]): Intent | null {
  if (!formData.has("intent")) return null;
  const submission = parseWithZod(formData, { schema: z.object({ intent: z.enum(intents) }) });
  // Zod cannot tell a generic enum field is required; the schema makes it so.
  if (submission.status !== "success") badRequest("Choose one of the page’s buttons.");
  return submission.value.intent as Intent;
}

/**
 * Parses a form sent by a button, whose fields are hidden ids and intents the page wrote itself.
 * Returns the parsed value; anything else is a stale or tampered request, so it throws a 400 response
 * with `message` rather than sending field errors back to a form that has no fields to show them.
 */
export function parseButtonForm<Schema extends z.ZodTypeAny>(formData: FormData, schema: Schema, message?: string): z.output<Schema> {
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") badRequest(message);
  return submission.value;
}

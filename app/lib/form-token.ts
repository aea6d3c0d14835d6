import { z } from "zod";

/**
 * A form's `formToken` field: the token its page was drawn with (newFormToken, app/models/sent-forms.server.ts),
 * by which the same form sent twice saves once (decision 0147); none from a caller in code, or a page
 * drawn before forms carried one.
 */
export const formTokenField = z
  .string()
  .regex(/^[\w-]{24}$/, "Reload the page and send the form again")
  .optional();

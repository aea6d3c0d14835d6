import { z } from "zod";

/**
 * A form's `formToken` field: the token its page was drawn with (newFormToken, app/models/sent-forms.server.ts),
 * by which the same form sent twice saves once (decision 0147); none from a caller in code, or a page
 * drawn before forms carried one. Its form is checked where it is used (saveOnce): a hidden field has no
 * place by it for a message, so a bad one refuses the whole form. Sent twice, or longer than any token, it
 * is taken as what it is, not a token this service made ("-"), so saveOnce refuses it so too, rather than
 * the form showing "Give one answer here, not several" or Zod's own words for a field no one can see.
 */
export const formTokenField = z.preprocess(
  (value) => (Array.isArray(value) || (typeof value === "string" && value.length > 100) ? "-" : value),
  z.string().optional(),
);

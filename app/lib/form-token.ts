import { z } from "zod";

/**
 * A form's `formToken` field: the token its page was drawn with (newFormToken, app/models/sent-forms.server.ts),
 * by which the same form sent twice saves once (decision 0147); none from a caller in code, or a page
 * drawn before forms carried one. Its form is checked where it is used (saveOnce): a hidden field has no
 * place by it for a message, so a bad one refuses the whole form.
 */
export const formTokenField = z.string().max(100).optional();

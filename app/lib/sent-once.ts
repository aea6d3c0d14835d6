/**
 * What a form that saves once (decisions 0147 and 0178) tells the person when its token was sent before,
 * in one place so every form says it alike. `made` names what the first sending made, ending in the verb
 * ("its topic added", "the booking for Brookvale Academy made"). Pure.
 */

/** The same form sent again with the same details: nothing more was `nothing` ("saved", or "sent" for an email). */
export function sentAlready(made: string, nothing = "saved"): string {
  return `This form had been sent already, and ${made} then: nothing more was ${nothing}.`;
}

/**
 * The same page's form sent again with other details (the page restored by the browser with its first
 * sending's token, then changed): not a repeat, so it says what the first sending saved, and that
 * opening the form again (a page with a token of its own) saves the new details.
 */
export function sentWithOtherDetails(made: string): string {
  return `This page's form had been sent already, with other details, and ${made} then. Nothing more was saved: to save these details, open the form again.`;
}

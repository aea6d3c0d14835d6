import { z } from "zod";

/**
 * What an edit form's `version` reads as when the form did not send one. Every edit page sends its
 * fingerprint (22 characters), so this is a form not sent by its page: the save is refused (changedMeanwhile),
 * as a save without it would put back, unseen, whatever another save changed meanwhile. A form that creates a
 * record reads it too, and ignores it.
 */
export const VERSION_NOT_SENT = "not sent";

/**
 * An edit form's `version` field: a fingerprint of the record's fields as the page showed them
 * (editVersion, app/models/edit-versions.server.ts), by which a save from a page opened before another
 * save is refused rather than putting back what the other changed (decision 0148). Missing from the form,
 * VERSION_NOT_SENT, also refused. Any other text is simply not the fingerprint of what is saved, so it is
 * refused as a stale page would be. A model called from code with no version (undefined) saves as asked.
 */
export const editVersionField = z.preprocess(
  // Sent twice, or longer than any fingerprint: a hidden field has no place by it for a message, so it
  // is taken as what it is, not the fingerprint of what is saved (22 characters, never "-").
  (value) => (value === undefined ? VERSION_NOT_SENT : Array.isArray(value) || (typeof value === "string" && value.length > 100) ? "-" : value),
  z.string().optional(),
);

/**
 * What a save from a stale page is told (decision 0148): nothing was saved, and which of the form's
 * fields now differ from what is saved. `what` names the record as the page does ("this school"; `plural`
 * for "the term dates for 2026/27"), `differs` the fields' labels, in the form's order.
 */
export function changedMeanwhileMessage(what: string, differs: readonly string[], { plural = false }: { plural?: boolean } = {}): string {
  // No fields named: the form did not say which saved details it was opened on (VERSION_NOT_SENT).
  if (differs.length === 0)
    return `Nothing was saved: this form did not come from the page that changes ${what}. Open that page again and make the change there.`;
  const fields =
    differs.length === 1
      ? `“${differs[0]}”`
      : `${differs
          .slice(0, -1)
          .map((label) => `“${label}”`)
          .join(", ")} and “${differs.at(-1)}”`;
  return (
    `Nothing was saved: ${what} ${plural ? "were" : "was"} changed by another save after this page was opened. ` +
    `What is saved now differs from this form in ${fields}. Open the page again to see the saved details, or save again to replace them with this form's.`
  );
}

/**
 * The fingerprint an edit form's hidden field carries: the one a save refused as stale came back with
 * (`lastResult.version`), else the loader's.
 */
export function versionToSend(lastResult: unknown, loaded: string): string {
  const sent = lastResult && typeof lastResult === "object" && "version" in lastResult ? lastResult.version : undefined;
  return typeof sent === "string" ? sent : loaded;
}

import { z } from "zod";

/**
 * An edit form's `version` field: a fingerprint of the record's fields as the page showed them
 * (editVersion, app/models/edit-versions.server.ts), by which a save from a page opened before another
 * save is refused rather than putting back what the other changed (decision 0148). None from a caller
 * in code, or a page drawn before forms carried one: the save goes ahead as before. Any other text is
 * simply not the fingerprint of what is saved, so it is refused as a stale page would be.
 */
export const editVersionField = z.preprocess(
  // Sent twice, or longer than any fingerprint: a hidden field has no place by it for a message, so it
  // is taken as what it is, not the fingerprint of what is saved (22 characters, never "-").
  (value) => (Array.isArray(value) || (typeof value === "string" && value.length > 100) ? "-" : value),
  z.string().optional(),
);

/**
 * What a save from a stale page is told (decision 0148): nothing was saved, and which of the form's
 * fields now differ from what is saved. `what` names the record as the page does ("this school"; `plural`
 * for "the term dates for 2026/27"), `differs` the fields' labels, in the form's order.
 */
export function changedMeanwhileMessage(what: string, differs: readonly string[], { plural = false }: { plural?: boolean } = {}): string {
  const fields =
    differs.length === 1
      ? `“${differs[0]}”`
      : `${differs
          .slice(0, -1)
          .map((label) => `“${label}”`)
          .join(", ")} and “${differs.at(-1)}”`;
  return (
    `Nothing was saved: ${what} ${plural ? "were" : "was"} changed by another save after this page was opened. ` +
    `What is saved now differs from this form in ${fields}. Open the page again to see the saved details, or save again to replace them with this form’s.`
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

/**
 * Edit forms and what was saved meanwhile (decision 0148). An edit page carries a fingerprint of the
 * fields its form changes, as they were stored when the page was drawn. The model compares it, in the
 * transaction that writes, with the fingerprint of what is stored then: when another save (another tab,
 * another person, a GIAS import) changed those fields in between, nothing is written, and the person is
 * told which of their form's fields differ from what is now saved, with the new fingerprint, so a second
 * save is their choice having been told.
 */
import { createHash } from "node:crypto";
import { VERSION_NOT_SENT } from "~/lib/edit-version";

/** A stored field's value as the fingerprint reads it, as JSON: dates by their instant, absent as null, a list as its items. */
function fingerprintValue(value: unknown): string {
  return JSON.stringify(value instanceof Date ? value.toISOString() : (value ?? null));
}

/**
 * The fingerprint of `record`'s `fields`, in that order: 22 base64url characters of a SHA-256 over
 * their JSON. Pure, so no actor; what the record holds has been read by its model for an actor already.
 */
export function editVersion(record: Record<string, unknown>, fields: readonly string[]): string {
  const values = fields.map((field) => fingerprintValue(record[field]));
  return createHash("sha256")
    .update(`[${values.join(",")}]`)
    .digest("base64url")
    .slice(0, 22);
}

/** A save refused because its page was stale: the labels of the form's fields that differ from what is saved, and the fingerprint now. */
export type ChangedMeanwhile = { ok: false; changedMeanwhile: { differs: string[]; version: string } };

/**
 * Null when the save may go ahead: no `seen` fingerprint was given (a caller in code), or it is that of
 * `stored`'s fields now. Otherwise the refusal, naming by `labels` (field → label, in the form's order;
 * its keys are the fingerprinted fields) each field whose value in `data` (what the save would write)
 * differs from `stored`'s; none when the form sent no fingerprint at all (VERSION_NOT_SENT), since nothing
 * is known to have changed. Called inside the writing transaction, after the check that the save changes
 * anything, so a stale page's `differs` is never empty.
 */
export function changedMeanwhile(
  stored: Record<string, unknown>,
  data: Record<string, unknown>,
  labels: Readonly<Record<string, string>>,
  seen: string | undefined,
): ChangedMeanwhile | null {
  const fields = Object.keys(labels);
  const version = editVersion(stored, fields);
  if (seen === undefined || seen === version) return null;
  if (seen === VERSION_NOT_SENT) return { ok: false, changedMeanwhile: { differs: [], version } };
  const differs = fields.filter((field) => field in data && fingerprintValue(stored[field]) !== fingerprintValue(data[field]));
  return { ok: false, changedMeanwhile: { differs: differs.length > 0 ? differs.map((field) => labels[field] ?? field) : Object.values(labels), version } };
}

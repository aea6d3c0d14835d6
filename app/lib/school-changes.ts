import { schoolStatusLabel, type SchoolStatus } from "./statuses";
import { schoolTypeLabel } from "./schools";
import { formatDate } from "./dates";

/** A school's details as they are compared, shown and written to the audit log. */
export type SchoolFacts = {
  urn: string;
  name: string;
  localAuthority: string;
  locality: { id: string; name: string } | null;
  type: string;
  numberOnRoll: number | null;
  postcode: string | null;
  status: SchoolStatus;
  /** The London day it opened, "YYYY-MM-DD", or null when not known. */
  openedOn: string | null;
  /** The London day it closed, "YYYY-MM-DD"; null for an open school, or when not known. */
  closedOn: string | null;
};

export type SchoolChange = { field: keyof SchoolFacts; label: string; from: string; to: string };

const FIELDS: { field: keyof SchoolFacts; label: string; show: (facts: SchoolFacts) => string; key?: (facts: SchoolFacts) => unknown }[] = [
  { field: "urn", label: "URN", show: (f) => f.urn },
  { field: "name", label: "name", show: (f) => f.name },
  { field: "localAuthority", label: "local authority", show: (f) => f.localAuthority },
  { field: "locality", label: "locality", show: (f) => f.locality?.name ?? "none", key: (f) => f.locality?.id ?? null },
  { field: "type", label: "type", show: (f) => schoolTypeLabel(f.type) },
  { field: "numberOnRoll", label: "number on roll", show: (f) => (f.numberOnRoll === null ? "not known" : String(f.numberOnRoll)) },
  { field: "postcode", label: "postcode", show: (f) => f.postcode ?? "none" },
  { field: "status", label: "status", show: (f) => schoolStatusLabel(f.status) },
  { field: "openedOn", label: "date it opened", show: (f) => (f.openedOn ? formatDate(f.openedOn) : "not known") },
  { field: "closedOn", label: "date it closed", show: (f) => (f.closedOn ? formatDate(f.closedOn) : f.status === "CLOSED" ? "not known" : "none") },
];

export function schoolChanges(before: SchoolFacts, after: SchoolFacts): SchoolChange[] {
  return FIELDS.filter(({ field, key }) => (key ? key(before) !== key(after) : before[field] !== after[field])).map(({ field, label, show }) => ({
    field,
    label,
    from: show(before),
    to: show(after),
  }));
}

/** "Changed number on roll from 900 to 950; postcode from LE1 1AA to LE2 2BB" */
export function describeChanges(changes: SchoolChange[]): string {
  return `Changed ${changes.map((c) => `${c.label} from ${c.from} to ${c.to}`).join("; ")}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

import type { FieldMetadata } from "@conform-to/react";
import { LOCAL_AUTHORITY_NAMES, SCHOOL_TYPES, SCHOOL_TYPE_LABELS } from "~/lib/schools";
import { SCHOOL_STATUS_LABELS, SCHOOL_STATUSES } from "~/lib/statuses";
import { DATE_WINDOWS, dateInputLimits } from "~/lib/date-fields";
import { RadioGroup } from "./choices";
import { SelectField, TextField } from "./forms";

type Field = FieldMetadata<string | undefined | null>;
export type SchoolFieldset = Record<"urn" | "name" | "localAuthority" | "localityId" | "type" | "postcode" | "status" | "openedOn" | "closedOn", Field> & {
  numberOnRoll: FieldMetadata<string | number | undefined | null>;
};
export type LocalityOption = { id: string; name: string; localAuthority: string };

/** The fields of the add and edit school forms, in the order a lead reads them off GIAS. */
export function SchoolFields({ fields, localities }: { fields: SchoolFieldset; localities: LocalityOption[] }) {
  return (
    <>
      <TextField
        meta={fields.urn}
        label="URN"
        hint="The 6-digit unique reference number from Get Information About Schools"
        inputMode="numeric"
        width="max-w-40"
      />
      <TextField meta={fields.name} label="School name" />
      <RadioGroup meta={fields.localAuthority} legend="Local authority" options={LOCAL_AUTHORITY_NAMES.map((name) => ({ value: name, label: name }))} />
      <SelectField
        meta={fields.localityId}
        label="Locality (optional)"
        hint="The VRN locality the school is in. It must be in the school's local authority."
        placeholder="No locality"
        options={localities.map((l) => ({ value: l.id, label: `${l.name} (${l.localAuthority})` }))}
      />
      <RadioGroup meta={fields.type} legend="Type of school" options={SCHOOL_TYPES.map((type) => ({ value: type, label: SCHOOL_TYPE_LABELS[type] }))} />
      <TextField
        meta={fields.numberOnRoll}
        label="Number on roll (optional)"
        hint="How many pupils the school has: a whole number from 1 to 5,000"
        inputMode="numeric"
        width="max-w-40"
      />
      <TextField meta={fields.postcode} label="Postcode (optional)" autoComplete="off" width="max-w-52" />
      <RadioGroup meta={fields.status} legend="Status" options={SCHOOL_STATUSES.map((status) => ({ value: status, label: SCHOOL_STATUS_LABELS[status] }))} />
      <TextField
        meta={fields.openedOn}
        label="Date it opened (optional)"
        hint="As Get Information About Schools gives it. Left empty, the school counts among the open schools of every year."
        type="date"
        width="max-w-xs"
        limits={dateInputLimits(DATE_WINDOWS.schoolOpened)}
      />
      <TextField
        meta={fields.closedOn}
        label="Date it closed (closed schools only, optional)"
        hint="With it, the school counts among the open schools of the years it was open. Left empty, it counts only in the years a session reached it."
        type="date"
        width="max-w-xs"
        limits={dateInputLimits(DATE_WINDOWS.schoolClosed)}
      />
    </>
  );
}

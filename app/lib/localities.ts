import { z } from "zod";
import { editVersionField } from "./edit-version";
import { formTokenField } from "./form-token";
import { LOCAL_AUTHORITY_NAMES } from "./schools";
import { plainText } from "./text-fields";

/**
 * How a GIAS row finds its locality: Leicester's localities group the city's wards; the county's and
 * Rutland's follow the districts. One rule, used by the localities pages and by the import.
 */
export type AreaKind = "DISTRICT" | "WARD";

export const AREA_KIND_LABELS: Record<AreaKind, string> = { DISTRICT: "district", WARD: "ward" };

export function areaKindFor(localAuthority: string): AreaKind {
  return localAuthority === "Leicester" ? "WARD" : "DISTRICT";
}

const localityName = plainText(
  z
    .string({ required_error: "Enter the locality's name" })
    .trim()
    .min(1, "Enter the locality's name")
    .max(100, "Locality name must be 100 characters or fewer"),
  "locality's name",
  { empty: "Enter the locality's name" },
);

export const localitySchema = z.object({
  name: localityName,
  localAuthority: z.enum(LOCAL_AUTHORITY_NAMES as [string, ...string[]], {
    errorMap: () => ({ message: "Choose the local authority the locality is in" }),
  }),
  // The page's token: the same form sent twice adds one locality (decision 0147).
  formToken: formTokenField,
});

/** The rename form: the new name, and the page's fingerprint of the locality (decision 0148). */
export const renameLocalitySchema = z.object({ name: localityName, version: editVersionField });

export const localityAreaSchema = z.object({
  name: plainText(
    z
      .string({ required_error: "Enter the name as GIAS writes it" })
      .trim()
      .min(1, "Enter the name as GIAS writes it")
      .max(100, "The name must be 100 characters or fewer"),
    "name",
    { empty: "Enter the name as GIAS writes it" },
  ),
  // The page's token: the same form sent twice maps the name once (decision 0147).
  formToken: formTokenField,
});

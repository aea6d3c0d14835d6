/** School vocabulary shared by forms, filters and the import. */
export const SCHOOL_TYPES = ["SECONDARY", "SPECIAL", "PRU_AP", "ALL_THROUGH", "INDEPENDENT"] as const;
export type SchoolType = (typeof SCHOOL_TYPES)[number];

export const SCHOOL_TYPE_LABELS: Record<SchoolType, string> = {
  SECONDARY: "Secondary",
  SPECIAL: "Special school",
  PRU_AP: "Pupil referral unit / alternative provision",
  ALL_THROUGH: "All-through",
  INDEPENDENT: "Independent",
};

/** LLR's local authorities with their GIAS codes. */
export const LOCAL_AUTHORITIES = [
  { code: "855", name: "Leicestershire" },
  { code: "856", name: "Leicester" },
  { code: "857", name: "Rutland" },
] as const;
export const LOCAL_AUTHORITY_NAMES = LOCAL_AUTHORITIES.map((la) => la.name);

export function schoolTypeLabel(type: string): string {
  return (SCHOOL_TYPE_LABELS as Record<string, string>)[type] ?? type;
}

export const URN_PATTERN = /^\d{6}$/;

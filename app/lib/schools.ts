/** School vocabulary shared by forms, filters and the import. */
import { formatCount } from "./numbers";

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

/**
 * What the lead is told when `n` of a school's bookings (n of 1 or more) are on sessions before its opening
 * day, `day` ("its opening day", or the import's "the file's opening day, 1 September 2031"): no pupils can
 * be recorded at them (decision 0158). No full stop.
 */
export function bookedBeforeOpeningWords(n: number, day = "its opening day"): string {
  return n === 1
    ? `1 of its bookings is for a session before ${day}, so no pupils can be recorded at it: move or cancel it`
    : `${formatCount(n)} of its bookings are for sessions before ${day}, so no pupils can be recorded at them: move or cancel them`;
}

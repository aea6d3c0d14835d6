/** Secondary year groups, Year 7 to Year 13 (sixth form where a school has one). */
export const SCHOOL_YEAR_GROUPS = [7, 8, 9, 10, 11, 12, 13] as const;

export function parseYearGroups(stored: string): number[] {
  return stored
    .split(",")
    .map((part) => Number(part.trim()))
    .filter((n) => (SCHOOL_YEAR_GROUPS as readonly number[]).includes(n))
    .sort((a, b) => a - b);
}

export function storeYearGroups(groups: readonly number[]): string {
  return [...new Set(groups)].sort((a, b) => a - b).join(",");
}

/**
 * The year groups a school may book a topic for: those the topic suits (its `yearGroups`, which the VRN
 * lead sets and can widen on the topic's page), or every secondary year when a topic lists none.
 */
export function bookableYearGroups(topicYearGroups: string): number[] {
  const suits = parseYearGroups(topicYearGroups);
  return suits.length > 0 ? suits : [...SCHOOL_YEAR_GROUPS];
}

/** "Years 8, 9 and 10" or "Year 7". */
export function describeYearGroups(groups: readonly number[]): string {
  if (groups.length === 0) return "No year groups";
  if (groups.length === 1) return `Year ${groups[0]}`;
  return `Years ${groups.slice(0, -1).join(", ")} and ${groups.at(-1)}`;
}

/**
 * The pupils an attendance return records: the sum of its counts, one per year group (whole pupils, each 0
 * or more); a return of no counts records none. Given several returns' totals (`{ pupils }` each), their sum.
 */
export function pupilsRecorded(counts: readonly { pupils: number }[]): number {
  return counts.reduce((sum, count) => sum + count.pupils, 0);
}

/**
 * Whether saving `values` would leave `stored` as it is: each value equals the stored one (dates by
 * their moment). A save that changes nothing writes nothing and says so, so no page or audit line
 * claims a change that did not happen.
 */
export function sameAsStored(stored: Record<string, unknown>, values: Record<string, unknown>): boolean {
  return Object.entries(values).every(([key, value]) => sameValue(stored[key], value));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return (a ?? null) === (b ?? null);
}

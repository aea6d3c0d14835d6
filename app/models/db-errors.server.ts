/** A write that met a unique index: two people saving the same URN or name at the same moment. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/**
 * Runs `save`, or answers `clash` when it met a unique index: the one way to turn a duplicate that a
 * check inside the transaction could not see into the field's own message, never a 500.
 */
export async function unlessUniqueClash<T, C>(save: () => Promise<T>, clash: C): Promise<T | C> {
  try {
    return await save();
  } catch (error) {
    if (isUniqueViolation(error)) return clash;
    throw error;
  }
}

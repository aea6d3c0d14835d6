/** A write that met a unique index: two people saving the same URN or name at the same moment. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

import { notFound } from "~/lib/responses.server";

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

/**
 * A write whose row, or the row it refers to, was not there: deleted by someone else since it was read.
 * Prisma's P2025 (record not found, for an update or delete) and P2003 (a foreign key naming a row that is
 * gone, for a row added to it).
 */
function isRecordGone(error: unknown): boolean {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === "P2025" || code === "P2003";
}

/**
 * For `.catch` on an update or delete of a row read a moment before, or on adding a row to it (decision
 * 0118): when someone else deleted it in between, the 404 that naming `what` gives a row never there (`notFound`), never a 500; any other error
 * as it is. Thrown inside a transaction, it rolls the transaction back.
 */
export function notFoundIfGone(what: string) {
  return (error: unknown): never => {
    if (isRecordGone(error)) notFound(what);
    throw error;
  };
}

/**
 * Runs `change`, or answers `gone` when a row it updates or deletes was not there: for a function whose
 * answer to a missing row is a value (such as null) rather than a 404.
 */
export async function unlessRecordGone<T, G>(change: () => Promise<T>, gone: G): Promise<T | G> {
  try {
    return await change();
  } catch (error) {
    if (isRecordGone(error)) return gone;
    throw error;
  }
}

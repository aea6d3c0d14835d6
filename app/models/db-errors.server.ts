import { notFound } from "~/lib/responses.server";

/** Prisma's error code on `error` ("P2002" and the like), or undefined for any other error. */
function prismaCode(error: unknown): unknown {
  return typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** A write that met a unique index: two people saving the same URN or name at the same moment. */
export function isUniqueViolation(error: unknown): boolean {
  return prismaCode(error) === "P2002";
}

/**
 * A write whose row, or the row it refers to, was not there: deleted by someone else since it was read.
 * Prisma's P2025 (record not found, for an update or delete) and P2003 (a foreign key naming a row that is
 * gone, for a row added to it).
 */
function isRecordGone(error: unknown): boolean {
  const code = prismaCode(error);
  return code === "P2025" || code === "P2003";
}

/** Runs `change`, or answers `answer` when it fails with an error `expected` recognises; any other error as it is. */
async function answering<T, A>(change: () => Promise<T>, expected: (error: unknown) => boolean, answer: A): Promise<T | A> {
  try {
    return await change();
  } catch (error) {
    if (expected(error)) return answer;
    throw error;
  }
}

/**
 * Runs `save`, or answers `clash` when it met a unique index: the one way to turn a duplicate that a
 * check inside the transaction could not see into the field's own message, never a 500.
 */
export async function unlessUniqueClash<T, C>(save: () => Promise<T>, clash: C): Promise<T | C> {
  return answering(save, isUniqueViolation, clash);
}

/**
 * For `.catch` on an update or delete of a row read a moment before, or on adding a row to it (decision
 * 0118): when someone else deleted it in between, the 404 that naming `what` gives a row never there
 * (`notFound`), never a 500; any other error as it is. Thrown inside a transaction, it rolls the
 * transaction back.
 */
export function notFoundIfGone(what: string) {
  return (error: unknown): never => {
    if (isRecordGone(error)) notFound(what);
    throw error;
  };
}

/**
 * Runs `change`, or answers `gone` when a row it updates or deletes, or adds a row to, was not there: for
 * a function whose answer to a missing row is a value (such as null) rather than a 404.
 */
export async function unlessRecordGone<T, G>(change: () => Promise<T>, gone: G): Promise<T | G> {
  return answering(change, isRecordGone, gone);
}

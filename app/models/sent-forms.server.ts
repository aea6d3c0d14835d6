/**
 * A form that makes something new saves once (decision 0147). Its page carries a random token; the
 * transaction that makes the record notes the token beside it, so the same form sent again (a double
 * click, a second tab, a retried request, at once or later) makes nothing more and is sent to what the
 * first sending made. A token is kept a day.
 */
import { randomBytes } from "node:crypto";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { badRequest } from "~/lib/responses.server";
import { isUniqueViolation } from "./db-errors.server";

/** How long a sent form's token is kept: a page left open longer than this and sent makes a new record. */
export const KEPT_MS = 24 * 60 * 60 * 1000;

/** A new token for a form a page draws: 18 random bytes, 24 base64url characters. Pure apart from randomness, so no actor. */
export function newFormToken(): string {
  return randomBytes(18).toString("base64url");
}

/** What an earlier sending of the same form made: the ids it noted, or null when none did. */
async function madeBefore(token: string, entity: string): Promise<string[] | null> {
  const row = await prisma.sentForm.findUnique({ where: { token } });
  if (row && row.entity !== entity) badRequest(RESEND);
  return row ? row.recordId.split(",") : null;
}

/** A token as newFormToken makes them. */
const FORM_TOKEN = /^[\w-]{24}$/;
const RESEND = "This form could not be matched to the page it came from. Reload the page and send the form again.";

/**
 * The ids an earlier sending of the form with `token` made, or null (none did, or no token): for a model
 * whose own checks come before `saveOnce` and could refuse a repeat for what changed since its first
 * sending was saved (booking has closed since, say). Throws a 400 response as saveOnce does for a token
 * not made by newFormToken, or one a form for another kind of record used.
 */
export async function sentBefore(token: string | undefined, entity: string): Promise<string[] | null> {
  if (!token) return null;
  if (!FORM_TOKEN.test(token)) badRequest(RESEND);
  return madeBefore(token, entity);
}

/**
 * Runs `save`, which makes `entity` records and, in its own transaction, calls `note(tx, ids)` with the
 * ids it made. Returns `{ saved }` with what `save` returned, or `{ madeBefore }` with the ids an earlier
 * sending of the same form (`token`) made, when one did, in which case `save` is not run, or is undone
 * if both ran at once. `save` may return without noting, having made nothing (a refusal by the record's
 * natural key, say): when another sending of the same form noted the token meanwhile, which is why a
 * sending at the same moment is refused by what the first saved, that is `{ madeBefore }` too. Without a
 * token, `save` simply runs. Throws a 400 response for a token not made by newFormToken, or one a form
 * for another kind of record used. The caller has checked the actor.
 */
export async function saveOnce<T>(
  token: string | undefined,
  entity: string,
  save: (note: (tx: Prisma.TransactionClient, ids: string[]) => Promise<void>) => Promise<T>,
  now = new Date(),
): Promise<{ saved: T } | { madeBefore: string[] }> {
  if (!token) return { saved: await save(async () => undefined) };
  // Not a token this service made for this kind of form: a tampered or pasted field, refused as the form.
  if (!FORM_TOKEN.test(token)) badRequest(RESEND);
  const before = await madeBefore(token, entity);
  if (before) return { madeBefore: before };
  let noted = false;
  const note = async (tx: Prisma.TransactionClient, ids: string[]) => {
    await tx.sentForm.deleteMany({ where: { savedAt: { lt: new Date(now.getTime() - KEPT_MS) } } });
    await tx.sentForm.create({ data: { token, entity, recordId: ids.join(","), savedAt: now } });
    noted = true;
  };
  try {
    const saved = await save(note);
    if (noted) return { saved };
    // Made nothing: refused, perhaps, by what the same form sent a moment before saved (a name it took).
    const first = await madeBefore(token, entity);
    return first ? { madeBefore: first } : { saved };
  } catch (error) {
    // Sent twice at once: the second's note of the token clashes with the first's, and its save is undone.
    if (!isUniqueViolation(error) || !(await prisma.sentForm.findUnique({ where: { token } }))) throw error;
    const first = await madeBefore(token, entity);
    if (first) return { madeBefore: first };
    badRequest(RESEND);
  }
}

/**
 * A form that makes something new saves once (decision 0147). Its page carries a random token; the
 * transaction that makes the record notes the token beside it, with a digest of what the form said, so
 * the same form sent again (a double click, a second tab, a retried request, at once or later) makes
 * nothing more and is sent to what the first sending made. The token sent again with other details (a
 * page the browser restored with its token, then changed) is not a repeat: it is refused, saying what the
 * first sending saved (decision 0178). A token is kept a day. A form from a reader the service keeps
 * nothing about is noted so that nothing beside its token leads to the reader (decision 0179).
 */
import { createHash, randomBytes } from "node:crypto";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { londonDay } from "~/lib/london-time";
import { badRequest, notFound } from "~/lib/responses.server";
import { sentWithOtherDetails } from "~/lib/sent-once";
import { isUniqueViolation } from "./db-errors.server";
import { keyedHash } from "./rate-limits.server";

/** How long a sent form's token is kept: a page left open longer than this and sent makes a new record. */
export const KEPT_MS = 24 * 60 * 60 * 1000;

/** A new token for a form a page draws: 18 random bytes, 24 base64url characters. Pure apart from randomness, so no actor. */
export function newFormToken(): string {
  return randomBytes(18).toString("base64url");
}

/** `value` as JSON with every object's keys in order and `formToken` left out, so the same details always read the same. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (key, item: unknown) => {
    // Dates are ISO strings by now: JSON.stringify calls their toJSON before this.
    if (!item || typeof item !== "object" || Array.isArray(item)) return item;
    const entries = Object.entries(item).filter(([name]) => name !== "formToken");
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/**
 * What a form said, as noted beside its token: SHA-256, base64url, of `details` (the parsed input the
 * model saves, with the ids from the page's address) as canonical JSON. Pure.
 */
function formDigest(details: unknown): string {
  return createHash("sha256")
    .update(canonicalJson(details) ?? "")
    .digest("base64url");
}

/**
 * An earlier sending of the form: the ids it noted, and whether it said what this one says (`sameDetails`;
 * true for a token noted before digests were, as it was taken then).
 */
export type SentBefore = { madeBefore: string[]; sameDetails: boolean };

/** The note of a form sent before: a row of SentForm, or of PublicSentForm for a form from a reader kept anonymous. */
type Noted = { entity: string; recordId: string; digest: string | null };

/** The note of `token`, as saveOnce noted it: in PublicSentForm when `anonymous`, else SentForm. */
function findNote(token: string, anonymous: boolean): Promise<Noted | null> {
  return anonymous ? prisma.publicSentForm.findUnique({ where: { token } }) : prisma.sentForm.findUnique({ where: { token } });
}

/** What an earlier sending of the same form made, or null when none did: `token` and `digest` as they were noted (saveOnce). */
async function madeBefore(token: string, entity: string, digest: string, anonymous = false): Promise<SentBefore | null> {
  const row = await findNote(token, anonymous);
  if (row && row.entity !== entity) badRequest(RESEND);
  return row ? { madeBefore: row.recordId.split(","), sameDetails: row.digest === null || row.digest === digest } : null;
}

/** A token as newFormToken makes them. */
const FORM_TOKEN = /^[\w-]{24}$/;
const RESEND = "This form could not be matched to the page it came from. Reload the page and send the form again.";

/**
 * What an earlier sending of the form with `token` made (SentBefore), or null (none did, or no token): for
 * a model whose own checks come before `saveOnce` and could refuse a repeat for what changed since its
 * first sending was saved (booking has closed since, say). `details` as for saveOnce. Throws a 400
 * response as saveOnce does for a token not made by newFormToken, or one a form for another kind of
 * record used.
 */
export async function sentBefore(token: string | undefined, entity: string, details: unknown): Promise<SentBefore | null> {
  if (!token) return null;
  if (!FORM_TOKEN.test(token)) badRequest(RESEND);
  return madeBefore(token, entity, formDigest(details));
}

/**
 * Runs `save`, which makes `entity` records and, in its own transaction, calls `note(tx, ids)` with the
 * ids it made. `details` is what the form said: its parsed input (its `formToken` is left out), with any
 * id the page's address gives; its digest is noted beside the token. Returns `{ saved }` with what `save`
 * returned, or a SentBefore with the ids an earlier sending of the same form (`token`) made, when one did,
 * in which case `save` is not run, or is undone if both ran at once. `save` may return without noting,
 * having made nothing (a refusal by the record's natural key, say): when another sending of the same form
 * noted the token meanwhile, which is why a sending at the same moment is refused by what the first saved,
 * that is a SentBefore too. Without a token, `save` simply runs. Throws a 400 response for a token not
 * made by newFormToken, or one a form for another kind of record used. The caller has checked the actor;
 * it answers a SentBefore with `answerSentBefore`.
 *
 * `anonymous`: the form comes from a reader the service keeps nothing about (a public answer on the guide,
 * decision 0179). It is then noted in a table of its own (PublicSentForm), never beside staff forms' notes,
 * which keep their moment and would date it by the order rows were written; its token and what it said only
 * as keyed hashes, under the key each start makes and never writes down (keyedHash), so a copy of the
 * database beside the page that carried the token finds nothing; and on its London day, not its moment, so
 * the note cannot be matched to a web server's log. Such a note is kept until its day is over, not a whole
 * day. The caller notes no id of the record it made either, only one the form was about (the page
 * answered): `note` must not lead to the record.
 */
export async function saveOnce<T>(
  token: string | undefined,
  entity: string,
  details: unknown,
  save: (note: (tx: Prisma.TransactionClient, ids: string[]) => Promise<void>) => Promise<T>,
  now = new Date(),
  { anonymous = false }: { anonymous?: boolean } = {},
): Promise<{ saved: T } | SentBefore> {
  if (!token) return { saved: await save(async () => undefined) };
  // Not a token this service made for this kind of form: a tampered or pasted field, refused as the form.
  if (!FORM_TOKEN.test(token)) badRequest(RESEND);
  const noted = anonymous ? keyedHash("sent-form", token) : token;
  const digest = anonymous ? keyedHash("sent-form-details", canonicalJson(details) ?? "") : formDigest(details);
  const before = await madeBefore(noted, entity, digest, anonymous);
  if (before) return before;
  let wasNoted = false;
  const note = async (tx: Prisma.TransactionClient, ids: string[]) => {
    const recordId = ids.join(",");
    const lapsed = new Date(now.getTime() - KEPT_MS);
    if (anonymous) {
      await tx.publicSentForm.deleteMany({ where: { day: { lt: lapsed } } });
      await tx.publicSentForm.create({ data: { token: noted, entity, recordId, digest, day: londonDay(now) } });
    } else {
      await tx.sentForm.deleteMany({ where: { savedAt: { lt: lapsed } } });
      await tx.sentForm.create({ data: { token: noted, entity, recordId, digest, savedAt: now } });
    }
    wasNoted = true;
  };
  try {
    const saved = await save(note);
    if (wasNoted) return { saved };
    // Made nothing: refused, perhaps, by what the same form sent a moment before saved (a name it took).
    const first = await madeBefore(noted, entity, digest, anonymous);
    return first ?? { saved };
  } catch (error) {
    // Sent twice at once: the second's note of the token clashes with the first's, and its save is undone.
    if (!isUniqueViolation(error) || !(await findNote(noted, anonymous))) throw error;
    const first = await madeBefore(noted, entity, digest, anonymous);
    if (first) return first;
    badRequest(RESEND);
  }
}

/** A form refused whole: its page's token was sent before with other details, and `message` says what that sending saved. */
export type SentWithOtherDetails = { ok: false; field?: undefined; message: string; otherDetails: true };

/**
 * The answer to a form saved once (saveOnce's or sentBefore's answer): what `save` returned; else what
 * the earlier sending made, as `first.find(ids)` reads it for the actor (scoped to their school, cohort or
 * locality), or a 404 response naming `first.what` when it reads nothing (gone since, or not the actor's
 * to see, so nothing of it is told). Found, it is `first.repeat(found)` when this sending said the same
 * as that one, and otherwise SentWithOtherDetails, whose message names it by `first.made(found)` ("the
 * topic “Knife crime” added"; sentWithOtherDetails in app/lib/sent-once.ts). The caller has checked the actor.
 */
export async function answerSentBefore<T = never, Found = never, Repeat = never>(
  once: { saved: T } | SentBefore,
  first: { find: (ids: string[]) => Promise<Found | null>; what: string; repeat: (found: Found) => Repeat; made: (found: Found) => string },
): Promise<T | Repeat | SentWithOtherDetails> {
  if ("saved" in once) return once.saved;
  const found = await first.find(once.madeBefore);
  if (found === null) notFound(first.what);
  if (once.sameDetails) return first.repeat(found);
  return { ok: false, message: sentWithOtherDetails(first.made(found)), otherDetails: true };
}

/**
 * A two-step code sent again by the browser that used it: a form sent twice (a double click without
 * JavaScript, a browser re-sending a slow request). Replay protection refuses the second sending's code,
 * its step or recovery code being used, and "the code is not right" would be false: the first sending did
 * what was asked. So the transaction that uses a code for something notes, beside what it did, who sent it
 * (the browser's session, or its pending sign-in) and what for; a refused code that matches such a note
 * from the last 90 seconds is a repeat, answered with what the first sending did. A repeat does nothing: a
 * code from another browser, or for another purpose, is refused as before. See decision 0192.
 */
import { createHash } from "node:crypto";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";

/** What a code confirmed: signing in, setting two-step up, new recovery codes, or turning it off. */
type CodePurpose = "sign-in" | "set-up" | "new-recovery-codes" | "turn-off";

/**
 * A code as a form sent it: what for, who by (`sender`: the id of the browser's session, or of its pending
 * sign-in; both are SHA-256 of the browser's secret token; null when the caller knows of none, and then
 * nothing is noted or found), and the code as typed.
 */
export type CodeSending = { purpose: CodePurpose; sender: string | null | undefined; code: string };

/** How long a code sent again is known as a repeat: 90 seconds, the longest an app's code is accepted (its step and one either side). */
const REPEAT_WINDOW_MS = 90 * 1000;

/** The notes share SentForm with forms saved once (decision 0147), under an entity of their own, and are swept with them. */
const ENTITY = "TwoStepCode";

/** The note's key: SHA-256 of the purpose, the sender and the code as issued (case, spaces and hyphens aside). */
function noteKey(purpose: CodePurpose, sender: string, code: string): string {
  const typed = code.toLowerCase().replace(/[\s-]/g, "");
  return createHash("sha256").update(`two-step code\n${purpose}\n${sender}\n${typed}`).digest("base64url");
}

/**
 * Notes, in `tx` (the transaction that used the code and did what it confirmed), that `sending` used a code
 * of `userId` at `now`. Nothing when the sender is unknown. The same code from the same sender for the same
 * purpose later (an app's six digits come round again) replaces the note.
 */
export async function noteCodeUsed(tx: Prisma.TransactionClient, sending: CodeSending, userId: string, now: Date): Promise<void> {
  if (!sending.sender) return;
  const token = noteKey(sending.purpose, sending.sender, sending.code);
  await tx.sentForm.upsert({
    where: { token },
    create: { token, entity: ENTITY, recordId: userId, savedAt: now },
    update: { entity: ENTITY, recordId: userId, savedAt: now },
  });
}

/**
 * Whose code `sending` was, when the same sender used the same code for the same purpose within the last
 * REPEAT_WINDOW_MS (noteCodeUsed): the user's id, else null. Asked only where the code does nothing (it was
 * refused, or there is nothing left for it to do), so a note never lets a code do anything: it says why, and
 * takes back the attempt the repeat was counted as (takeBackCodeAttempt).
 */
export async function codeUsedJustNow(sending: CodeSending, now: Date): Promise<string | null> {
  return (await codeNotedJustNow(sending, now))?.userId ?? null;
}

/** As `codeUsedJustNow`, with the moment the code was used (`at`). */
export async function codeNotedJustNow(sending: CodeSending, now: Date): Promise<{ userId: string; at: Date } | null> {
  if (!sending.sender) return null;
  const note = await prisma.sentForm.findUnique({ where: { token: noteKey(sending.purpose, sending.sender, sending.code) } });
  if (!note || note.entity !== ENTITY || note.savedAt.getTime() < now.getTime() - REPEAT_WINDOW_MS) return null;
  return { userId: note.recordId, at: note.savedAt };
}

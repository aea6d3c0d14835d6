import { prisma } from "~/db.server";

/** Codes (app or recovery) that may be tried per account in a rolling window, right or wrong. */
export const MAX_CODE_ATTEMPTS = 5;
export const CODE_WINDOW_MS = 15 * 60 * 1000;

/** A code attempt counted (countCodeAttempt): the minutes to wait before it may be checked (0: check it now), and its row's id. */
export type CodeAttempt = { wait: number; id: number };

/**
 * Counts one code attempt for the account, before the code is checked, and says whether it may be
 * checked: `wait` 0 when it may, else the minutes until it could. The attempt is written first and the window
 * counted after, so of many requests at once only the first MAX_CODE_ATTEMPTS rows can see a count
 * within the limit (each sees at least its own position). A refused attempt is removed again. See docs/decisions/0040.
 */
export async function countCodeAttempt(userId: string, now = new Date()): Promise<CodeAttempt> {
  const since = new Date(now.getTime() - CODE_WINDOW_MS);
  const attempt = await prisma.twoStepAttempt.create({ data: { userId, at: now } });
  const attempts = await prisma.twoStepAttempt.findMany({
    where: { userId, at: { gt: since } },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    select: { at: true },
  });
  if (attempts.length <= MAX_CODE_ATTEMPTS) return { wait: 0, id: attempt.id };
  // A refused attempt is not checked, so it does not keep the account waiting longer.
  await prisma.twoStepAttempt.delete({ where: { id: attempt.id } });
  // Allowed again once enough of the others (this one is the newest) age out to bring them under the limit.
  const freesUp = (attempts[attempts.length - 1 - MAX_CODE_ATTEMPTS]?.at ?? now).getTime() + CODE_WINDOW_MS;
  return { wait: Math.max(1, Math.ceil((freesUp - now.getTime()) / 60_000)), id: attempt.id };
}

/**
 * Takes back an attempt counted for a form sent again (code-sent-again.server.ts): its code was right and
 * was used by the sending before it, so the repeat costs the account none of its tries.
 */
export async function takeBackCodeAttempt(attempt: CodeAttempt): Promise<void> {
  await prisma.twoStepAttempt.deleteMany({ where: { id: attempt.id } });
}

/** A right code forgives the account's earlier attempts; attempts older than the window are dropped too. */
export async function forgiveCodeAttempts(userId: string, now = new Date()) {
  await prisma.twoStepAttempt.deleteMany({ where: { OR: [{ userId }, { at: { lt: new Date(now.getTime() - CODE_WINDOW_MS) } }] } });
}

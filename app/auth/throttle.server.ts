import { prisma } from "~/db.server";
import { hashToken } from "./session.server";

/** Failed sign-ins allowed per account and per address in a rolling window. */
export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60 * 1000;

// Keys are hashed: the table only needs to tell attempts apart, not hold emails or addresses.
const accountKey = (email: string) => hashToken(`account:${email.trim().toLowerCase()}`);
const addressKey = (address: string) => hashToken(`address:${address}`);

/** Minutes until the next attempt is allowed, or 0 when sign-in may be tried now. */
export async function minutesUntilAllowed(email: string, address: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - WINDOW_MS);
  let waitMs = 0;
  for (const key of [accountKey(email), addressKey(address)]) {
    const failures = await prisma.signInFailure.findMany({
      where: { key, at: { gt: since } },
      orderBy: { at: "desc" },
      take: MAX_FAILURES,
      select: { at: true },
    });
    const oldestCounted = failures[MAX_FAILURES - 1];
    if (oldestCounted) waitMs = Math.max(waitMs, oldestCounted.at.getTime() + WINDOW_MS - now.getTime());
  }
  return Math.ceil(waitMs / 60_000);
}

export async function recordFailure(email: string, address: string, now = new Date()) {
  await prisma.$transaction([
    prisma.signInFailure.createMany({
      data: [
        { key: accountKey(email), at: now },
        { key: addressKey(address), at: now },
      ],
    }),
    prisma.signInFailure.deleteMany({ where: { at: { lt: new Date(now.getTime() - WINDOW_MS) } } }),
  ]);
}

/** A successful sign-in forgives the account's failures, not the address's (one account must not unlock many). */
export async function clearAccountFailures(email: string) {
  await prisma.signInFailure.deleteMany({ where: { key: accountKey(email) } });
}

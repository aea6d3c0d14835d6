import { prisma } from "~/db.server";
import { hashToken } from "./session.server";

/**
 * Failed sign-ins allowed in a rolling window, per key (docs/decisions/0022):
 * - one account from one network address: the guessing limit an attacker meets first;
 * - one address, whichever accounts it tries: stops spraying one password over many accounts;
 * - one account from every address together: a much higher ceiling against guessing from many
 *   addresses, which never stops an address that has signed in to that account successfully before,
 *   so the owner is not locked out by someone else's failures.
 */
export const LIMITS = { accountAtAddress: 10, address: 30, account: 100 } as const;
export const WINDOW_MS = 15 * 60 * 1000;
/** How long an address that signed in successfully stays known to its account. */
const KNOWN_ADDRESS_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

// Keys are hashed: the tables only need to tell attempts apart, not hold emails or addresses.
const normalise = (email: string) => email.trim().toLowerCase();
const accountKey = (email: string) => hashToken(`account:${normalise(email)}`);
const addressKey = (address: string) => hashToken(`address:${address}`);
const pairKey = (email: string, address: string) => hashToken(`account-at-address:${normalise(email)}:${address}`);

/** What `claimAttempt` decided: go ahead (the attempt is already counted), or wait `minutes`. */
export type AttemptClaim = { allowed: true; attemptIds: number[] } | { allowed: false; minutes: number };

/**
 * Counts a sign-in attempt before its password is checked, or refuses it. The check and the count
 * are one transaction, which the database runs one at a time, so of 30 attempts sent at the same
 * moment only as many as the limit allows get through to the password check. An attempt counts as a
 * failure until `forgiveAttempt` takes it back after the right password.
 */
export async function claimAttempt(email: string, address: string, now = new Date()): Promise<AttemptClaim> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const keys = { accountAtAddress: pairKey(email, address), address: addressKey(address), account: accountKey(email) };
  return prisma.$transaction(
    async (tx) => {
      const known = await tx.signInKnownAddress.findUnique({ where: { key: keys.accountAtAddress } });
      const knownAddress = known !== null && known.lastAt.getTime() > now.getTime() - KNOWN_ADDRESS_DAYS * DAY_MS;
      const limited = (Object.keys(LIMITS) as (keyof typeof LIMITS)[]).filter((name) => name !== "account" || !knownAddress);
      let waitMs = 0;
      for (const name of limited) {
        const counted = await tx.signInFailure.findMany({
          where: { key: keys[name], at: { gt: since } },
          orderBy: { at: "desc" },
          skip: LIMITS[name] - 1,
          take: 1,
          select: { at: true },
        });
        const oldestCounted = counted[0];
        if (oldestCounted) waitMs = Math.max(waitMs, oldestCounted.at.getTime() + WINDOW_MS - now.getTime());
      }
      if (waitMs > 0) return { allowed: false, minutes: Math.max(1, Math.ceil(waitMs / 60_000)) };
      await tx.signInFailure.deleteMany({ where: { at: { lte: since } } });
      const attemptIds: number[] = [];
      for (const key of Object.values(keys)) attemptIds.push((await tx.signInFailure.create({ data: { key, at: now }, select: { id: true } })).id);
      return { allowed: true, attemptIds };
    },
    // A burst of attempts queues for the writer; each waits its turn rather than failing after Prisma's default 2 s.
    { maxWait: 10_000 },
  );
}

/**
 * After the right password: takes this attempt back, forgives the account's failures (from this
 * address and overall, not the address's failures at other accounts: one account must not unlock
 * many) and remembers the address as one the account signs in from.
 */
export async function forgiveAttempt(email: string, address: string, attemptIds: number[], now = new Date()): Promise<void> {
  const known = pairKey(email, address);
  await prisma.$transaction([
    prisma.signInFailure.deleteMany({ where: { OR: [{ id: { in: attemptIds } }, { key: { in: [accountKey(email), known] } }] } }),
    prisma.signInKnownAddress.upsert({ where: { key: known }, create: { key: known, lastAt: now }, update: { lastAt: now } }),
    prisma.signInKnownAddress.deleteMany({ where: { lastAt: { lt: new Date(now.getTime() - KNOWN_ADDRESS_DAYS * DAY_MS) } } }),
  ]);
}

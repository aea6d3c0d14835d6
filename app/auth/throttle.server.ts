import { randomBytes } from "node:crypto";
import { serialize } from "cookie";
import { prisma } from "~/db.server";
import { hashToken } from "./session.server";

/**
 * Failed sign-ins allowed in a rolling window, per key (docs/decisions/0022, 0112):
 * - one account from one network address: the guessing limit an attacker meets first;
 * - one address, whichever accounts it tries: stops spraying one password over many accounts;
 * - one account from every address together: a much higher ceiling against guessing from many
 *   addresses, which never stops a browser that has signed in to that account successfully before,
 *   so the owner is not locked out by someone else's failures.
 */
export const LIMITS = { accountAtAddress: 10, address: 30, account: 100 } as const;
export const WINDOW_MS = 15 * 60 * 1000;
/** How long a browser that signed in successfully stays known to its account, from its last sign-in. */
export const KNOWN_BROWSER_DAYS = 90;
export const DAY_MS = 24 * 60 * 60 * 1000;
/** The cookie that names a browser to the accounts it has signed in to: a random token, nothing else. */
export const KNOWN_BROWSER_COOKIE = "vrn_known_browser";
const BROWSER_TOKEN = /^[A-Za-z0-9_-]{43}$/;

// Keys are hashed: the tables only need to tell attempts apart, not hold emails, addresses or tokens.
const normalise = (email: string) => email.trim().toLowerCase();
const accountKey = (email: string) => hashToken(`account:${normalise(email)}`);
const addressKey = (address: string) => hashToken(`address:${address}`);
const pairKey = (email: string, address: string) => hashToken(`account-at-address:${normalise(email)}:${address}`);
// The password's hash is part of the key, so a new password (a reset, a change) forgets every browser
// known before it: one that signed in with a stolen password is not spared after the owner changes it.
const knownBrowserKey = (email: string, browser: string, passwordHash: string) => hashToken(`known-browser:${normalise(email)}:${browser}:${passwordHash}`);

/**
 * The browser's known-browser token from its cookie when it has the shape this service gives one (32
 * random bytes, base64url: 43 characters), or a new one. A value of any other shape is not ours, and is
 * replaced rather than stored.
 */
export function knownBrowserToken(sent: string | null | undefined): string {
  return sent && BROWSER_TOKEN.test(sent) ? sent : randomBytes(32).toString("base64url");
}

/**
 * The Set-Cookie value that keeps `token` in the browser for `KNOWN_BROWSER_DAYS` from now, sent only to
 * the sign-in pages (the only place it is read), HttpOnly and SameSite=Lax; Secure when `secure`.
 */
export function knownBrowserCookie(token: string, { secure }: { secure: boolean }): string {
  return serialize(KNOWN_BROWSER_COOKIE, token, { path: "/sign-in", maxAge: (KNOWN_BROWSER_DAYS * DAY_MS) / 1000, httpOnly: true, sameSite: "lax", secure });
}

/** What `claimAttempt` decided: go ahead (the attempt is already counted), or wait `minutes`. */
export type AttemptClaim = { allowed: true; attemptIds: number[] } | { allowed: false; minutes: number };

/**
 * Counts a sign-in attempt before its password is checked, or refuses it. The check and the count
 * are one transaction, which the database runs one at a time, so of 30 attempts sent at the same
 * moment only as many as the limit allows get through to the password check. An attempt counts as a
 * failure until `forgiveAttempt` takes it back when the sign-in is complete: after the right password,
 * or, when a second step is due, after that step is passed (docs/decisions/0122). `browser` is the token
 * from the browser's known-browser cookie, if any: a browser that signed in to this account in the last
 * `KNOWN_BROWSER_DAYS`, with the password it has now, is not stopped by the account's ceiling, only by
 * the address limits.
 */
export async function claimAttempt(email: string, address: string, browser: string | null = null, now = new Date()): Promise<AttemptClaim> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const keys = { accountAtAddress: pairKey(email, address), address: addressKey(address), account: accountKey(email) };
  return prisma.$transaction(
    async (tx) => {
      const account = browser ? await tx.user.findUnique({ where: { email: normalise(email) }, select: { passwordHash: true } }) : null;
      const known =
        browser && account ? await tx.signInKnownBrowser.findUnique({ where: { key: knownBrowserKey(email, browser, account.passwordHash) } }) : null;
      const knownBrowser = known !== null && known.lastAt.getTime() > now.getTime() - KNOWN_BROWSER_DAYS * DAY_MS;
      const limited = (Object.keys(LIMITS) as (keyof typeof LIMITS)[]).filter((name) => name !== "account" || !knownBrowser);
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
 * When sign-in is complete (the right password, and the second step when one is due; never after the
 * password alone when a second step follows, or someone with only the password would wipe the owner's
 * failures and be spared the ceiling): takes this attempt back (`attemptIds`, from `claimAttempt`),
 * forgives the account's failures (from this address and overall, not the address's failures at other
 * accounts: one account must not unlock many) and remembers `browser` (its known-browser token, which
 * the caller gives it in a cookie) as one the account signs in from, for `KNOWN_BROWSER_DAYS` from now or
 * until its password (`passwordHash`, the one the sign-in checked) changes.
 */
export async function forgiveAttempt(
  email: string,
  address: string,
  attemptIds: number[],
  browser: string,
  passwordHash: string,
  now = new Date(),
): Promise<void> {
  const known = knownBrowserKey(email, browser, passwordHash);
  await prisma.$transaction([
    prisma.signInFailure.deleteMany({ where: { OR: [{ id: { in: attemptIds } }, { key: { in: [accountKey(email), pairKey(email, address)] } }] } }),
    prisma.signInKnownBrowser.upsert({ where: { key: known }, create: { key: known, lastAt: now }, update: { lastAt: now } }),
    prisma.signInKnownBrowser.deleteMany({ where: { lastAt: { lt: new Date(now.getTime() - KNOWN_BROWSER_DAYS * DAY_MS) } } }),
  ]);
}

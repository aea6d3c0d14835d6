/**
 * Rate limits shared by every server process: at most `limit` hits per key in each window of `windowMs`,
 * the windows set end to end from 1970 (a one-minute limit's windows start on each whole minute), so a
 * row keeps which window a key was seen in, never when (docs/decisions/0151-rate-limit-windows-on-the-clock.md). The count is a row in the database (RateLimitCounter), so
 * several workers, or several machines on one database, count together as one server would
 * (docs/decisions/0071-rate-limits-in-the-database.md).
 *
 * A key (a survey code, a client address, a user id) is stored only as an HMAC-SHA256 under a key that
 * never reaches the disk: RATE_LIMIT_KEY, which `npm start` makes afresh at each start and hands to its
 * workers (set it yourself when several machines share one database). A row whose window has ended
 * counts for nothing and is deleted within a minute or so of the next hit on any limit.
 */
import { createHmac, randomBytes } from "node:crypto";
import { prisma } from "~/db.server";
import { env } from "~/env.server";
import { windowEndAfter } from "~/lib/clock-windows";
import { inBackground } from "~/lib/background-work.server";
import { numberFromRow, statement, type SqlRow, type SqlStatement } from "~/lib/sql-steps";
import { selectRows } from "./raw-sql.server";

type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type RateLimiter = {
  /** The limit's name, unique among limits: its rows are kept apart from the others' by it. */
  readonly name: string;
  /** The most hits a key may have in one window. */
  readonly limit: number;
  /** How long each window lasts, in milliseconds; windows start on the clock (`windowEndAfter`). */
  readonly windowMs: number;
  /** Counts one hit for `key` at `now` (milliseconds since 1970), and says whether it was within the limit. */
  hit(key: string, now?: number): Promise<RateLimitResult>;
  /**
   * The one statement that counts a hit for `key` at `now`, for a request that counts it inside its own
   * transaction (an accepted answer, with `writeInOneGo`). It returns the key's row: "windowEndsAt", "hits".
   */
  hitStatement(key: string, now?: number): SqlStatement;
  /** What the row `hitStatement` returned says of the hit it counted at `now`: within the limit, or refused with the wait. */
  outcomeOfHit(row: SqlRow | undefined, now?: number): RateLimitResult;
  /** Whether a hit for `key` would be allowed now, without counting one: for limits that count only some outcomes. */
  check(key: string, now?: number): Promise<RateLimitResult>;
  /** Forgets `key`'s hits, or every key's when none is given. */
  reset(key?: string): Promise<void>;
};

/** How often this process deletes rows whose window has ended: at most once a minute, when a hit is about to be counted. */
const PRUNE_EVERY_MS = 60_000;
let lastPrune = 0;

const hashKey = (() => {
  // Without RATE_LIMIT_KEY (a test, a script), the process makes its own: its counts are then its own.
  const secret = env.RATE_LIMIT_KEY ? Buffer.from(env.RATE_LIMIT_KEY, "hex") : randomBytes(32);
  return (limiter: string, key: string) => createHmac("sha256", secret).update(`${limiter}\u0000${key}`).digest("base64url");
})();

/**
 * A keyed hash (HMAC-SHA256, base64url, 43 characters) of `value` for `purpose`, under the rate limits'
 * key: for a value the service hands out and must later recognise as its own (a survey browser token),
 * without storing it. Every worker shares the key, so each recognises the others'; a new key at a
 * restart makes earlier values unrecognised, which callers must treat as merely unknown.
 */
export function keyedHash(purpose: string, value: string): string {
  return hashKey(purpose, value);
}

function prune(now: number) {
  if (Math.abs(now - lastPrune) < PRUNE_EVERY_MS) return;
  lastPrune = now;
  // Not awaited: the hit that happens to trigger it need not wait for it, and a failure only delays it.
  inBackground(prisma.rateLimitCounter.deleteMany({ where: { windowEndsAt: { lte: BigInt(now) } } }), () => undefined);
}

const refused = (windowEndsAt: number, now: number): RateLimitResult => ({
  allowed: false,
  retryAfterSeconds: Math.max(1, Math.ceil((windowEndsAt - now) / 1000)),
});

/**
 * Whether a hit would be allowed now under each of several limits (each a limiter and the key it counts),
 * without counting one: in one query, for a request that must pass more than one. The first refusal
 * found (with its wait), or allowed when every limit allows it.
 */
export async function checkLimits(checks: [RateLimiter, string][], now = Date.now()): Promise<RateLimitResult> {
  const rows = await prisma.rateLimitCounter.findMany({
    where: { OR: checks.map(([limiter, key]) => ({ limiter: limiter.name, key: hashKey(limiter.name, key) })) },
  });
  for (const row of rows) {
    const limit = checks.find(([limiter]) => limiter.name === row.limiter)?.[0].limit ?? Infinity;
    if (Number(row.windowEndsAt) > now && row.hits >= limit) return refused(Number(row.windowEndsAt), now);
  }
  return { allowed: true };
}

/**
 * A limit called `name` (unique: it keeps this limit's rows apart from the others'), of `limit` hits in
 * each window of `windowMs` milliseconds (`windowEndAfter`). Each hit is one statement: an insert of the
 * key's row, or, when it exists, an update that adds one to its count or, once its window has ended,
 * starts the window now running. Hits over the limit are counted too; they change nothing, since the
 * window ends when it would have anyway.
 */
export function createRateLimiter({ name, limit, windowMs }: { name: string; limit: number; windowMs: number }): RateLimiter {
  const limiter: RateLimiter = {
    name,
    limit,
    windowMs,
    hitStatement(key, now = Date.now()) {
      prune(now);
      const at = BigInt(now);
      const fresh = BigInt(windowEndAfter(now, windowMs));
      // Standard SQL upsert (SQLite 3.35+ and PostgreSQL); every SET reads the row as it was.
      return statement(
        `INSERT INTO "RateLimitCounter" ("limiter", "key", "windowEndsAt", "hits") VALUES (?, ?, ?, 1)
        ON CONFLICT ("limiter", "key") DO UPDATE SET
          "hits" = CASE WHEN "RateLimitCounter"."windowEndsAt" <= ? THEN 1 ELSE "RateLimitCounter"."hits" + 1 END,
          "windowEndsAt" = CASE WHEN "RateLimitCounter"."windowEndsAt" <= ? THEN ? ELSE "RateLimitCounter"."windowEndsAt" END
        RETURNING "windowEndsAt", "hits"`,
        name,
        hashKey(name, key),
        fresh,
        at,
        at,
        fresh,
      );
    },
    outcomeOfHit(row, now = Date.now()) {
      if (!row) throw new Error(`The ${name} rate limit could not count a hit`);
      return numberFromRow(row.hits) <= limit ? { allowed: true } : refused(numberFromRow(row.windowEndsAt), now);
    },
    async hit(key, now = Date.now()) {
      const { sql, values } = limiter.hitStatement(key, now);
      const [row] = await selectRows<SqlRow>(sql, ...values);
      return limiter.outcomeOfHit(row, now);
    },
    check(key, now = Date.now()) {
      return checkLimits([[limiter, key]], now);
    },
    async reset(key) {
      await prisma.rateLimitCounter.deleteMany({ where: { limiter: name, ...(key === undefined ? {} : { key: hashKey(name, key) }) } });
    },
  };
  return limiter;
}

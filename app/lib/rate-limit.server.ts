/**
 * A small in-memory rate limiter: at most `limit` hits per key in a sliding window. Keys are whatever
 * the caller counts by (a survey code, a client address); they live only in this process's memory,
 * are never stored, and are forgotten once their window has passed. One server process is assumed;
 * behind several processes each would count on its own, which only makes the limit more generous.
 */
type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type RateLimiter = {
  /** Counts one hit for `key`, unless the limit is already reached (then nothing is counted). */
  hit(key: string, now?: number): RateLimitResult;
  /** Whether a hit for `key` would be allowed now, without counting one: for limits that count only some outcomes. */
  check(key: string, now?: number): RateLimitResult;
  reset(key?: string): void;
};

export function createRateLimiter({ limit, windowMs }: { limit: number; windowMs: number }): RateLimiter {
  const hits = new Map<string, number[]>();
  let lastSweep = 0;

  function sweep(now: number) {
    if (now - lastSweep < windowMs) return;
    lastSweep = now;
    for (const [key, times] of hits) if (times.length === 0 || times[times.length - 1]! <= now - windowMs) hits.delete(key);
  }

  function recentHits(key: string, now: number): number[] {
    sweep(now);
    const recent = (hits.get(key) ?? []).filter((t) => t > now - windowMs);
    if (recent.length > 0) hits.set(key, recent);
    else hits.delete(key);
    return recent;
  }

  const verdict = (recent: number[], now: number): RateLimitResult =>
    recent.length >= limit ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000)) } : { allowed: true };

  return {
    hit(key, now = Date.now()) {
      const recent = recentHits(key, now);
      const result = verdict(recent, now);
      if (result.allowed) hits.set(key, [...recent, now]);
      return result;
    },
    check(key, now = Date.now()) {
      return verdict(recentHits(key, now), now);
    },
    reset(key) {
      if (key === undefined) hits.clear();
      else hits.delete(key);
    },
  };
}

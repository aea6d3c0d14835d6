/**
 * When the window holding `now` ends, in milliseconds since 1970: the next multiple of `windowMs` after
 * `now`. Rate-limit windows are set end to end from 1970 this way, so a one-minute limit's windows start
 * on each whole minute and a stored row says which window a key was seen in, not the time of any hit
 * (docs/decisions/0151-rate-limit-windows-on-the-clock.md; DOMAIN.md, "Children's data").
 */
export function windowEndAfter(now: number, windowMs: number): number {
  return (Math.floor(now / windowMs) + 1) * windowMs;
}

import { createRateLimiter, type RateLimiter } from "./rate-limits.server";
import { tooManyRequests } from "~/lib/responses.server";
import { retryText } from "~/lib/retry-text";

/**
 * The limits on what one person can do in a short time, each counted in the database (so every server
 * process counts together) by the signed-in user's id (or, before sign-in, the network address, kept
 * only as a keyed hash for the window). Generous for real work, tight enough to stop a runaway script or a
 * mistake from flooding mailboxes or the database. Sign-in has its own throttle
 * (app/auth/throttle.server.ts) and survey answers theirs (app/models/survey-pupil.server.ts).
 */
export const LIMITS = {
  /** Invitation emails sent or re-sent by one lead. */
  invitations: createRateLimiter({ name: "invitations", limit: 40, windowMs: 60 * 60_000 }),
  /** Password reset links sent by one lead to the people they look after. */
  passwordResetsByLead: createRateLimiter({ name: "password-resets-by-lead", limit: 40, windowMs: 60 * 60_000 }),
  /**
   * Asks for a password reset link from one network address, whatever email is entered (each account
   * also has its own limit in app/models/password-resets.server.ts). Counted by a keyed hash of the address.
   */
  passwordResetsByAddress: createRateLimiter({ name: "password-resets-by-address", limit: 10, windowMs: 60 * 60_000 }),
  /** CSV downloads by one person: each export reads a year of figures. */
  exports: createRateLimiter({ name: "exports", limit: 20, windowMs: 60_000 }),
} satisfies Record<string, RateLimiter>;

/** Counts one use; over the limit, a 429 page that says when to try again. */
export async function enforceLimit(limiter: RateLimiter, key: string) {
  const result = await limiter.hit(key);
  if (!result.allowed) tooManyRequests(result.retryAfterSeconds);
}

/**
 * The same for a download link (a resource route has no page of its own): a small HTML page
 * with the 429 status, a Retry-After header and a way back.
 */
export async function enforceDownloadLimit(key: string, backTo: string) {
  const result = await LIMITS.exports.hit(key);
  if (result.allowed) return;
  const page = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too many downloads – VRN Schools Forum</title></head>
<body><main><h1>Too many downloads</h1><p>Lots of downloads came from your account in a short time, so we have paused them for a moment. ${retryText(result.retryAfterSeconds)}</p>
<p><a href="${escapeHtml(backTo)}">Go back</a></p></main></body></html>`;
  throw new Response(page, {
    status: 429,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(result.retryAfterSeconds), "Cache-Control": "no-store" },
  });
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

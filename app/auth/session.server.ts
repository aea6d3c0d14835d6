import type { Actor } from "./actor";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { parse, serialize } from "cookie";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { describeDevice } from "./device.server";
import { TWO_STEP_REQUIRED_FOR_LEADS_KEY } from "./two-step-setting";

/**
 * Database sessions as the Lucia guide describes them: the browser holds a random token; the
 * database holds only the token's SHA-256, so a leaked database cannot be replayed as cookies.
 */
export const SESSION_COOKIE = "vrn_session";
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
const SESSION_RENEW_WITHIN_MS = 15 * DAY;

/** The signed-in person: an `Actor`, with their school's name for the page header. */
export type SessionUser = Actor & {
  /** The name of the user's school, when they belong to one. */
  schoolName: string | null;
  /** Their school's lifecycle status (OPEN, CLOSED, ...) as this request began, when they belong to one. */
  schoolStatus: string | null;
};

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20); // 160 random bits
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Opens a session for `userId` lasting 30 days from `now`. `userAgent` is the browser's User-Agent
 * header; only a coarse summary of it is kept (`describeDevice`), for the account page's device list.
 * `db` is the transaction to open it in, when the caller checks something first (`passwordStillIs`).
 */
export async function createSession(userId: string, now = new Date(), userAgent?: string | null, db: Prisma.TransactionClient | typeof prisma = prisma) {
  const token = generateSessionToken();
  const session = await db.session.create({
    data: { id: hashToken(token), userId, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS), lastSeenAt: now, device: describeDevice(userAgent) },
  });
  return { token, session };
}

/**
 * Whether the account `userId` is still active and still has the password hash `provenWith`, the one a
 * password was just checked against, read in `tx`. A session or a pending sign-in opened in the same
 * transaction is then opened under that password: transactions take turns (decision 0078), so a password
 * change or reset, or a deactivation, has either committed already (false: open nothing) or commits
 * after, and ends what this one opened. Checked outside a transaction, a sign-in with the old password
 * made as the password was reset kept its session (decision 0142).
 */
export async function passwordStillIs(tx: Prisma.TransactionClient, userId: string, provenWith: string): Promise<boolean> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { active: true, passwordHash: true } });
  return user !== null && user.active && user.passwordHash === provenWith;
}

/** "Last seen" is written at most this often, so an ordinary page view costs no write. */
export const LAST_SEEN_EVERY_MS = 5 * 60 * 1000;

type SessionRow = {
  userId: string;
  expiresAt: Date | string;
  lastSeenAt: Date | string;
  email: string;
  name: string;
  role: string;
  schoolId: string | null;
  schoolName: string | null;
  schoolStatus: string | null;
  active: boolean | number | bigint;
  /** 1 for a lead who has not set two-step sign-in up while it is required for leads. */
  mustEnrol: boolean | number | bigint;
};

/**
 * Looks a token up. Expired sessions, sessions of deactivated users and sessions of leads who have not
 * set two-step sign-in up while it is required for leads are deleted: such a lead signs in again and sets
 * it up before anything else (docs/decisions/0040), however they came to hold a session (a teacher made
 * a lead while signed in, say, or a lead who has just accepted an invitation). A session with
 * less than 15 days left is extended to 30 days from now (`renewed` tells the caller to re-send the cookie).
 * Its last-seen time is moved to `now` when it is more than `LAST_SEEN_EVERY_MS` old.
 * Every signed-in request starts here, so the session, its user and their school's name come back from
 * one query rather than three (and its status, which the pages that offer booking check).
 */
export async function validateSessionToken(token: string, now = new Date()) {
  const id = hashToken(token);
  const [found] = await prisma.$queryRaw<SessionRow[]>`
    SELECT s."userId", s."expiresAt", s."lastSeenAt", u."email", u."name", u."role", u."schoolId", u."active", school."name" AS "schoolName", school."status" AS "schoolStatus",
      CASE WHEN u."role" = 'VRN_LEAD'
        AND EXISTS (SELECT 1 FROM "Setting" st WHERE st."key" = ${TWO_STEP_REQUIRED_FOR_LEADS_KEY} AND st."value" = 'true')
        AND NOT EXISTS (SELECT 1 FROM "TwoStep" t WHERE t."userId" = u."id" AND t."enabledAt" IS NOT NULL)
      THEN 1 ELSE 0 END AS "mustEnrol"
    FROM "Session" s
    JOIN "User" u ON u."id" = s."userId"
    LEFT JOIN "School" school ON school."id" = u."schoolId"
    WHERE s."id" = ${id}`;
  if (!found) return null;
  let expiresAt = new Date(found.expiresAt);
  if (expiresAt.getTime() <= now.getTime() || !Number(found.active) || Number(found.mustEnrol)) {
    await prisma.session.deleteMany({ where: { id } });
    return null;
  }
  const renewed = expiresAt.getTime() - now.getTime() < SESSION_RENEW_WITHIN_MS;
  if (renewed) expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  const seen = now.getTime() - storedTime(found.lastSeenAt).getTime() >= LAST_SEEN_EVERY_MS;
  if (renewed || seen) {
    // deleteMany/updateMany: a session ended by another request meanwhile is simply not updated.
    await prisma.session.updateMany({ where: { id }, data: { ...(renewed ? { expiresAt } : {}), ...(seen ? { lastSeenAt: now } : {}) } });
  }
  const user: SessionUser = {
    id: found.userId,
    email: found.email,
    name: found.name,
    role: found.role,
    schoolId: found.schoolId,
    schoolName: found.schoolName,
    schoolStatus: found.schoolStatus,
  };
  return { session: { id, userId: found.userId, expiresAt }, user, renewed };
}

/**
 * A time read by raw SQL: Prisma writes ISO strings with a zone, but a column's SQL default
 * (CURRENT_TIMESTAMP) is "YYYY-MM-DD HH:MM:SS" in UTC without saying so.
 */
function storedTime(value: Date | string): Date {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? new Date(`${value.replace(" ", "T")}Z`) : new Date(value);
}

export async function invalidateSession(sessionId: string) {
  await prisma.session.deleteMany({ where: { id: sessionId } });
}

export async function invalidateUserSessions(userId: string) {
  await prisma.session.deleteMany({ where: { userId } });
}

type CookieOptions = { secure: boolean };

// The token goes in the cookie as it is (see docs/decisions/0024).
const SESSION_COOKIE_ATTRIBUTES = { path: "/", httpOnly: true, sameSite: "lax" } as const;

/** The Set-Cookie value that gives the browser its token until `expiresAt` (Max-Age in whole seconds). */
export function sessionCookie(token: string, expiresAt: Date, { secure }: CookieOptions): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return serialize(SESSION_COOKIE, token, { ...SESSION_COOKIE_ATTRIBUTES, maxAge, secure });
}

/** The Set-Cookie value that removes the session cookie from the browser. */
export function clearedSessionCookie({ secure }: CookieOptions): string {
  return serialize(SESSION_COOKIE, "", { ...SESSION_COOKIE_ATTRIBUTES, maxAge: 0, secure });
}

/**
 * A cookie's value from the request's Cookie header, or null when it is absent, empty or not valid
 * percent-encoding (a stray "%" cannot be a value this app set, so it counts as no cookie at all).
 */
export function readCookie(request: Request, name: string): string | null {
  return parse(request.headers.get("Cookie") ?? "", { decode: decodeOrEmpty })[name] || null;
}

// `cookie` keeps a value it cannot decode as it was sent; an empty string makes it absent instead.
function decodeOrEmpty(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return "";
  }
}

import type { SigningInBrowser } from "./account.server";
import { redirect, type AppLoadContext } from "@remix-run/node";
import { forbidden } from "~/lib/responses.server";
import { canSeeSchool } from "./actor";
import { can, type Permission } from "./roles";
import { clearedSessionCookie, hashToken, readCookie, SESSION_COOKIE, sessionCookie, validateSessionToken, type SessionUser } from "./session.server";
import { KNOWN_BROWSER_COOKIE } from "./throttle.server";

type Args = { request: Request; context: AppLoadContext };

/** The signed-in user, or null. Looked up once per request; renews or clears the cookie as needed. */
export function getUser({ request, context }: Args): Promise<SessionUser | null> {
  context.currentUser ??= lookUpUser(request, context);
  return context.currentUser;
}

async function lookUpUser(request: Request, context: AppLoadContext) {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token) return null;
  const result = await validateSessionToken(token);
  if (!result) {
    context.setCookie(clearedSessionCookie({ secure: context.secureCookies }));
    return null;
  }
  if (result.renewed) {
    context.setCookie(sessionCookie(token, result.session.expiresAt, { secure: context.secureCookies }));
  }
  return result.user;
}

export function getSessionToken(request: Request) {
  return readCookie(request, SESSION_COOKIE);
}

/** The id of the browser's session (its token's SHA-256), or null: who sent a two-step code (code-sent-again.server.ts). */
export function getSessionId(request: Request): string | null {
  const token = getSessionToken(request);
  return token ? hashToken(token) : null;
}

/** The browser behind a sign-in: its User-Agent (for the account's list of devices) and the session it held before, to end. */
export function signingInBrowser(request: Request): SigningInBrowser {
  return { userAgent: request.headers.get("User-Agent"), previousToken: getSessionToken(request), knownBrowser: readCookie(request, KNOWN_BROWSER_COOKIE) };
}

export async function requireUser(args: Args): Promise<SessionUser> {
  const user = await getUser(args);
  if (!user) {
    const url = new URL(args.request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/sign-in?${new URLSearchParams({ redirectTo })}`);
  }
  return user;
}

export async function requirePermission(args: Args, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(args);
  if (!can(user, permission)) forbidden();
  return user;
}

export async function requireSchoolAccess(args: Args, schoolId: string): Promise<SessionUser> {
  const user = await requireUser(args);
  if (!canSeeSchool(user, schoolId)) forbidden();
  return user;
}

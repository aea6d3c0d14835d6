import { redirect, type AppLoadContext } from "@remix-run/node";

/**
 * One-off messages after a change ("Invitation sent"), carried across the redirect in a short cookie
 * and cleared as soon as the next page has read it.
 */
const FLASH_COOKIE = "vrn_flash";

export function redirectWithMessage(to: string, message: string, init: ResponseInit = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", `${FLASH_COOKIE}=${encodeURIComponent(message)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=60`);
  return redirect(to, { ...init, headers });
}

export function readFlash(request: Request, context: AppLoadContext): string | null {
  const header = request.headers.get("Cookie") ?? "";
  const match = header.split(";").find((part) => part.trim().startsWith(`${FLASH_COOKIE}=`));
  if (!match) return null;
  context.setCookie(`${FLASH_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
  try {
    return decodeURIComponent(match.trim().slice(FLASH_COOKIE.length + 1)).slice(0, 300) || null;
  } catch {
    return null;
  }
}

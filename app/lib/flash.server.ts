import { createCookie, redirect, type AppLoadContext } from "@remix-run/node";

/**
 * One-off messages after a change ("Invitation sent"), carried across the redirect in a short cookie
 * and cleared as soon as the next page has read it.
 */
const flashCookie = createCookie("vrn_flash", { path: "/", httpOnly: true, sameSite: "lax", maxAge: 60 });

/** A redirect to `to` (302 unless `init` says otherwise) that shows `message` on the page it lands on. */
export async function redirectWithMessage(to: string, message: string, init: ResponseInit = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await flashCookie.serialize(message));
  return redirect(to, { ...init, headers });
}

/**
 * The message the previous response left (at most 300 characters), or null; clears it so it shows once.
 * A value that cannot be decoded, or is not a message, counts as none.
 */
export async function readFlash(request: Request, context: AppLoadContext): Promise<string | null> {
  const message: unknown = await flashCookie.parse(request.headers.get("Cookie"));
  if (message === null) return null;
  context.setCookie(await flashCookie.serialize("", { maxAge: 0 }));
  return typeof message === "string" ? message.slice(0, 300) || null : null;
}

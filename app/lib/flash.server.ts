import { createCookie, redirect, type AppLoadContext } from "@remix-run/node";

/**
 * One-off messages after a change ("Invitation sent"), carried across the redirect in a short cookie
 * and cleared as soon as the next page has read it.
 */
const flashCookie = createCookie("vrn_flash", { path: "/", httpOnly: true, sameSite: "lax", maxAge: 60 });

/** A one-off message (at most 300 characters shown), and at most one link to what to do next, within this site. */
export type Flash = { message: string; link?: { to: string; text: string } };

/** A redirect to `to` (302 unless `init` says otherwise) that shows `message` (and its link) on the page it lands on. */
export async function redirectWithMessage(to: string, message: string | Flash, init: ResponseInit = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await flashCookie.serialize(typeof message === "string" ? { message } : message));
  return redirect(to, { ...init, headers });
}

const isSitePath = (to: unknown): to is string => typeof to === "string" && to.startsWith("/") && !to.startsWith("//") && !to.startsWith("/\\");

/**
 * The message the previous response left, or null; clears it so it shows once. A value that cannot be
 * decoded, or is not a message, counts as none; a link that does not stay on this site is dropped.
 */
export async function readFlash(request: Request, context: AppLoadContext): Promise<Flash | null> {
  const value: unknown = await flashCookie.parse(request.headers.get("Cookie"));
  if (value === null) return null;
  context.setCookie(await flashCookie.serialize("", { maxAge: 0 }));
  if (typeof value !== "object" || !("message" in value) || typeof value.message !== "string" || !value.message) return null;
  const message = value.message.slice(0, 300);
  const link = "link" in value ? value.link : undefined;
  if (link && typeof link === "object" && "to" in link && "text" in link && isSitePath(link.to) && typeof link.text === "string" && link.text) {
    return { message, link: { to: link.to, text: link.text.slice(0, 100) } };
  }
  return { message };
}

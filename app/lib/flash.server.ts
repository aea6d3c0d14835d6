import { createCookieSessionStorage, redirect, type AppLoadContext, type SessionStorage } from "@remix-run/node";
import { signingKey } from "~/auth/signing-keys.server";
import { cutToCharacters, moreCharactersThan } from "./characters";

/**
 * One-off messages after a change ("Invitation sent"), carried across the redirect as a flash value of
 * Remix's cookie session storage: reading it unsets it, and the page that reads it sends the emptied
 * cookie back, so it shows once. The app's own text, rendered as text, lives at most 60 seconds. The cookie
 * is signed with the service's own key, so no one else (another site on a shared parent domain, a
 * script) can plant a message, or a link, that seems to come from this service.
 */
let storage: Promise<SessionStorage<Record<string, never>, { flash: Flash }>> | undefined;
function flashStorage() {
  storage ??= signingKey("flash").then((secret) =>
    createCookieSessionStorage<Record<string, never>, { flash: Flash }>({
      cookie: { name: "vrn_flash", path: "/", httpOnly: true, sameSite: "lax", maxAge: 60, secrets: [secret] },
    }),
  );
  storage.catch(() => (storage = undefined));
  return storage;
}

/** The most characters of a one-off message shown: the signed cookie that carries it is kept well under a browser's 4 KB. */
export const FLASH_MESSAGE_LENGTH = 500;

/** A one-off message (at most FLASH_MESSAGE_LENGTH characters shown), and at most one link to what to do next, within this site. */
export type Flash = { message: string; link?: { to: string; text: string } };

/**
 * `message` as a one-off message shows it: whole, or, when longer than FLASH_MESSAGE_LENGTH, its whole
 * sentences that fit and "…", never a sentence cut off part-way. The messages are written to fit (more
 * than three schools are counted, not named); this keeps a longer one readable rather than broken.
 */
function fitted(message: string): string {
  if (!moreCharactersThan(message, FLASH_MESSAGE_LENGTH)) return message;
  const room = cutToCharacters(message, FLASH_MESSAGE_LENGTH - 1);
  const end = room.lastIndexOf(". ");
  return `${end > 0 ? room.slice(0, end + 1) : room.slice(0, room.lastIndexOf(" "))}…`;
}

/**
 * A redirect to `to` (302 unless `init` says otherwise) that shows `message` (and its link) on the page it
 * lands on, at its top. So `to` loses any fragment ("/mvp#lessons" goes to "/mvp"): the page would open
 * scrolled to that part, its message, and the focus it takes, out of sight, with a browser without scripts
 * as with one. A message that should lead on to a part of the page links to it.
 */
export async function redirectWithMessage(to: string, message: string | Flash, init: ResponseInit = {}) {
  const flash = await flashStorage();
  const session = await flash.getSession();
  const shown = typeof message === "string" ? { message } : message;
  session.flash("flash", { ...shown, message: fitted(shown.message) });
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await flash.commitSession(session));
  const fragment = to.indexOf("#");
  return redirect(fragment === -1 ? to : to.slice(0, fragment), { ...init, headers });
}

const isSitePath = (to: unknown): to is string => typeof to === "string" && to.startsWith("/") && !to.startsWith("//") && !to.startsWith("/\\");

/**
 * The message the previous response left, or null; clears it so it shows once. A value that cannot be
 * decoded, or is not a message, counts as none; a link that does not stay on this site is dropped.
 * The page shows it only where it was read (`useOneOffMessage` in app/components/layout.tsx).
 */
export async function readFlash(request: Request, context: AppLoadContext): Promise<Flash | null> {
  const cookie = request.headers.get("Cookie");
  if (!cookie || !/(^|;\s*)vrn_flash=/.test(cookie)) return null;
  const flash = await flashStorage();
  const session = await flash.getSession(cookie);
  const value: unknown = session.get("flash");
  context.setCookie(await flash.destroySession(session));
  if (!value || typeof value !== "object" || !("message" in value) || typeof value.message !== "string" || !value.message) return null;
  const message = fitted(value.message);
  const link = "link" in value ? value.link : undefined;
  if (link && typeof link === "object" && "to" in link && "text" in link && isSitePath(link.to) && typeof link.text === "string" && link.text) {
    return { message, link: { to: link.to, text: cutToCharacters(link.text, 100) } };
  }
  return { message };
}

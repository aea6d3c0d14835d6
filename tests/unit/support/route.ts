import type { AppLoadContext } from "@remix-run/node";
import { createSession } from "~/auth/session.server";
import { readFlash } from "~/lib/flash.server";

/** A context as the server gives a route: no cookies set yet, a fixed address. */
export function routeContext(): AppLoadContext {
  return { cspNonce: "", clientAddress: "192.0.2.1", secureCookies: false, setCookie: () => {} };
}

/**
 * A form POST to `path` from the person `userId`, signed in with a fresh session, as a route's action
 * receives it: call `action({ request, context, params })` with it.
 */
export async function signedInPost(path: string, userId: string, fields: Record<string, string>): Promise<Request> {
  const { token } = await createSession(userId);
  return new Request(`http://localhost${path}`, { method: "POST", headers: { Cookie: `vrn_session=${token}` }, body: new URLSearchParams(fields) });
}

/** A page's GET of `path` by the person `userId`, signed in with a fresh session: call `loader({ request, context, params })` with it. */
export async function signedInGet(path: string, userId: string): Promise<Request> {
  const { token } = await createSession(userId);
  return new Request(`http://localhost${path}`, { headers: { Cookie: `vrn_session=${token}` } });
}

/** The one-off message a redirect carries to the page it lands on (redirectWithMessage), or null. */
export async function flashOf(response: Response): Promise<string | null> {
  const cookie = response.headers.get("Set-Cookie")?.split(";")[0];
  if (!cookie) return null;
  const flash = await readFlash(new Request("http://localhost/", { headers: { Cookie: cookie } }), routeContext());
  return flash?.message ?? null;
}

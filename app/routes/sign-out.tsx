import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getSessionToken, getUser } from "~/auth/guards.server";
import { clearedSessionCookie, hashToken, invalidateSession } from "~/auth/session.server";
import { recordAudit } from "~/models/audit.server";

// Signing out changes data, so it is a POST only; a GET here just goes home.
export function loader() {
  return redirect("/");
}

export async function action(args: ActionFunctionArgs) {
  const user = await getUser(args);
  const token = getSessionToken(args.request);
  if (token) await invalidateSession(hashToken(token));
  if (user) {
    await recordAudit({ actor: user, action: "sign-out", entityType: "User", entityId: user.id, summary: "Signed out" });
  }
  return redirect("/sign-in", {
    headers: { "Set-Cookie": clearedSessionCookie({ secure: args.context.secureCookies }) },
  });
}

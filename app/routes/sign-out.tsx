import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getSessionToken, getUser } from "~/auth/guards.server";
import { signOut } from "~/auth/account.server";
import { clearedSessionCookie } from "~/auth/session.server";

// Signing out changes data, so it is a POST only; a GET here just goes home.
export function loader() {
  return redirect("/");
}

export async function action(args: ActionFunctionArgs) {
  await signOut(await getUser(args), getSessionToken(args.request));
  return redirect("/sign-in", {
    headers: { "Set-Cookie": clearedSessionCookie({ secure: args.context.secureCookies }) },
  });
}

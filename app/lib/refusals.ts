import { isRouteErrorResponse } from "@remix-run/react";

/** A request the server refused before the app read it: the title and sentence its error page shows. */
export type Refusal = { title: string; message: string };

/**
 * The refusal in a route error, when the server refused the request before the app read it (a form too
 * large, a full queue: `scripts/lib/error-page.mjs`, which sends one to the app's own scripts as
 * `{ refusal: { title, message } }` in an error response); null for any other error.
 */
export function refusalOf(error: unknown): Refusal | null {
  if (!isRouteErrorResponse(error)) return null;
  const refusal = (error.data as { refusal?: Partial<Refusal> } | null)?.refusal;
  return typeof refusal?.title === "string" && typeof refusal.message === "string" ? { title: refusal.title, message: refusal.message } : null;
}

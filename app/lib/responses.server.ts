import { json } from "@remix-run/node";

/** Thrown from loaders and actions; the nearest error boundary renders a friendly page for each status. */
export function forbidden(): never {
  throw json({ message: "You do not have permission to see this page." }, { status: 403 });
}

export function notFound(what = "page"): never {
  throw json({ message: `We could not find that ${what}.` }, { status: 404 });
}

export function badRequest(message = "The request could not be understood."): never {
  throw json({ message }, { status: 400 });
}

/** Too many requests: the 429 page (app/components/too-many-requests.tsx) says when to try again. */
export function tooManyRequests(retryAfterSeconds: number): never {
  throw json({ message: "Too many requests.", retryAfterSeconds }, { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } });
}

/**
 * Only same-site paths are allowed as redirect targets after sign-in, so a crafted link
 * cannot send someone to another site ("//evil.example" and "/\\evil.example" included).
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) {
    return fallback;
  }
  return to;
}

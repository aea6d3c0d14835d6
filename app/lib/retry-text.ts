import { counted } from "~/lib/numbers";

/** Says when to try again after a 429, from the Retry-After seconds thrown by tooManyRequests(). */
export function retryText(seconds: number | undefined): string {
  if (!seconds || seconds < 1) return "Wait a few minutes, then try again.";
  if (seconds < 60) return `Wait ${counted(seconds, "second")}, then try again.`;
  const minutes = Math.ceil(seconds / 60);
  return `Wait ${counted(minutes, "minute")}, then try again.`;
}

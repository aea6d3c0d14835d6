/** Says when to try again after a 429, from the Retry-After seconds thrown by tooManyRequests(). */
export function retryText(seconds: number | undefined): string {
  if (!seconds || seconds < 1) return "Wait a few minutes, then try again.";
  if (seconds < 60) return `Wait ${seconds} second${seconds === 1 ? "" : "s"}, then try again.`;
  const minutes = Math.ceil(seconds / 60);
  return `Wait ${minutes} minute${minutes === 1 ? "" : "s"}, then try again.`;
}

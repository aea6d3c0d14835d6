import { retryText } from "~/lib/retry-text";

export function retryAfterOf(data: unknown): number | undefined {
  const value = (data as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof value === "number" ? value : undefined;
}

export function TooManyRequests({ retryAfterSeconds }: { retryAfterSeconds?: number }) {
  return (
    <>
      <h1>Too many attempts</h1>
      <p className="max-w-3xl">Lots of requests came from here in a short time, so we have paused them for a moment. {retryText(retryAfterSeconds)}</p>
    </>
  );
}

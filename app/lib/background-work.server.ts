/**
 * Work a request begins and does not wait for, such as making and emailing a password reset link after
 * the page has answered (decision 0038). The server, shutting down, waits for it before it closes the
 * database (decision 0205), so a link the page said was on its way is not dropped halfway.
 */
const running = new Set<Promise<void>>();

/**
 * Lets `work` run on without the caller waiting for it, noted so that `backgroundWorkEnded` waits for it.
 * A failure goes to `failed` (which should log it: nobody else will hear of it), never to the caller.
 */
export function inBackground(work: Promise<unknown>, failed: (error: unknown) => void): void {
  const noted: Promise<void> = work
    .then(
      () => undefined,
      (error: unknown) => failed(error),
    )
    .catch(() => undefined)
    .finally(() => running.delete(noted));
  running.add(noted);
}

/** Resolves once every piece of background work begun so far, and any begun while waiting, has ended. */
export async function backgroundWorkEnded(): Promise<void> {
  while (running.size > 0) await Promise.allSettled(running);
}

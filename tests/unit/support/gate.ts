/** A door the test opens when it is ready, so work it holds (a transaction, a request) waits exactly as long as needed. */
export function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

import { useRouteLoaderData } from "@remix-run/react";

/**
 * Whether this service keeps its emails in the outbox, for want of a mail server (SMTP_URL), instead of
 * sending them: from the root loader, so any page that promises an email can say where it really goes.
 */
export function useMailInOutbox(): boolean {
  return (useRouteLoaderData("root") as { mailInOutbox?: boolean } | undefined)?.mailInOutbox ?? false;
}

/** What a page says instead of promising an email while emails are kept in the outbox. */
export const OUTBOX_NOTE = "No mail server is set up, so emails wait in the outbox, which the VRN schools lead reads: nobody else receives them.";

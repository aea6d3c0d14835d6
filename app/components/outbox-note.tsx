import { OUTBOX_NOTE, useMailInOutbox } from "~/lib/mail-in-outbox";

/** Beside a page's promise of an email: says where emails really go while no mail server is set up; nothing otherwise. */
export function OutboxNote() {
  return useMailInOutbox() ? <p className="mb-4 font-bold">{OUTBOX_NOTE}</p> : null;
}

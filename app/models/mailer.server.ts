import nodemailer from "nodemailer";
import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { env } from "~/env.server";
import { pageWithin } from "~/lib/pagination";
import { containsAnyCase } from "~/models/text-match.server";

/**
 * A calendar file sent with a message: `content` is the whole .ics text, whose METHOD line matches
 * `method`. Over SMTP it travels as a `text/calendar; method=...` part (which mail programs show as an
 * invitation) and as an .ics attachment named `filename` (safe ASCII: see calendarFileName); in the
 * outbox its text is kept with the message.
 */
export type MailCalendar = { method: "REQUEST" | "CANCEL"; content: string; filename: string };

export type MailMessage = { to: string; subject: string; text: string; calendar?: MailCalendar };

// Control characters (C0, DEL, C1) and the Unicode line and paragraph separators: any of them in a header
// could end it early and start another ("Bcc: ..."), or at best break the line.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HEADER_BREAKERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * The message as it may go out: a subject built from stored text (a topic title, a school's name) has
 * every run of control characters turned into one space, and an address holding one is refused with an
 * error, since no real address does. Header safety lives here, in one place, whatever the callers checked.
 */
function withSafeHeaders({ to, subject, text, calendar }: MailMessage): MailMessage {
  if (to.trim() === "" || to.search(HEADER_BREAKERS) !== -1) {
    throw new Error(`Refused to send mail to an address with a control character or none at all: ${JSON.stringify(to)}`);
  }
  return { to: to.trim(), subject: subject.replace(HEADER_BREAKERS, " ").trim(), text, calendar };
}

export type Mailer = {
  /** "smtp" when a mail server is configured; "outbox" when mail is kept for the VRN lead to read in the app. */
  transport: "smtp" | "outbox";
  sendMail(message: MailMessage): Promise<void>;
};

/**
 * One mailer per configuration. Either transport makes the headers safe first (see `withSafeHeaders`). The SMTP URL is passed in rather than read here, so tests can point a
 * mailer at their own server while the app uses the one configured at start-up (`mailer` below).
 */
export function createMailer({ smtpUrl, from }: { smtpUrl?: string; from: string }): Mailer {
  if (!smtpUrl) {
    return {
      transport: "outbox",
      async sendMail(message) {
        const { to, subject, text, calendar } = withSafeHeaders(message);
        await prisma.outboxMessage.create({ data: { to, subject, text, calendarFile: calendar?.content ?? null } });
      },
    };
  }
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    transport: "smtp",
    async sendMail(message) {
      const { to, subject, text, calendar } = withSafeHeaders(message);
      const icalEvent = calendar && { method: calendar.method, filename: calendar.filename, content: calendar.content };
      await transporter.sendMail({ from, to, subject, text, ...(icalEvent ? { icalEvent } : {}) });
    },
  };
}

export const mailer = createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });

/**
 * True when no mail server is set up: every message this process "sends" is only kept in the outbox,
 * which the VRN lead reads, so pages must not say anyone was emailed (app/lib/told-by-email.ts).
 */
export const mailInOutbox = mailer.transport === "outbox";

/** Sends one message with the configured mailer. No actor: models send mail only for changes they have already allowed. */
export function sendMail(message: MailMessage): Promise<void> {
  return mailer.sendMail(message);
}

export const OUTBOX_PAGE_SIZE = 25;

/**
 * The outbox, newest first, a page at a time; `to` narrows it to recipients whose address contains the
 * text. Throws a 403 response unless the actor may read the outbox.
 */
export async function listOutboxMessages(actor: Actor, { page, to }: { page: number; to?: string }) {
  assertCan(actor, "outbox:read");
  const where = to ? { to: containsAnyCase(to) } : {};
  const total = await prisma.outboxMessage.count({ where });
  const shown = pageWithin(page, total, OUTBOX_PAGE_SIZE);
  const messages = await prisma.outboxMessage.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: shown.skip,
    take: shown.take,
    select: { id: true, to: true, subject: true, createdAt: true },
  });
  return { messages, total, page: shown.page, pageCount: shown.pageCount };
}

/** One message in the outbox, or null. Throws a 403 response unless the actor may read the outbox. */
export async function getOutboxMessage(actor: Actor, id: string) {
  assertCan(actor, "outbox:read");
  return prisma.outboxMessage.findUnique({ where: { id } });
}

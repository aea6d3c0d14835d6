import { env } from "~/env.server";
import { prisma } from "~/db.server";
import { appOrigin } from "~/lib/app-origin.server";
import { mailer } from "./mailer.server";

/** The Setting row in which the running server notes how it sends email (`MailSettings`, as JSON). */
const SERVER_MAIL = "server-mail";

/**
 * How a process sends email: by a mail server or into the outbox (`transport`); which mail server (its host
 * and port, never the user or password SMTP_URL carries), and from which address; and the address its
 * links use (`origin`).
 */
export type MailSettings = { transport: "smtp" | "outbox"; mailServer: string | null; from: string; origin: string };

/** This process's own mail settings, from its environment (SMTP_URL, MAIL_FROM, APP_URL). */
export function thisProcessMail(): MailSettings {
  return {
    transport: mailer.transport,
    mailServer: env.SMTP_URL ? new URL(env.SMTP_URL).host : null,
    from: env.MAIL_FROM,
    origin: appOrigin(),
  };
}

/**
 * Notes how the server sends email, so that `npm run jobs`, run by cron in a process of its own, can tell
 * when it would send differently (`jobsMailProblem`). Called by the server at start; reads and changes no
 * one's data, so no actor.
 */
export async function noteServerMail(settings: MailSettings): Promise<void> {
  const value = JSON.stringify(settings);
  await prisma.setting.upsert({ where: { key: SERVER_MAIL }, create: { key: SERVER_MAIL, value }, update: { value } });
}

/**
 * Why `npm run jobs` must not run with `mine`, this process's mail settings, or null when they are the
 * server's (or no server has noted its own yet). A reminder kept in the outbox, sent from another address or
 * with links to another site is recorded as sent and never sent again, so a command that would send
 * otherwise than the server runs no job at all. No actor: a command run by whoever runs the service.
 */
export async function jobsMailProblem(mine: MailSettings): Promise<string | null> {
  const row = await prisma.setting.findUnique({ where: { key: SERVER_MAIL } });
  if (!row) return null;
  let server: Partial<MailSettings>;
  try {
    server = JSON.parse(row.value) as Partial<MailSettings>;
  } catch {
    return null;
  }
  const differs = (() => {
    if (server.transport === "smtp" && mine.transport === "outbox") {
      return "the server sends email through a mail server, but this command has no SMTP_URL, so its reminders would be kept in the outbox, unsent, and never sent again";
    }
    if (server.transport === "outbox" && mine.transport === "smtp")
      return "the server keeps email in the outbox (it has no SMTP_URL), but this command would send it";
    if (server.mailServer !== undefined && server.mailServer !== mine.mailServer) {
      return `the server sends email through ${server.mailServer ?? "no mail server"}, but this command would send it through ${mine.mailServer ?? "none"}`;
    }
    if (server.from !== undefined && server.from !== mine.from)
      return `the server sends email from ${server.from}, but this command would send it from ${mine.from}`;
    if (server.origin !== undefined && server.origin !== mine.origin) {
      return `the server's links point at ${server.origin}, but this command's would point at ${mine.origin}`;
    }
    return null;
  })();
  return differs ? `No job was run: ${differs}. Run it with the server's SMTP_URL, MAIL_FROM and APP_URL (docs/operations.md, “Scheduled work”).` : null;
}

import { prisma } from "~/db.server";
import type { Mailer } from "./mailer.server";

/** The Setting row in which the running server notes how it sends email: `{ transport, origin }` as JSON. */
const SERVER_MAIL = "server-mail";

type ServerMail = { transport: Mailer["transport"]; origin: string };

/**
 * Notes how the server sends email (`transport`) and the address its links use (`origin`), so that
 * `npm run jobs`, run by cron in a process of its own, can tell when it would send differently
 * (`jobsMailProblem`). Called by the production server at start; reads and changes no one's data, so no actor.
 */
export async function noteServerMail(transport: Mailer["transport"], origin: string): Promise<void> {
  const value = JSON.stringify({ transport, origin } satisfies ServerMail);
  await prisma.setting.upsert({ where: { key: SERVER_MAIL }, create: { key: SERVER_MAIL, value }, update: { value } });
}

/**
 * Why `npm run jobs` must not run with this process's mail settings, or null when they are the server's
 * (or no server has noted its own yet). A reminder kept in the outbox, or sent with links to another
 * address, is recorded as sent and never sent again, so a command that would send differently from the
 * server runs no job at all. No actor: a command run by whoever runs the service.
 */
export async function jobsMailProblem(transport: Mailer["transport"], origin: string): Promise<string | null> {
  const row = await prisma.setting.findUnique({ where: { key: SERVER_MAIL } });
  if (!row) return null;
  let server: Partial<ServerMail>;
  try {
    server = JSON.parse(row.value) as Partial<ServerMail>;
  } catch {
    return null;
  }
  const settings = "Run it with the server's SMTP_URL, MAIL_FROM and APP_URL (docs/operations.md, “Scheduled work”).";
  if (server.transport === "smtp" && transport === "outbox") {
    return `No job was run: the server sends email through a mail server, but this command has no SMTP_URL, so its reminders would be kept in the outbox, unsent, and never sent again. ${settings}`;
  }
  if (server.transport === "outbox" && transport === "smtp") {
    return `No job was run: the server keeps email in the outbox (it has no SMTP_URL), but this command would send it through a mail server. ${settings}`;
  }
  if (server.origin && server.origin !== origin) {
    return `No job was run: the server's links point at ${server.origin}, but this command's would point at ${origin}. ${settings}`;
  }
  return null;
}

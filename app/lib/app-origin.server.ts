import { env } from "~/env.server";

/**
 * Where people reach the service, for links sent by email (invitations, new passwords, bookings):
 * APP_URL (checked at start-up in env.server.ts, and required in production when mail really goes out),
 * else this machine's own address on its port, as the start-up's setup link uses. Never the request's
 * Host header, which whoever sends the request chooses: a "forgotten password" request sent with another
 * site's name as its Host would otherwise email a real person a link to that site, carrying their
 * token. An origin: scheme, host and port, no trailing slash. Pure: reads no data, so no actor.
 */
export function appOrigin(): string {
  return new URL(env.APP_URL ?? `http://localhost:${env.PORT}`).origin;
}

import { z } from "zod";

/** Whether `url` is an http(s) address alone: no path but "/", no query, no fragment. */
const isBareAddress = (url: URL) => /^https?:$/.test(url.protocol) && url.pathname === "/" && !url.search && !url.hash;

/** Whether `url` is a mail server's address as SMTP_URL takes it: smtp(s), a host, no path but "/", no "#". */
const isMailServerAddress = (url: URL) => /^smtps?:$/.test(url.protocol) && url.hostname !== "" && (url.pathname === "" || url.pathname === "/") && !url.hash;

// Checked once at start-up, so a misconfigured server fails loudly instead of at the first request.
const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    // file: is SQLite; postgresql:// (or postgres://) is PostgreSQL 15 or later (docs/decisions/0076).
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, "DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)")
      .default("file:./prisma/data/app.db"),
    // PostgreSQL only: the most connections this process opens at once (its pool); each cluster worker has its own.
    DATABASE_CONNECTIONS: z.coerce.number().int().min(2).default(10),
    // SQLite only: threads per process that read reach's figures side by side (decision 0125); 0 reads on the main thread.
    REACH_QUERY_THREADS: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().min(0).max(8).default(2)),
    // The mail server's address: smtp:// or smtps://, a user and password, host and port, options after "?".
    // A "#" or "/" written as it is in the password ends the address there, and mail would go to a host
    // made of what came before it, without a word (decision 0168); one that leaves no address at all
    // ("smtp://user:pa#ss@…" reads "pa" as a port) gets the same message, which says what to do, not "Invalid url".
    SMTP_URL: z
      .string()
      .refine((url) => URL.canParse(url) && isMailServerAddress(new URL(url)), {
        message:
          "SMTP_URL must be smtp:// or smtps:// and the mail server's address, such as smtp://user:password@mail.example.org:587: write a # / ? or @ in the user name or password as %23, %2F, %3F or %40",
      })
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** The port the server listens on (scripts/start.mjs reads it too); links use it when APP_URL is not set. */
    PORT: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().min(1).max(65535).default(3000)),
    // The service's public address alone: links are made from its origin, so a path would be dropped
    // without a word; a trailing "/" is the same address.
    APP_URL: z
      .string()
      .url("APP_URL must be the service's public address, such as https://schools.example.org")
      .refine((url) => !URL.canParse(url) || isBareAddress(new URL(url)), {
        message: "APP_URL must be the service's public address alone, such as https://schools.example.org: no path, query or #",
      })
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** "1" when started by `npm run demo` or `npm run dev` (scripts/demo.mjs): every page says it is a demonstration. */
    DEMO_MODE: z
      .string()
      .optional()
      .transform((value) => value === "1"),
    // Optional: 64 hex characters (32 bytes). When set, two-step sign-in secrets are encrypted at rest (docs/decisions/0041).
    TWO_STEP_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, "TWO_STEP_KEY must be 64 hexadecimal characters (32 bytes)")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    // Optional: 64 hex characters (32 bytes), the key under which rate limits hash what they count
    // (app/models/rate-limits.server.ts). `npm start` makes one per start when unset; machines that share one
    // database must share this.
    RATE_LIMIT_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, "RATE_LIMIT_KEY must be 64 hexadecimal characters (32 bytes)")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    MAIL_FROM: z.string().default("VRN Schools Forum <no-reply@schools-forum.example.org>"),
    // Scheduled work inside the server (app/scheduled-work.server.ts); "off" for operators who run `npm run jobs` from cron.
    SCHEDULED_WORK: z.enum(["on", "off"]).default("on"),
    // The nightly backup: where the copies go (relative to the working directory) and how many are kept.
    BACKUP_DIR: z.string().min(1).default("backups"),
    BACKUP_KEEP: z.coerce.number().int().min(1).default(14),
  })
  .superRefine((values, context) => {
    // Links in real emails must name the service's public address: without it they would point at this machine.
    if (values.NODE_ENV === "production" && !values.DEMO_MODE && values.SMTP_URL && !values.APP_URL) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["APP_URL"],
        message: "APP_URL must be set when SMTP_URL is: links in emails (invitations, new passwords) need the service's public https:// address",
      });
    }
  });

/**
 * The server's settings read from `source` (environment variables by name), with their defaults; throws an
 * Error whose message has a line for each bad setting ("PORT: Expected number, received nan"), for the
 * start-up to print as it is. Loading this module reads `process.env` so, which stops the start.
 */
export function readSettings(source: Record<string, string | undefined>) {
  const read = schema.safeParse(source);
  if (read.success) return read.data;
  const lines = read.error.issues.map((issue) => {
    const name = issue.path.join(".");
    return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
  });
  throw new Error(`${lines.length === 1 ? "A setting is" : "Settings are"} not right:\n${lines.map((line) => `  ${line}`).join("\n")}`);
}

export const env = readSettings(process.env);

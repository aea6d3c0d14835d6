import { z } from "zod";

// Checked once at start-up, so a misconfigured server fails loudly instead of at the first request.
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().startsWith("file:").default("file:./prisma/data/app.db"),
  SMTP_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  APP_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  MAIL_FROM: z.string().default("VRN Schools Forum <no-reply@schools-forum.example.org>"),
});

export const env = schema.parse(process.env);

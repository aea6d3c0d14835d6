import { randomBytes } from "node:crypto";
import { prisma } from "~/db.server";

const cached = new Map<string, Promise<string>>();

/**
 * The service's own random key for signing one kind of cookie (`purpose`, e.g. "flash"): 32 random
 * bytes as 64 hexadecimal characters, made on first use and kept in the database (`Setting`
 * "signing-key.<purpose>"), so every process and server sharing the database signs and checks alike and
 * no operator has to configure it. Read once per process.
 */
export function signingKey(purpose: string): Promise<string> {
  let key = cached.get(purpose);
  if (!key) {
    key = keyFromDatabase(`signing-key.${purpose}`);
    cached.set(purpose, key);
    // A failed read (database not ready) is tried again on the next use, not cached.
    key.catch(() => cached.delete(purpose));
  }
  return key;
}

async function keyFromDatabase(settingKey: string): Promise<string> {
  // Two processes may both make a key at once: the first insert wins, and both read the one stored.
  const fresh = randomBytes(32).toString("hex");
  await prisma.$executeRaw`INSERT INTO "Setting" ("key", "value") VALUES (${settingKey}, ${fresh}) ON CONFLICT DO NOTHING`;
  const row = await prisma.setting.findUniqueOrThrow({ where: { key: settingKey } });
  return row.value;
}

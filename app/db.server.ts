import { PrismaClient } from "~/generated/prisma/client";
import { env } from "~/env.server";
import { writerAndReaderSqlite } from "~/lib/sqlite-adapter.server";

function createClient() {
  // `timeout` is SQLite's busy timeout: a writer waits for a lock instead of failing at once.
  const adapter = writerAndReaderSqlite({ url: env.DATABASE_URL, timeout: 5000 });
  return new PrismaClient({ adapter });
}

// One client per process; in development the module is re-evaluated, so keep it on globalThis.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const prisma = globalForPrisma.prisma ?? createClient();
if (env.NODE_ENV !== "production") globalForPrisma.prisma = prisma;

/** What the database must be running with; the server refuses to start otherwise. */
export const REQUIRED_DATABASE_SETTINGS = {
  journal_mode: "wal",
  /** 1 is NORMAL. */
  synchronous: 1,
  foreign_keys: 1,
  busy_timeout: 5000,
} as const;

export type DatabaseSettings = { [K in keyof typeof REQUIRED_DATABASE_SETTINGS]: string | number };

/** Reads the settings back from SQLite itself, so they show what is really in force. */
export async function readDatabaseSettings(): Promise<DatabaseSettings> {
  const read = async (pragma: string) => {
    const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${pragma}`);
    const value = Object.values(rows[0] ?? {})[0];
    return typeof value === "string" ? value.toLowerCase() : Number(value);
  };
  return {
    journal_mode: await read("journal_mode"),
    synchronous: await read("synchronous"),
    foreign_keys: await read("foreign_keys"),
    // Older SQLite names the column "timeout"; either way it is the first one.
    busy_timeout: await read("busy_timeout"),
  };
}

/** The settings that differ from what is required, described for a person; empty when all is well. */
export function databaseSettingProblems(settings: DatabaseSettings): string[] {
  return Object.entries(REQUIRED_DATABASE_SETTINGS)
    .filter(([name, wanted]) => settings[name as keyof DatabaseSettings] !== wanted)
    .map(([name, wanted]) => `${name} is ${settings[name as keyof DatabaseSettings]}, should be ${wanted}`);
}

/**
 * Settings every connection should have. WAL lets readers and one writer work at once;
 * NORMAL sync is safe with WAL; foreign keys are off by default in SQLite. Each is read back
 * afterwards, and a database that did not take one (say, on a file system without WAL support)
 * stops the server with a message saying which.
 */
export async function configureDatabase(): Promise<DatabaseSettings> {
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  await prisma.$queryRawUnsafe(`PRAGMA busy_timeout = ${REQUIRED_DATABASE_SETTINGS.busy_timeout}`);
  const settings = await readDatabaseSettings();
  const problems = databaseSettingProblems(settings);
  if (problems.length > 0) {
    throw new Error(`The database at ${env.DATABASE_URL} is not set up safely: ${problems.join("; ")}. The server will not start.`);
  }
  return settings;
}

/** One line for the start-up log. */
export function describeDatabaseSettings(settings: DatabaseSettings) {
  return `journal_mode=${settings.journal_mode}, synchronous=${settings.synchronous === 1 ? "NORMAL" : settings.synchronous}, foreign_keys=${settings.foreign_keys === 1 ? "ON" : "OFF"}, busy_timeout=${settings.busy_timeout} ms`;
}

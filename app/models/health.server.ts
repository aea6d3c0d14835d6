/**
 * What GET /healthz reports to a monitor: whether the database answers a round trip, how much room its
 * disk has left (SQLite), how long since scheduled work last started, and the version from package.json.
 * No personal data, no session.
 */
import { statfs } from "node:fs/promises";
import path from "node:path";
import { byEngine, prisma, sqliteFilePath } from "~/db.server";
import type { PrismaClient } from "~/generated/prisma/client";
import { version } from "../../package.json";
import { secondsSinceScheduledWork } from "./job-runs.server";

/**
 * Below this many megabytes free on the SQLite database's disk the service is reported unavailable: a
 * write that cannot grow the database or its write-ahead log fails, and with it signing in (a session is
 * a row), a pupil's answers and every record saved. The log alone can grow by tens of megabytes between
 * checkpoints on a busy day, so the margin is wider than any one write needs.
 */
export const DISK_FREE_MINIMUM_MB = 100;

export type Health = {
  status: "ok" | "unavailable";
  database: "reachable" | "unreachable";
  /** Whole megabytes free to this service on the SQLite database's disk; null on PostgreSQL, whose disk is its server's. */
  diskFreeMegabytes: number | null;
  secondsSinceScheduledWork: number | null;
  version: string;
};

/** Bytes free to an unprivileged writer on the file system that holds `folder` (statfs(2)). */
const freeBytesOnDisk = async (folder: string) => {
  const disk = await statfs(folder);
  return disk.bavail * disk.bsize;
};

/**
 * Checks the service at `now`. The database check is a real query (`SELECT 1`), not a look at a file;
 * on SQLite the database's folder is asked how much room is left, and less than DISK_FREE_MINIMUM_MB
 * reports the service unavailable even while the database answers. `secondsSinceScheduledWork` is null
 * when no job has ever run.
 * @param options.db the client to check (the app's own unless a test passes another)
 * @param options.freeBytes how many bytes are free in a folder (the disk's own figure unless a test stands
 *   in for a full disk, which a test cannot make)
 */
export async function checkHealth(
  now = new Date(),
  { db = prisma, freeBytes = freeBytesOnDisk }: { db?: PrismaClient; freeBytes?: (folder: string) => Promise<number> } = {},
): Promise<Health> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
  } catch {
    return { status: "unavailable", database: "unreachable", diskFreeMegabytes: null, secondsSinceScheduledWork: null, version };
  }
  const diskFreeMegabytes = await byEngine<() => Promise<number | null>>({
    sqlite: async () => Math.floor((await freeBytes(path.dirname(sqliteFilePath()))) / 1024 ** 2),
    postgresql: async () => null,
  })();
  const roomToWrite = diskFreeMegabytes === null || diskFreeMegabytes >= DISK_FREE_MINIMUM_MB;
  return {
    status: roomToWrite ? "ok" : "unavailable",
    database: "reachable",
    diskFreeMegabytes,
    secondsSinceScheduledWork: await secondsSinceScheduledWork(now, db),
    version,
  };
}

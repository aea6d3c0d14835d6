/**
 * What GET /healthz reports to a monitor: whether the database answers a round trip, how long since
 * scheduled work last started, and the version from package.json. No personal data, no session.
 */
import { prisma } from "~/db.server";
import type { PrismaClient } from "~/generated/prisma/client";
import { version } from "../../package.json";
import { secondsSinceScheduledWork } from "./job-runs.server";

export type Health =
  | { status: "ok"; database: "reachable"; secondsSinceScheduledWork: number | null; version: string }
  | { status: "unavailable"; database: "unreachable"; secondsSinceScheduledWork: null; version: string };

/**
 * Checks the service at `now`. The database check is a real query (`SELECT 1`), not a look at a file;
 * `secondsSinceScheduledWork` is null when no job has ever run. `db` is the client to check (the app's own
 * unless a test passes another).
 */
export async function checkHealth(now = new Date(), db: PrismaClient = prisma): Promise<Health> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return { status: "ok", database: "reachable", secondsSinceScheduledWork: await secondsSinceScheduledWork(now, db), version };
  } catch {
    return { status: "unavailable", database: "unreachable", secondsSinceScheduledWork: null, version };
  }
}

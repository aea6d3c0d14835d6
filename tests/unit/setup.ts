import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll } from "vitest";

// A real SQLite file per test file, copied from the migrated base, so tests never share state.
const dataDir = path.resolve("tests/.data");
const file = path.join(dataDir, `unit-${process.env.VITEST_POOL_ID ?? "0"}-${randomUUID()}.db`);
fs.copyFileSync(path.join(dataDir, "unit-base.db"), file);
process.env.DATABASE_URL = `file:${file}`;

afterAll(async () => {
  const { prisma } = await import("~/db.server");
  await prisma.$disconnect();
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${suffix}`, { force: true });
});

import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";

// A real SQLite file per test file, copied from the migrated base, so tests never share state.
const file = path.join(inject("runDirectory"), `${randomUUID()}.db`);
fs.copyFileSync(inject("baseDatabase"), file);
process.env.DATABASE_URL = `file:${file}`;

afterAll(async () => {
  const { prisma } = await import("~/db.server");
  await prisma.$disconnect();
});

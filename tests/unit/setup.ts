import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { createDatabase, dropDatabase } from "../../scripts/lib/postgres.mjs";

// Each test file gets its own real database, copied from the migrated base, so tests never share state:
// a SQLite file, or on PostgreSQL a database made with the base as its template.
const postgresql = inject("testEngine") === "postgresql";
const name = postgresql ? `unit_${randomUUID().replaceAll("-", "")}` : "";
if (postgresql) {
  process.env.DATABASE_URL = await createDatabase(inject("postgresqlServer"), name, { template: inject("baseDatabase") });
} else {
  const file = path.join(inject("runDirectory"), `${randomUUID()}.db`);
  fs.copyFileSync(inject("baseDatabase"), file);
  process.env.DATABASE_URL = `file:${file}`;
}

afterAll(async () => {
  // Work a request left running (decision 0205) ends first, as it does when the server shuts down.
  const { backgroundWorkEnded } = await import("~/lib/background-work.server");
  await backgroundWorkEnded();
  const { prisma } = await import("~/db.server");
  await prisma.$disconnect();
  if (postgresql) await dropDatabase(inject("postgresqlServer"), name);
});

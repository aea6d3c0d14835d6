import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";

const run = promisify(execFile);

// `npm run demo` and `npm run db:seed` load prisma/seed.ts into the database DATABASE_URL names, which
// may be PostgreSQL as well as SQLite (docs/deploy.md). The seed first clears every table.
describe("the demo data", () => {
  it("loads into this file's database, and loads again over itself, on either engine", async () => {
    for (let time = 1; time <= 2; time++) {
      await run(process.execPath, ["--import", "tsx", "prisma/seed.ts"], { env: { ...process.env }, maxBuffer: 16 * 1024 * 1024 });
    }
    const users = await prisma.user.findMany({ select: { email: true } });
    expect(users.map((user) => user.email).sort()).toEqual(["lead@example.org", "mvp@example.org", "teacher2@example.org", "teacher@example.org"]);
  }, 240_000);
});

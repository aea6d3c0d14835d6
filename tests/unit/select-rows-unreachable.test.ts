import { describe, expect, it, vi } from "vitest";

// A PostgreSQL server at a port nothing listens on, so every connection is refused. Set before the app's
// modules load: the database client reads DATABASE_URL when it is created.
vi.hoisted(() => {
  process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:1/nowhere";
});

import { DatabaseUnavailable } from "~/lib/database-failover.server";
import { selectRows } from "~/models/raw-sql.server";

describe("selectRows when PostgreSQL cannot be reached", () => {
  it("fails with the 503 that says nothing was changed, as a read through Prisma's client does", async () => {
    const failure = await selectRows(`SELECT COUNT(*) AS "n" FROM "School"`).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DatabaseUnavailable);
    expect((failure as DatabaseUnavailable).status).toBe(503);
    expect((failure as DatabaseUnavailable).change).toBe("none");
  });
});

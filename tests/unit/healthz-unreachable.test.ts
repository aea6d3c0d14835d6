import path from "node:path";
import { describe, expect, it, vi } from "vitest";

// The app's database is a file in a folder that does not exist, so no query can reach it. Set before
// the app's modules load: the database client reads DATABASE_URL when it is created.
vi.hoisted(() => {
  process.env.DATABASE_URL = `file:${process.env.TMPDIR ?? "/tmp"}/no-such-folder-${process.pid}/app.db`;
});

import { loader as healthz } from "~/routes/healthz";

describe("GET /healthz when the database cannot be reached", () => {
  it("answers 503, says the database is unreachable, and still sends no cookie and no cache", async () => {
    expect(path.isAbsolute(process.env.DATABASE_URL!.replace(/^file:/, ""))).toBe(true);
    const response = await healthz();
    expect(response.status).toBe(503);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(await response.json()).toMatchObject({ status: "unavailable", database: "unreachable", secondsSinceScheduledWork: null });
  });
});

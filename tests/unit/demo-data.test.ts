import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { academicYearOf } from "~/lib/academic-year";
import { londonDateInputValue } from "~/lib/london-time";
import { getReachDashboard } from "~/models/reach.server";

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

    // Last year's history was recorded soon after it happened, not when the demo was loaded: read as it
    // stood on the same date a year ago (decision 0137), it has sessions, pupils and lessons to compare.
    const lead = await prisma.user.findFirstOrThrow({ where: { email: "lead@example.org" } });
    const now = new Date();
    const year = academicYearOf(now);
    const dashboard = await getReachDashboard(lead, { year, term: null, localAuthority: null, localityId: null, schoolType: null, topicId: null }, now);
    const whole = await getReachDashboard(lead, { year: year - 1, term: null, localAuthority: null, localityId: null, schoolType: null, topicId: null }, now);
    expect(whole.headline.pupils).toBeGreaterThan(0);
    // The demo's history starts in mid-September; from October a year so far has some of it to set beside.
    if (londonDateInputValue(now).slice(5) >= "10-01" || londonDateInputValue(now).slice(5) < "09-01") {
      expect(dashboard.comparison.toDate).toBe(true);
      expect(dashboard.previousHeadline.pupils).toBeGreaterThan(0);
      expect(dashboard.previousHeadline.deliveries).toBeGreaterThan(0);
      expect(dashboard.previousHeadline.mvpPupils).toBeGreaterThan(0);
    }
  }, 240_000);
});

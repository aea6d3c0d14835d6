import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { selectRows } from "~/models/raw-sql.server";

// An address or a query string can carry a NUL (%00) into a look-up: /bookings/x%00, ?locality=x%00.
// SQLite finds nothing, so the page says "not found" or shows nothing; PostgreSQL refused the text
// outright ("invalid byte sequence for encoding UTF8: 0x00"), which was a server error on that engine.
describe("text holding a NUL character", () => {
  const odd = "x\u0000y";

  it("finds nothing, on either engine, through Prisma's queries", async () => {
    await expect(prisma.booking.findUnique({ where: { id: odd } })).resolves.toBeNull();
    await expect(prisma.school.findMany({ where: { localityId: odd } })).resolves.toEqual([]);
    await expect(prisma.school.findMany({ where: { id: { in: [odd, "another"] } } })).resolves.toEqual([]);
    await expect(prisma.guidePage.findFirst({ where: { slug: odd, section: { slug: odd } } })).resolves.toBeNull();
  });

  it("finds nothing inside a transaction, and the next transaction still gets its turn", async () => {
    await expect(prisma.$transaction((tx) => tx.surveyRun.findUnique({ where: { code: odd } }))).resolves.toBeNull();
    await expect(prisma.$transaction((tx) => tx.school.count())).resolves.toBeTypeOf("number");
  });

  it("finds nothing through raw SQL written for both engines", async () => {
    await expect(selectRows(`SELECT "id" AS "id" FROM "School" WHERE "id" = ?`, odd)).resolves.toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { listBookableDeliveries } from "~/models/deliveries.server";
import { createDelivery, createSchoolTeacher, DAY } from "./delivery-factories";

// Lists ordered by a time must not leave sessions at the same time in whatever order the engine stored
// them: SQLite keeps insertion order and PostgreSQL does not, and data moved from one to the other is
// stored in another order again. So the same page lists the same rows in the same order on both.
describe("sessions at the same time", () => {
  it("are listed in one order, whatever order they were stored in", async () => {
    const startsAt = new Date(Date.now() + 30 * DAY);
    const stored = [await createDelivery({ startsAt }), await createDelivery({ startsAt })];
    // The first stored gets the id that sorts last.
    await prisma.delivery.update({ where: { id: stored[0]!.id }, data: { id: "tie-z" } });
    await prisma.delivery.update({ where: { id: stored[1]!.id }, data: { id: "tie-a" } });
    const { user } = await createSchoolTeacher();
    const listed = (await listBookableDeliveries(user, {}, 1)).deliveries;
    expect(listed.filter((d) => d.id.startsWith("tie-")).map((d) => d.id)).toEqual(["tie-a", "tie-z"]);
  });
});

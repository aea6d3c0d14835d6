import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { fromLondonWallTime } from "~/lib/london-time";
import { getDeliveryForLead } from "~/models/deliveries.server";
import { createDelivery as createDeliveryAsLead, deliveryFormValues, updateDelivery } from "~/models/delivery-changes.server";
import { createSchool } from "./factories";
import { createDelivery, deliveryInput, lead } from "./delivery-factories";

// A fixed "now": the 2026/27 autumn term.
const NOW = new Date("2026-12-01T12:00:00Z");

/** A session held on 15 September 2025 at 10:00, one school's booking recorded as `status`, its return recorded that afternoon. */
async function heldSession(status: "DELIVERED" | "NOT_DELIVERED" = "DELIVERED") {
  const delivery = await createDelivery({ startsAt: fromLondonWallTime("2025-09-15", "10:00")!, format: "IN_SCHOOL", capacity: 1 });
  const school = await createSchool();
  await prisma.booking.create({
    data: {
      deliveryId: delivery.id,
      schoolId: school.id,
      status,
      yearGroups: "9",
      expectedPupils: 30,
      contactName: "Ms A Teacher",
      contactPhone: "0116 496 0000",
      ...(status === "DELIVERED"
        ? { attendance: { create: { recordedAt: new Date("2025-09-15T15:00:00Z"), counts: { create: [{ yearGroup: 9, pupils: 28 }] } } } }
        : { statusReason: "The school was closed" }),
    },
  });
  return delivery;
}

describe("a session with a return recorded keeps a time that agrees with it (decision 0116)", () => {
  it("refuses to move a delivered session into the future, by the date, and leaves it as it was", async () => {
    const delivery = await heldSession();
    const result = await updateDelivery(await lead(), delivery.id, deliveryInput(delivery, "2027-03-01", "10:00"), NOW);
    expect(result).toEqual({
      ok: false,
      field: "date",
      message: "Attendance has been recorded for this session, so it cannot move to a date that has not happened yet",
    });
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).startsAt).toEqual(delivery.startsAt);
  });

  it("says which field when only the time moves it past now or past the first return", async () => {
    const delivery = await heldSession();
    const result = await updateDelivery(await lead(), delivery.id, deliveryInput(delivery, "2025-09-15", "18:00"), NOW);
    expect(result).toMatchObject({
      ok: false,
      field: "time",
      message: "Attendance for this session was first recorded on 15 September 2025 at 4pm, so the session must have ended by then",
    });
  });

  it("refuses a later past date than the first return was recorded on", async () => {
    const delivery = await heldSession();
    const result = await updateDelivery(await lead(), delivery.id, deliveryInput(delivery, "2025-10-06", "10:00"), NOW);
    expect(result).toMatchObject({
      ok: false,
      field: "date",
      message: expect.stringMatching(/^Attendance for this session was first recorded on 15 September 2025/),
    });
  });

  it("refuses a past date in another academic year, where its pupils are not counted", async () => {
    const delivery = await heldSession();
    const result = await updateDelivery(await lead(), delivery.id, deliveryInput(delivery, "2025-06-30", "10:00"), NOW);
    expect(result).toEqual({
      ok: false,
      field: "date",
      message: "Attendance has been recorded for this session, so it must stay in the academic year 2025/26",
    });
  });

  it("accepts a correction to an earlier day of the same academic year", async () => {
    const delivery = await heldSession();
    expect(await updateDelivery(await lead(), delivery.id, deliveryInput(delivery, "2025-09-12", "13:00"), NOW)).toMatchObject({ ok: true });
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).startsAt).toEqual(fromLondonWallTime("2025-09-12", "13:00"));
  });

  it("refuses to move a session recorded as not taking place into the future", async () => {
    const delivery = await heldSession("NOT_DELIVERED");
    const result = await updateDelivery(await lead(), delivery.id, deliveryInput(delivery, "2027-03-01", "10:00"), NOW);
    expect(result).toMatchObject({
      ok: false,
      field: "date",
      message: "This session has been recorded as not taking place, so it cannot move to a date that has not happened yet",
    });
  });

  it("refuses more dates on a change rather than saying it saved them, and creates nothing", async () => {
    const delivery = await createDelivery({ startsAt: fromLondonWallTime("2027-01-07", "10:00")! });
    const before = await prisma.delivery.count();
    const result = await updateDelivery(
      await lead(),
      delivery.id,
      { ...deliveryInput(delivery, "2027-01-07", "10:00"), notes: "New", moreDates: ["2027-01-08"] },
      NOW,
    );
    expect(result).toMatchObject({ ok: false, field: "date", message: expect.stringContaining("schedule the other dates as new sessions") });
    expect(await prisma.delivery.count()).toBe(before);
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).notes).toBe("");
  });
});

describe("when booking closes", () => {
  it("is the session's own clock time, the number of London days before, across a clock change", async () => {
    const topic = await createDelivery();
    const input = { ...deliveryInput(topic, "2027-03-29", "10:00"), closesDaysBefore: 2 };
    const created = await createDeliveryAsLead(await lead(), input);
    if (!created.ok) throw new Error(created.message);
    const saved = await prisma.delivery.findUniqueOrThrow({ where: { id: created.id } });
    expect(saved.bookingClosesAt).toEqual(new Date("2027-03-27T10:00:00Z"));
    expect(deliveryFormValues(await getDeliveryForLead(await lead(), created.id)).closesDaysBefore).toBe("2");
  });

  it("refuses a new session whose booking would already have closed, by the field, and schedules none of its dates", async () => {
    const topic = await createDelivery();
    const before = await prisma.delivery.count();
    // 3 December at 10:00 is two days after NOW; booking three days before closed on 30 November.
    const first = await createDeliveryAsLead(await lead(), { ...deliveryInput(topic, "2026-12-03", "10:00"), closesDaysBefore: 3 }, NOW);
    expect(first).toEqual({
      ok: false,
      field: "closesDaysBefore",
      message: "For this date, booking would close on 30 November 2026 at 10am, which has passed: choose fewer days before the session",
    });
    const more = await createDeliveryAsLead(
      await lead(),
      { ...deliveryInput(topic, "2026-12-20", "10:00"), closesDaysBefore: 3, moreDates: ["2026-12-22", "2026-12-02"] },
      NOW,
    );
    expect(more).toMatchObject({
      ok: false,
      field: "moreDates",
      message: expect.stringMatching(/^2 December 2026: booking would close on 29 November 2026 at 10am/),
    });
    expect(await prisma.delivery.count()).toBe(before);
    // The same session with a day's notice is scheduled.
    expect(await createDeliveryAsLead(await lead(), { ...deliveryInput(topic, "2026-12-03", "10:00"), closesDaysBefore: 1 }, NOW)).toMatchObject({ ok: true });
  });

  it("says when a change closed booking for a session still to come, and not when booking had already closed", async () => {
    const delivery = await createDelivery({
      startsAt: fromLondonWallTime("2026-12-10", "10:00")!,
      bookingClosesAt: fromLondonWallTime("2026-12-08", "10:00")!,
    });
    const closing = await updateDelivery(await lead(), delivery.id, { ...deliveryInput(delivery, "2026-12-10", "10:00"), closesDaysBefore: 14 }, NOW);
    expect(closing).toMatchObject({ ok: true, closedBooking: true });
    const again = await updateDelivery(
      await lead(),
      delivery.id,
      { ...deliveryInput(delivery, "2026-12-10", "10:00"), closesDaysBefore: 20, notes: "Hall B" },
      NOW,
    );
    expect(again).toMatchObject({ ok: true, closedBooking: false });
    const open = await createDelivery({ startsAt: fromLondonWallTime("2026-12-10", "10:00")!, bookingClosesAt: fromLondonWallTime("2026-12-08", "10:00")! });
    expect(await updateDelivery(await lead(), open.id, { ...deliveryInput(open, "2026-12-10", "10:00"), closesDaysBefore: 5 }, NOW)).toMatchObject({
      ok: true,
      closedBooking: false,
    });
  });
});

describe("changing a session's topic", () => {
  it("names the schools whose booked year groups the new topic does not suit, and saves the change", async () => {
    const delivery = await createDelivery({ startsAt: fromLondonWallTime("2027-01-20", "10:00")! });
    const older = await prisma.topic.create({ data: { title: `Older pupils ${Math.random()}`, yearGroups: "10,11", durationMinutes: 60, formats: "ONLINE" } });
    const fitting = await createSchool({ name: "Ashby Fields School" });
    const unfitting = await createSchool({ name: "Brook Vale Academy" });
    for (const [school, yearGroups] of [
      [fitting, "10"],
      [unfitting, "8,9,10"],
    ] as const) {
      await prisma.booking.create({
        data: {
          deliveryId: delivery.id,
          schoolId: school.id,
          status: "CONFIRMED",
          yearGroups,
          expectedPupils: 30,
          contactName: "Ms A Teacher",
          contactPhone: "0116 496 0000",
        },
      });
    }
    const changed = await updateDelivery(await lead(), delivery.id, { ...deliveryInput(delivery, "2027-01-20", "10:00"), topicId: older.id }, NOW);
    expect(changed).toMatchObject({
      ok: true,
      unsuited: `${older.title} suits Years 10 and 11, but Brook Vale Academy (Years 8 and 9) booked other years: check with the school.`,
    });
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).topicId).toBe(older.id);
    // The same topic again says nothing: only a change of topic asks.
    expect(
      await updateDelivery(await lead(), delivery.id, { ...deliveryInput({ ...delivery, topicId: older.id }, "2027-01-20", "10:00"), notes: "Hall" }, NOW),
    ).toMatchObject({
      ok: true,
      unsuited: null,
    });
  });
});

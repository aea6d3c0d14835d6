import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { attendanceSchema } from "~/lib/delivery-schemas";
import { academicYearOf } from "~/lib/academic-year";
import { attendanceFormValues, recordAttendance } from "~/models/attendance.server";
import { bookDelivery, getBooking } from "~/models/bookings.server";
import { getDeliveryForLead, listSchedule } from "~/models/deliveries.server";
import { getOwnSchoolReach } from "~/models/reach-schools.server";
import { bookingInput, createDelivery, createSchoolTeacher, DAY, lead } from "./delivery-factories";

// As a caller in code, with no page and so no fingerprint of one (decision 0148).
const parse = (values: Record<string, unknown>) => {
  const parsed = attendanceSchema.safeParse({ comment: "", ...values });
  return parsed.success ? { ...parsed, data: { ...parsed.data, version: undefined } } : parsed;
};

async function pastBooking() {
  const { user, school } = await createSchoolTeacher(900);
  const delivery = await createDelivery({ capacity: 5 });
  const booked = await bookDelivery(user, delivery.id, bookingInput({ expectedPupils: 40 }));
  if (!booked.ok) throw new Error("booking failed");
  const past = new Date(Date.now() - 3 * DAY);
  await prisma.delivery.update({ where: { id: delivery.id }, data: { startsAt: past, endsAt: new Date(past.getTime() + 3600_000) } });
  return { user, school, delivery, bookingId: booked.id };
}

describe("a session that did not take place, said by the school", () => {
  it("needs a reason, says what happened for 'another reason', and takes no pupil counts", () => {
    expect(parse({ tookPlace: "NO" }).error?.issues.map((i) => i.path.join("."))).toEqual(["notTakenReason"]);
    expect(parse({ tookPlace: "NO", notTakenReason: "OTHER" }).error?.issues[0]?.message).toBe("Say what happened");
    const withCounts = parse({ tookPlace: "NO", notTakenReason: "SCHOOL_CLOSED", year8: 30 });
    expect(withCounts.error?.issues[0]).toMatchObject({ path: ["year8"], message: expect.stringMatching(/^Leave the pupil numbers empty/) });
    expect(parse({ tookPlace: "NO", notTakenReason: "SOMETHING" }).success).toBe(false);
    expect(parse({ tookPlace: "MAYBE" }).success).toBe(false);
    expect(parse({ tookPlace: "NO", notTakenReason: "FACILITATOR_ABSENT" }).success).toBe(true);
  });

  it("marks the booking as not taken place with its reason, removes counts given before, and reaches nobody", async () => {
    const { user, delivery, bookingId } = await pastBooking();
    const counted = parse({ year8: 30 });
    if (!counted.success) throw new Error("expected a valid return");
    await recordAttendance(user, bookingId, counted.data);
    const yearOf = academicYearOf(delivery.startsAt);
    const pupilsReached = async () => (await getOwnSchoolReach(user)).years.find((y) => y.year === yearOf)?.own.pupils ?? 0;
    expect(await pupilsReached()).toBe(30);

    const notTaken = parse({ tookPlace: "NO", notTakenReason: "FACILITATOR_ABSENT", notTakenDetail: "Called away to an incident" });
    if (!notTaken.success) throw new Error("expected a valid return");
    expect(await recordAttendance(user, bookingId, notTaken.data)).toEqual({
      ok: true,
      changed: true,
      total: 0,
      tookPlace: false,
      message: "Saved: the session did not take place, so it reached no pupils. The 30 pupils recorded as attending before are no longer counted",
    });
    const booking = await getBooking(user, bookingId);
    expect(booking).toMatchObject({ status: "NOT_DELIVERED", statusReason: "The officer or facilitator did not come: Called away to an incident" });
    expect(booking.attendance).toBeNull();
    expect(await pupilsReached()).toBe(0);
    // The form reads the return back, to correct it.
    expect(attendanceFormValues(booking)).toEqual({ tookPlace: "NO", notTakenReason: "FACILITATOR_ABSENT", notTakenDetail: "Called away to an incident" });

    // The lead sees it on the session's page and the schedule.
    const vrn = await lead();
    const forLead = await getDeliveryForLead(vrn, delivery.id);
    expect(forLead.state).toBe("DID_NOT_TAKE_PLACE");
    expect(forLead.bookings[0]).toMatchObject({ status: "NOT_DELIVERED", statusReason: expect.stringContaining("did not come") });
    const past = await listSchedule(vrn, {}, { when: "past", page: 1, newIds: [] });
    expect(past.deliveries.find((d) => d.id === delivery.id)?.state).toBe("DID_NOT_TAKE_PLACE");
    expect(await prisma.auditEvent.count({ where: { entityType: "Booking", entityId: bookingId, action: "not-delivered" } })).toBe(1);
  });
});

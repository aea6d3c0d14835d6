/**
 * A school recorded as closed gives up its places on sessions still to come (decision 0145): by the
 * lead's edit of the school, or by a GIAS import that closes it.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { bookDelivery } from "~/models/bookings.server";
import { applyImport, getImportPreview, stageImport } from "~/models/gias-import.server";
import { bookingsToCome, SCHOOL_CLOSED_REASON, waitingListPlaces } from "~/models/school-closure.server";
import { schoolVersion, updateSchool } from "~/models/schools.server";
import { joinWaitlist } from "~/models/waitlist.server";
import { action as editSchool } from "~/routes/schools.$schoolId.edit";
import { GIAS_COLUMNS } from "~/lib/gias";
import { toldOfClosing } from "~/lib/told-by-email";
import { bookingInput, createDelivery, createSchoolTeacher, lead } from "./delivery-factories";
import { flashOf, routeContext, signedInPost } from "./support/route";

/**
 * A school with: a confirmed place on a full one-place session another school waits for; a request on a
 * session that needs confirming; a place on a session that started an hour ago; and a place on a
 * waiting list.
 */
async function schoolWithSessionsToCome() {
  const closing = await createSchoolTeacher();
  const full = await createDelivery({ capacity: 1 });
  const held = await bookDelivery(closing.user, full.id, bookingInput());
  if (!held.ok) throw new Error(held.message);
  const waiting = await createSchoolTeacher();
  expect(await joinWaitlist(waiting.user, full.id)).toEqual({ ok: true });

  const needsConfirming = await createDelivery({ needsConfirmation: true });
  const requested = await bookDelivery(closing.user, needsConfirming.id, bookingInput());
  if (!requested.ok) throw new Error(requested.message);

  const started = await createDelivery({ startsAt: new Date(Date.now() - 60 * 60_000) });
  const underway = await prisma.booking.create({
    data: {
      deliveryId: started.id,
      schoolId: closing.school.id,
      status: "CONFIRMED",
      yearGroups: "9",
      expectedPupils: 30,
      contactName: "A",
      contactPhone: "0116 496 0000",
    },
  });

  const other = await createDelivery({ capacity: 1 });
  const otherHolder = await createSchoolTeacher();
  const otherHeld = await bookDelivery(otherHolder.user, other.id, bookingInput());
  if (!otherHeld.ok) throw new Error(otherHeld.message);
  expect(await joinWaitlist(closing.user, other.id)).toEqual({ ok: true });

  return { closing, waiting, held: held.id, requested: requested.id, underway: underway.id, full };
}

const statusOf = async (bookingId: string) => prisma.booking.findUniqueOrThrow({ where: { id: bookingId }, select: { status: true, statusReason: true } });

function editInput(school: { urn: string; name: string; localAuthority: string; type: string; numberOnRoll: number | null }, status: "OPEN" | "CLOSED") {
  return {
    urn: school.urn,
    name: school.name,
    localAuthority: school.localAuthority,
    type: school.type as "SECONDARY",
    numberOnRoll: school.numberOnRoll ?? undefined,
    status,
  };
}

describe("closing a school", () => {
  it("cancels its bookings still to come, gives up its waiting-list places, offers the places freed and tells the school", async () => {
    const { closing, waiting, held, requested, underway, full } = await schoolWithSessionsToCome();
    const actor = await lead();
    expect(await bookingsToCome(actor, [closing.school.id])).toEqual(new Map([[closing.school.id, 2]]));
    expect(await waitingListPlaces(actor, closing.school.id)).toBe(1);

    const result = await updateSchool(actor, closing.school.id, editInput(closing.school, "CLOSED"));
    expect(result).toMatchObject({
      ok: true,
      changed: true,
      withdrawn: {
        bookings: 2,
        waitingLists: 1,
        offers: 1,
        told: [{ schoolId: closing.school.id, sent: 1, inOutbox: true, emails: 2 }],
        offered: [{ schoolId: waiting.school.id, sent: 1, inOutbox: true }],
      },
    });
    expect(await statusOf(held)).toEqual({ status: "CANCELLED", statusReason: SCHOOL_CLOSED_REASON });
    expect(await statusOf(requested)).toEqual({ status: "CANCELLED", statusReason: SCHOOL_CLOSED_REASON });
    // A session under way is the school's to record, as it happened.
    expect(await statusOf(underway)).toMatchObject({ status: "CONFIRMED" });
    const given = await prisma.waitlistEntry.findMany({ where: { schoolId: closing.school.id }, select: { id: true, status: true } });
    expect(given.map((entry) => entry.status)).toEqual(["LEFT"]);
    expect(await prisma.auditEvent.findFirst({ where: { entityType: "WaitlistEntry", entityId: given[0]!.id, action: "delete" } })).toMatchObject({
      summary: "Left the waiting list: the school is recorded as closed",
    });
    expect(await prisma.waitlistEntry.findFirstOrThrow({ where: { schoolId: waiting.school.id, deliveryId: full.id } })).toMatchObject({ status: "OFFERED" });

    const mail = await prisma.outboxMessage.findMany({ where: { to: { in: [closing.user.email, waiting.user.email] } }, orderBy: { createdAt: "asc" } });
    expect(mail.filter((m) => m.to === closing.user.email && m.subject.startsWith("Booking cancelled"))).toHaveLength(2);
    expect(mail.some((m) => m.to === waiting.user.email && m.subject.startsWith("A place is free"))).toBe(true);
    expect(await prisma.auditEvent.count({ where: { entityId: { in: [held, requested] }, action: "cancel" } })).toBe(2);
    expect(await bookingsToCome(actor, [closing.school.id])).toEqual(new Map());

    // A change to the school once closed withdraws nothing more.
    const again = await updateSchool(actor, closing.school.id, { ...editInput(closing.school, "CLOSED"), numberOnRoll: 1 });
    expect(again).toMatchObject({ ok: true, changed: true });
    expect(again).not.toHaveProperty("withdrawn");
  });

  it("gives up only places on waiting lists for sessions still to come, and says only of those", async () => {
    const school = await createSchoolTeacher();
    const held = await createDelivery({ startsAt: new Date(Date.now() - 30 * 24 * 60 * 60_000), capacity: 1 });
    await prisma.waitlistEntry.create({ data: { deliveryId: held.id, schoolId: school.school.id } });
    const actor = await lead();
    expect(await waitingListPlaces(actor, school.school.id)).toBe(0);
    const result = await updateSchool(actor, school.school.id, editInput(school.school, "CLOSED"));
    expect(result).toMatchObject({ ok: true, changed: true });
    expect(result).not.toHaveProperty("withdrawn");
  });

  it("counts a school offered two places once", async () => {
    const closing = await createSchoolTeacher();
    const waiting = await createSchoolTeacher();
    for (let i = 0; i < 2; i++) {
      const full = await createDelivery({ capacity: 1 });
      const held = await bookDelivery(closing.user, full.id, bookingInput());
      if (!held.ok) throw new Error(held.message);
      expect(await joinWaitlist(waiting.user, full.id)).toEqual({ ok: true });
    }
    const result = await updateSchool(await lead(), closing.school.id, editInput(closing.school, "CLOSED"));
    expect(result).toMatchObject({ withdrawn: { bookings: 2, offers: 2 } });
    const message = toldOfClosing("Closed.", result && "withdrawn" in result ? result.withdrawn : undefined).message;
    expect(message).toMatch(
      /2 places were offered to schools waiting\. No school has been told by email\. No mail server is set up, so the emails to 1 school are in the outbox\.$/,
    );
  });

  it("says on the lead's page what it cancelled and that the messages wait in the outbox", async () => {
    const { closing } = await schoolWithSessionsToCome();
    const actor = await lead();
    const path = `/schools/${closing.school.id}/edit`;
    const fields = {
      ...editInput(closing.school, "CLOSED"),
      numberOnRoll: String(closing.school.numberOnRoll ?? ""),
      version: schoolVersion(await prisma.school.findUniqueOrThrow({ where: { id: closing.school.id } })),
    } as Record<string, string>;
    const response = await editSchool({
      request: await signedInPost(path, actor.id, fields),
      context: routeContext(),
      params: { schoolId: closing.school.id },
    });
    expect(await flashOf(response as Response)).toBe(
      `${closing.school.name} has been updated. 2 bookings still to come were cancelled. 1 place on a waiting list was given up. ` +
        // One cancellation a booking: two emails, each to the one teacher there.
        `No mail server is set up, so the 2 emails to people at ${closing.school.name} are in the outbox: nobody there has been told yet. ` +
        // The school offered the place freed is not said to be told either.
        "1 place was offered to schools waiting. No school has been told by email. No mail server is set up, so the email to 1 school is in the outbox.",
    );
  });

  it("does the same when a GIAS import closes it, and the preview says so before", async () => {
    const { closing, held, requested } = await schoolWithSessionsToCome();
    const actor = await lead();
    const header = Object.values(GIAS_COLUMNS);
    const values: Record<string, string> = {
      URN: closing.school.urn,
      "LA (code)": "856",
      "LA (name)": "Leicester",
      EstablishmentName: closing.school.name,
      "TypeOfEstablishment (name)": "Community school",
      "EstablishmentStatus (name)": "Closed",
      "PhaseOfEducation (name)": "Secondary",
      NumberOfPupils: String(closing.school.numberOnRoll ?? ""),
    };
    const csv = `${header.join(",")}\n${header.map((column) => values[column] ?? "").join(",")}\n`;
    const staged = await stageImport(actor, { fileName: "closing.csv", bytes: Buffer.from(csv), options: { includeClosed: true, includeOtherPhases: false } });
    if (!staged.ok) throw new Error(staged.message);
    const preview = await getImportPreview(actor, staged.importId);
    expect(preview?.diff?.update.map((u) => u.changes.map((c) => c.field))).toEqual([expect.arrayContaining(["status"])]);
    expect(preview?.closing).toEqual({ schools: 1, bookings: 2 });

    const applied = await applyImport(actor, staged.importId, preview!.diff!.fingerprint);
    expect(applied).toMatchObject({ status: "applied", updated: 1, withdrawn: { bookings: 2, offers: 1, told: [{ schoolId: closing.school.id }] } });
    expect((await statusOf(held)).status).toBe("CANCELLED");
    expect((await statusOf(requested)).status).toBe("CANCELLED");
  });
});

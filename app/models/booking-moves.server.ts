/**
 * Moving a booking to another delivery of the same topic: one transaction cancels the old place and
 * takes the new one, so the school never holds two places or loses its old one without a new one.
 */
import type { Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { formatDateTime } from "~/lib/dates";
import { recordAudit } from "./audit.server";
import { bookingMailInclude, sendConfirmationMessage, sendRequestedMessage } from "./booking-messages.server";
import { canCancel, cancelCutoffHours, getBooking } from "./bookings.server";
import { isOpenForBooking, placesLeft, withPlacesLeft } from "./deliveries.server";
import { offerFreedPlaces, passOnLapsedOffers, sendOffers } from "./waitlist.server";
import { holdsPlace, isActiveBooking, newBookingStatus, PLACE_HOLDING_STATUSES } from "~/lib/statuses";

/** Other deliveries of the booking's topic that the school could move to now. */
export async function moveOptions(actor: Actor, bookingId: string, now = new Date()) {
  const booking = await getBooking(actor, bookingId);
  const candidates = await prisma.delivery.findMany({
    where: {
      topicId: booking.delivery.topicId,
      id: { not: booking.deliveryId },
      status: "SCHEDULED",
      bookingClosesAt: { gt: now },
      startsAt: { gt: now },
      bookings: { none: { schoolId: booking.schoolId, status: { in: PLACE_HOLDING_STATUSES } } },
    },
    orderBy: { startsAt: "asc" },
    take: 50,
    select: { id: true, startsAt: true, format: true, capacity: true },
  });
  return { booking, options: (await withPlacesLeft(candidates, now)).filter((d) => d.placesLeft > 0) };
}

export type MoveResult = { ok: true; id: string; status: string } | { ok: false; message: string };

export async function moveBooking(actor: Actor, bookingId: string, toDeliveryId: string, now = new Date()): Promise<MoveResult> {
  const booking = await getBooking(actor, bookingId);
  if (!isActiveBooking(booking.status)) return { ok: false, message: "Only an active booking can be moved" };
  // Moving gives up this place, so whoever may cancel the booking may move it, and no one else.
  if (!canCancel(actor, booking, await cancelCutoffHours(), now)) {
    return { ok: false, message: "This booking can no longer be changed here. Contact the VRN schools lead." };
  }
  const target = await prisma.delivery.findUnique({ where: { id: toDeliveryId }, include: { topic: { select: { title: true } } } });
  if (!target || target.topicId !== booking.delivery.topicId || target.id === booking.deliveryId)
    return { ok: false, message: "Select another date for the same topic" };
  if (!isOpenForBooking(target, now)) return { ok: false, message: "That session is no longer taking bookings" };
  await passOnLapsedOffers(target.id, now);
  const status = newBookingStatus(target);
  const result = await prisma.$transaction(async (tx) => {
    if ((await placesLeft(target.id, tx, { forSchoolId: booking.schoolId, now })) < 1) return { ok: false as const, message: "That session is full" };
    const existing = await tx.booking.findUnique({ where: { deliveryId_schoolId: { deliveryId: target.id, schoolId: booking.schoolId } } });
    if (existing && holdsPlace(existing.status)) return { ok: false as const, message: "Your school has already booked that session" };
    await tx.booking.update({ where: { id: booking.id }, data: { status: "CANCELLED", statusReason: `Moved to ${formatDateTime(target.startsAt)}` } });
    const data = {
      status,
      yearGroups: booking.yearGroups,
      expectedPupils: booking.expectedPupils,
      contactName: booking.contactName,
      contactPhone: booking.contactPhone,
      accessNeeds: booking.accessNeeds,
      statusReason: "",
      bookedById: actor.id,
    };
    const moved = existing
      ? await tx.booking.update({ where: { id: existing.id }, data })
      : await tx.booking.create({ data: { ...data, deliveryId: target.id, schoolId: booking.schoolId } });
    await recordAudit(
      {
        actor,
        action: "move",
        entityType: "Booking",
        entityId: moved.id,
        summary: `Moved ${booking.school.name}'s booking from ${formatDateTime(booking.delivery.startsAt)} to ${formatDateTime(target.startsAt)}`,
      },
      tx,
    );
    const offers = await offerFreedPlaces(tx, booking.deliveryId, now);
    return { ok: true as const, id: moved.id, status, offers };
  });
  if (!result.ok) return result;
  const moved = await prisma.booking.findUniqueOrThrow({ where: { id: result.id }, include: bookingMailInclude });
  await (status === "CONFIRMED" ? sendConfirmationMessage(moved) : sendRequestedMessage(moved));
  await sendOffers(result.offers);
  return { ok: true, id: result.id, status };
}

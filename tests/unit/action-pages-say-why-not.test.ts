/**
 * A page that carries one change (cancel a booking, move it, decline a request, cancel a session) can be
 * reached when the change can no longer be made: a link kept in a bookmark or an email, the back button, a
 * page left open while someone else acted. It says why in place of its form, in the words the change itself
 * would refuse with, rather than offering a form that can only be refused.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { bookDelivery, cancelBooking, confirmBooking } from "~/models/bookings.server";
import { cancelDelivery } from "~/models/delivery-status.server";
import { bookingInput, createDelivery, createSchoolTeacher, lead } from "./delivery-factories";
import { replyOf } from "./support/reply";
import { routeContext } from "./support/route";

const DAY = 24 * 60 * 60 * 1000;

/** What `route`'s loader gives `userId` at `path`. */
async function opened(route: { loader: (args: LoaderFunctionArgs) => unknown }, path: string, params: Record<string, string>, userId: string) {
  const { token } = await createSession(userId);
  const request = new Request(`http://localhost${path}`, { headers: { Cookie: `vrn_session=${token}` } });
  return (await replyOf(await route.loader({ request, context: routeContext(), params }))).body as Record<string, unknown>;
}

async function booked(needsConfirmation = false) {
  const { user } = await createSchoolTeacher();
  const delivery = await createDelivery({ needsConfirmation });
  const result = await bookDelivery(user, delivery.id, bookingInput());
  if (!result.ok) throw new Error(result.message);
  return { teacher: user, delivery, bookingId: result.id };
}

describe("a page for a change that can no longer be made", () => {
  it("cancelling or moving a booking already cancelled, or one whose session has passed", async () => {
    const cancelPage = await import("~/routes/bookings.$bookingId.cancel");
    const movePage = await import("~/routes/bookings.$bookingId.move");
    const { teacher, bookingId } = await booked();
    const params = { bookingId };
    expect((await opened(cancelPage, `/bookings/${bookingId}/cancel`, params, teacher.id)).refusal).toBeNull();
    expect((await opened(movePage, `/bookings/${bookingId}/move`, params, teacher.id)).changeRefusal).toBeNull();

    await cancelBooking(teacher, bookingId, "Exams moved");
    expect((await opened(cancelPage, `/bookings/${bookingId}/cancel`, params, teacher.id)).refusal).toBe("This booking was cancelled already.");
    expect((await opened(movePage, `/bookings/${bookingId}/move`, params, teacher.id)).changeRefusal).toBe(
      "This booking was cancelled, so it cannot be moved.",
    );

    // A session that took place last week: its attendance recorded, the booking delivered.
    const past = await booked();
    await prisma.delivery.update({
      where: { id: past.delivery.id },
      data: { startsAt: new Date(Date.now() - 7 * DAY), endsAt: new Date(Date.now() - 7 * DAY + 3_600_000) },
    });
    const pastParams = { bookingId: past.bookingId };
    expect((await opened(cancelPage, `/bookings/${past.bookingId}/cancel`, pastParams, past.teacher.id)).refusal).toBe(
      "This session has started, so the booking cannot be cancelled.",
    );
    await prisma.booking.update({ where: { id: past.bookingId }, data: { status: "DELIVERED" } });
    const actor = await lead();
    expect((await opened(movePage, `/bookings/${past.bookingId}/move`, pastParams, actor.id)).changeRefusal).toBe(
      "This booking is for a session that took place, with its attendance recorded, so it cannot be moved.",
    );
  });

  it("declining or confirming a request the school cancelled or another lead answered meanwhile", async () => {
    const declinePage = await import("~/routes/bookings.$bookingId.decline");
    const actor = await lead();
    const { teacher, bookingId } = await booked(true);
    const params = { bookingId };
    expect((await opened(declinePage, `/bookings/${bookingId}/decline`, params, actor.id)).refusal).toBeNull();

    await cancelBooking(teacher, bookingId, "No longer needed");
    expect((await opened(declinePage, `/bookings/${bookingId}/decline`, params, actor.id)).refusal).toBe(
      "This booking is no longer a request, so it cannot be declined: it was cancelled.",
    );
    expect(await confirmBooking(actor, bookingId)).toEqual({
      ok: false,
      message: "This booking is no longer a request, so it cannot be confirmed: it was cancelled.",
    });

    const answered = await booked(true);
    expect(await confirmBooking(actor, answered.bookingId)).toMatchObject({ ok: true });
    expect((await opened(declinePage, `/bookings/${answered.bookingId}/decline`, { bookingId: answered.bookingId }, actor.id)).refusal).toBe(
      "This booking is no longer a request, so it cannot be declined: it was confirmed.",
    );
  });

  it("cancelling a session cancelled already", async () => {
    const cancelPage = await import("~/routes/sessions.deliveries.$deliveryId.cancel");
    const actor = await lead();
    const delivery = await createDelivery();
    const params = { deliveryId: delivery.id };
    expect((await opened(cancelPage, `/sessions/deliveries/${delivery.id}/cancel`, params, actor.id)).statusRefusal).toBeNull();
    expect(await cancelDelivery(actor, delivery.id, "Officer unavailable")).toMatchObject({ ok: true });
    expect((await opened(cancelPage, `/sessions/deliveries/${delivery.id}/cancel`, params, actor.id)).statusRefusal).toBe(
      "This session was cancelled already.",
    );
  });
});

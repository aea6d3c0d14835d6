import { formatSessionTimes } from "./dates";
import type { CalendarEvent } from "./ics";
import { londonDateInputValue } from "./london-time";
import { isWithdrawnBooking } from "./statuses";
import { counted } from "~/lib/numbers";

/** What a booking's calendar event is made from: the booking, its school and its delivery. */
export type BookingForCalendar = {
  id: string;
  status: string;
  calendarSequence: number;
  expectedPupils: number;
  school: { name: string };
  delivery: { startsAt: Date; endsAt: Date; format: string; facilitatorName: string; facilitatorOrg: string; joiningLink: string; topic: { title: string } };
};

/**
 * The joining link a booking's school may see: an online workshop's link once the school's place is
 * confirmed (or the session delivered), else null. Schools still waiting for confirmation, on the
 * waiting list, withdrawn, or booked on other sessions never see it, nor does any public page.
 */
export function joiningLinkFor(booking: { status: string; delivery: { format: string; joiningLink: string } }): string | null {
  const { format, joiningLink } = booking.delivery;
  return format === "ONLINE" && joiningLink !== "" && (booking.status === "CONFIRMED" || booking.status === "DELIVERED") ? joiningLink : null;
}

/**
 * Who should be told that an online session still to come at `now` has no joining link yet: the lead
 * (`lead`), a school whose place is confirmed (`school`), or nobody (null: not online, over, called off,
 * the link is there, or the school's place is not confirmed, so it would not see one).
 */
export function joiningLinkMissing(
  delivery: { format: string; status: string; endsAt: string | Date; joiningLink?: string | null },
  viewer: "lead" | { bookingStatus: string },
  now: Date,
): "lead" | "school" | null {
  if (delivery.format !== "ONLINE" || delivery.status !== "SCHEDULED" || new Date(delivery.endsAt) <= now || delivery.joiningLink) return null;
  if (viewer === "lead") return "lead";
  return viewer.bookingStatus === "CONFIRMED" ? "school" : null;
}

/**
 * The calendar event of a booking, as of `stamp` (DTSTAMP: when the file is made). The UID comes from
 * the booking's id, which a move or a change to the session keeps, so every later file replaces the
 * event in the school's calendar; SEQUENCE is the booking's `calendarSequence`, raised by each change.
 * A cancelled or declined booking's event is a cancelled one (STATUS:CANCELLED).
 */
export function bookingCalendarEvent(booking: BookingForCalendar, stamp: Date): CalendarEvent {
  const d = booking.delivery;
  const link = joiningLinkFor(booking);
  return {
    uid: `booking-${booking.id}@schools-forum`,
    start: d.startsAt,
    end: d.endsAt,
    summary: `${d.topic.title} (VRN session)`,
    description: `${formatSessionTimes(d.startsAt, d.endsAt)} (UK time). ${d.format === "ONLINE" ? "Online workshop" : "Visit to school"} with ${d.facilitatorName}, ${d.facilitatorOrg}. ${counted(booking.expectedPupils, "pupil")} expected.${link ? ` Join at ${link}` : ""}`,
    location: d.format === "ONLINE" ? (link ?? "Online") : booking.school.name,
    ...(link ? { url: link } : {}),
    stamp,
    sequence: booking.calendarSequence,
    cancelled: isWithdrawnBooking(booking.status),
  };
}

/**
 * The name a booking's calendar file is offered and attached under: the topic and the London date of the
 * session, e.g. `knife-crime-awareness-2027-01-05.ics`. Only lower-case ASCII letters, digits and hyphens
 * (accents are dropped, anything else becomes a hyphen), so it needs no quoting or encoding in any header
 * and names no folder; a title with nothing usable in it gives `vrn-session-2027-01-05.ics`.
 */
export function calendarFileName(delivery: { startsAt: Date; topic: { title: string } }): string {
  const words = delivery.topic.title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${words || "vrn-session"}-${londonDateInputValue(delivery.startsAt)}.ics`;
}

/**
 * Roles and statuses: the values come from the Prisma enums in `prisma/schema.prisma` (the one source);
 * this module names the groups of them the rules use, and the words people read for each. Rules that
 * also need a date or a setting (can a school still cancel?) live in the models and use these groups.
 */
import { BookingStatus, DeliveryStatus, JobOutcome, Role, SchoolStatus, SurveyTemplateStatus, WaitlistStatus } from "~/generated/prisma/enums";

export { BookingStatus, DeliveryStatus, JobOutcome, Role, SchoolStatus, SurveyTemplateStatus, WaitlistStatus };

/** Every value of an enum object, in schema order, as a non-empty tuple (what `z.enum` needs). */
function valuesOf<T extends string>(enumObject: Record<string, T>): [T, ...T[]] {
  return Object.values(enumObject) as [T, ...T[]];
}

const isOneOf = (statuses: readonly string[], status: string) => statuses.includes(status);

export const ROLES = valuesOf(Role);
export const SCHOOL_STATUSES = valuesOf(SchoolStatus);

/** Bookings still going ahead: the school may move or cancel them, and the day has not been recorded. */
export const ACTIVE_BOOKING_STATUSES = [BookingStatus.REQUESTED, BookingStatus.CONFIRMED] satisfies BookingStatus[];

/** Bookings that hold a place on their delivery. A cancelled or declined booking gives its place back. */
export const PLACE_HOLDING_STATUSES = [...ACTIVE_BOOKING_STATUSES, BookingStatus.DELIVERED] satisfies BookingStatus[];

/** The status a new booking takes: a delivery that needs the lead's confirmation starts it as a request. */
export function newBookingStatus(delivery: { needsConfirmation: boolean }): BookingStatus {
  return delivery.needsConfirmation ? BookingStatus.REQUESTED : BookingStatus.CONFIRMED;
}

/** Whether a booking is still going ahead (requested or confirmed). */
export function isActiveBooking(status: string): boolean {
  return isOneOf(ACTIVE_BOOKING_STATUSES, status);
}

/** Whether a booking holds a place on its delivery (active, or delivered). */
export function holdsPlace(status: string): boolean {
  return isOneOf(PLACE_HOLDING_STATUSES, status);
}

/** Bookings whose day has come and been recorded: delivered, or it did not happen. */
export const RECORDED_BOOKING_STATUSES = [BookingStatus.DELIVERED, BookingStatus.NOT_DELIVERED] satisfies BookingStatus[];

/** Bookings that will not go ahead: cancelled by the school or the lead, or declined by the lead. */
const WITHDRAWN_BOOKING_STATUSES = [BookingStatus.CANCELLED, BookingStatus.DECLINED] satisfies BookingStatus[];

/** Bookings a school can add to its calendar: confirmed or delivered, or cancelled (to remove the event). */
const CALENDAR_BOOKING_STATUSES = [BookingStatus.CONFIRMED, BookingStatus.DELIVERED, BookingStatus.CANCELLED] satisfies BookingStatus[];

/**
 * Bookings that may have an attendance return: confirmed ones, and recorded ones being corrected (delivered,
 * or said by the school not to have taken place).
 */
export const RETURNABLE_BOOKING_STATUSES = [BookingStatus.CONFIRMED, BookingStatus.DELIVERED, BookingStatus.NOT_DELIVERED] satisfies BookingStatus[];

/** Waiting-list entries still in the queue or holding an offer. */
export const OPEN_WAITLIST_STATUSES = [WaitlistStatus.WAITING, WaitlistStatus.OFFERED] satisfies WaitlistStatus[];

/** Whether a waiting-list entry is still in the queue or holding an offer. Pass a status from waitlistStatusAt. */
export function isOnWaitlist(status: string): boolean {
  return isOneOf(OPEN_WAITLIST_STATUSES, status);
}

/**
 * The one rule for a waiting-list entry's status at `now`: an offer whose time has passed is EXPIRED at
 * once, whether or not the scheduled job has written that down yet. Every read of an entry's status goes
 * through this (or openOfferWhere, its form as a database filter).
 */
export function waitlistStatusAt(entry: { status: WaitlistStatus; offerExpiresAt: Date | null }, now: Date): WaitlistStatus {
  if (entry.status === WaitlistStatus.OFFERED && (!entry.offerExpiresAt || entry.offerExpiresAt <= now)) return WaitlistStatus.EXPIRED;
  return entry.status;
}

/** Waiting-list entries holding an offer that is still open at `now`, as a Prisma filter (see waitlistStatusAt). */
export function openOfferWhere(now: Date) {
  return { status: WaitlistStatus.OFFERED, offerExpiresAt: { gt: now } };
}

/** Offers whose time has passed at `now` but that are still written down as OFFERED. */
export function lapsedOfferWhere(now: Date) {
  return { status: WaitlistStatus.OFFERED, OR: [{ offerExpiresAt: null }, { offerExpiresAt: { lte: now } }] };
}

/** Whether a booking was cancelled or declined. */
export const isWithdrawnBooking = (status: string) => isOneOf(WITHDRAWN_BOOKING_STATUSES, status);
/** Whether a booking has a calendar file. */
export const hasCalendarFile = (status: string) => isOneOf(CALENDAR_BOOKING_STATUSES, status);
/** Whether a booking may have an attendance return. */
export const mayHaveAttendanceReturn = (status: string) => isOneOf(RETURNABLE_BOOKING_STATUSES, status);

/**
 * Whether the school owes an attendance return for a booking at `now`: its place was confirmed and the
 * session has ended, as scheduled, with nothing recorded yet (recording it makes the booking DELIVERED).
 * Pages show such a booking as "Attendance return due" with "Record attendance", never as "Confirmed".
 */
export function awaitsAttendanceReturn(booking: { status: string; delivery: { endsAt: Date; status: string } }, now = new Date()) {
  return booking.status === BookingStatus.CONFIRMED && booking.delivery.status === DeliveryStatus.SCHEDULED && booking.delivery.endsAt <= now;
}

/** The bookings that await their attendance return at `now` (awaitsAttendanceReturn), as a Prisma filter on a booking. */
export function attendanceReturnDueWhere(now: Date) {
  return { status: BookingStatus.CONFIRMED, delivery: { status: DeliveryStatus.SCHEDULED, endsAt: { lte: now } } };
}

/**
 * The bookings a school's pages list as upcoming at `now`, as a Prisma filter on a booking: still going
 * ahead (requested or confirmed), for a scheduled session that has not ended. A session under way is
 * upcoming until it ends, as on the lead's schedule (scheduleStateOf); then it awaits its return.
 */
function upcomingBookingWhere(now: Date) {
  return { status: { in: ACTIVE_BOOKING_STATUSES }, delivery: { status: DeliveryStatus.SCHEDULED, endsAt: { gt: now } } };
}

/** Whether a booking is upcoming at `now`, as upcomingBookingWhere reads them. */
function isUpcomingBooking(booking: { status: string; delivery: { endsAt: Date; status: string } }, now: Date) {
  return isActiveBooking(booking.status) && booking.delivery.status === DeliveryStatus.SCHEDULED && booking.delivery.endsAt > now;
}

/**
 * The groups of a school's bookings page. Every booking is in exactly one (schoolBookingGroupOf), so
 * none can go missing from the page whatever its status, its session's status and the time:
 * - `RETURN_DUE`: the school owes its attendance return (awaitsAttendanceReturn);
 * - `UPCOMING`: still to come or under way (isUpcomingBooking);
 * - `WITHDRAWN`: cancelled or declined;
 * - `PAST`: the rest: attendance recorded, did not take place, or a request the lead never answered
 *   before its session ended (isUnansweredRequest).
 */
export type SchoolBookingGroup = "RETURN_DUE" | "UPCOMING" | "WITHDRAWN" | "PAST";

type BookingAt = { status: string; delivery: { endsAt: Date; status: string } };

/** The one group of a school's bookings page that a booking is in at `now` (SchoolBookingGroup). */
export function schoolBookingGroupOf(booking: BookingAt, now: Date): SchoolBookingGroup {
  if (isWithdrawnBooking(booking.status)) return "WITHDRAWN";
  if (awaitsAttendanceReturn(booking, now)) return "RETURN_DUE";
  if (isUpcomingBooking(booking, now)) return "UPCOMING";
  return "PAST";
}

/** The bookings in a group of a school's bookings page at `now` (schoolBookingGroupOf), as a Prisma filter on a booking. */
export function schoolBookingGroupWhere(group: SchoolBookingGroup, now: Date) {
  const withdrawn = { status: { in: WITHDRAWN_BOOKING_STATUSES } };
  switch (group) {
    case "WITHDRAWN":
      return withdrawn;
    case "RETURN_DUE":
      return attendanceReturnDueWhere(now);
    case "UPCOMING":
      return upcomingBookingWhere(now);
    case "PAST":
      return { NOT: [withdrawn, attendanceReturnDueWhere(now), upcomingBookingWhere(now)] };
  }
}

/**
 * Whether a booking is a request the lead never answered before its session ended: it holds no place
 * that was confirmed, and pages say so rather than "Requested" for a session in the past. The lead may
 * still confirm or decline it from their queue.
 */
export function isUnansweredRequest(booking: BookingAt, now: Date) {
  return booking.status === BookingStatus.REQUESTED && booking.delivery.endsAt <= now;
}

/** What a request never answered before its session ended is called (isUnansweredRequest). */
export const UNANSWERED_REQUEST_LABEL = "Not answered before the session";

/** What a booking that awaits its attendance return is called on every page (`awaitsAttendanceReturn`). */
export const ATTENDANCE_RETURN_DUE_LABEL = "Attendance return due";

const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  REQUESTED: "Requested",
  CONFIRMED: "Confirmed",
  DECLINED: "Declined",
  CANCELLED: "Cancelled",
  DELIVERED: "Delivered",
  NOT_DELIVERED: "Did not take place",
};

const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  SCHEDULED: "Scheduled",
  CANCELLED: "Cancelled",
  NOT_DELIVERED: "Did not take place",
};

/**
 * Where a session stands, as the lead's schedule shows it: its own status (cancelled, did not take
 * place) and, once it has ended, what its bookings say. Derived, never stored: a session does not stop
 * being "Scheduled" in the database when its day passes.
 */
export type ScheduleState = "UPCOMING" | "AWAITING_RETURNS" | "DELIVERED" | "DID_NOT_TAKE_PLACE" | "NO_SCHOOLS" | "CANCELLED";

export const SCHEDULE_STATE_LABELS: Record<ScheduleState, string> = {
  UPCOMING: "Scheduled",
  AWAITING_RETURNS: "Awaiting attendance returns",
  DELIVERED: "Delivered",
  DID_NOT_TAKE_PLACE: "Did not take place",
  NO_SCHOOLS: "No schools booked",
  CANCELLED: "Cancelled",
};

/**
 * The one rule for a session's state at `now`, from its status, when it ends, and the statuses of its
 * bookings (any order, any status). A cancelled session, or one the lead recorded as not taking place,
 * is that. Until it ends it is upcoming. After it ends: awaiting returns while any school's booking is
 * still requested or confirmed; delivered when at least one school recorded attendance; did not take
 * place when every school booked said so; and no schools booked when none held a place.
 */
export function scheduleStateOf(delivery: { status: string; endsAt: Date }, bookingStatuses: readonly string[], now: Date): ScheduleState {
  if (delivery.status === DeliveryStatus.CANCELLED) return "CANCELLED";
  if (delivery.status === DeliveryStatus.NOT_DELIVERED) return "DID_NOT_TAKE_PLACE";
  if (delivery.endsAt > now) return "UPCOMING";
  if (bookingStatuses.some(isActiveBooking)) return "AWAITING_RETURNS";
  if (bookingStatuses.includes(BookingStatus.DELIVERED)) return "DELIVERED";
  if (bookingStatuses.includes(BookingStatus.NOT_DELIVERED)) return "DID_NOT_TAKE_PLACE";
  return "NO_SCHOOLS";
}

export const SCHOOL_STATUS_LABELS: Record<SchoolStatus, string> = { OPEN: "Open", CLOSED: "Closed" };

/** Things a school starts here, which its lifecycle status (as GIAS records it) may rule out. */
export type SchoolActivity = "booking" | "survey" | "invitation";

/**
 * What each lifecycle status lets a school start (docs/decisions/0029). A closed school keeps its history
 * and reach but starts nothing new; what it already has (bookings, attendance, survey results) stays.
 */
const SCHOOL_STATUS_ALLOWS: Record<SchoolStatus, readonly SchoolActivity[]> = {
  OPEN: ["booking", "survey", "invitation"],
  CLOSED: [],
};

const ACTIVITY_WORDS: Record<SchoolActivity, string> = {
  booking: "book sessions or join a waiting list",
  survey: "open new pupil surveys",
  invitation: "have new people invited",
};

/**
 * Why a school with `status` may not start `activity`, in words for the page and the form ("This school
 * is closed, so it cannot book sessions or join a waiting list. Its past bookings and reach are kept."),
 * or null when it may. `school` is the school's name, or "Your school" for its own staff.
 */
export function schoolActivityRefusal(status: string, activity: SchoolActivity, school = "This school"): string | null {
  const allowed = (SCHOOL_STATUS_ALLOWS as Record<string, readonly SchoolActivity[] | undefined>)[status] ?? [];
  if (allowed.includes(activity)) return null;
  const state = status === "CLOSED" ? "is closed" : `is recorded as “${schoolStatusLabel(status)}”`;
  return `${school} ${state}, so it cannot ${ACTIVITY_WORDS[activity]}. Its past bookings, survey results and reach are kept.`;
}

const SURVEY_TEMPLATE_STATUS_LABELS: Record<SurveyTemplateStatus, string> = {
  DRAFT: "Draft",
  PUBLISHED: "Published",
  RETIRED: "Retired",
};

const JOB_OUTCOME_LABELS: Record<JobOutcome, string> = { RUNNING: "Running", SUCCEEDED: "Done", FAILED: "Failed" };

// The words for a status, or the raw value if it is not one this code knows: a page never throws on it.
const labelOf = (labels: Record<string, string>, status: string) => labels[status] ?? status;
export const bookingStatusLabel = (status: string) => labelOf(BOOKING_STATUS_LABELS, status);
export const deliveryStatusLabel = (status: string) => labelOf(DELIVERY_STATUS_LABELS, status);
export const schoolStatusLabel = (status: string) => labelOf(SCHOOL_STATUS_LABELS, status);
export const surveyTemplateStatusLabel = (status: string) => labelOf(SURVEY_TEMPLATE_STATUS_LABELS, status);
export const jobOutcomeLabel = (outcome: string) => labelOf(JOB_OUTCOME_LABELS, outcome);

/**
 * The emails about bookings, in plain words. Sent after the change is saved, through the mailer; each
 * send function returns what the mailer did for the school (`SchoolTold`), never what it meant to do.
 */
import { prisma } from "~/db.server";
import { bookingCalendarEvent, calendarFileName, joiningLinkFor, type BookingForCalendar } from "~/lib/booking-calendar";
import { calendarFile } from "~/lib/ics";
import { env } from "~/env.server";
import { appOrigin } from "~/lib/app-origin.server";
import { formatDayAndTime, formatSessionTimes } from "~/lib/dates";
import { FORMAT_LABELS } from "~/lib/delivery-schemas";
import { describeYearGroups, parseYearGroups } from "~/lib/year-groups";
import { mailInOutbox, sendMail, type MailCalendar } from "./mailer.server";

type BookingForMail = BookingForCalendar & {
  schoolId: string;
  bookedById: string | null;
  bookedBy: { role: string } | null;
  yearGroups: string;
};

export const bookingMailInclude = {
  school: { select: { name: true } },
  delivery: { include: { topic: { select: { title: true } } } },
  bookedBy: { select: { role: true } },
} as const;

/** The line that tells a school the VRN schools lead made its booking (on the phone, say), when they did. */
const bookedByLeadLines = (b: BookingForMail) => (b.bookedBy?.role === "VRN_LEAD" ? ["The VRN schools lead booked this place on your school's behalf."] : []);

// Emails need whole addresses; without APP_URL (a local demo) they point at this machine.
/** Where links in these emails point: the one rule for emailed links. */
const origin = appOrigin;

/**
 * What the mailer really did for one school's message: `sent` people were sent it, or, when `inOutbox`
 * (no mail server is set up), had it kept in the outbox, where only the VRN lead reads it; `failed` sends
 * were refused. Both 0 means nobody at the school has an active account the message goes to. Pages build
 * their "told by email" words from this (app/lib/told-by-email.ts): never "told" for a message in the outbox.
 * `emails`, present only when the school was sent several messages at once (a closed school's bookings
 * cancelled, one message a booking, perhaps each to other people), is how many emails they came to in
 * all, failed ones included; `sent` is then the most people one message reached.
 */
export type SchoolTold = { schoolId: string; schoolName: string; sent: number; failed: number; inOutbox: boolean; emails?: number };

/**
 * The change these messages report is already saved, so a mail server that is down must not turn it into
 * an error page; the failure is logged for whoever runs the service. True when sent or queued.
 */
async function deliver(to: string, subject: string, text: string, calendar?: MailCalendar): Promise<boolean> {
  try {
    await sendMail({ to, subject, text, calendar });
    return true;
  } catch (error) {
    console.error(`Could not send "${subject}" to one person:`, error);
    return false;
  }
}

async function deliverToAll(
  school: { id: string; name: string },
  recipients: string[],
  subject: string,
  text: string,
  calendarFor?: (to: string) => MailCalendar,
): Promise<SchoolTold> {
  const told: SchoolTold = { schoolId: school.id, schoolName: school.name, sent: 0, failed: 0, inOutbox: mailInOutbox };
  for (const to of recipients) {
    if (await deliver(to, subject, text, calendarFor?.(to))) told.sent += 1;
    else told.failed += 1;
  }
  return told;
}

/** The people at a school its messages about bookings and places go to: its active teachers. */
const SCHOOL_RECIPIENT = { active: true, role: "TEACHER" } as const;

/** The people at a school who can book a session: its active teachers and MVP leads (the roles with `deliveries:book`). */
export const SCHOOL_BOOKER: { active: true; role: { in: ("TEACHER" | "MVP_LEAD")[] } } = { active: true, role: { in: ["TEACHER", "MVP_LEAD"] } };

/** A school a freed place can be offered to: open, with someone to tell who can book it (decision 0149). */
export const OFFERABLE_SCHOOL = { status: { not: "CLOSED" as const }, users: { some: SCHOOL_BOOKER } };

/**
 * Who an offer of a place goes to: the school's active teachers, as other messages about its bookings;
 * where it has none, its active MVP leads, who can book too (decision 0149). A school user's page says
 * so in OFFER_EMAILED_TO (app/lib/told-by-email.ts): change both together.
 */
async function offerRecipients(schoolId: string): Promise<string[]> {
  const teachers = await schoolRecipients(schoolId, null);
  if (teachers.length > 0) return teachers;
  const leads = await prisma.user.findMany({ where: { schoolId, active: true, role: "MVP_LEAD" }, select: { email: true } });
  return leads.map((u) => u.email);
}

/**
 * Who hears about a school's booking: the school's active teachers, and whoever made it while they are
 * still at that school (someone who has moved to another school no longer hears about this one's).
 */
function recipientsWhere(schoolId: string, bookedById: string | null) {
  return { active: true, schoolId, OR: [{ role: SCHOOL_RECIPIENT.role }, ...(bookedById ? [{ id: bookedById }] : [])] };
}

async function schoolRecipients(schoolId: string, bookedById: string | null) {
  const users = await prisma.user.findMany({ where: recipientsWhere(schoolId, bookedById), select: { email: true } });
  return [...new Set(users.map((u) => u.email))];
}

/** How many people a message about this booking would go to now (0: nobody at the school to tell). */
export function countSchoolRecipients(booking: { schoolId: string; bookedById: string | null }) {
  return prisma.user.count({ where: recipientsWhere(booking.schoolId, booking.bookedById) });
}

/** The sender named in MAIL_FROM ("Name <address>" or a bare address), as the calendar's ORGANIZER. */
function organizer() {
  const match = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+)>\s*$/.exec(env.MAIL_FROM);
  return match ? { name: match[1] || "VRN Schools Forum", email: match[2]! } : { name: "VRN Schools Forum", email: env.MAIL_FROM.trim() };
}

/**
 * The booking's calendar file as sent to one person: REQUEST adds or updates the event in their
 * calendar, CANCEL removes it. Same UID and SEQUENCE as the file the booking page offers.
 */
function calendarFor(booking: BookingForMail, method: MailCalendar["method"], to: string): MailCalendar {
  const event = bookingCalendarEvent(booking, new Date());
  const content = calendarFile({ ...event, method, cancelled: method === "CANCEL", organizer: organizer(), attendee: to });
  return { method, content, filename: calendarFileName(booking.delivery) };
}

async function sendToSchool(booking: BookingForMail, subject: string, lines: string[], calendar?: MailCalendar["method"]): Promise<SchoolTold> {
  const text = [...lines, "", "VRN Schools Forum"].join("\n");
  const school = { id: booking.schoolId, name: booking.school.name };
  const recipients = await schoolRecipients(booking.schoolId, booking.bookedById);
  return deliverToAll(school, recipients, subject, text, calendar && ((to) => calendarFor(booking, calendar, to)));
}

function deliveryLines(b: BookingForMail) {
  const link = joiningLinkFor(b);
  return [
    `Session: ${b.delivery.topic.title}`,
    `When: ${formatSessionTimes(b.delivery.startsAt, b.delivery.endsAt)} (UK time)`,
    `Format: ${FORMAT_LABELS[b.delivery.format] ?? b.delivery.format}`,
    ...(link ? [`Joining link: ${link}`] : []),
    `Facilitator: ${b.delivery.facilitatorName}, ${b.delivery.facilitatorOrg}`,
    `School: ${b.school.name}`,
    `Pupils: ${b.expectedPupils} from ${describeYearGroups(parseYearGroups(b.yearGroups))}`,
  ];
}

/** `withdrawCalendar`: the booking was confirmed before (a move), so the attached file takes it out of calendars until confirmed again. */
export function sendRequestedMessage(b: BookingForMail, { withdrawCalendar = false } = {}) {
  return sendToSchool(
    b,
    `Booking request received: ${b.delivery.topic.title}`,
    [
      "We have your request for a place. The VRN schools lead will confirm or decline it soon.",
      ...bookedByLeadLines(b),
      ...(withdrawCalendar ? ["The attached calendar file takes the earlier date out of your calendar; a new one comes when the place is confirmed."] : []),
      "",
      ...deliveryLines(b),
    ],
    withdrawCalendar ? "CANCEL" : undefined,
  );
}

export function sendConfirmationMessage(b: BookingForMail) {
  return sendToSchool(
    b,
    `Booking confirmed: ${b.delivery.topic.title}`,
    [
      "Your place is confirmed.",
      ...bookedByLeadLines(b),
      "",
      ...deliveryLines(b),
      "",
      "Open the attached calendar file (.ics) to add it to your calendar, in UK time, with the session's name and facilitator.",
      `You can also download it: ${origin()}/bookings/${b.id}/calendar.ics`,
      `See or cancel the booking: ${origin()}/bookings/${b.id}`,
    ],
    "REQUEST",
  );
}

export function sendDeclinedMessage(b: BookingForMail, reason: string) {
  return sendToSchool(b, `Booking declined: ${b.delivery.topic.title}`, [
    "We cannot give your school a place on this session.",
    `Reason: ${reason}`,
    "",
    ...deliveryLines(b),
  ]);
}

/**
 * Who called off what: the school its own booking, the VRN lead one school's booking (the session goes
 * ahead for the others), or the VRN lead the whole session.
 */
export type CancelledBy = "school" | "vrn-booking" | "vrn-session";

const CANCELLED_WORDS: Record<CancelledBy, { subject: string; opening: string }> = {
  school: { subject: "Booking cancelled", opening: "Your school's booking has been cancelled." },
  "vrn-booking": { subject: "Booking cancelled", opening: "The VRN has cancelled your school's booking on this session. The session itself goes ahead." },
  "vrn-session": { subject: "Session cancelled", opening: "We are sorry: this session has been cancelled by the VRN." },
};

/**
 * Tells a school its booking, or the whole session, was called off (`by`). `wasInCalendar`: the booking
 * had been confirmed, so a calendar file (METHOD:CANCEL) removes the event.
 */
export function sendCancelledMessage(b: BookingForMail, reason: string, by: CancelledBy, { wasInCalendar = false } = {}) {
  const words = CANCELLED_WORDS[by];
  return sendToSchool(
    b,
    `${words.subject}: ${b.delivery.topic.title}`,
    [
      words.opening,
      `Reason: ${reason}`,
      ...(wasInCalendar ? ["The attached calendar file takes it out of your calendar, if it was added there."] : []),
      "",
      ...deliveryLines(b),
    ],
    wasInCalendar ? "CANCEL" : undefined,
  );
}

/** The lead changed the session itself: what it was, what it is now, and a fresh calendar file. */
export function sendDeliveryChangedMessage(b: BookingForMail, before: { startsAt: Date; endsAt: Date; joiningLink: string; topic: { title: string } }) {
  const newLink = joiningLinkFor(b) !== null && before.joiningLink !== b.delivery.joiningLink;
  return sendToSchool(
    b,
    `Session changed: ${b.delivery.topic.title}`,
    [
      "The VRN has changed a session your school has booked. Your booking stands; please check the new details.",
      ...(newLink ? ["The joining link has changed: use the one below."] : []),
      "",
      `It was: ${before.topic.title}, ${formatSessionTimes(before.startsAt, before.endsAt)} (UK time)`,
      "It is now:",
      ...deliveryLines(b),
      "",
      ...(b.status === "CONFIRMED"
        ? ["The attached calendar file (.ics) updates the event in your calendar.", `You can also download it: ${origin()}/bookings/${b.id}/calendar.ics`]
        : []),
      `If the new time does not suit, cancel or move the booking: ${origin()}/bookings/${b.id}`,
    ],
    b.status === "CONFIRMED" ? "REQUEST" : undefined,
  );
}

/** The reminder before a session; `when` is "today", "tomorrow" or "in 3 days" (whenInLondonDays). */
export function sendReminderMessage(b: BookingForMail, when: string) {
  return sendToSchool(b, `Reminder: ${b.delivery.topic.title} ${when}`, [
    `A reminder that your school's session is ${when}.`,
    "",
    ...deliveryLines(b),
    "",
    `The booking: ${origin()}/bookings/${b.id}`,
  ]);
}

export function sendAttendanceReminder(b: BookingForMail) {
  return sendToSchool(b, `Please record attendance: ${b.delivery.topic.title}`, [
    "Please tell us how many pupils attended, per year group. Counts only, never names.",
    "",
    ...deliveryLines(b),
    "",
    `Record attendance: ${origin()}/bookings/${b.id}/attendance`,
  ]);
}

export async function sendWaitlistOfferMessage(
  entry: { schoolId: string; deliveryId: string; offerExpiresAt: Date },
  delivery: { topic: { title: string }; startsAt: Date; endsAt: Date },
): Promise<SchoolTold> {
  const text = [
    `A place has come free on ${delivery.topic.title}, ${formatSessionTimes(delivery.startsAt, delivery.endsAt)} (UK time), and it is held for your school.`,
    `Book it by ${formatDayAndTime(entry.offerExpiresAt)} (UK time): after that it is no longer held for your school.`,
    `Book: ${origin()}/sessions/deliveries/${entry.deliveryId}/book`,
    "",
    "VRN Schools Forum",
  ].join("\n");
  const school = await prisma.school.findUniqueOrThrow({ where: { id: entry.schoolId }, select: { id: true, name: true } });
  return deliverToAll(school, await offerRecipients(entry.schoolId), `A place is free: ${delivery.topic.title}`, text);
}

/**
 * Tells a school whose offer of a place now ends sooner, because booking for the session closes sooner
 * (updateDelivery), by when it must book, or, once that time has passed, that the place is no longer held.
 * `entry.offerExpiresAt` is the new end of the offer.
 */
export async function sendWaitlistOfferShortenedMessage(
  entry: { schoolId: string; deliveryId: string; offerExpiresAt: Date },
  delivery: { topic: { title: string }; startsAt: Date; endsAt: Date },
  now: Date,
): Promise<SchoolTold> {
  const session = `${delivery.topic.title}, ${formatSessionTimes(delivery.startsAt, delivery.endsAt)} (UK time)`;
  const lines =
    entry.offerExpiresAt > now
      ? [
          `Booking for ${session} now closes sooner, so the place held for your school is held until ${formatDayAndTime(entry.offerExpiresAt)} (UK time).`,
          `Book it by then: ${origin()}/sessions/deliveries/${entry.deliveryId}/book`,
        ]
      : [`Booking for ${session} has now closed, so the place that was held for your school is no longer held.`];
  const text = [...lines, "", "VRN Schools Forum"].join("\n");
  const school = await prisma.school.findUniqueOrThrow({ where: { id: entry.schoolId }, select: { id: true, name: true } });
  return deliverToAll(school, await schoolRecipients(entry.schoolId, null), `The place held for your school: ${delivery.topic.title}`, text);
}

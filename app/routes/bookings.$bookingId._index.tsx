import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { BookingStatusTag, DeliveryFacts } from "~/components/delivery-ui";
import { joiningLinkMissing } from "~/lib/booking-calendar";
import { SCHOOL_RECORD_CONTACT } from "~/components/school-refusal";
import { describeYearGroups, parseYearGroups, pupilsRecorded } from "~/lib/year-groups";
import { canRecordReturn } from "~/models/attendance.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { counted } from "~/lib/numbers";
import { listBookingMoves } from "~/models/booking-moves.server";
import { canCancel, cancelCutoffHours, getBooking } from "~/models/bookings.server";
import { canOpenAfterSurvey, canOpenBeforeSurvey } from "~/models/survey-run-state";
import { schoolCalledBy, schoolRefusalFor, sessionRefusal } from "~/models/school-status.server";
import { awaitsAttendanceReturn, holdsPlace, isActiveBooking, isUnansweredRequest } from "~/lib/statuses";
import { SummaryList, SummaryRow } from "~/components/summary-list";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Booking: ${data.booking.delivery.topic.title}, ${formatDate(data.booking.delivery.startsAt)}` : "Booking"} – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const booking = await getBooking(user, args.params.bookingId ?? "");
  const lead = can(user, "deliveries:manage");
  const cutoff = await cancelCutoffHours();
  const moves = await listBookingMoves(user, booking.id);
  return {
    booking,
    moves: moves.map((m) => ({ id: m.id, text: `${m.summary}, on ${formatDateTime(m.at)}` })),
    lead,
    cutoff,
    canCancel: canCancel(user, booking, cutoff),
    canRecordAttendance: canRecordReturn(booking),
    returnDue: awaitsAttendanceReturn(booking),
    unanswered: isUnansweredRequest(booking, new Date()),
    linkMissing: joiningLinkMissing(booking.delivery, lead ? "lead" : { bookingStatus: booking.status }, new Date()),
    beforeSurvey: canOpenBeforeSurvey(booking.delivery),
    afterSurvey: canOpenAfterSurvey(booking.delivery),
    // A closed school, or one not open by the session, is told why instead of being offered what it would be
    // refused (decisions 0029 and 0158).
    surveyRefusal: sessionRefusal(booking.school, "survey", booking.delivery.startsAt, schoolCalledBy(user, booking.school)),
    moveRefusal: schoolRefusalFor(user, booking.school, "booking"),
    // As the requests page says it, for a request the lead could not confirm (confirmBooking).
    confirmRefusal: lead && booking.status === "REQUESTED" ? sessionRefusal(booking.school, "confirm", booking.delivery.startsAt, booking.school.name) : null,
  };
}

export default function BookingPage() {
  const {
    booking: b,
    moves,
    lead,
    cutoff,
    canCancel,
    canRecordAttendance,
    returnDue,
    unanswered,
    linkMissing,
    beforeSurvey,
    afterSurvey,
    surveyRefusal,
    moveRefusal,
    confirmRefusal,
  } = useLoaderData<typeof loader>();
  const d = b.delivery;
  const total = b.attendance ? pupilsRecorded(b.attendance.counts) : undefined;
  return (
    <>
      <p className="mb-4">{lead ? <Link to={`/sessions/deliveries/${d.id}`}>Back to the session</Link> : <Link to="/bookings">Back to your bookings</Link>}</p>
      <h1>{d.topic.title}</h1>
      <p className="mb-6 text-xl">
        {b.school.name}: <BookingStatusTag status={b.status} returnDue={returnDue} unanswered={unanswered} />
      </p>
      <SummaryList className="mb-8 max-w-3xl">
        <DeliveryFacts delivery={d} linkMissing={linkMissing} />
        <SummaryRow term="Year groups">{describeYearGroups(parseYearGroups(b.yearGroups))}</SummaryRow>
        <SummaryRow term="Pupils expected">{b.expectedPupils}</SummaryRow>
        <SummaryRow term="Contact on the day">
          {b.contactName}, {b.contactPhone}
        </SummaryRow>
        <SummaryRow term="Access or SEND needs">{b.accessNeeds || "None given"}</SummaryRow>
        {moves.length > 0 ? (
          <>
            <SummaryRow term="Date changes">
              <ul className="space-y-1">
                {moves.map((m) => (
                  <li key={m.id}>{m.text}</li>
                ))}
              </ul>
            </SummaryRow>
          </>
        ) : null}
        {b.statusReason ? (
          <>
            <SummaryRow term="Reason">{b.statusReason}</SummaryRow>
          </>
        ) : null}
        {b.attendance ? (
          <>
            <SummaryRow term="Pupils attended">
              {total} (
              {b.attendance.counts
                .filter((c) => c.pupils > 0)
                .map((c) => `Year ${c.yearGroup}: ${c.pupils}`)
                .join(", ") || "none"}
              )
            </SummaryRow>
          </>
        ) : null}
      </SummaryList>
      <ul className="mb-8 space-y-3">
        {b.status === "CONFIRMED" ? (
          <li>
            <a href={`/bookings/${b.id}/calendar.ics`} download>
              Download the calendar file (.ics)
            </a>
          </li>
        ) : null}
        {canRecordAttendance ? (
          <li>
            <Link to={`/bookings/${b.id}/attendance`}>
              {b.attendance || b.status === "NOT_DELIVERED" ? "Correct the attendance return" : "Record attendance"}
            </Link>
          </li>
        ) : null}
        {lead && b.status === "REQUESTED" ? (
          <li>
            {confirmRefusal ? (
              <>
                {confirmRefusal} You can <Link to={`/bookings/${b.id}/decline`}>decline it</Link>.
              </>
            ) : (
              <>
                <Link to="/sessions/requests">Confirm it</Link> or <Link to={`/bookings/${b.id}/decline`}>decline it</Link>
              </>
            )}
          </li>
        ) : null}
        {holdsPlace(b.status) ? (
          <li>
            Pupil surveys:{" "}
            {surveyRefusal ? (
              `${surveyRefusal}${lead ? "" : ` ${SCHOOL_RECORD_CONTACT}`} You can`
            ) : beforeSurvey && afterSurvey ? (
              <>
                <Link to={`/surveys/new?bookingId=${b.id}&phase=BEFORE`}>open a survey for before the session</Link>,{" "}
                <Link to={`/surveys/new?bookingId=${b.id}&phase=AFTER`}>open one for after it</Link>
              </>
            ) : beforeSurvey ? (
              <>
                <Link to={`/surveys/new?bookingId=${b.id}&phase=BEFORE`}>open a survey for before the session</Link> (one for after it can be opened once the
                session has started)
              </>
            ) : (
              <Link to={`/surveys/new?bookingId=${b.id}&phase=AFTER`}>open a survey for after the session</Link>
            )}
            {surveyRefusal ? " " : ", or "}
            <Link to={`/surveys/bookings/${b.id}`}>compare before and after</Link>
          </li>
        ) : null}
        {canCancel ? (
          <li>
            <Link to={`/bookings/${b.id}/cancel`}>Cancel this booking</Link>
          </li>
        ) : null}
        {canCancel ? (
          <li>
            {moveRefusal ? `This booking cannot be moved to another date. ${moveRefusal}` : <Link to={`/bookings/${b.id}/move`}>Move to another date</Link>}
          </li>
        ) : isActiveBooking(b.status) && !lead && !unanswered ? (
          <li>Bookings can be cancelled here up to {counted(cutoff, "hour")} before the session. After that, contact the VRN schools lead.</li>
        ) : null}
      </ul>
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission, requireUser } from "~/auth/guards.server";
import { ErrorSummary } from "~/components/forms";
import { can } from "~/auth/roles";
import { BookingStatusTag, DeliveryFacts, DeliveryStatusTag, ScheduleStateTag, WaitlistPlace } from "~/components/delivery-ui";
import { joiningLinkMissing } from "~/lib/booking-calendar";
import { formatDate, formatDateTime, formatDayAndTime } from "~/lib/dates";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseIntent } from "~/lib/submission.server";
import { badRequest } from "~/lib/responses.server";
import { describeYearGroups, parseYearGroups } from "~/lib/year-groups";
import { getDeliveryForLead, getDeliveryForSchool } from "~/models/deliveries.server";
import { joinWaitlist, leaveWaitlist } from "~/models/waitlist.server";
import { leftWaitingList, OFFER_EMAILED_TO } from "~/lib/told-by-email";
import { mailInOutbox as noMailServer } from "~/models/mailer.server";
import { useMailInOutbox } from "~/lib/mail-in-outbox";
import { isOnWaitlist, isWithdrawnBooking } from "~/lib/statuses";
import { DataTable } from "~/components/data-table";
import { SchoolRefusal } from "~/components/school-refusal";
import { counted } from "~/lib/numbers";
import { NoteBelow } from "~/components/separators";
import { SummaryList, SummaryRow } from "~/components/summary-list";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Session: ${data.delivery.topic.title}, ${formatDate(data.delivery.startsAt)}` : "Session"} – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const id = args.params.deliveryId ?? "";
  if (can(user, "deliveries:manage")) {
    const delivery = await getDeliveryForLead(user, id);
    return { kind: "lead" as const, delivery, linkMissing: joiningLinkMissing(delivery, "lead", new Date()) };
  }
  await requirePermission(args, "deliveries:book");
  // A school sees no joining link on this page (decision 0050), so it is told nothing of one missing here.
  return { kind: "school" as const, delivery: await getDeliveryForSchool(user, id), linkMissing: null };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "deliveries:book");
  const id = args.params.deliveryId ?? "";
  // Each change is its button's own: a form with no intent (or another) changes nothing.
  const intent = parseIntent(await args.request.formData(), ["leave-waitlist", "join-waitlist"]);
  if (!intent) badRequest("Choose one of the page's buttons.");
  if (intent === "leave-waitlist") {
    const left = await leaveWaitlist(user, id);
    if (!left.ok) return data({ message: left.message }, { status: 400 });
    return redirectWithMessage(`/sessions/deliveries/${id}`, leftWaitingList(left.offered));
  }
  const result = await joinWaitlist(user, id);
  if (!result.ok) return data({ message: result.message }, { status: 400 });
  if (result.already) return redirectWithMessage(`/sessions/deliveries/${id}`, "Your school was on the waiting list already: nothing changed.");
  return redirectWithMessage(
    `/sessions/deliveries/${id}`,
    noMailServer
      ? "Your school is on the waiting list. If a place comes free it is held for your school here for up to 48 hours; no mail server is set up, so nobody will be emailed."
      : `Your school is on the waiting list. If a place comes free, it is held for your school for up to 48 hours and ${OFFER_EMAILED_TO} are emailed.`,
  );
}

/** The delivery as this page receives it from its loader, in the lead's view or the school's. */
type Delivery = ReturnType<typeof useLoaderData<typeof loader>>["delivery"];

function Details({ d, linkMissing }: { d: Delivery; linkMissing: "lead" | "school" | null }) {
  return (
    <SummaryList className="mb-8 max-w-3xl">
      <DeliveryFacts delivery={d} linkMissing={linkMissing} />
      <SummaryRow term="Suits">{describeYearGroups(parseYearGroups(d.topic.yearGroups))}</SummaryRow>
      {/* A session called off, begun or over has no places to take, as in the lists: its status or its date says why. */}
      {d.status === "SCHEDULED" && new Date(d.startsAt) > new Date() && (!("state" in d) || d.state === "UPCOMING") ? (
        <>
          <SummaryRow term="Places">{d.placesLeft === 0 ? `Full (${counted(d.capacity, "school")})` : `${d.placesLeft} of ${d.capacity} left`}</SummaryRow>
          <SummaryRow term="Booking closes">{formatDayAndTime(d.bookingClosesAt)}</SummaryRow>
        </>
      ) : null}
      {d.campaign ? (
        <>
          <SummaryRow term="Campaign">{d.campaign}</SummaryRow>
        </>
      ) : null}
      {"state" in d ? (
        <>
          <SummaryRow term="Status">
            <ScheduleStateTag state={d.state} /> {d.statusReason}
          </SummaryRow>
        </>
      ) : d.status !== "SCHEDULED" ? (
        <>
          <SummaryRow term="Status">
            <DeliveryStatusTag status={d.status} /> {d.statusReason}
          </SummaryRow>
        </>
      ) : null}
    </SummaryList>
  );
}

export default function DeliveryPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const d = data.delivery;
  return (
    <>
      <p className="mb-4">{data.kind === "lead" ? <Link to="/sessions/schedule">Back to the schedule</Link> : <Link to="/sessions">Back to sessions</Link>}</p>
      <h1>{d.topic.title}</h1>
      {d.topic.description ? <p className="mb-6 max-w-3xl text-xl">{d.topic.description}</p> : null}
      <ErrorSummary message={actionData?.message} />
      <Details d={d} linkMissing={data.linkMissing} />
      {data.kind === "school" ? <SchoolActions delivery={data.delivery} /> : <LeadView delivery={data.delivery} />}
    </>
  );
}

function SchoolActions({ delivery: d }: { delivery: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "school" }>["delivery"] }) {
  const mailInOutbox = useMailInOutbox();
  if (d.ownBooking) {
    return (
      <p className="panel">
        Your school has a booking: <BookingStatusTag status={d.ownBooking.status} returnDue={d.ownBooking.returnDue} unanswered={d.ownBooking.unanswered} />{" "}
        <Link to={`/bookings/${d.ownBooking.id}`}>See your booking</Link>
      </p>
    );
  }
  const onWaitlist = d.ownWaitlist && isOnWaitlist(d.ownWaitlist.status);
  if (d.schoolRefusal) {
    // A school on the list from before its opening day was known can still leave it here.
    return (
      <>
        <SchoolRefusal refusal={d.schoolRefusal} />
        {onWaitlist ? (
          <Form method="post" className="mt-6">
            <p className="mb-4">Your school is on this session&apos;s waiting list, but cannot take a place on it.</p>
            <input type="hidden" name="intent" value="leave-waitlist" />
            <button type="submit" className="button button-secondary">
              Leave the waiting list
            </button>
          </Form>
        ) : null}
      </>
    );
  }
  if (!d.open) return <p className="panel">This session is no longer taking bookings.</p>;
  if (d.placesLeft > 0) {
    // A place freed and offered to this school is the one left: the page says it is theirs, and until when.
    const offered = d.ownWaitlist?.status === "OFFERED" && d.ownWaitlist.offerExpiresAt;
    return (
      <>
        {offered ? (
          <p className="panel mb-4">
            A place came free and was offered to your school from the waiting list. <WaitlistPlace entry={d.ownWaitlist!} />: book it by then, or it is offered
            to the next school waiting.
          </p>
        ) : null}
        <p>
          <Link to={`/sessions/deliveries/${d.id}/book`} className="button">
            {offered ? "Book the place held for your school" : "Book this session"}
          </Link>
        </p>
      </>
    );
  }
  if (d.ownWaitlist && onWaitlist) {
    return (
      <Form method="post" className="panel">
        <p className="mb-4">
          Your school is on the waiting list (<WaitlistPlace entry={d.ownWaitlist} />
          ).{" "}
          {mailInOutbox
            ? "If a place comes free, it is offered to your school on this page; no mail server is set up, so nobody will be emailed."
            : `If a place comes free, it is offered to your school on this page and ${OFFER_EMAILED_TO} are emailed.`}
        </p>
        <input type="hidden" name="intent" value="leave-waitlist" />
        <button type="submit" className="button button-secondary">
          Leave the waiting list
        </button>
      </Form>
    );
  }
  return (
    <Form method="post" className="panel">
      <p className="mb-4">This session is full. Join the waiting list and we will offer your school the next place that comes free.</p>
      <input type="hidden" name="intent" value="join-waitlist" />
      <button type="submit" className="button">
        Join the waiting list
      </button>
    </Form>
  );
}

function LeadView({ delivery: d }: { delivery: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "lead" }>["delivery"] }) {
  const scheduled = d.status === "SCHEDULED";
  return (
    <>
      {d.warning ? (
        <div className="panel mb-8 max-w-3xl" role="note">
          <p>
            <strong>Check the date:</strong> {d.warning}. The session is scheduled; change it if schools will not be open.
          </p>
        </div>
      ) : null}
      {scheduled ? (
        <p className="mb-8 flex flex-wrap gap-x-6 gap-y-3">
          <Link to={`/sessions/deliveries/${d.id}/edit`} className="button button-secondary">
            Change the session
          </Link>
          {d.open && d.placesLeft > 0 ? <Link to={`/sessions/deliveries/${d.id}/book`}>Book for a school</Link> : null}
          <Link to={`/sessions/deliveries/${d.id}/cancel`}>{new Date(d.startsAt) <= new Date() ? "Record that it did not happen" : "Cancel the session"}</Link>
        </p>
      ) : null}
      {d.notes ? <p className="mb-8 max-w-3xl whitespace-pre-line">Notes: {d.notes}</p> : null}
      {d.bookings.length === 0 ? (
        <p className="panel mb-8">No school has booked yet.</p>
      ) : (
        <DataTable caption={<BookedCaption statuses={d.bookings.map((b) => b.status)} />} wrapperClassName="mb-8">
          <thead>
            <tr>
              <th scope="col">School</th>
              <th scope="col">Status</th>
              <th scope="col">Year groups</th>
              <th scope="col" className="text-right">
                Pupils expected
              </th>
              <th scope="col">Contact on the day</th>
              <th scope="col">Access or SEND needs</th>
            </tr>
          </thead>
          <tbody>
            {d.bookings.map((b) => (
              <tr key={b.id}>
                <td>
                  <Link to={`/bookings/${b.id}`}>{b.school.name}</Link>
                </td>
                <td>
                  <BookingStatusTag status={b.status} />
                  {b.status === "NOT_DELIVERED" && b.statusReason ? <NoteBelow className="text-base">{b.statusReason}</NoteBelow> : null}
                </td>
                <td>{describeYearGroups(parseYearGroups(b.yearGroups))}</td>
                <td className="text-right">{b.expectedPupils}</td>
                <td>
                  {b.contactName}, {b.contactPhone}
                </td>
                <td>{b.accessNeeds || "None given"}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {d.waitlist.length > 0 ? (
        <DataTable caption={<>Waiting list</>}>
          <thead>
            <tr>
              <th scope="col">School</th>
              <th scope="col">Joined</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {d.waitlist.map((w) => (
              <tr key={w.id}>
                <td>{w.school.name}</td>
                <td>{formatDateTime(w.createdAt)}</td>
                <td>{waitlistStatusText(w)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
    </>
  );
}

/**
 * A school's place on the session's waiting list, for the lead: "Offered a place until Tuesday 3 March,
 * 14:00", "waiting", or why a school waiting is passed over when a place comes free (decision 0149).
 */
function waitlistStatusText(entry: { status: string; offerExpiresAt: Date | string | null; offerable: boolean }): string {
  if (entry.status === "OFFERED" && entry.offerExpiresAt) return `Offered a place until ${formatDayAndTime(entry.offerExpiresAt)}`;
  if (entry.status === "WAITING" && !entry.offerable) return "waiting, but passed over for places: nobody there who can book has an active account";
  return entry.status.toLowerCase();
}

/**
 * The bookings table's caption: the schools booked, counting only bookings that stand (requested,
 * confirmed, or recorded), and beside them those withdrawn, which the table also lists: "Schools booked
 * (2; 1 more cancelled or declined)".
 */
function BookedCaption({ statuses }: { statuses: string[] }) {
  const withdrawn = statuses.filter(isWithdrawnBooking).length;
  const standing = statuses.length - withdrawn;
  return (
    <>
      Schools booked ({standing}
      {withdrawn > 0 ? `; ${withdrawn} more cancelled or declined` : ""})
    </>
  );
}

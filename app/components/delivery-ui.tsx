import { Form, Link, useLocation } from "@remix-run/react";
import { formatDate, formatDayAndTime, formatSessionTimes } from "~/lib/dates";
import { DELIVERY_FORMATS, FORMAT_LABELS, SCHEDULE_WHEN, type DeliveryFilters } from "~/lib/delivery-schemas";
import {
  ATTENDANCE_RETURN_DUE_LABEL,
  bookingStatusLabel,
  UNANSWERED_REQUEST_LABEL,
  deliveryStatusLabel,
  SCHEDULE_STATE_LABELS,
  type ScheduleState,
} from "~/lib/statuses";
import { SCHOOL_YEAR_GROUPS } from "~/lib/year-groups";
import { FilterProblemsSummary, FilterSelect } from "./forms";
import type { FilterProblems } from "~/lib/filter-choices";
import { DataTable } from "./data-table";
import { NoteBelow } from "./separators";
import { SummaryRow } from "./summary-list";

const STATUS_TAG: Record<string, string> = {
  REQUESTED: "",
  CONFIRMED: "tag-green",
  DELIVERED: "tag-green",
  DECLINED: "tag-red",
  CANCELLED: "tag-grey",
  NOT_DELIVERED: "tag-grey",
};

/**
 * A booking's status. `returnDue` (awaitsAttendanceReturn) says what the school owes instead of
 * "Confirmed"; `unanswered` (isUnansweredRequest), that a request's session ended before the lead answered.
 */
export function BookingStatusTag({ status, returnDue = false, unanswered = false }: { status: string; returnDue?: boolean; unanswered?: boolean }) {
  if (returnDue) return <span className="tag">{ATTENDANCE_RETURN_DUE_LABEL}</span>;
  if (unanswered) return <span className="tag tag-grey">{UNANSWERED_REQUEST_LABEL}</span>;
  return <span className={`tag ${STATUS_TAG[status] ?? ""}`}>{bookingStatusLabel(status)}</span>;
}

export function DeliveryStatusTag({ status }: { status: string }) {
  if (status === "SCHEDULED") return null;
  return <span className="tag tag-grey">{deliveryStatusLabel(status)}</span>;
}

const SCHEDULE_STATE_TAG: Record<ScheduleState, string> = {
  UPCOMING: "",
  AWAITING_RETURNS: "",
  DELIVERED: "tag-green",
  DID_NOT_TAKE_PLACE: "tag-grey",
  NO_SCHOOLS: "tag-grey",
  CANCELLED: "tag-grey",
};

/** A session's state on the lead's schedule (scheduleStateOf), in words. */
export function ScheduleStateTag({ state }: { state: ScheduleState }) {
  return <span className={`tag ${SCHEDULE_STATE_TAG[state]}`}>{SCHEDULE_STATE_LABELS[state]}</span>;
}

export const formatLabel = (format: string) => FORMAT_LABELS[format] ?? format;

type DeliveryFactsProps = {
  /** `joiningLink` only where this person may see it (app/lib/booking-calendar.ts: joiningLinkFor). */
  delivery: { startsAt: string | Date; endsAt: string | Date; format: string; facilitatorName: string; facilitatorOrg: string; joiningLink?: string };
  /**
   * An online session still to come whose joining link has not been added, for someone who would see it:
   * the lead, or a school with a confirmed place (joiningLinkMissing). Null or left out: nothing is said.
   */
  linkMissing?: "lead" | "school" | null;
};

const LINK_MISSING = {
  lead: "Not added yet: schools with a confirmed place have no way to join until you add it to the session.",
  school: "Not added yet: it will show here when the VRN adds it.",
};

/** When, in what format and by whom a delivery is given: rows of a summary list (`<dl>`) on the delivery and booking pages. */
export function DeliveryFacts({ delivery: d, linkMissing = null }: DeliveryFactsProps) {
  return (
    <>
      <SummaryRow term="When">{formatSessionTimes(d.startsAt, d.endsAt)}</SummaryRow>
      <SummaryRow term="Format">{formatLabel(d.format)}</SummaryRow>
      <SummaryRow term="Given by">
        {d.facilitatorName}, {d.facilitatorOrg}
      </SummaryRow>
      {d.joiningLink ? (
        <>
          <SummaryRow term="Joining link" valueClassName="break-all">
            <a href={d.joiningLink} rel="noreferrer">
              {d.joiningLink}
            </a>
          </SummaryRow>
        </>
      ) : linkMissing ? (
        <SummaryRow term="Joining link">{LINK_MISSING[linkMissing]}</SummaryRow>
      ) : null}
    </>
  );
}

/** Filters as a GET form, so they work without JavaScript and the address can be shared. */
export function DeliveryFilterForm({
  filters,
  problems = null,
  topics,
  months,
  withYearGroup = true,
  when,
}: {
  filters: DeliveryFilters;
  /** Values in the address that were not used (readDeliveryFilters), shown in a summary and by each field. */
  problems?: FilterProblems | null;
  topics: { id: string; title: string }[];
  months: { value: string; label: string }[];
  withYearGroup?: boolean;
  /** The lead's schedule: upcoming or past sessions. Absent where only upcoming sessions are listed. */
  when?: string;
}) {
  const location = useLocation();
  const filtered = Object.values(filters).some((v) => v !== undefined) || (when !== undefined && when !== "upcoming");
  return (
    <div role="search" aria-labelledby="filter-sessions" className="mb-8 border-2 border-line p-4">
      <FilterProblemsSummary id="filter" problems={problems} />
      <Form method="get" key={location.search} className="grid gap-x-6 md:grid-cols-2 lg:grid-cols-4">
        <h2 id="filter-sessions" className="md:col-span-2 lg:col-span-4">
          Filter sessions
        </h2>
        {when !== undefined ? <FilterSelect name="when" label="Show" value={when} options={SCHEDULE_WHEN} all={null} error={problems?.when} /> : null}
        <FilterSelect name="topic" label="Topic" value={filters.topic} options={topics.map((t) => ({ value: t.id, label: t.title }))} error={problems?.topic} />
        <FilterSelect
          name="format"
          label="Format"
          value={filters.format}
          options={DELIVERY_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f]! }))}
          error={problems?.format}
        />
        <FilterSelect name="month" label="Month" value={filters.month} options={months} error={problems?.month} />
        {withYearGroup ? (
          <FilterSelect
            name="yearGroup"
            label="Year group"
            value={filters.yearGroup}
            options={SCHOOL_YEAR_GROUPS.map((n) => ({ value: String(n), label: `Year ${n}` }))}
            error={problems?.yearGroup}
          />
        ) : null}
        <p className="flex items-center gap-6 md:col-span-2 lg:col-span-4">
          <button type="submit" className="button button-secondary">
            Apply filters
          </button>
          {filtered ? <Link to={location.pathname}>Clear filters</Link> : null}
        </p>
      </Form>
    </div>
  );
}

type DeliveryRow = {
  id: string;
  startsAt: Date;
  endsAt: Date;
  format: string;
  capacity: number;
  placesLeft: number;
  campaign: string;
  status: string;
  facilitatorOrg: string;
  topic: { title: string };
  /** On the lead's schedule: the session's state, and why its day may be a poor one for schools. */
  state?: ScheduleState;
  warning?: string | null;
};

/** Sessions to book or scheduled, one row each, stacked on a narrow screen; `listStart` as DataTable's, for a paged list. */
export function DeliveriesTable({
  deliveries,
  caption,
  count = String(deliveries.length),
  showStatus = false,
  empty,
  listStart,
}: {
  deliveries: DeliveryRow[];
  caption: string;
  /** What the caption says of the number of sessions: by default, how many rows there are. */
  count?: string;
  showStatus?: boolean;
  /** What to say when there are no sessions (`noSessionsText`). */
  empty: string;
  listStart?: string;
}) {
  if (deliveries.length === 0) return <p className="panel">{empty}</p>;
  return (
    <DataTable
      stacked
      listStart={listStart}
      caption={
        <>
          {caption} <span className="font-normal">({count})</span>
        </>
      }
    >
      <thead>
        <tr>
          <th scope="col">Session</th>
          <th scope="col">When</th>
          <th scope="col">Format</th>
          <th scope="col">Given by</th>
          <th scope="col" className="text-right">
            Places left
          </th>
          {showStatus ? <th scope="col">Status</th> : null}
        </tr>
      </thead>
      <tbody>
        {deliveries.map((d) => (
          <tr key={d.id}>
            <td data-label="Session">
              <Link to={`/sessions/deliveries/${d.id}`}>{d.topic.title}</Link>
              {d.campaign ? <NoteBelow className="text-base text-muted">{d.campaign}</NoteBelow> : null}
            </td>
            <td data-label="When">
              {formatSessionTimes(d.startsAt, d.endsAt)}
              {d.warning ? (
                <NoteBelow className="text-base">
                  <strong>Check the date: {d.warning}</strong>
                </NoteBelow>
              ) : null}
            </td>
            <td data-label="Format">{formatLabel(d.format)}</td>
            <td data-label="Given by">{d.facilitatorOrg}</td>
            <td data-label="Places left" className="text-right">
              {d.state && d.state !== "UPCOMING" ? (
                // A cancelled or finished session has no places to give: a count there would read as bookable.
                <>
                  <span aria-hidden="true">–</span>
                  <span className="sr-only">None: no longer bookable</span>
                </>
              ) : d.placesLeft === 0 ? (
                "Full"
              ) : (
                `${d.placesLeft} of ${d.capacity}`
              )}
            </td>
            {showStatus ? <td data-label="Status">{d.state ? <ScheduleStateTag state={d.state} /> : null}</td> : null}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

type BookingRow = {
  id: string;
  status: string;
  unanswered: boolean;
  expectedPupils: number;
  pupilsAttended: number | null;
  delivery: { startsAt: Date; endsAt: Date; topic: { title: string } };
};

/**
 * A school's bookings. `pupils` says which count to show: those expected (sessions to come) or those
 * who attended, from the attendance return (sessions that have happened; "No return" until there is one).
 * `count`, for a paged list, says which of how many these are (rangeText), beside the caption; `listStart`
 * names the parameter that pages it (DataTable).
 */
export function SchoolBookingsTable({
  bookings,
  caption,
  empty,
  pupils = "expected",
  count,
  listStart,
}: {
  bookings: BookingRow[];
  caption: string;
  empty: string;
  pupils?: "expected" | "attended";
  count?: string;
  listStart?: string;
}) {
  if (bookings.length === 0) return <p className="mb-8">{empty}</p>;
  return (
    <DataTable
      caption={
        count ? (
          <>
            {caption} <span className="font-normal">({count})</span>
          </>
        ) : (
          caption
        )
      }
      wrapperClassName={count ? "mb-4" : "mb-8"}
      listStart={listStart}
    >
      <thead>
        <tr>
          <th scope="col">Session</th>
          <th scope="col">When</th>
          <th scope="col" className="text-right">
            {pupils === "attended" ? "Pupils who attended" : "Pupils expected"}
          </th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {bookings.map((b) => (
          <tr key={b.id}>
            <td>
              <Link to={`/bookings/${b.id}`}>{b.delivery.topic.title}</Link>
            </td>
            <td>{formatSessionTimes(b.delivery.startsAt, b.delivery.endsAt)}</td>
            <td className="text-right">{pupils === "expected" ? b.expectedPupils : (b.pupilsAttended ?? "No return")}</td>
            <td>
              <BookingStatusTag status={b.status} unanswered={b.unanswered} />
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/**
 * Where a school stands on a waiting list: its place in the queue, or the offer it holds and until when,
 * or, for a school that opens after the session (`opensAfter`), that it cannot take one.
 */
export function WaitlistPlace({
  entry,
}: {
  entry: { status: string; queuePlace: number | null; offerExpiresAt: string | Date | null; opensAfter?: string | Date | null };
}) {
  // First: a place offered before the opening day was known cannot be taken either (bookDelivery refuses it).
  if (entry.opensAfter) return <>Your school cannot take a place: it opens on {formatDate(entry.opensAfter)}, after this session</>;
  if (entry.status === "OFFERED" && entry.offerExpiresAt) return <>A place is held for your school until {formatDayAndTime(entry.offerExpiresAt)}</>;
  if (entry.queuePlace === 1) return <>Next in the queue</>;
  return <>Number {entry.queuePlace} in the queue</>;
}

type WaitlistRow = {
  id: string;
  deliveryId: string;
  status: string;
  queuePlace: number | null;
  offerExpiresAt: Date | null;
  opensAfter: Date | null;
  delivery: { startsAt: Date; endsAt: Date; topic: { title: string } };
};

/** A school's places on waiting lists, each with a button to leave (a form, so it works without JavaScript). */
export function SchoolWaitlistTable({ entries }: { entries: WaitlistRow[] }) {
  if (entries.length === 0) return <p className="mb-8">Your school is not on any waiting list.</p>;
  return (
    <DataTable caption={<>Full sessions your school is waiting for</>} wrapperClassName="mb-8">
      <thead>
        <tr>
          <th scope="col">Session</th>
          <th scope="col">When</th>
          <th scope="col">Your place</th>
          <th scope="col">
            <span className="sr-only">Action</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <td>
              <Link to={`/sessions/deliveries/${e.deliveryId}`}>{e.delivery.topic.title}</Link>
            </td>
            <td>{formatSessionTimes(e.delivery.startsAt, e.delivery.endsAt)}</td>
            <td>
              <WaitlistPlace entry={e} />
              {e.status === "OFFERED" ? (
                <>
                  {" "}
                  <Link to={`/sessions/deliveries/${e.deliveryId}/book`}>
                    Book it<span className="sr-only">: {e.delivery.topic.title}</span>
                  </Link>
                </>
              ) : null}
            </td>
            <td>
              <Form method="post">
                <input type="hidden" name="intent" value="leave-waitlist" />
                <input type="hidden" name="deliveryId" value={e.deliveryId} />
                <button type="submit" className="button button-secondary mb-0">
                  Leave
                  <span className="sr-only">
                    {" "}
                    the waiting list for {e.delivery.topic.title}, {formatSessionTimes(e.delivery.startsAt, e.delivery.endsAt)}
                  </span>
                </button>
              </Form>
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

type ReturnDueRow = { id: string; title: string; startsAt: Date; endsAt: Date };

/**
 * Sessions a school owes an attendance return for (`awaitsAttendanceReturn`), each with what is due and
 * the link to record it: the same table on the school's home page and its bookings page.
 */
export function AttendanceReturnsDueTable({ rows, caption, empty }: { rows: ReturnDueRow[]; caption: string; empty: string }) {
  if (rows.length === 0) return <p className="mb-8">{empty}</p>;
  return (
    <DataTable caption={caption} wrapperClassName="mb-8">
      <thead>
        <tr>
          <th scope="col">Session</th>
          <th scope="col">When</th>
          <th scope="col">Status</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>
              <Link to={`/bookings/${r.id}`}>{r.title}</Link>
            </td>
            <td>{formatSessionTimes(r.startsAt, r.endsAt)}</td>
            <td>
              <BookingStatusTag status="CONFIRMED" returnDue />
            </td>
            <td>
              <Link to={`/bookings/${r.id}/attendance`}>
                Record attendance
                <span className="sr-only">
                  {" "}
                  for {r.title}, {formatSessionTimes(r.startsAt, r.endsAt)}
                </span>
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

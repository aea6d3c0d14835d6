import { Form, Link, useLocation } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";
import { DELIVERY_FORMATS, FORMAT_LABELS, type DeliveryFilters } from "~/lib/delivery-schemas";
import { bookingStatusLabel, deliveryStatusLabel } from "~/lib/statuses";
import { SCHOOL_YEAR_GROUPS } from "~/lib/year-groups";
import { FilterSelect } from "./forms";
import { DataTable } from "./data-table";

const STATUS_TAG: Record<string, string> = {
  REQUESTED: "",
  CONFIRMED: "tag-green",
  DELIVERED: "tag-green",
  DECLINED: "tag-red",
  CANCELLED: "tag-grey",
  NOT_DELIVERED: "tag-grey",
};

export function BookingStatusTag({ status }: { status: string }) {
  return <span className={`tag ${STATUS_TAG[status] ?? ""}`}>{bookingStatusLabel(status)}</span>;
}

export function DeliveryStatusTag({ status }: { status: string }) {
  if (status === "SCHEDULED") return null;
  return <span className="tag tag-grey">{deliveryStatusLabel(status)}</span>;
}

export const formatLabel = (format: string) => FORMAT_LABELS[format] ?? format;

type DeliveryFactsProps = {
  delivery: { startsAt: string | Date; endsAt: string | Date; format: string; facilitatorName: string; facilitatorOrg: string };
};

/** When, in what format and by whom a delivery is given: rows of a summary list (`<dl>`) on the delivery and booking pages. */
export function DeliveryFacts({ delivery: d }: DeliveryFactsProps) {
  return (
    <>
      <dt>When</dt>
      <dd>
        {formatDateTime(d.startsAt)} to {formatDateTime(d.endsAt)}
      </dd>
      <dt>Format</dt>
      <dd>{formatLabel(d.format)}</dd>
      <dt>Given by</dt>
      <dd>
        {d.facilitatorName}, {d.facilitatorOrg}
      </dd>
    </>
  );
}

/** Filters as a GET form, so they work without JavaScript and the address can be shared. */
export function DeliveryFilterForm({
  filters,
  topics,
  months,
  withYearGroup = true,
}: {
  filters: DeliveryFilters;
  topics: { id: string; title: string }[];
  months: { value: string; label: string }[];
  withYearGroup?: boolean;
}) {
  const location = useLocation();
  const filtered = Object.values(filters).some((v) => v !== undefined);
  return (
    <div role="search" aria-labelledby="filter-sessions" className="mb-8 border-2 border-line p-4">
      <Form method="get" key={location.search} className="grid gap-x-6 md:grid-cols-2 lg:grid-cols-4">
        <h2 id="filter-sessions" className="md:col-span-2 lg:col-span-4">
          Filter sessions
        </h2>
        <FilterSelect name="topic" label="Topic" value={filters.topic} options={topics.map((t) => ({ value: t.id, label: t.title }))} />
        <FilterSelect name="format" label="Format" value={filters.format} options={DELIVERY_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f]! }))} />
        <FilterSelect name="month" label="Month" value={filters.month} options={months} />
        {withYearGroup ? (
          <FilterSelect
            name="yearGroup"
            label="Year group"
            value={filters.yearGroup}
            options={SCHOOL_YEAR_GROUPS.map((n) => ({ value: String(n), label: `Year ${n}` }))}
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
  startsAt: string;
  format: string;
  capacity: number;
  placesLeft: number;
  campaign: string;
  status: string;
  facilitatorOrg: string;
  topic: { title: string };
};

export function DeliveriesTable({ deliveries, caption, showStatus = false }: { deliveries: DeliveryRow[]; caption: string; showStatus?: boolean }) {
  if (deliveries.length === 0) return <p className="panel">No sessions match. Try fewer filters.</p>;
  return (
    <DataTable
      stacked
      caption={
        <>
          {caption} <span className="font-normal">({deliveries.length})</span>
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
              {d.campaign ? <span className="block text-base text-muted">{d.campaign}</span> : null}
            </td>
            <td data-label="When">{formatDateTime(d.startsAt)}</td>
            <td data-label="Format">{formatLabel(d.format)}</td>
            <td data-label="Given by">{d.facilitatorOrg}</td>
            <td data-label="Places left" className="text-right">
              {d.placesLeft === 0 ? "Full" : `${d.placesLeft} of ${d.capacity}`}
            </td>
            {showStatus ? (
              <td data-label="Status">
                <DeliveryStatusTag status={d.status} />
                {d.status === "SCHEDULED" ? "Scheduled" : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

type BookingRow = { id: string; status: string; expectedPupils: number; delivery: { startsAt: string; topic: { title: string } } };

export function SchoolBookingsTable({ bookings, caption, empty }: { bookings: BookingRow[]; caption: string; empty: string }) {
  if (bookings.length === 0) return <p className="mb-8">{empty}</p>;
  return (
    <DataTable caption={caption} wrapperClassName="mb-8">
      <thead>
        <tr>
          <th scope="col">Session</th>
          <th scope="col">When</th>
          <th scope="col" className="text-right">
            Pupils expected
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
            <td>{formatDateTime(b.delivery.startsAt)}</td>
            <td className="text-right">{b.expectedPupils}</td>
            <td>
              <BookingStatusTag status={b.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

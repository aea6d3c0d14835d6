import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission, requireUser } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { DeliveriesTable, DeliveryFilterForm } from "~/components/delivery-ui";
import { Pagination, rangeText } from "~/components/pagination";
import { SchoolRefusal } from "~/components/school-refusal";
import { monthHasPassed, monthLabel, monthOptions, noSessionsText, readDeliveryFilters } from "~/lib/delivery-schemas";
import { pageFrom } from "~/lib/pagination";
import { listBookableDeliveries } from "~/models/deliveries.server";
import { ownSchoolRefusal } from "~/models/school-status.server";
import { listTopics } from "~/models/topics.server";
import { listPageTitle } from "~/lib/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: listPageTitle("Book a session", data?.listed) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  if (can(user, "deliveries:manage")) throw redirect("/sessions/schedule");
  await requirePermission(args, "deliveries:book");
  // A school that may not book is told why instead of being offered sessions it would be refused (decision 0029).
  const refusal = await ownSchoolRefusal(user, "deliveries:book", "booking");
  if (refusal) return data({ refusal, listed: null });
  const searchParams = new URL(args.request.url).searchParams;
  const topics = await listTopics(user);
  const { filters, problems } = readDeliveryFilters(searchParams, { topicIds: topics.map((t) => t.id) });
  const bookable = await listBookableDeliveries(user, filters, pageFrom(searchParams));
  // A month that has passed has nothing left to book, whatever else is chosen: the empty list says so.
  const empty =
    filters.month && monthHasPassed(filters.month)
      ? `${monthLabel(filters.month)} has passed, so none of its sessions can be booked. Choose this month or a later one.`
      : noSessionsText(filters, "No sessions are taking bookings at the moment.");
  return data(
    {
      refusal: null,
      listed: { ...bookable, empty, topics: topics.map((t) => ({ id: t.id, title: t.title })), filters, problems, months: bookableMonths(filters.month) },
    },
    { status: problems ? 400 : 200 },
  );
}

/**
 * The months the filter offers a school: this one and those to come, in which a session can still be
 * booked. A month that has passed is offered only while it is the one chosen (from an address kept from
 * earlier), so the form shows the choice the list was made by, beside the message that it has passed.
 */
function bookableMonths(chosen: string | null | undefined) {
  return monthOptions().filter((month) => !monthHasPassed(month.value) || month.value === chosen);
}

export default function BrowseDeliveries() {
  const { refusal, listed } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Book a session</h1>
      {listed ? (
        <p className="mb-4 max-w-3xl text-xl">
          Sessions for your pupils, given by the police and partners, in your school or online. Sessions still taking bookings are listed below.
        </p>
      ) : null}
      <p className="mb-8">
        <Link to="/bookings">Your school&apos;s bookings</Link>
      </p>
      {listed ? <Sessions {...listed} /> : refusal ? <SchoolRefusal refusal={refusal} /> : null}
    </>
  );
}

function Sessions({
  deliveries,
  total,
  page,
  pageCount,
  pageSize,
  empty,
  topics,
  filters,
  problems,
  months,
}: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["listed"]>) {
  return (
    <>
      <DeliveryFilterForm filters={filters} problems={problems} topics={topics} months={months} />
      <DeliveriesTable deliveries={deliveries} caption="Sessions taking bookings" count={rangeText(page, pageSize, total)} empty={empty} listStart="page" />
      <Pagination page={page} pageCount={pageCount} label="Pages of sessions" />
    </>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { DeliveriesTable, DeliveryFilterForm } from "~/components/delivery-ui";
import { Pagination, rangeText } from "~/components/pagination";
import { filtersFrom, monthOptions, scheduleViewFrom } from "~/lib/delivery-schemas";
import { listSchedule } from "~/models/deliveries.server";
import { listTopics } from "~/models/topics.server";

export const meta: MetaFunction = () => [{ title: "Session schedule – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const searchParams = new URL(args.request.url).searchParams;
  const filters = filtersFrom(searchParams);
  const view = scheduleViewFrom(searchParams);
  const [schedule, topics] = await Promise.all([listSchedule(user, filters, view), listTopics(user)]);
  return { ...schedule, topics: topics.map((t) => ({ id: t.id, title: t.title })), filters, view, months: monthOptions() };
}

export default function Schedule() {
  const { deliveries, total, page, pageCount, pageSize, topics, filters, view, months } = useLoaderData<typeof loader>();
  const justScheduled = view.newIds.length > 0;
  const caption = justScheduled ? "The sessions you scheduled" : view.when === "past" ? "Past sessions, latest first" : "Upcoming sessions, soonest first";
  return (
    <>
      <h1>Session schedule</h1>
      <p className="mb-8 flex flex-wrap items-center gap-x-6 gap-y-3">
        <Link to="/sessions/deliveries/new" className="button">
          Schedule a session
        </Link>
        <Link to="/sessions/requests">Booking requests</Link>
        <Link to="/sessions/returns">Attendance returns</Link>
        <Link to="/sessions/topics">Topics</Link>
        <Link to="/sessions/terms">Term dates</Link>
        <Link to="/sessions/settings">Booking settings</Link>
      </p>
      {justScheduled ? (
        <p className="mb-6">
          <Link to="/sessions/schedule">See the whole schedule</Link>
        </p>
      ) : (
        <DeliveryFilterForm filters={filters} topics={topics} months={months} withYearGroup={false} when={view.when} />
      )}
      <DeliveriesTable deliveries={deliveries} caption={caption} count={rangeText(page, pageSize, total)} showStatus />
      <Pagination page={page} pageCount={pageCount} label="Pages of sessions" />
    </>
  );
}

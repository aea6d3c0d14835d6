import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { DeliveriesTable, DeliveryFilterForm } from "~/components/delivery-ui";
import { Pagination, rangeText } from "~/components/pagination";
import { monthOptions, noSessionsText, readDeliveryFilters, SCHEDULE_WHEN, scheduleViewFrom } from "~/lib/delivery-schemas";
import { allProblems, readChoices } from "~/lib/filter-choices";
import { listSchedule } from "~/models/deliveries.server";
import { listTopics } from "~/models/topics.server";
import { listPageTitle } from "~/lib/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: listPageTitle("Session schedule", data) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const searchParams = new URL(args.request.url).searchParams;
  const topics = await listTopics(user);
  const read = readDeliveryFilters(searchParams, { topicIds: topics.map((t) => t.id), withYearGroup: false });
  const shown = readChoices(searchParams, { when: { offered: SCHEDULE_WHEN.map((w) => w.value), message: "Choose upcoming or past sessions" } });
  const problems = allProblems(read.problems, shown.problems);
  // The view shows what the form shows: a `when` refused above (or given twice) is the default.
  const view = { ...scheduleViewFrom(searchParams), when: shown.values.when === "past" ? ("past" as const) : ("upcoming" as const) };
  const schedule = await listSchedule(user, read.filters, view);
  // Sessions just scheduled are listed by their ids alone, without the filters.
  const empty =
    view.newIds.length > 0
      ? "None of the sessions this address names is on the schedule."
      : noSessionsText(read.filters, view.when === "past" ? "There are no past sessions yet." : "There are no sessions to come.");
  return data(
    { ...schedule, empty, topics: topics.map((t) => ({ id: t.id, title: t.title })), filters: read.filters, problems, view, months: monthOptions() },
    { status: problems ? 400 : 200 },
  );
}

export default function Schedule() {
  const { deliveries, total, page, pageCount, pageSize, empty, topics, filters, problems, view, months } = useLoaderData<typeof loader>();
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
        <DeliveryFilterForm filters={filters} problems={problems} topics={topics} months={months} withYearGroup={false} when={view.when} />
      )}
      <DeliveriesTable deliveries={deliveries} caption={caption} count={rangeText(page, pageSize, total)} empty={empty} showStatus listStart="page" />
      <Pagination page={page} pageCount={pageCount} label="Pages of sessions" />
    </>
  );
}

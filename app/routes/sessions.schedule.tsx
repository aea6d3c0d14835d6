import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { DeliveriesTable, DeliveryFilterForm } from "~/components/delivery-ui";
import { filtersFrom, monthOptions } from "~/lib/delivery-schemas";
import { listSchedule } from "~/models/deliveries.server";
import { listTopics } from "~/models/topics.server";

export const meta: MetaFunction = () => [{ title: "Session schedule – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const filters = filtersFrom(new URL(args.request.url).searchParams);
  const [deliveries, topics] = await Promise.all([listSchedule(user, filters), listTopics(user)]);
  return json({ deliveries, topics: topics.map((t) => ({ id: t.id, title: t.title })), filters, months: monthOptions() });
}

export default function Schedule() {
  const { deliveries, topics, filters, months } = useLoaderData<typeof loader>();
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
        <Link to="/sessions/settings">Booking settings</Link>
      </p>
      <DeliveryFilterForm filters={filters} topics={topics} months={months} withYearGroup={false} />
      <DeliveriesTable deliveries={deliveries} caption="Sessions" showStatus />
    </>
  );
}

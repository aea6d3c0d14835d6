import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission, requireUser } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { DeliveriesTable, DeliveryFilterForm } from "~/components/delivery-ui";
import { filtersFrom, monthOptions } from "~/lib/delivery-schemas";
import { listBookableDeliveries } from "~/models/deliveries.server";
import { listTopics } from "~/models/topics.server";

export const meta: MetaFunction = () => [{ title: "Book a session – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  if (can(user, "deliveries:manage")) throw redirect("/sessions/schedule");
  await requirePermission(args, "deliveries:book");
  const filters = filtersFrom(new URL(args.request.url).searchParams);
  const [deliveries, topics] = await Promise.all([listBookableDeliveries(user, filters), listTopics(user)]);
  return { deliveries, topics: topics.map((t) => ({ id: t.id, title: t.title })), filters, months: monthOptions() };
}

export default function BrowseDeliveries() {
  const { deliveries, topics, filters, months } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Book a session</h1>
      <p className="mb-4 max-w-3xl text-xl">
        Sessions for your pupils, given by the police and partners, in your school or online. Sessions still taking bookings are listed below.
      </p>
      <p className="mb-8">
        <Link to="/bookings">Your school&apos;s bookings</Link>
      </p>
      <DeliveryFilterForm filters={filters} topics={topics} months={months} />
      <DeliveriesTable deliveries={deliveries} caption="Sessions taking bookings" />
    </>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { SchoolBookingsTable } from "~/components/delivery-ui";
import { listSchoolBookings } from "~/models/bookings.server";

export const meta: MetaFunction = () => [{ title: "Your school's bookings – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:book");
  return json(await listSchoolBookings(user));
}

export default function SchoolBookings() {
  const { upcoming, awaitingReturn, past, cancelled } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your school&apos;s bookings</h1>
      <p className="mb-8">
        <Link to="/sessions" className="button">
          Book a session
        </Link>
      </p>
      <h2>Attendance to record</h2>
      <SchoolBookingsTable bookings={awaitingReturn} caption="Sessions waiting for your attendance return" empty="No attendance returns are due." />
      <h2>Upcoming</h2>
      <SchoolBookingsTable bookings={upcoming} caption="Upcoming sessions" empty="No upcoming sessions are booked." />
      <h2>Past</h2>
      <SchoolBookingsTable bookings={past} caption="Past sessions" empty="No past sessions yet." pupils="attended" />
      <h2>Cancelled or declined</h2>
      <SchoolBookingsTable bookings={cancelled} caption="Cancelled or declined bookings" empty="None." />
    </>
  );
}

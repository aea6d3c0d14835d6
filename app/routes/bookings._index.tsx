import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { AttendanceReturnsDueTable, SchoolBookingsTable, SchoolWaitlistTable } from "~/components/delivery-ui";
import { ErrorSummary } from "~/components/forms";
import { Pagination, rangeText } from "~/components/pagination";
import { redirectWithMessage } from "~/lib/flash.server";
import { pageFrom } from "~/lib/pagination";
import { parseButtonForm } from "~/lib/submission.server";
import { listSchoolBookings } from "~/models/bookings.server";
import { leaveWaitlist, listOwnWaitlist } from "~/models/waitlist.server";
import { leftWaitingList } from "~/lib/told-by-email";
import { listsPageTitle } from "~/lib/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: listsPageTitle("Your school's bookings", [
      { name: "past sessions", list: data?.past },
      { name: "cancelled or declined", list: data?.cancelled },
    ]),
  },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:book");
  const searchParams = new URL(args.request.url).searchParams;
  const pages = { past: pageFrom(searchParams, "pastPage"), cancelled: pageFrom(searchParams, "cancelledPage") };
  const [bookings, waitlist] = await Promise.all([listSchoolBookings(user, pages), listOwnWaitlist(user)]);
  return { ...bookings, waitlist };
}

const leaveSchema = z.object({ intent: z.literal("leave-waitlist"), deliveryId: z.string().trim().min(1).max(100) });

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "deliveries:book");
  const { deliveryId } = parseButtonForm(await args.request.formData(), leaveSchema);
  const left = await leaveWaitlist(user, deliveryId);
  if (!left.ok) return data({ message: left.message }, { status: 400 });
  return redirectWithMessage("/bookings", leftWaitingList(left.offered));
}

export default function SchoolBookings() {
  const { upcoming, awaitingReturn, past, cancelled, waitlist } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>Your school&apos;s bookings</h1>
      <ErrorSummary message={actionData?.message} />
      <p className="mb-8">
        <Link to="/sessions" className="button">
          Book a session
        </Link>
      </p>
      <h2>Attendance to record</h2>
      <AttendanceReturnsDueTable
        rows={awaitingReturn.map((b) => ({ id: b.id, title: b.delivery.topic.title, startsAt: b.delivery.startsAt, endsAt: b.delivery.endsAt }))}
        caption="Sessions waiting for your attendance return"
        empty="No attendance returns are due."
      />
      <h2>Upcoming</h2>
      <SchoolBookingsTable bookings={upcoming} caption="Upcoming sessions" empty="No upcoming sessions are booked." />
      <h2>Waiting lists</h2>
      <SchoolWaitlistTable entries={waitlist} />
      <h2>Past</h2>
      <div className="mb-8">
        <SchoolBookingsTable
          bookings={past.bookings}
          caption="Past sessions, latest first"
          count={rangeText(past.page, past.pageSize, past.total)}
          empty="No past sessions yet."
          pupils="attended"
          listStart="pastPage"
        />
        <Pagination page={past.page} pageCount={past.pageCount} param="pastPage" label="Pages of past sessions" />
      </div>
      <h2>Cancelled or declined</h2>
      <div className="mb-8">
        <SchoolBookingsTable
          bookings={cancelled.bookings}
          caption="Cancelled or declined bookings, latest first"
          count={rangeText(cancelled.page, cancelled.pageSize, cancelled.total)}
          empty="None."
          listStart="cancelledPage"
        />
        <Pagination page={cancelled.page} pageCount={cancelled.pageCount} param="cancelledPage" label="Pages of cancelled or declined bookings" />
      </div>
    </>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { bookingCalendar } from "~/models/bookings.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const body = await bookingCalendar(user, args.params.bookingId ?? "");
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="vrn-session.ics"',
      "Cache-Control": "private, no-store",
    },
  });
}

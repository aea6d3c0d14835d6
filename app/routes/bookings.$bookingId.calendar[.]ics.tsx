import type { LoaderFunctionArgs } from "@remix-run/node";
import contentDisposition from "content-disposition";
import { requireUser } from "~/auth/guards.server";
import { bookingCalendar } from "~/models/bookings.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const { body, filename } = await bookingCalendar(user, args.params.bookingId ?? "");
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": contentDisposition(filename),
      "Cache-Control": "private, no-store",
    },
  });
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ComparisonResults } from "~/components/survey-comparison";
import { RunStatusTag, runStateOf } from "~/components/survey-staff";
import { formatSessionTimes } from "~/lib/dates";
import { formatCode } from "~/lib/survey-code";
import { bookingComparison } from "~/models/survey-results.server";
import { counted } from "~/lib/numbers";

export const meta: MetaFunction = () => [{ title: "Before and after a session – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "surveys:run");
  const { booking, comparison, runs } = await bookingComparison(user, args.params.bookingId ?? "");
  return { booking, comparison, runs: runs.map((run) => ({ ...run, state: runStateOf(run) })) };
}

export default function BookingComparison() {
  const { booking, comparison, runs } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-4">
        <Link to={`/bookings/${booking.id}`}>Back to the booking</Link>
      </p>
      <h1>Before and after the session</h1>
      <p className="mb-6 text-xl">
        {booking.school.name}: {booking.delivery.topic.title}, {formatSessionTimes(booking.delivery.startsAt, booking.delivery.endsAt)}
      </p>
      <ComparisonResults comparison={comparison} caption="Core statements before and after the session" />
      <h2 className="mt-10">Surveys for this session</h2>
      {runs.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul className="mb-6 space-y-2">
          {runs.map((run) => (
            <li key={run.id}>
              <Link to={`/surveys/${run.id}`}>
                {run.template.title} ({formatCode(run.code)})
              </Link>
              : {counted(run.responseCount, "response")} <RunStatusTag state={run.state} />
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={`/surveys/new?bookingId=${booking.id}`}>Open another survey for this session</Link>
      </p>
    </>
  );
}

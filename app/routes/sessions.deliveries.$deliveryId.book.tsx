import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission, requireUser } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { BookingForm } from "~/components/delivery-forms";
import { formatDate, formatSessionTimes } from "~/lib/dates";
import { redirectWithMessage } from "~/lib/flash.server";
import { useMailInOutbox } from "~/lib/mail-in-outbox";
import { toldSchool } from "~/lib/told-by-email";
import { bookingSchema, leadBookingSchema } from "~/lib/delivery-schemas";
import { bookableYearGroups, parseYearGroups, SCHOOL_YEAR_GROUPS } from "~/lib/year-groups";
import { bookDelivery, schoolsToBookFor } from "~/models/bookings.server";
import { getDeliveryForLead, getDeliveryForSchool } from "~/models/deliveries.server";
import { OutboxNote } from "~/components/outbox-note";
import { SchoolRefusal } from "~/components/school-refusal";
import { ownSchoolRefusal } from "~/models/school-status.server";
import { onlyValue } from "~/lib/filter-choices";
import { parseSubmission } from "~/lib/submission.server";
import { newFormToken } from "~/models/sent-forms.server";
import { sentAlready } from "~/lib/sent-once";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Book ${data.title}, ${formatDate(data.startsAt)}` : "Book a session"} – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const id = args.params.deliveryId ?? "";
  // The lead books on a school's behalf, choosing the school; school staff book for their own.
  if (can(user, "deliveries:manage")) {
    const d = await getDeliveryForLead(user, id);
    const schools = await schoolsToBookFor(user, d.startsAt);
    const chosen = onlyValue(new URL(args.request.url).searchParams, "schoolId");
    return {
      id: d.id,
      title: d.topic.title,
      startsAt: d.startsAt,
      endsAt: d.endsAt,
      yearGroups: [...SCHOOL_YEAR_GROUPS],
      suits: parseYearGroups(d.topic.yearGroups),
      open: d.open && d.placesLeft > 0,
      schoolRefusal: null,
      roll: null,
      schools,
      schoolId: schools.some((s) => s.value === chosen) ? chosen : null,
      formToken: newFormToken(),
    };
  }
  await requirePermission(args, "deliveries:book");
  const d = await getDeliveryForSchool(user, id);
  return {
    id: d.id,
    title: d.topic.title,
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    yearGroups: bookableYearGroups(d.topic.yearGroups),
    suits: bookableYearGroups(d.topic.yearGroups),
    open: d.open && d.placesLeft > 0 && !d.ownBooking && !d.schoolRefusal,
    schoolRefusal: d.schoolRefusal,
    roll: d.schoolRoll,
    schools: null,
    schoolId: null,
    formToken: newFormToken(),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const byLead = can(user, "deliveries:manage");
  if (!byLead) await requirePermission(args, "deliveries:book");
  const id = args.params.deliveryId ?? "";
  // A school that may not book is told so before anything about the form's fields, which it cannot use
  // (decision 0029). The lead chooses the school in the form, so the model says it for them.
  const refusal = byLead ? null : await ownSchoolRefusal(user, "deliveries:book", "booking");
  if (refusal) return data({ refusal }, { status: 400 });
  const submission = parseSubmission(await args.request.formData(), { schema: byLead ? leadBookingSchema : bookingSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const result = await bookDelivery(user, id, submission.value);
  if (!result.ok) {
    if (result.reason === "school-status" && !byLead) return data({ refusal: result.message }, { status: 400 });
    // Refusals about one field go by that field; the rest (full, closed, ...) sit in the summary. The
    // lead's chosen school may be one that cannot book (closed, or not open by the session's day).
    const fieldOf: Partial<Record<typeof result.reason, string>> = {
      "too-many-pupils": "expectedPupils",
      "year-groups": "yearGroups",
      "no-school": "schoolId",
      ...(byLead ? { "school-status": "schoolId" } : {}),
    };
    const name = fieldOf[result.reason];
    const field = name ? { fieldErrors: { [name]: [result.message] } } : { formErrors: [result.message] };
    return data({ form: submission.reply(field) }, { status: 400 });
  }
  if (result.repeat) {
    return redirectWithMessage(`/bookings/${result.id}`, sentAlready("the booking made", "saved or sent"));
  }
  const requested = byLead ? "Booking requested: confirm it on the requests page." : "Booking requested. The VRN schools lead will confirm it soon.";
  return redirectWithMessage(
    `/bookings/${result.id}`,
    result.told
      ? toldSchool(result.status === "CONFIRMED" ? "Booking confirmed." : requested, result.told, { canInvite: can(user, "users:manage") })
      : "Booking saved.",
  );
}

export default function BookDelivery() {
  const { id, title, startsAt, endsAt, yearGroups, suits, open, roll, schoolRefusal, schools, schoolId, formToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const mailInOutbox = useMailInOutbox();
  // The school's state as the form was refused for it, else as the page was read.
  const refused = actionData ? ("refusal" in actionData ? actionData.refusal : null) : schoolRefusal;
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/sessions/deliveries/${id}`}>Back to the session</Link>
      </p>
      <h1>Book {title}</h1>
      <p className="mb-8 text-xl">{formatSessionTimes(startsAt, endsAt)}</p>
      {schools ? (
        <>
          <p className="mb-6">
            You are booking on a school&apos;s behalf.{" "}
            {mailInOutbox
              ? "A message to the school's teachers with an account, saying that you booked it, waits in the outbox."
              : "The school's teachers with an account are emailed that you booked it."}
          </p>
          <OutboxNote />
        </>
      ) : null}
      {refused ? (
        <SchoolRefusal refusal={refused} />
      ) : open || actionData ? (
        <BookingForm
          lastResult={actionData && "form" in actionData ? actionData.form : undefined}
          roll={roll}
          yearGroups={yearGroups}
          suits={suits}
          schools={schools}
          schoolId={schoolId}
          formToken={formToken}
        />
      ) : (
        <p className="panel">
          {schools
            ? "This session cannot be booked: it is full or closed."
            : "This session cannot be booked: it is full, closed, or your school has booked it already."}
        </p>
      )}
    </div>
  );
}

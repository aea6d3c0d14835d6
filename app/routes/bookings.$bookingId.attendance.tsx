import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { AttendanceForm } from "~/components/delivery-forms";
import { formatDate, formatSessionTimes } from "~/lib/dates";
import { redirectWithMessage } from "~/lib/flash.server";
import { counted } from "~/lib/numbers";
import { attendanceSchema } from "~/lib/delivery-schemas";
import { parseYearGroups } from "~/lib/year-groups";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";
import { attendanceDayRefusal, attendanceFormValues, attendanceVersion, canRecordReturn, recordAttendance } from "~/models/attendance.server";
import { bookingHeading, getBooking } from "~/models/bookings.server";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Record attendance${data ? `: ${data.title}, ${formatDate(data.startsAt)}` : ""} – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const b = await getBooking(user, args.params.bookingId ?? "");
  return {
    ...bookingHeading(b),
    expected: b.expectedPupils,
    yearGroups: parseYearGroups(b.yearGroups),
    open: canRecordReturn(b),
    values: attendanceFormValues(b),
    // What the page shows as recorded, so a return recorded meanwhile is not replaced unseen (decision 0148).
    version: attendanceVersion(b),
    // Said before the form, not only once it is sent: pupils cannot be recorded on a day outside the school's days.
    outsideSchoolDays: canRecordReturn(b) ? await attendanceDayRefusal(user, b) : null,
    // Where the lead corrects the school's dates, when that is what is wrong.
    schoolEdit: can(user, "schools:manage") ? `/schools/${b.school.id}/edit` : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const id = args.params.bookingId ?? "";
  const submission = parseSubmission(await args.request.formData(), { schema: attendanceSchema });
  if (submission.status !== "success") return data({ form: submission.reply(), askToConfirm: null }, { status: 400 });
  const result = await recordAttendance(user, id, submission.value);
  if ("changedMeanwhile" in result) {
    const { reply, version } = changedMeanwhileReply(submission, "this session's attendance", result);
    return data({ form: reply, askToConfirm: null, version }, { status: 409 });
  }
  if (!result.ok) {
    return data({ form: submission.reply(refusalErrors(result)), askToConfirm: result.askToConfirm ? result.message : null }, { status: 400 });
  }
  return redirectWithMessage(`/bookings/${id}`, result.message);
}

export default function RecordAttendance() {
  const { id, title, startsAt, endsAt, school, expected, yearGroups, open, values, version, outsideSchoolDays, schoolEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/bookings/${id}`}>Back to the booking</Link>
      </p>
      <h1>Record attendance</h1>
      <p className="mb-8 text-xl">
        {school}: {title}, {formatSessionTimes(startsAt, endsAt)}. {counted(expected, "pupil was", "pupils were")} expected.
      </p>
      {open && outsideSchoolDays ? (
        <p className="panel mb-6">
          {outsideSchoolDays}
          {schoolEdit ? (
            <>
              {" "}
              <Link to={schoolEdit}>Edit {school}</Link>
            </>
          ) : null}
        </p>
      ) : null}
      {open ? (
        <AttendanceForm
          lastResult={actionData?.form}
          defaultValue={values}
          yearGroups={yearGroups}
          askToConfirm={actionData?.askToConfirm ?? null}
          version={versionToSend(actionData, version)}
        />
      ) : (
        <p className="panel">Attendance can be recorded once the session has happened.</p>
      )}
    </div>
  );
}

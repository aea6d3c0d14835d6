import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { EditVersionInput, ErrorSummary, SubmitButton, useSchemaForm } from "~/components/forms";
import { SchoolFields } from "~/components/school-fields";
import { redirectWithMessage } from "~/lib/flash.server";
import { notFound } from "~/lib/responses.server";
import { schoolSchema } from "~/lib/school-form";
import { localityOptions } from "~/models/localities.server";
import { getSchool, schoolVersion, updateSchool } from "~/models/schools.server";
import { bookingsToCome, waitingListPlaces } from "~/models/school-closure.server";
import { counted } from "~/lib/numbers";
import { bookedBeforeOpeningWords } from "~/lib/schools";
import { toldOfClosing } from "~/lib/told-by-email";
import { parseSubmission } from "~/lib/submission.server";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";
import { londonDateInputValue } from "~/lib/london-time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.school.name ?? "school"} – VRN Schools Forum` }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "schools:manage");
  const schoolId = args.params.schoolId ?? "";
  const [school, localities, toCome, waiting] = await Promise.all([
    getSchool(user, schoolId),
    localityOptions(user),
    bookingsToCome(user, [schoolId]),
    waitingListPlaces(user, schoolId),
  ]);
  if (!school) notFound("school");
  const open = school.status !== "CLOSED";
  return {
    school,
    version: schoolVersion(school),
    localities,
    bookingsStillToCome: open ? (toCome.get(school.id) ?? 0) : 0,
    waitingListPlaces: open ? waiting : 0,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "schools:manage");
  const submission = parseSubmission(await args.request.formData(), { schema: schoolSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await updateSchool(user, args.params.schoolId ?? "", submission.value);
  if (!result) notFound("school");
  if ("changedMeanwhile" in result) {
    const { reply, version } = changedMeanwhileReply(submission, "this school", result);
    return data({ ...reply, version }, { status: 409 });
  }
  if (!result.ok) return data(submission.reply({ fieldErrors: result.fieldErrors }), { status: 400 });
  // Bookings left on sessions before a new opening day can record no pupils (decision 0158): say so.
  const before = result.bookedBeforeOpening ? ` ${bookedBeforeOpeningWords(result.bookedBeforeOpening)}.` : "";
  const message = result.changed
    ? toldOfClosing(`${result.school.name} has been updated.${before}`, result.withdrawn)
    : `Nothing changed: ${result.school.name} was already up to date`;
  return redirectWithMessage(`/schools/${result.school.id}`, message);
}

export default function EditSchool() {
  const { school, version, localities, bookingsStillToCome, waitingListPlaces } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("edit-school", schoolSchema, lastResult, {
    urn: school.urn,
    name: school.name,
    localAuthority: school.localAuthority,
    localityId: school.localityId ?? "",
    type: school.type,
    numberOnRoll: school.numberOnRoll?.toString() ?? "",
    postcode: school.postcode ?? "",
    status: school.status,
    openedOn: school.openedOn ? londonDateInputValue(school.openedOn) : "",
    closedOn: school.closedOn ? londonDateInputValue(school.closedOn) : "",
  });
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/schools/${school.id}`}>Back to {school.name}</Link>
      </p>
      <h1>Edit school details</h1>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <EditVersionInput version={versionToSend(lastResult, version)} />
        <SchoolFields fields={fields} localities={localities} />
        {bookingsStillToCome + waitingListPlaces > 0 ? (
          <p className="panel mb-6">{closingWarning(school.name, bookingsStillToCome, waitingListPlaces)}</p>
        ) : null}
        <SubmitButton pendingText="Saving…">Save changes</SubmitButton>
      </Form>
    </div>
  );
}

/**
 * What recording an open school as closed will withdraw (decision 0145), said beside the form before it
 * is saved: "Ash School has 2 bookings still to come and 1 place on a waiting list. Recording it as
 * closed cancels the bookings, sending the school a message saying so, gives up the waiting-list place,
 * and offers the places to schools waiting. Recording it as open again later does not bring them back."
 */
function closingWarning(name: string, bookings: number, waiting: number): string {
  const holds = [
    bookings > 0 ? `${counted(bookings, "booking")} still to come` : "",
    waiting > 0 ? `${counted(waiting, "place")} on ${waiting === 1 ? "a waiting list" : "waiting lists"}` : "",
  ].filter(Boolean);
  const does = [
    bookings > 0 ? `cancels ${bookings === 1 ? "the booking" : "the bookings"}, sending the school a message saying so` : "",
    waiting > 0 ? `gives up ${waiting === 1 ? "the waiting-list place" : "the waiting-list places"}` : "",
  ].filter(Boolean);
  return `${name} has ${holds.join(" and ")}. Recording it as closed ${does.join(", ")}, and offers the places to schools waiting. Recording it as open again later does not bring ${bookings + waiting === 1 ? "it" : "them"} back.`;
}

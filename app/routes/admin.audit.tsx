import { getFormProps } from "@conform-to/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { ErrorSummary, SelectField, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { DATE_WINDOWS, dateField, dateInputLimits } from "~/lib/date-fields";
import { formatDateTime, londonDayEnd, londonDayStart } from "~/lib/dates";
import { pageFrom } from "~/lib/pagination";
import { auditFilterChoices, listAuditEvents } from "~/models/audit.server";
import { plainText } from "~/lib/text-fields";
import { DataTable } from "~/components/data-table";
import { counted } from "~/lib/numbers";
import { parseSubmission } from "~/lib/submission.server";
import { listPageTitle } from "~/lib/page-title";
import { startWhenFiltered } from "~/components/layout";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: listPageTitle("Audit log", data && { page: data.page, pageCount: data.log.pageCount }) },
];

const dateSchema = (what: string) => dateField(what, DATE_WINDOWS.recordFilter, { invalid: "Enter a real date" });

// Query names avoid "action", which would clash with the form element's own `action` property.
const filtersSchema = z
  .object({
    what: plainText(z.string().trim().max(50), "action").optional(),
    record: plainText(z.string().trim().max(50), "record").optional(),
    who: plainText(z.string().trim().max(254, "Email must be 254 characters or fewer"), "email").optional(),
    from: dateSchema("start date").optional(),
    to: dateSchema("end date").optional(),
  })
  .refine((value) => !value.from || !value.to || value.from <= value.to, {
    path: ["to"],
    message: "The end date must be the same as or after the start date",
  });

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "audit:read");
  const url = new URL(args.request.url);
  // The action and record type must be ones the filter offers: another (an edited or old link) would list
  // nothing under "All actions".
  const choices = await auditFilterChoices(user);
  const offered = filtersSchema.superRefine((value, ctx) => {
    if (value.what && !choices.actions.includes(value.what)) ctx.addIssue({ code: "custom", path: ["what"], message: "Choose an action from the list" });
    if (value.record && !choices.entityTypes.includes(value.record))
      ctx.addIssue({ code: "custom", path: ["record"], message: "Choose a record type from the list" });
  });
  const submission = parseSubmission(url.searchParams, { schema: offered });
  const filters = submission.status === "success" ? submission.value : {};
  // Dates are London calendar days: "to" includes the whole of its day.
  const listed = await listAuditEvents(user, {
    action: filters.what,
    entityType: filters.record,
    actor: filters.who,
    from: filters.from ? londonDayStart(filters.from) : undefined,
    to: filters.to ? londonDayEnd(filters.to) : undefined,
    page: pageFrom(url.searchParams),
  });
  const invalid = submission.status === "error";
  return data(
    { log: { ...listed, ...choices }, page: listed.page, filters, filterResult: invalid ? submission.reply() : undefined },
    { status: invalid ? 400 : 200 },
  );
}

export default function AuditLog() {
  const { log, page, filters } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <h1>Audit log</h1>
      <p className="mb-8 max-w-3xl">Every change made in the service, and every sign-in: who did it, when, and to what.</p>
      <AuditFilters key={location.search} />
      <DataTable caption={<span data-page-start={startWhenFiltered(filters)}>Events, newest first ({counted(log.total, "event")})</span>} listStart="page">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Record</th>
            <th scope="col">What happened</th>
          </tr>
        </thead>
        <tbody>
          {log.events.map((event) => (
            <tr key={event.id}>
              <td className="whitespace-nowrap">{formatDateTime(event.at)}</td>
              <td className="break-words">{event.actorEmail ?? "The service"}</td>
              <td>{actionLabel(event.action)}</td>
              <td>
                {event.entityType === "User" && event.entityId ? (
                  <Link to={`/admin/users/${event.entityId}`}>
                    User<span className="sr-only"> (open their page)</span>
                  </Link>
                ) : (
                  recordLabel(event.entityType)
                )}
              </td>
              <td>{event.summary}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {log.events.length === 0 ? <p className="mt-4">No events match these filters.</p> : null}
      <Pagination page={page} pageCount={log.pageCount} label="Pages of the audit log" />
    </>
  );
}

/** An action as the log stores it ("remove-names") in words: "Remove names". */
const actionLabel = (action: string) => action.charAt(0).toUpperCase() + action.slice(1).replace(/-/g, " ");
/** A record type as the log stores it ("AttendanceReturn") in words: "Attendance return". */
const recordLabel = (type: string) => type.replace(/(?<=[a-z])(?=[A-Z])/g, " ").replace(/(?<= )[A-Z]/g, (letter) => letter.toLowerCase());

function AuditFilters() {
  const { log, filters, filterResult } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm("audit-filters", filtersSchema, filterResult, filters, { shouldRevalidate: "onSubmit" });
  const options = (values: string[], label: (value: string) => string) => values.map((value) => ({ value, label: label(value) }));
  return (
    <div role="search" aria-labelledby="audit-filters-title" className="mb-8 border-2 border-line p-4">
      <h2 id="audit-filters-title" className="text-xl">
        Filter events
      </h2>
      <ErrorSummary form={form} />
      <Form method="get" {...getFormProps(form)}>
        <div className="grid gap-x-6 md:grid-cols-3">
          <SelectField meta={fields.what} label="Action" options={options(log.actions, actionLabel)} placeholder="All actions" />
          <SelectField meta={fields.record} label="Record type" options={options(log.entityTypes, recordLabel)} placeholder="All records" />
          <TextField meta={fields.who} label="Done by (email contains)" type="search" />
          <TextField meta={fields.from} label="From" hint="The whole day, UK time" type="date" limits={dateInputLimits(DATE_WINDOWS.recordFilter)} />
          <TextField meta={fields.to} label="To" hint="The whole day, UK time" type="date" limits={dateInputLimits(DATE_WINDOWS.recordFilter)} />
        </div>
        <div className="flex flex-wrap items-center gap-6">
          <SubmitButton variant="secondary">Apply filters</SubmitButton>
          <Link to="/admin/audit">Clear filters</Link>
        </div>
      </Form>
    </div>
  );
}

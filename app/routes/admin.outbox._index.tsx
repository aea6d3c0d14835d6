import { getFormProps } from "@conform-to/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { formatDateTime } from "~/lib/dates";
import { pageFrom } from "~/lib/pagination";
import { listOutboxMessages, mailer } from "~/models/mailer.server";
import { plainText } from "~/lib/text-fields";
import { DataTable } from "~/components/data-table";
import { counted } from "~/lib/numbers";
import { parseSubmission } from "~/lib/submission.server";
import { listPageTitle } from "~/lib/page-title";
import { startWhenFiltered } from "~/components/layout";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: listPageTitle("Outbox", data && { page: data.page, pageCount: data.outbox.pageCount }) },
];

const filtersSchema = z.object({
  to: plainText(z.string().trim().max(254, "Recipient must be 254 characters or fewer"), "recipient").optional(),
});

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "outbox:read");
  const url = new URL(args.request.url);
  const submission = parseSubmission(url.searchParams, { schema: filtersSchema });
  const filters = submission.status === "success" ? submission.value : {};
  const outbox = await listOutboxMessages(user, { page: pageFrom(url.searchParams), to: filters.to });
  const invalid = submission.status === "error";
  return data(
    { outbox, page: outbox.page, filters, filterResult: invalid ? submission.reply() : undefined, transport: mailer.transport },
    { status: invalid ? 400 : 200 },
  );
}

export default function Outbox() {
  const { outbox, page, transport, filters } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <h1>Outbox</h1>
      <p className="mb-8 max-w-3xl">
        {transport === "outbox"
          ? "No mail server is set up, so emails the service writes (such as invitations) are kept here instead of being sent. Copy a link from a message and pass it on yourself."
          : "A mail server is set up, so new emails are sent and no longer kept here. These were kept, not sent, by a process with no mail server set up: this server before it had one, or a command run without its settings."}
      </p>
      <OutboxFilters key={location.search} />
      <DataTable
        caption={<span data-page-start={startWhenFiltered(filters)}>Messages, newest first ({counted(outbox.total, "message")})</span>}
        listStart="page"
      >
        <thead>
          <tr>
            <th scope="col">Written</th>
            <th scope="col">To</th>
            <th scope="col">Subject</th>
          </tr>
        </thead>
        <tbody>
          {outbox.messages.map((message) => (
            <tr key={message.id}>
              <td>{formatDateTime(message.createdAt)}</td>
              <td className="break-words">{message.to}</td>
              <td>
                <Link to={`/admin/outbox/${message.id}`}>
                  {message.subject}
                  <span className="sr-only"> (to {message.to})</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {outbox.messages.length === 0 ? <p className="mt-4">There are no messages to show.</p> : null}
      <Pagination page={page} pageCount={outbox.pageCount} label="Pages of messages" />
    </>
  );
}

function OutboxFilters() {
  const { filters, filterResult } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm("outbox-filters", filtersSchema, filterResult, filters, { shouldRevalidate: "onSubmit" });
  return (
    <div role="search" aria-label="Find messages" className="mb-8 border-2 border-line p-4">
      <ErrorSummary form={form} />
      <Form method="get" {...getFormProps(form)}>
        <TextField meta={fields.to} label="Recipient's email address contains" type="search" />
        <div className="flex flex-wrap items-center gap-6">
          <SubmitButton variant="secondary">Find messages</SubmitButton>
          <Link to="/admin/outbox">Show all messages</Link>
        </div>
      </Form>
    </div>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { TextWithLinks } from "~/components/text-with-links";
import { formatDateTime } from "~/lib/dates";
import { notFound } from "~/lib/responses.server";
import { getOutboxMessage } from "~/models/mailer.server";
import { SummaryList, SummaryRow } from "~/components/summary-list";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.message.subject ?? "Message"} – Outbox – VRN Schools Forum` }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "outbox:read");
  const message = await getOutboxMessage(user, args.params.messageId ?? "");
  if (!message) notFound("message");
  return { message };
}

export default function OutboxMessage() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-3xl">
      <p className="mb-6">
        <Link to="/admin/outbox">Back to the outbox</Link>
      </p>
      <h1>{message.subject}</h1>
      <SummaryList className="mb-8">
        <SummaryRow term="To" valueClassName="break-words">
          {message.to}
        </SummaryRow>
        <SummaryRow term="Written">{formatDateTime(message.createdAt)}</SummaryRow>
      </SummaryList>
      <h2>Message</h2>
      <div className="panel whitespace-pre-wrap break-words">
        <TextWithLinks text={message.text} />
      </div>
      {message.calendarFile ? (
        <>
          <h2 className="mt-8">Calendar file attached</h2>
          <p>The message carried this calendar file (.ics), which mail programs offer to add to the calendar.</p>
          <pre className="panel whitespace-pre-wrap break-all text-sm" aria-label="Calendar file">
            {message.calendarFile}
          </pre>
        </>
      ) : null}
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { formatDateTime, formatSessionTimes } from "~/lib/dates";
import { useMailInOutbox } from "~/lib/mail-in-outbox";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseButtonForm } from "~/lib/submission.server";
import { toldAboutReminders } from "~/lib/told-by-email";
import { glanceAtOverdueReturns, listOverdueReturns, remindOverdueSchools } from "~/models/overdue-returns.server";
import { DataTable } from "~/components/data-table";
import { Separator } from "~/components/separators";

export const meta: MetaFunction = () => [{ title: "Overdue attendance returns – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const [overdue, glance] = await Promise.all([listOverdueReturns(user), glanceAtOverdueReturns(user, 1)]);
  return { overdue, more: glance.more, shownAt: new Date().toISOString(), canInvite: can(user, "users:manage") };
}

// How far ahead of the server's clock a page's time may be: none is, as the server wrote it.
const CLOCK_MARGIN_MS = 60_000;

// `shownAt` is when the page was drawn: a second submit of the same page reminds nobody twice (a fresh
// page may remind again, by design). A time later than now, which no page drew, would make every submit
// until then a "fresh page", so it is refused. So is anything but a time as the loader wrote it
// (`toISOString`), read back to the same text: JavaScript's own reading of dates takes " 12 " as December
// 2001, and 30 February as 2 March.
const shownAt = z.string().transform((text, ctx) => {
  const date = new Date(text);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== text || date.getTime() > Date.now() + CLOCK_MARGIN_MS) {
    ctx.addIssue({ code: "custom", message: "Not a time this page wrote" });
    return z.NEVER;
  }
  return date;
});
const remindSchema = z.union([
  z.object({ intent: z.literal("remind-all"), shownAt }),
  z.object({ intent: z.literal("remind-one"), shownAt, bookingId: z.string() }),
]);

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const form = parseButtonForm(await args.request.formData(), remindSchema);
  const result = await remindOverdueSchools(user, form.intent === "remind-all" ? "all" : [form.bookingId], form.shownAt);
  return redirectWithMessage("/sessions/returns", toldAboutReminders(result, { canInvite: can(user, "users:manage") }));
}

export default function OverdueReturns() {
  const { overdue, more, shownAt, canInvite } = useLoaderData<typeof loader>();
  // Without a mail server a reminder only reaches the outbox: the column says so rather than "reminded".
  const mailInOutbox = useMailInOutbox();
  return (
    <>
      <p className="mb-4">
        <Link to="/sessions/schedule">Back to the schedule</Link>
      </p>
      <h1>Overdue attendance returns</h1>
      <p className="mb-8 max-w-3xl">
        Schools that have not recorded attendance more than 7 days after their session. Remind them, or record the return for them.
      </p>
      {overdue.length === 0 ? (
        <p className="panel">No returns are overdue.</p>
      ) : (
        <>
          <Form method="post" className="mb-8">
            <input type="hidden" name="shownAt" value={shownAt} />
            <button type="submit" name="intent" value="remind-all" className="button mb-0">
              Remind all overdue schools
            </button>
          </Form>
          <DataTable
            caption={
              <>
                Overdue returns{" "}
                <span className="font-normal">({more ? `the oldest ${overdue.length}; there are more, shown as these are dealt with` : overdue.length})</span>
              </>
            }
          >
            <thead>
              <tr>
                <th scope="col">School</th>
                <th scope="col">Session</th>
                <th scope="col">When</th>
                <th scope="col">{mailInOutbox ? "Last reminder put in the outbox" : "Last reminded"}</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {overdue.map((b) => (
                <tr key={b.id}>
                  <td>
                    {b.school.name}
                    {b.peopleToRemind === 0 ? (
                      <p className="mt-2 font-bold">
                        <Separator text=". " />
                        Warning: no teacher at this school has an active account, so a reminder reaches nobody.{" "}
                        {canInvite ? (
                          <Link to={`/admin/users/invite?schoolId=${encodeURIComponent(b.schoolId)}`}>
                            Invite someone<span className="sr-only"> from {b.school.name}</span>
                          </Link>
                        ) : null}
                      </p>
                    ) : null}
                  </td>
                  <td>{b.delivery.topic.title}</td>
                  <td>{formatSessionTimes(b.delivery.startsAt, b.delivery.endsAt)}</td>
                  <td>{b.lastRemindedAt ? formatDateTime(b.lastRemindedAt) : "Not yet"}</td>
                  <td>
                    <div className="flex flex-wrap items-center gap-4">
                      <Form method="post">
                        <input type="hidden" name="shownAt" value={shownAt} />
                        <input type="hidden" name="bookingId" value={b.id} />
                        <button type="submit" name="intent" value="remind-one" className="button button-secondary mb-0">
                          Send a reminder<span className="sr-only"> to {b.school.name}</span>
                        </button>
                      </Form>
                      <Link to={`/bookings/${b.id}/attendance`}>
                        Record it<span className="sr-only"> for {b.school.name}</span>
                      </Link>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </>
      )}
    </>
  );
}

import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { cancelCutoffSchema } from "~/lib/delivery-schemas";
import { cancelCutoffHours, setCancelCutoffHours } from "~/models/bookings.server";
import { parseSubmission } from "~/lib/submission.server";

export const meta: MetaFunction = () => [{ title: "Booking settings – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "deliveries:manage");
  return { hours: await cancelCutoffHours() };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  const submission = parseSubmission(await args.request.formData(), { schema: cancelCutoffSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  return redirectWithMessage("/sessions/schedule", await setCancelCutoffHours(user, submission.value.hours));
}

export default function BookingSettings() {
  const { hours } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("booking-settings", cancelCutoffSchema, actionData?.form, { hours: String(hours) }, { shouldRevalidate: "onSubmit" });
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to="/sessions/schedule">Back to the schedule</Link>
      </p>
      <h1>Booking settings</h1>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <TextField
          meta={fields.hours}
          label="Schools can cancel up to this many hours before a session"
          hint="After that, a school asks you to cancel. 48 hours unless you change it."
          inputMode="numeric"
          width="max-w-32"
        />
        <SubmitButton pendingText="Saving…">Save settings</SubmitButton>
      </Form>
    </div>
  );
}

import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { EditVersionInput, ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { renameLocalitySchema } from "~/lib/localities";
import { notFound } from "~/lib/responses.server";
import { getLocality, localityVersion, renameLocality } from "~/models/localities.server";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";
import { parseSubmission } from "~/lib/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `Rename ${data.name}` : "Rename a locality"} – VRN Schools Forum` }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "localities:manage");
  const locality = await getLocality(user, args.params.localityId ?? "");
  if (!locality) notFound("locality");
  return { id: locality.id, name: locality.name, version: localityVersion(locality) };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "localities:manage");
  const submission = parseSubmission(await args.request.formData(), { schema: renameLocalitySchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const localityId = args.params.localityId ?? "";
  const result = await renameLocality(user, localityId, submission.value);
  if (!result) notFound("locality");
  if ("changedMeanwhile" in result) {
    const { reply, version } = changedMeanwhileReply(submission, "this locality", result);
    return data({ ...reply, version }, { status: 409 });
  }
  if (!result.ok) return data(submission.reply({ fieldErrors: result.fieldErrors }), { status: 400 });
  if (!result.value.changed) {
    return redirectWithMessage(`/schools/localities/${localityId}`, `Nothing changed: the locality was already called ${submission.value.name}`);
  }
  return redirectWithMessage(`/schools/localities/${localityId}`, `The locality is now called ${submission.value.name}`);
}

export default function RenameLocality() {
  const locality = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("rename-locality", renameLocalitySchema, lastResult, { name: locality.name });
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to={`/schools/localities/${locality.id}`}>Back to {locality.name}</Link>
      </p>
      <h1>Rename {locality.name}</h1>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <EditVersionInput version={versionToSend(lastResult, locality.version)} />
        <TextField meta={fields.name} label="New name" />
        <SubmitButton pendingText="Saving…">Save name</SubmitButton>
      </Form>
    </div>
  );
}

import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseButtonForm, parseIntent, parseSubmission, refusalErrors } from "~/lib/submission.server";
import { AREA_KIND_LABELS, localityAreaSchema } from "~/lib/localities";
import { notFound } from "~/lib/responses.server";
import { capitalise } from "~/lib/school-changes";
import { addLocalityArea, getLocality, removeLocalityArea } from "~/models/localities.server";
import { newFormToken } from "~/models/sent-forms.server";
import { DataTable } from "~/components/data-table";
import { counted } from "~/lib/numbers";
import { sentAlready } from "~/lib/sent-once";
import { SummaryList, SummaryRow } from "~/components/summary-list";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.locality.name ?? "Locality"} – VRN Schools Forum` }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "localities:manage");
  const locality = await getLocality(user, args.params.localityId ?? "");
  if (!locality) notFound("locality");
  return { locality, formToken: newFormToken() };
}

const removeAreaSchema = z.object({ areaId: z.string().min(1).max(100) });

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "localities:manage");
  const localityId = args.params.localityId ?? "";
  const here = `/schools/localities/${localityId}`;
  const formData = await args.request.formData();
  if (parseIntent(formData, ["remove", "add"]) === "remove") {
    const { areaId } = parseButtonForm(formData, removeAreaSchema, "Choose Remove beside one of the mappings.");
    if (!(await getLocality(user, localityId))) notFound("locality");
    const removed = await removeLocalityArea(user, localityId, areaId);
    // A second click on the same Remove button finds nothing to remove: say so rather than fail, and
    // claim no more than that (an edited form's id may never have been one of this locality's).
    return redirectWithMessage(
      here,
      removed ? `${removed.name} is no longer mapped to this locality` : "That mapping is not one of this locality's now, so nothing was removed",
    );
  }
  const submission = parseSubmission(formData, { schema: localityAreaSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await addLocalityArea(user, localityId, submission.value);
  if (!result) notFound("locality");
  if (!result.ok) return data(submission.reply(refusalErrors(result)), { status: 400 });
  if (result.value.repeat) return redirectWithMessage(here, sentAlready(`${result.value.name} mapped to this locality`));
  return redirectWithMessage(here, `${result.value.name} is now mapped to this locality`);
}

export default function LocalityPage() {
  const { locality, formToken } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const kind = AREA_KIND_LABELS[locality.areaKind];
  const [form, fields] = useSchemaForm("add-area", localityAreaSchema, lastResult);
  return (
    <>
      <p className="mb-4">
        <Link to="/schools/localities">Back to localities</Link>
      </p>
      <h1>{locality.name}</h1>
      <SummaryList className="mb-4 max-w-3xl">
        <SummaryRow term="Local authority">{locality.localAuthority}</SummaryRow>
        <SummaryRow term="Schools">
          <Link to={`/schools?localityId=${locality.id}`}>{counted(locality.schoolCount, "school")}</Link>
        </SummaryRow>
      </SummaryList>
      <p className="mb-10">
        <Link to={`/schools/localities/${locality.id}/edit`}>
          Rename<span className="sr-only"> {locality.name}</span>
        </Link>
      </p>

      <h2>{capitalise(kind)}s</h2>
      <p className="mb-4 max-w-3xl">
        A school in {locality.localAuthority} whose GIAS {kind} is listed here is placed in {locality.name} when schools are imported.
      </p>
      {locality.areas.length === 0 ? (
        <p className="panel mb-8 max-w-3xl">
          No {kind}s are mapped to {locality.name} yet.
        </p>
      ) : (
        <DataTable
          caption={
            <>
              {capitalise(kind)}s mapped to {locality.name}
            </>
          }
          className="mb-8 max-w-3xl"
        >
          <thead>
            <tr>
              <th scope="col">{capitalise(kind)} as GIAS writes it</th>
              <th scope="col">
                <span className="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {locality.areas.map((area) => (
              <tr key={area.id}>
                <td>{area.name}</td>
                <td className="text-right">
                  <Form method="post">
                    <input type="hidden" name="areaId" value={area.id} />
                    <button type="submit" name="intent" value="remove" className="button button-secondary">
                      Remove<span className="sr-only"> {area.name}</span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}

      <div className="max-w-xl">
        <h2>Add a {kind}</h2>
        <ErrorSummary form={form} />
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="formToken" value={formToken} />
          <TextField
            meta={fields.name}
            label={`${capitalise(kind)} name`}
            hint={`Exactly as in the GIAS column ${locality.areaKind === "WARD" ? "AdministrativeWard (name)" : "DistrictAdministrative (name)"}`}
          />
          <SubmitButton name="intent" value="add" pendingText="Adding…">
            Add {kind}
          </SubmitButton>
        </Form>
      </div>
    </>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { Page } from "~/components/layout";
import { TemplateStatusTag } from "~/components/survey-staff";
import { CONTEXT_LABELS, PHASE_LABELS } from "~/lib/survey-schemas";
import { listTemplates } from "~/models/survey-templates.server";
import { TableHead } from "~/components/table-head";
import { DataTable } from "~/components/data-table";

export const meta: MetaFunction = () => [{ title: "Survey templates – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "surveys:manage-templates");
  return { templates: await listTemplates(user) };
}

export default function SurveyTemplates() {
  const { templates } = useLoaderData<typeof loader>();
  return (
    <Page title="Survey templates" lead="The surveys schools can run. A version with results is never changed: editing it makes the next version.">
      <p className="mb-8">
        <Link to="/admin/surveys/new" className="button">
          Create a template
        </Link>
      </p>
      <DataTable caption={<>Templates and their versions</>}>
        <TableHead columns={["Title", "Version", "For", "Status", { label: "Questions", numeric: true }, { label: "Surveys run", numeric: true }]} />
        <tbody>
          {templates.map((t) => (
            <tr key={t.id}>
              <td>
                <Link to={`/admin/surveys/${t.id}`}>{t.title}</Link>
              </td>
              <td>{t.version}</td>
              <td>
                {CONTEXT_LABELS[t.context]}: {PHASE_LABELS[t.phase]}
              </td>
              <td>
                <TemplateStatusTag status={t.status} />
              </td>
              <td className="text-right">{t.questionCount}</td>
              <td className="text-right">{t._count.runs}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </Page>
  );
}

import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ErrorSummary } from "~/components/forms";
import { PageEditorNav } from "~/components/guide-admin";
import { VersionComparison, VersionPicker } from "~/components/guide-diff";
import type { FilterProblems } from "~/lib/filter-choices";
import { readComparison } from "~/lib/guide-forms";
import { notFound } from "~/lib/responses.server";
import { compareVersions, listVersions } from "~/models/guide-history.server";
import guideStyles from "~/styles/guide.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: guideStyles }];

export const meta: MetaFunction = () => [{ title: "What changed – Guide editor – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "guide:edit");
  const pageId = args.params.pageId ?? "";
  const history = await listVersions(user, pageId);
  if (!history) notFound();
  const numbers = Array.from({ length: history.total }, (_, i) => history.total - i);
  // A version the page does not have is refused by its choice, as any filter is, and the picker stays.
  const { chosen, problems } = readComparison(new URL(args.request.url).searchParams, history.total);
  const { from, to } = chosen;
  if (problems || from === undefined || to === undefined) {
    return data({ pageId, title: history.title, numbers, chosen, errors: problems ?? {}, comparison: null }, { status: 400 });
  }
  const comparison = await compareVersions(user, pageId, from, to);
  if (!comparison) notFound("version");
  const none: FilterProblems<"from" | "to"> = {};
  return { pageId, title: history.title, numbers, chosen, errors: none, comparison };
}

export default function CompareVersions() {
  const { pageId, title, numbers, chosen, errors, comparison } = useLoaderData<typeof loader>();
  return (
    <>
      <PageEditorNav pageId={pageId} current={null} />
      <p className="mb-4 text-base">
        <Link to={`/admin/guide/pages/${pageId}/history`}>Back to the history</Link>
      </p>
      <span className="hint">What changed</span>
      <h1>{title}</h1>
      {/* Says what was wrong with the versions in the address, and puts "Error:" in the title once the page's scripts run. */}
      <ErrorSummary form={{ id: "compare", allErrors: Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, [message]])) }} />
      <VersionPicker pageId={pageId} numbers={numbers} from={chosen.from} to={chosen.to} errors={errors} />
      {comparison ? (
        <>
          <p className="mb-6 max-w-3xl">
            From version {comparison.from.number} (saved by {comparison.from.authorName}) to version {comparison.to.number} (saved by {comparison.to.authorName}
            ).
          </p>
          <VersionComparison
            fromLabel={`Version ${comparison.from.number}`}
            toLabel={`Version ${comparison.to.number}`}
            fields={comparison.fields}
            body={comparison.body}
          />
        </>
      ) : null}
    </>
  );
}

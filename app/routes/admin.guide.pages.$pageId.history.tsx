import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { Pagination } from "~/components/pagination";
import { PageEditorNav, VersionStateTag } from "~/components/guide-admin";
import { VersionPicker } from "~/components/guide-diff";
import { formatDateTime } from "~/lib/dates";
import { pageFrom } from "~/lib/pagination";
import { notFound } from "~/lib/responses.server";
import { listVersions } from "~/models/guide-history.server";
import { TableHead } from "~/components/table-head";
import { DataTable } from "~/components/data-table";
import { listPageTitle } from "~/lib/page-title";
import { NoteBelow } from "~/components/separators";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: listPageTitle(`History: ${data?.title ?? "page"} – Guide editor`, data) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "guide:edit");
  const page = pageFrom(new URL(args.request.url).searchParams);
  const history = await listVersions(user, args.params.pageId ?? "", page);
  if (!history) notFound();
  const latest = history.total;
  const live = history.versions.find((v) => v.state === "published")?.number;
  return {
    pageId: history.page.id,
    title: history.title,
    versions: history.versions,
    numbers: Array.from({ length: latest }, (_, i) => latest - i),
    suggested: { from: live && live !== latest ? live : Math.max(1, latest - 1), to: latest },
    page: history.pageNumber,
    pageCount: history.pageCount,
  };
}

export default function GuidePageHistory() {
  const { pageId, title, versions, numbers, suggested, page, pageCount } = useLoaderData<typeof loader>();
  return (
    <>
      <PageEditorNav pageId={pageId} current="history" />
      <span className="hint">History</span>
      <h1>{title}</h1>
      <p className="mb-8 max-w-3xl">
        Every version of this page is kept: each save, each publish and each restore adds one. Open a version to read it or to restore it as a new draft.
      </p>

      <h2>Compare two versions</h2>
      {numbers.length > 1 ? (
        <VersionPicker pageId={pageId} numbers={numbers} from={suggested.from} to={suggested.to} />
      ) : (
        <p className="mb-10">There is only one version so far.</p>
      )}

      <DataTable caption={<>Versions, newest first</>} listStart="page">
        <TableHead columns={["Version", "State", "Saved", "What changed", { label: "Actions", hidden: true }]} />
        <tbody>
          {versions.map((version) => (
            <tr key={version.number}>
              <th scope="row">{version.number}</th>
              <td>
                <VersionStateTag state={version.state} />
                {version.publishedAt ? <NoteBelow className="text-base">Published {formatDateTime(version.publishedAt)}</NoteBelow> : null}
              </td>
              <td>
                {formatDateTime(version.createdAt)}
                <NoteBelow className="text-base">by {version.authorName}</NoteBelow>
              </td>
              <td>{version.note || <span className="text-muted">No note</span>}</td>
              <td>
                <ul className="space-y-1 text-base">
                  <li>
                    <Link to={`/admin/guide/pages/${pageId}/versions/${version.number}`}>
                      View<span className="sr-only"> version {version.number}</span>
                    </Link>
                  </li>
                  {version.number > 1 ? (
                    <li>
                      <Link to={`/admin/guide/pages/${pageId}/compare?from=${version.number - 1}&to=${version.number}`}>
                        Changes<span className="sr-only"> in version {version.number}</span>
                      </Link>
                    </li>
                  ) : null}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <Pagination page={page} pageCount={pageCount} label="Pages of versions" />
    </>
  );
}

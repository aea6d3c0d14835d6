import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ROLE_LABELS, isRole } from "~/auth/roles";
import { PageEditorNav } from "~/components/guide-admin";
import { Pagination } from "~/components/pagination";
import { formatDate, formatDateTime } from "~/lib/dates";
import { pageFrom } from "~/lib/pagination";
import { notFound } from "~/lib/responses.server";
import { listFeedback } from "~/models/guide-feedback.server";
import { DataTable } from "~/components/data-table";
import { counted } from "~/lib/numbers";
import { listPageTitle } from "~/lib/page-title";
import { NoteBelow } from "~/components/separators";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: listPageTitle(`Feedback: ${data?.title ?? "page"} – Guide editor`, data) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "guide:edit");
  const page = pageFrom(new URL(args.request.url).searchParams);
  const feedback = await listFeedback(user, args.params.pageId ?? "", page);
  if (!feedback) notFound();
  return {
    pageId: feedback.page.id,
    title: feedback.title,
    total: feedback.total,
    helpful: feedback.helpful,
    entries: feedback.entries,
    page: feedback.pageNumber,
    pageCount: feedback.pageCount,
  };
}

export default function GuidePageFeedback() {
  const { pageId, title, total, helpful, entries, page, pageCount } = useLoaderData<typeof loader>();
  return (
    <>
      <PageEditorNav pageId={pageId} current="feedback" />
      <span className="hint">Feedback from readers, signed in or not</span>
      <h1>{title}</h1>
      {total === 0 ? (
        <p>Nobody has given feedback on this page yet.</p>
      ) : (
        <>
          <p className="mb-8 text-xl">
            {helpful} of {counted(total, "answer says", "answers say")} the page was useful.
          </p>
          <DataTable caption={<>Feedback, newest first</>} listStart="page">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Useful?</th>
                <th scope="col">Comment</th>
                <th scope="col">From</th>
                <th scope="col">Version read</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  {/* The public's answers keep their day alone (decision 0163). */}
                  <td>{entry.givenBy === "PUBLIC" ? formatDate(entry.createdAt) : formatDateTime(entry.createdAt)}</td>
                  <td>
                    <strong className={`tag ${entry.helpful ? "tag-green" : "tag-red"}`}>{entry.helpful ? "Yes" : "No"}</strong>
                  </td>
                  <td className="whitespace-pre-line">{entry.comment || <span className="text-muted">No comment</span>}</td>
                  <td>
                    {entry.givenBy === "PUBLIC" ? "A member of the public" : isRole(entry.role) ? ROLE_LABELS[entry.role] : entry.role}
                    {entry.schoolName ? <NoteBelow className="text-base">{entry.schoolName}</NoteBelow> : null}
                  </td>
                  <td>{entry.revisionNumber ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          <Pagination page={page} pageCount={pageCount} label="Pages of feedback" />
        </>
      )}
    </>
  );
}

import { Form, Link } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { formatDateTime } from "~/lib/dates";
import type { EditingStatus } from "~/models/guide-editor.server";
import { SummaryList, SummaryRow } from "./summary-list";

/** Where a page stands: the version readers see, and the draft waiting beside it. */
export function PageStatus({ status }: { status: EditingStatus }) {
  return (
    <SummaryList className="mb-8 max-w-3xl">
      <SummaryRow term="Readers see">
        {status.published ? (
          <>
            Version {status.published.number}, published {formatDateTime(status.published.publishedAt)}.{" "}
            <Link to={status.publicHref}>Open it in the guide</Link>
          </>
        ) : status.everPublished ? (
          "Nothing: the page has been withdrawn."
        ) : (
          "Nothing yet: the page has never been published."
        )}
      </SummaryRow>
      <SummaryRow term="Draft">
        {status.draft ? (
          <>
            Version {status.draft.number}, saved by {status.draft.authorName} {formatDateTime(status.draft.savedAt)}.{" "}
            <Link to={`/admin/guide/pages/${status.pageId}/preview`}>Preview the draft</Link>
          </>
        ) : (
          "None. Edit the page below to start one."
        )}
      </SummaryRow>
    </SummaryList>
  );
}

/**
 * Publish and set aside, for the draft the page shows, posted to the page's editor whichever of its pages
 * shows them: each sends its version number, so a draft saved since (another tab, another lead) is not
 * published or set aside unread.
 */
export function DraftActions({ pageId, published, draftNumber }: { pageId: string; published: boolean; draftNumber: number }) {
  return (
    <div className="panel mb-8 max-w-3xl">
      <p className="mb-4">
        {published
          ? "Publishing replaces what readers see with this draft. The version it replaces is kept in the history."
          : "Publishing puts this page in the guide, for anyone to read and find."}
      </p>
      <div className="flex flex-wrap gap-4">
        <Form method="post" action={`/admin/guide/pages/${pageId}?index`}>
          <input type="hidden" name="version" value={draftNumber} />
          <SubmitButton name="intent" value="publish" pendingText="Publishing…">
            Publish the draft
          </SubmitButton>
        </Form>
        <Form method="post" action={`/admin/guide/pages/${pageId}?index`}>
          <input type="hidden" name="version" value={draftNumber} />
          <SubmitButton name="intent" value="discard" variant="secondary">
            Set the draft aside
          </SubmitButton>
        </Form>
      </div>
    </div>
  );
}

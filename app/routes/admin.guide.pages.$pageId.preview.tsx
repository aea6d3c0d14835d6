import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { PageEditorNav } from "~/components/guide-admin";
import { GuideArticleView } from "~/components/guide-article";
import { DraftActions } from "~/components/guide-page-status";
import { notFound } from "~/lib/responses.server";
import { getPageForEditing } from "~/models/guide-editor.server";
import { getPreviewArticle } from "~/models/guide.server";
import guideStyles from "~/styles/guide.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: guideStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Preview: ${data?.preview.article.title ?? "page"} – Guide editor – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "guide:edit");
  const pageId = args.params.pageId ?? "";
  const [editing, preview] = await Promise.all([getPageForEditing(user, pageId), getPreviewArticle(user, pageId)]);
  if (!editing || !preview) notFound();
  return { status: editing.status, preview };
}

export default function PreviewGuidePage() {
  const { status, preview } = useLoaderData<typeof loader>();
  return (
    <>
      <PageEditorNav pageId={status.pageId} current="preview" />
      <div className="no-print mb-8 max-w-3xl border-4 border-brand p-4">
        <p className="font-bold">
          {preview.isDraft
            ? `Preview of the draft (version ${preview.article.version}). Readers will see exactly this once it is published.`
            : `There is no draft. This is version ${preview.article.version}, which readers see now.`}
        </p>
      </div>
      {status.draft ? <DraftActions pageId={status.pageId} published={Boolean(status.published)} draftNumber={status.draft.number} /> : null}
      <div className="border-t-4 border-line pt-8">
        <GuideArticleView
          article={preview.article}
          aside={
            <p className="no-print panel mt-12 max-w-3xl">
              Readers of the published page see a form here asking whether it was useful. Anyone can answer, signed in or not; you read the answers under
              Feedback.
            </p>
          }
        />
      </div>
    </>
  );
}

import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { SubmitButton } from "~/components/forms";
import { PageEditorNav, VersionStateTag } from "~/components/guide-admin";
import { GuideArticleView } from "~/components/guide-article";
import { formatDateTime } from "~/lib/dates";
import { redirectWithMessage } from "~/lib/flash.server";
import { notFound } from "~/lib/responses.server";
import { getVersion, restoreVersion } from "~/models/guide-history.server";
import guideStyles from "~/styles/guide.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: guideStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Version ${data?.version.number ?? ""}: ${data?.article.title ?? "page"} – Guide editor – VRN Schools Forum` },
];

function versionNumber(value: string | undefined) {
  if (!value || !/^\d{1,6}$/.test(value)) notFound("version");
  return Number(value);
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "guide:edit");
  const found = await getVersion(user, args.params.pageId ?? "", versionNumber(args.params.number));
  if (!found) notFound("version");
  return { pageId: found.page.id, version: found.version, article: found.article };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "guide:edit");
  const pageId = args.params.pageId ?? "";
  const number = versionNumber(args.params.number);
  const restored = await restoreVersion(user, pageId, number);
  if (!restored) notFound("version");
  return redirectWithMessage(
    `/admin/guide/pages/${pageId}/preview`,
    restored.made
      ? `Version ${number} has been restored as a new draft (version ${restored.version}).${restored.replacedDraft === null ? "" : ` It takes the place of the draft that was waiting, version ${restored.replacedDraft}, which stays in the page's history.`} Check it, then publish it.`
      : `The draft (version ${restored.version}) already has the words of version ${number}, so nothing was changed. Check it, then publish it.`,
  );
}

export default function GuidePageVersion() {
  const { pageId, version, article } = useLoaderData<typeof loader>();
  return (
    <>
      <PageEditorNav pageId={pageId} current={null} />
      <p className="mb-4 text-base">
        <Link to={`/admin/guide/pages/${pageId}/history`}>Back to the history</Link>
      </p>
      <div className="no-print mb-8 max-w-3xl border-4 border-brand p-4">
        <p className="mb-2 text-xl font-bold">
          Version {version.number} <VersionStateTag state={version.state} />
        </p>
        <p className="mb-4">
          Saved by {version.authorName} {formatDateTime(version.createdAt)}.{" "}
          {version.publishedAt ? `First published ${formatDateTime(version.publishedAt)}.` : "Never published."}
          {version.note ? ` Note: ${version.note}` : ""}
        </p>
        {version.state === "published" ? (
          <p>Readers see this version now.</p>
        ) : version.state === "draft" ? (
          <p>
            This is the draft waiting to be published. <Link to={`/admin/guide/pages/${pageId}/preview`}>Preview it</Link> to publish it.
          </p>
        ) : (
          <Form method="post">
            <p className="mb-4">Restoring copies this version into a new draft. Nothing is overwritten: you can check the draft and publish it.</p>
            <SubmitButton pendingText="Restoring…">Restore version {version.number}</SubmitButton>
          </Form>
        )}
      </div>
      <div className="border-t-4 border-line pt-8">
        <GuideArticleView article={{ ...article, previous: null, next: null }} />
      </div>
    </>
  );
}

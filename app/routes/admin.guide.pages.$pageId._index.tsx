import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { EditVersionInput, ErrorSummary, SubmitButton, useSchemaForm } from "~/components/forms";
import { PageEditorNav } from "~/components/guide-admin";
import { DraftActions, PageStatus } from "~/components/guide-page-status";
import { PageContentFields } from "~/components/guide-page-form";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseButtonForm, parseIntent, parseSubmission } from "~/lib/submission.server";
import { draftActionSchema, pageContentSchema, withdrawSchema } from "~/lib/guide-forms";
import { badRequest, notFound } from "~/lib/responses.server";
import { deletePage, discardDraft, getPageForEditing, publishDraft, saveDraft, withdrawPage, type ReadersSee } from "~/models/guide-editor.server";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit: ${data?.status.title ?? "page"} – Guide editor – VRN Schools Forum` }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "guide:edit");
  const editing = await getPageForEditing(user, args.params.pageId ?? "");
  if (!editing) notFound();
  return editing;
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "guide:edit");
  const pageId = args.params.pageId ?? "";
  const formData = await args.request.formData();
  const intent = parseIntent(formData, ["save", "withdraw", "delete", "publish", "discard"]);
  const here = `/admin/guide/pages/${pageId}`;

  // Before the page is looked for: a page the same press deleted before is answered, not a 404.
  if (intent === "delete") {
    const result = await deletePage(user, pageId);
    if (!result) notFound();
    if (!result.ok) badRequest(result.message);
    if (result.unchanged) return redirectWithMessage("/admin/guide", "Nothing changed: the page had already been deleted.");
    return redirectWithMessage("/admin/guide", "The unpublished page has been deleted.");
  }
  if (!(await getPageForEditing(user, pageId))) notFound();

  if (intent === "save") {
    const submission = parseSubmission(formData, { schema: pageContentSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const saved = await saveDraft(user, pageId, submission.value);
    if (!saved) notFound();
    if ("changedMeanwhile" in saved) {
      const { reply, version } = changedMeanwhileReply(submission, "this page", saved);
      return data({ ...reply, version }, { status: 409 });
    }
    if (saved.unchanged) return redirectWithMessage(here, "Nothing has changed since the last version, so nothing new was saved.");
    return redirectWithMessage(`${here}/preview`, `Draft saved as version ${saved.version}. Check the preview, then publish it.`);
  }
  if (intent === "withdraw") {
    // The version the page showed readers seeing: one published since is shown on the page, not withdrawn.
    const { version } = parseButtonForm(formData, withdrawSchema, "Reload the page, check what readers see and try again.");
    const result = await withdrawPage(user, pageId, version);
    if (!result.ok) return result.reason === "published-changed" ? redirectWithMessage(here, result.message) : badRequest(result.message);
    if (result.unchanged) {
      return redirectWithMessage(here, "Nothing changed: the page was already withdrawn. Readers cannot see or find it; every version is kept.");
    }
    return redirectWithMessage(here, "The page has been withdrawn. Readers can no longer see or find it; every version is kept.");
  }
  if (intent === "publish" || intent === "discard") {
    // The draft's version the page showed: a newer one saved since is shown in the preview, not acted on.
    const { version } = parseButtonForm(formData, draftActionSchema, "Reload the page, check the draft and try again.");
    const refused = (failure: { reason?: string; message: string }) =>
      failure.reason === "draft-changed" ? redirectWithMessage(`${here}/preview`, failure.message) : badRequest(failure.message);
    if (intent === "publish") {
      const published = await publishDraft(user, pageId, version);
      if (!published.ok) return refused(published);
      if (!published.unchanged) return redirectWithMessage(here, PUBLISHED_MESSAGES[published.readersSee](published.title));
      // The same press sent again (a double click, a second tab): the first published this version.
      const already = `Nothing changed: version ${version} is already published.`;
      if (published.newerDraft === null) return redirectWithMessage(here, already);
      return redirectWithMessage(
        `${here}/preview`,
        `${already} A newer draft, version ${published.newerDraft}, has been saved since: check it, then publish it.`,
      );
    }
    const setAside = await discardDraft(user, pageId, version);
    if (!setAside.ok) return refused(setAside);
    if (setAside.unchanged) {
      return redirectWithMessage(
        here,
        `Nothing changed: version ${version} is no longer the draft, so there was nothing to set aside. It stays in the page's history.`,
      );
    }
    return redirectWithMessage(here, "The draft has been set aside. It stays in the page's history.");
  }
  badRequest();
}

/** What the lead is told once a draft is published, by what readers now see (publishDraft). */
const PUBLISHED_MESSAGES: Record<ReadersSee, (title: string) => string> = {
  "the-page-now": (title) => `Published. Readers can now read "${title}" and find it in search.`,
  "the-same-words": (title) => `Published. Readers see no change: this version of "${title}" has the same words as the one they read before.`,
  "new-words": (title) => `Published. Readers now see the new version of "${title}".`,
};

export default function EditGuidePage() {
  const { status, values, version, linkedFrom } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("edit-page", pageContentSchema, lastResult, values ?? undefined);

  return (
    <>
      <PageEditorNav pageId={status.pageId} current="edit" />
      <span className="hint">{status.sectionTitle}</span>
      <h1>{status.title}</h1>
      <PageStatus status={status} />
      {status.draft ? <DraftActions pageId={status.pageId} published={Boolean(status.published)} draftNumber={status.draft.number} /> : null}

      <h2 className="mt-12">Edit the page</h2>
      <p className="mb-6 max-w-3xl">
        {status.published
          ? "Saving keeps your changes as a draft beside the published page. Readers keep seeing the published version until you publish the draft."
          : "Saving keeps your changes as a draft. Nobody else sees the page until you publish it."}
      </p>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <EditVersionInput version={versionToSend(lastResult, version)} />
        <PageContentFields fields={fields} />
        <SubmitButton name="intent" value="save" pendingText="Saving…">
          Save draft
        </SubmitButton>
      </Form>

      <h2 className="mt-16">Take the page away</h2>
      {status.published ? (
        <Form method="post" className="max-w-3xl">
          <input type="hidden" name="version" value={status.published.number} />
          <p className="mb-4">
            Withdrawing takes the page out of the guide and its search at once; its address then shows its title and says it was withdrawn. Every version is
            kept: to bring it back, publish a draft or restore a version from the <Link to={`/admin/guide/pages/${status.pageId}/history`}>history</Link>.
          </p>
          {linkedFrom.length > 0 ? (
            <>
              <p>
                {linkedFrom.length === 1
                  ? "This published page links to this one. Once you withdraw it, the link leads to a page saying it was withdrawn, until you change it:"
                  : `These ${linkedFrom.length} published pages link to this one. Once you withdraw it, their links lead to a page saying it was withdrawn, until you change them:`}
              </p>
              <ul className="mb-4 list-disc pl-6">
                {linkedFrom.map((page) => (
                  <li key={page.href}>
                    <Link to={page.href}>{page.title}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <SubmitButton name="intent" value="withdraw" variant="warning">
            Withdraw the page
          </SubmitButton>
        </Form>
      ) : status.everPublished ? (
        <p className="max-w-3xl">This page is withdrawn. It was published before, so it is kept with all its versions.</p>
      ) : (
        <Form method="post" className="max-w-3xl">
          <p className="mb-4">This page has never been published, so deleting it removes it and its drafts for good.</p>
          <SubmitButton name="intent" value="delete" variant="warning">
            Delete the page
          </SubmitButton>
        </Form>
      )}
    </>
  );
}

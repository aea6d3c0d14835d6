import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ErrorSummary, SelectField, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { PageContentFields } from "~/components/guide-page-form";
import { redirectWithMessage } from "~/lib/flash.server";
import { newPageSchema } from "~/lib/guide-forms";
import { londonDateInputValue } from "~/lib/london-time";
import { createPage } from "~/models/guide-editor.server";
import { listSectionOptions } from "~/models/guide-sections.server";
import { newFormToken } from "~/models/sent-forms.server";
import { onlyValue } from "~/lib/filter-choices";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";
import { sentAlready } from "~/lib/sent-once";

export const meta: MetaFunction = () => [{ title: "Add a page – Guide editor – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "guide:edit");
  const sections = await listSectionOptions(user);
  const chosen = onlyValue(new URL(args.request.url).searchParams, "section");
  const inAYear = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  return {
    sections,
    defaults: {
      sectionId: sections.some((s) => s.value === chosen) ? chosen : undefined,
      reviewBy: londonDateInputValue(inAYear),
    },
    formToken: newFormToken(),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "guide:edit");
  const submission = parseSubmission(await args.request.formData(), { schema: newPageSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createPage(user, submission.value);
  if (!result.ok) return data(submission.reply(refusalErrors(result)), { status: 400 });
  if (result.repeat) return redirectWithMessage(`/admin/guide/pages/${result.pageId}/preview`, sentAlready("its draft saved"));
  return redirectWithMessage(`/admin/guide/pages/${result.pageId}/preview`, "Draft saved. Check the preview, then publish it when it is ready.");
}

export default function NewPage() {
  const { sections, defaults, formToken } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("new-page", newPageSchema, lastResult, { sectionId: defaults.sectionId ?? undefined, reviewBy: defaults.reviewBy });
  return (
    <>
      <p className="mb-4 text-base">
        <Link to="/admin/guide">Back to the guide editor</Link>
      </p>
      <h1>Add a page</h1>
      {sections.length === 0 ? (
        <p>
          Pages belong to sections. <Link to="/admin/guide/sections/new">Add a section</Link> first.
        </p>
      ) : (
        <>
          <p className="mb-8 max-w-3xl">The page is saved as a draft. Readers see it only once you publish it.</p>
          <ErrorSummary form={form} />
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name="formToken" value={formToken} />
            <SelectField meta={fields.sectionId} label="Section" options={sections} placeholder="Choose a section" />
            <PageContentFields fields={fields} />
            <TextField
              meta={fields.slug}
              label="Web address (optional)"
              hint="The last part of the page's address, like who-to-call. Left empty, it is made from the title. It cannot be changed later."
              width="max-w-xl"
            />
            <SubmitButton pendingText="Saving…">Save draft</SubmitButton>
          </Form>
        </>
      )}
    </>
  );
}

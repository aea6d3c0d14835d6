import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { EditVersionInput, ErrorSummary, SubmitButton, useSchemaForm } from "~/components/forms";
import { SectionFields } from "~/components/guide-admin";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseButtonForm, parseIntent, parseSubmission } from "~/lib/submission.server";
import { releaseSchema, sectionSchema } from "~/lib/guide-forms";
import { badRequest, notFound } from "~/lib/responses.server";
import { deleteSection, getSection, listOldAddresses, releaseOldAddress, sectionVersion, updateSection } from "~/models/guide-sections.server";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";
import { counted } from "~/lib/numbers";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Change the section ${data?.section.title ?? ""} – Guide editor – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "guide:edit");
  const section = await getSection(user, args.params.sectionId ?? "");
  if (!section) notFound("section");
  return {
    section: {
      id: section.id,
      title: section.title,
      summary: section.summary,
      slug: section.slug,
      pageCount: section._count.pages,
    },
    oldAddresses: await listOldAddresses(user, section.id),
    version: sectionVersion(section),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "guide:edit");
  const id = args.params.sectionId ?? "";
  const formData = await args.request.formData();
  // Before the section is looked for: a section the same press deleted before is answered, not a 404.
  const intent = parseIntent(formData, ["delete", "save", "release"]);
  if (intent === "release") {
    if (!(await getSection(user, id))) notFound("section");
    const { slug } = parseButtonForm(formData, releaseSchema, "Reload the page and try again.");
    const result = await releaseOldAddress(user, id, slug);
    const here = `/admin/guide/sections/${id}`;
    if (result.unchanged) return redirectWithMessage(here, `Nothing changed: /guide/${slug} does not lead to this section.`);
    return redirectWithMessage(here, `/guide/${slug} no longer leads to this section, and another section may be given it.`);
  }
  if (intent === "delete") {
    const result = await deleteSection(user, id);
    if (!result) notFound("section");
    // Only offered for an empty section, so this fails only if a page was added meanwhile.
    if (!result.ok) badRequest(result.message);
    return redirectWithMessage("/admin/guide", result.unchanged ? "Nothing changed: the section had already been deleted." : "Section deleted.");
  }
  if (!(await getSection(user, id))) notFound("section");
  const submission = parseSubmission(formData, { schema: sectionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await updateSection(user, id, submission.value);
  if ("changedMeanwhile" in result) {
    const { reply, version } = changedMeanwhileReply(submission, "this section", result);
    return data({ ...reply, version }, { status: 409 });
  }
  if (!result.ok) return data(submission.reply({ fieldErrors: { [result.field ?? ""]: [result.message] } }), { status: 400 });
  if (!result.changed) return redirectWithMessage("/admin/guide", `Nothing changed: section "${submission.value.title}" was already up to date.`);
  return redirectWithMessage("/admin/guide", `Section "${submission.value.title}" saved.`);
}

export default function EditSection() {
  const { section, version, oldAddresses } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("edit-section", sectionSchema, lastResult, { title: section.title, summary: section.summary, slug: section.slug });
  return (
    <>
      <p className="mb-4 text-base">
        <Link to="/admin/guide">Back to the guide editor</Link>
      </p>
      <h1>Change the section</h1>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <EditVersionInput version={versionToSend(lastResult, version)} />
        <SectionFields fields={fields} />
        <SubmitButton name="intent" value="save" pendingText="Saving…">
          Save section
        </SubmitButton>
      </Form>

      {oldAddresses.length > 0 ? <OldAddresses addresses={oldAddresses} /> : null}
      <h2 className="mt-12">Delete this section</h2>
      {section.pageCount > 0 ? (
        <p>This section has {counted(section.pageCount, "page")}. Only an empty section can be deleted.</p>
      ) : (
        <Form method="post">
          <p className="mb-4">The section has no pages, so nothing is lost if you delete it.</p>
          <SubmitButton name="intent" value="delete" variant="warning">
            Delete section
          </SubmitButton>
        </Form>
      )}
    </>
  );
}

type OldAddress = { slug: string; linkedFrom: { title: string; href: string }[] };

/** The addresses a section had before, which still lead to it, each with the links that use it and a button to let it go. */
function OldAddresses({ addresses }: { addresses: OldAddress[] }) {
  return (
    <section aria-labelledby="old-addresses" className="mt-12 max-w-3xl">
      <h2 id="old-addresses">{addresses.length === 1 ? "An address this section had before" : "Addresses this section had before"}</h2>
      <p>
        {addresses.length === 1 ? "It still leads to this section's pages." : "Each still leads to this section's pages."} Let one go only if nothing needs it:
        links that use it then lead nowhere, and another section may be given it.
      </p>
      <ul className="space-y-4">
        {addresses.map((address) => (
          <li key={address.slug} className="border-l-4 border-line pl-4">
            <code className="break-all">/guide/{address.slug}</code>
            {address.linkedFrom.length === 0 ? (
              <p>No published page has a link that uses it.</p>
            ) : (
              <>
                <p>
                  {address.linkedFrom.length === 1
                    ? "A published page has a link that uses it:"
                    : `${address.linkedFrom.length} published pages have links that use it:`}
                </p>
                <ul className="list-disc pl-6">
                  {address.linkedFrom.map((page) => (
                    <li key={page.href}>
                      <Link to={page.href}>{page.title}</Link>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <Form method="post" className="mt-2">
              <input type="hidden" name="slug" value={address.slug} />
              <SubmitButton name="intent" value="release" variant="secondary">
                Let this address go<span className="sr-only"> (/guide/{address.slug})</span>
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}

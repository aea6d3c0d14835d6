import { Link } from "@remix-run/react";
import { TextField } from "~/components/forms";
import type { VersionState } from "~/models/guide-history.server";
import type { PageState } from "~/models/guide-sections.server";

const PAGE_STATES: Record<PageState, { label: string; className: string }> = {
  published: { label: "Published", className: "tag-green" },
  "published-with-draft": { label: "Published, draft waiting", className: "" },
  draft: { label: "Draft, not published", className: "tag-grey" },
  withdrawn: { label: "Withdrawn", className: "tag-red" },
};

const VERSION_STATES: Record<VersionState, { label: string; className: string }> = {
  published: { label: "Readers see this", className: "tag-green" },
  draft: { label: "Draft", className: "" },
  "was-published": { label: "Published before", className: "tag-grey" },
  "never-published": { label: "Never published", className: "tag-grey" },
};

export function PageStateTag({ state }: { state: PageState }) {
  const { label, className } = PAGE_STATES[state];
  return <strong className={`tag ${className}`}>{label}</strong>;
}

export function VersionStateTag({ state }: { state: VersionState }) {
  const { label, className } = VERSION_STATES[state];
  return <strong className={`tag ${className}`}>{label}</strong>;
}

const TABS = [
  { key: "edit", label: "Edit", path: "" },
  { key: "preview", label: "Preview", path: "/preview" },
  { key: "history", label: "History", path: "/history" },
  { key: "feedback", label: "Feedback", path: "/feedback" },
] as const;

/** The parts of one page's editor, with a way back to the whole guide. */
export function PageEditorNav({ pageId, current }: { pageId: string; current: (typeof TABS)[number]["key"] | null }) {
  return (
    <div className="no-print mb-8">
      <p className="mb-4 text-base">
        <Link to="/admin/guide">Back to the guide editor</Link>
      </p>
      <nav aria-label="This page in the editor" className="border-b-2 border-line">
        <ul className="flex flex-wrap gap-x-6">
          {TABS.map((tab) => (
            <li key={tab.key}>
              <Link
                to={`/admin/guide/pages/${pageId}${tab.path}`}
                aria-current={tab.key === current ? "page" : undefined}
                className={`inline-block py-2 ${tab.key === current ? "border-b-4 border-brand font-bold" : ""}`}
              >
                {tab.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}

type SectionFieldMeta = Parameters<typeof TextField>[0]["meta"];

/** A section's title, summary and web address: the same fields to add a section and to change one. */
export function SectionFields({ fields }: { fields: { title: SectionFieldMeta; summary: SectionFieldMeta; slug: SectionFieldMeta } }) {
  return (
    <>
      <TextField meta={fields.title} label="Section title" width="max-w-2xl" />
      <TextField meta={fields.summary} label="Summary (optional)" hint="A sentence shown under the title on the contents page." width="max-w-3xl" />
      <TextField
        meta={fields.slug}
        label="Web address (optional)"
        hint="The part after /guide/ in the address of the section's pages, like in-the-classroom. Left empty, it is made from the title. Changed, the old address still leads to the section's pages."
        width="max-w-xl"
      />
    </>
  );
}

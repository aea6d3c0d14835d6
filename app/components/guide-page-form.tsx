import type { FieldMetadata } from "@conform-to/react";
import { TextareaField, TextField } from "~/components/forms";
import { DATE_WINDOWS, dateInputLimits } from "~/lib/date-fields";
import { DataTable } from "./data-table";

type ContentFields = {
  title: FieldMetadata<string | undefined>;
  summary: FieldMetadata<string | undefined>;
  audience: FieldMetadata<string | undefined>;
  reviewBy: FieldMetadata<string | undefined>;
  body: FieldMetadata<string | undefined>;
  note: FieldMetadata<string | undefined>;
};

/** The fields every version of a page has; used to add a page and to edit one. */
export function PageContentFields({ fields }: { fields: ContentFields }) {
  return (
    <>
      <TextField meta={fields.title} label="Title" hint="Say what the page helps with, in a few plain words." width="max-w-3xl" />
      <TextareaField
        meta={fields.summary}
        label="Summary"
        hint="One or two sentences. Shown under the title, on the contents page and in search results."
        rows={2}
      />
      <TextField meta={fields.audience} label="Who this page is for" hint="For example: heads of year and designated safeguarding leads." width="max-w-3xl" />
      <TextField
        meta={fields.reviewBy}
        label="Review by"
        hint="The date by which someone should check the page is still right."
        type="date"
        width="max-w-xs"
        limits={dateInputLimits(DATE_WINDOWS.guideReview)}
      />
      <MarkdownHelp />
      <TextareaField meta={fields.body} label="The page" hint="Written in Markdown: see how to format the page, above." rows={24} />
      <TextField
        meta={fields.note}
        label="What did you change? (optional)"
        hint="A few words for the page's history, like 'Updated the helpline numbers'."
        width="max-w-3xl"
      />
    </>
  );
}

const EXAMPLES: { what: string; type: string }[] = [
  { what: "A heading (listed under ‘On this page’)", type: "## Who to call" },
  { what: "A smaller heading", type: "### In school hours" },
  { what: "Bold, or stressed words", type: "**bold**, _stressed_" },
  { what: "A bulleted list", type: "- first point\n- second point" },
  { what: "A numbered list", type: "1. first step\n2. second step" },
  { what: "A link to another site", type: "[Childline](https://www.childline.org.uk)" },
  { what: "A link to a page of the guide", type: "[Referral routes](/guide/when-something-happens/referral-routes)" },
  { what: "A table, with a caption", type: "Table: Numbers to keep\n\n| Service | Number |\n| --- | --- |\n| Childline | 0800 1111 |" },
  { what: "A ‘What to do now’ box", type: "> **What to do now**\n> Tell your designated safeguarding lead today." },
];

/** How to format a page, kept beside the box where it is typed. What it says is checked against the renderer. */
export function MarkdownHelp() {
  return (
    <details className="mb-6 max-w-3xl">
      <summary className="cursor-pointer font-bold text-link underline">How to format the page</summary>
      <div className="mt-3 border-l-4 border-line pl-4">
        <p className="mb-3">
          Leave an empty line between paragraphs, headings, lists and tables. The page title is added for you, so start headings at two hashes (<code>##</code>
          ), and go one level down at a time: <code>###</code> under <code>##</code>, <code>####</code> under <code>###</code>. A heading typed more than one
          level below the heading it comes under is shown just one level below it.
        </p>
        <DataTable caption={<>What to type</>} className="mb-3 text-base">
          <thead>
            <tr>
              <th scope="col">To get</th>
              <th scope="col">Type</th>
            </tr>
          </thead>
          <tbody>
            {EXAMPLES.map((example) => (
              <tr key={example.what}>
                <td>{example.what}</td>
                <td>
                  <pre className="whitespace-pre-wrap font-mono text-sm">{example.type}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
        <p className="mb-2">
          A &lsquo;What to do now&rsquo; box is a quotation (each line starts with <code>&gt;</code>) whose first words are <code>**What to do now**</code>. A
          line starting <code>Table:</code> just before a table becomes its caption: give every table one.
        </p>
        <p>
          HTML and embedded videos are not used: they are shown as the text you typed. Pictures are not shown either: for{" "}
          <code>![A map of the school](https://example.org/map.png)</code> readers see only the words in the square brackets, &lsquo;A map of the school&rsquo;,
          and neither the picture nor its address. To show readers a picture, link to it. Links can only go to web pages, email addresses (<code>mailto:</code>)
          and phone numbers (<code>tel:</code>). Use the preview to check the page before you publish it.
        </p>
      </div>
    </details>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { SubmitButton } from "~/components/forms";
import { TableHead } from "~/components/table-head";
import { Pagination, rangeText } from "~/components/pagination";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseButtonForm } from "~/lib/submission.server";
import { pageFrom, paginate } from "~/lib/pagination";
import { notFound } from "~/lib/responses.server";
import { capitalise } from "~/lib/school-changes";
import { schoolStatusLabel } from "~/lib/statuses";
import { schoolTypeLabel } from "~/lib/schools";
import { applyImport, getImportPreview, leftOpenWords } from "~/models/gias-import.server";
import { DataTable } from "~/components/data-table";
import { counted } from "~/lib/numbers";
import { formatDate } from "~/lib/dates";
import { toldOfClosing } from "~/lib/told-by-email";
import { listsPageTitle } from "~/lib/page-title";
import { NoteBelow } from "~/components/separators";
import { SummaryList, SummaryRow } from "~/components/summary-list";

const PAGE_SIZE = 25;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: listsPageTitle("Check the GIAS import", [
      { name: "schools to add", list: data?.add },
      { name: "schools to update", list: data?.update },
      { name: "warnings", list: data?.warnings },
      { name: "rows with problems", list: data?.problems },
      { name: "schools closed in GIAS and open here", list: data?.leftOpen },
      { name: "rows left out", list: data?.leftOut },
    ]),
  },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "schools:manage");
  const preview = await getImportPreview(user, args.params.importId ?? "");
  if (!preview) notFound("import");
  const { searchParams } = new URL(args.request.url);
  const page = <T,>(items: T[], param: string) => paginate(items, pageFrom(searchParams, param), PAGE_SIZE);
  const { diff, problems, leftOut, leftOpen, applied, ...details } = preview;
  return {
    ...details,
    applied: applied && `${applied.added} added, ${applied.updated} updated, ${applied.unchanged} unchanged${leftOpenWords(applied.leftOpen)}`,
    unchanged: diff?.unchanged ?? 0,
    fingerprint: diff?.fingerprint ?? "",
    add: page(diff?.add ?? [], "added"),
    update: page(diff?.update ?? [], "updated"),
    warnings: page(diff?.warnings ?? [], "warnings"),
    problems: page(problems, "problems"),
    leftOpen: page(leftOpen, "leftOpen"),
    leftOut: page(leftOut, "leftOut"),
  };
}

// The fingerprint of the preview the lead checked; an import that no longer matches it is not applied.
// The page always sends one (a SHA-256 in hex, or none when it had no preview): a form without it, or
// with anything else, was not sent by the page, and is refused rather than called out of date.
const confirmImportSchema = z.object({ fingerprint: z.string().regex(/^(?:[0-9a-f]{64})?$/) });

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "schools:manage");
  const importId = args.params.importId ?? "";
  const { fingerprint } = parseButtonForm(
    await args.request.formData(),
    confirmImportSchema,
    "The form was incomplete. Go back, reload the preview and confirm again.",
  );
  const result = await applyImport(user, importId, fingerprint);
  if (!result) notFound("import");
  const here = `/schools/import/${importId}`;
  if (result.status === "already-applied") return redirectWithMessage(here, "This file has already been imported. Nothing was changed.");
  if (result.status === "changed") {
    // Said as what is known: the changes confirmed are not those the file makes now. Most often the schools
    // changed after the preview was drawn, but a page sent with another fingerprint reads the same.
    return redirectWithMessage(
      here,
      "Nothing was saved: the changes you confirmed are not the ones this file would make now (the schools may have changed since the preview was drawn). Check the changes below, then confirm again.",
    );
  }
  const { added, updated, unchanged, leftOpen, withdrawn } = result;
  return redirectWithMessage(
    "/schools",
    toldOfClosing(`Import complete: ${counted(added, "school")} added, ${updated} updated, ${unchanged} unchanged${leftOpenWords(leftOpen)}.`, withdrawn),
  );
}

export default function ImportPreview() {
  const data = useLoaderData<typeof loader>();
  const { add, update, warnings, problems, leftOpen, leftOut } = data;
  const options = [data.options.includeClosed && "closed establishments", data.options.includeOtherPhases && "all phases"].filter(Boolean);
  return (
    <>
      <p className="mb-4">
        <Link to="/schools/import">Upload a different file</Link>
      </p>
      <h1>Check the import</h1>
      <p className="mb-6 max-w-3xl">
        {data.fileName} ({data.encoding}, {counted(data.totalRows, "row")}), uploaded {data.uploadedAt} by {data.uploadedBy}.
        {options.length > 0 ? ` Including ${options.join(" and ")}.` : null}
      </p>

      {data.appliedAt ? (
        <div className="panel mb-8 max-w-3xl">
          <p className="font-bold">This file was imported on {data.appliedAt}.</p>
          {data.applied ? <p>{data.applied}. To bring in newer details, upload a new file.</p> : null}
        </div>
      ) : (
        <SummaryList className="mb-10 max-w-xl">
          {[
            ["Schools to add", add.total],
            ["Schools to update", update.total],
            ["Schools already up to date", data.unchanged],
            ["Warnings", warnings.total],
            ["Rows with problems", problems.total],
            ["Closed in GIAS, still open here", leftOpen.total],
            ["Rows left out", leftOut.total],
          ].map(([term, count]) => (
            <SummaryRow key={term} term={term}>
              {count}
            </SummaryRow>
          ))}
        </SummaryList>
      )}

      <Section
        title="Schools to add"
        list={add}
        param="added"
        headings={["Row", "URN", "School", "Local authority", "Locality", "Type", "Number on roll", "Status and dates"]}
      >
        {add.items.map(({ row, facts }) => (
          <tr key={facts.urn}>
            <td>{row}</td>
            <td>{facts.urn}</td>
            <td>{facts.name}</td>
            <td>{facts.localAuthority}</td>
            <td>{facts.locality?.name ?? "None"}</td>
            <td>{schoolTypeLabel(facts.type)}</td>
            <td>{facts.numberOnRoll?.toLocaleString("en-GB") ?? "Not known"}</td>
            <td>
              {schoolStatusLabel(facts.status)}
              {facts.openedOn ? <NoteBelow>Opened {formatDate(facts.openedOn)}</NoteBelow> : null}
              {facts.closedOn ? <NoteBelow>Closed {formatDate(facts.closedOn)}</NoteBelow> : null}
            </td>
          </tr>
        ))}
      </Section>
      <Section title="Schools to update" list={update} param="updated" headings={["Row", "URN", "School", "What changes"]}>
        {update.items.map(({ row, facts, changes }) => (
          <tr key={facts.urn}>
            <td>{row}</td>
            <td>{facts.urn}</td>
            <td>{facts.name}</td>
            <td>
              <ul>
                {changes.map((change) => (
                  <li key={change.field}>
                    {capitalise(change.label)}: {change.from} <span aria-hidden="true">→</span> <span className="sr-only">changes to </span>
                    {change.to}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </Section>
      <Section title="Warnings" list={warnings} param="warnings" headings={["Row", "URN", "School", "Warning"]}>
        {warnings.items.map((warning) => (
          <tr key={`${warning.row}-${warning.message}`}>
            <td>{warning.row}</td>
            <td>{warning.urn}</td>
            <td>{warning.name}</td>
            <td>{warning.message}</td>
          </tr>
        ))}
      </Section>
      <SkippedRows
        title="Rows with problems"
        lead="These rows were skipped. Correct them in GIAS or add the school by hand."
        list={problems}
        param="problems"
        reasonHeading="Problem"
      />
      {data.appliedAt ? (
        <SkippedRows
          title="Closed in GIAS, left open here: not changed"
          lead="GIAS records these schools as closed, but they were open in the forum and closed establishments were not included, so the import left them open, with their bookings and surveys. To record them as closed, upload a newer file with “Closed establishments” ticked."
          list={leftOpen}
          param="leftOpen"
          reasonHeading="What the import did"
          reason="Left open"
        />
      ) : (
        <SkippedRows
          title="Closed in GIAS, still open here: not changed"
          lead="GIAS records these schools as closed, but they are open in the forum. Closed establishments were not included, so confirming leaves them open, with their bookings and surveys. To record them as closed, upload the file again with “Closed establishments” ticked."
          list={leftOpen}
          param="leftOpen"
          reasonHeading="What the import does"
          reason="Stays open"
        />
      )}
      <SkippedRows title="Rows left out" lead="These rows are not schools the forum imports." list={leftOut} param="leftOut" reasonHeading="Reason" />

      {data.appliedAt ? null : (
        <Form method="post" className="panel max-w-3xl">
          <h2>Confirm the import</h2>
          <p className="mb-4">
            {add.total + update.total > 0
              ? `Confirming will add ${add.total} ${add.total === 1 ? "school" : "schools"} and update ${update.total}. Nothing has been saved yet.`
              : data.unchanged > 0 && problems.total === 0
                ? "Every school in the file that can be imported already matches the forum, so confirming will change nothing."
                : data.unchanged > 0
                  ? "The schools the file could be read for already match the forum, and the rows with problems cannot be imported, so confirming will change nothing."
                  : "No school in the file can be imported, so confirming will change nothing."}
          </p>
          {data.closing.bookings > 0 ? (
            <p className="mb-4">
              {data.closing.schools === 1 ? "A school" : `${data.closing.schools} schools`} the file closes {data.closing.schools === 1 ? "has" : "have"}{" "}
              {counted(data.closing.bookings, "booking")} still to come. Confirming cancels {data.closing.bookings === 1 ? "it" : "them"}, sends each school a
              message saying so, and offers the places to schools waiting.
            </p>
          ) : null}
          <input type="hidden" name="fingerprint" value={data.fingerprint} />
          <SubmitButton pendingText="Importing…">Confirm import</SubmitButton>
        </Form>
      )}
    </>
  );
}

type Page = { items: unknown[]; page: number; pageCount: number; total: number };

function Section({
  title,
  lead,
  list,
  param,
  headings,
  children,
}: {
  title: string;
  lead?: string;
  list: Page;
  param: string;
  headings: string[];
  children: ReactNode;
}) {
  if (list.total === 0) return null;
  return (
    <section className="mb-12" aria-labelledby={`${param}-heading`}>
      <h2 id={`${param}-heading`}>
        {title} ({list.total})
      </h2>
      {lead ? <p className="mb-4 max-w-3xl">{lead}</p> : null}
      <DataTable
        caption={
          <>
            {title}, {rangeText(list.page, PAGE_SIZE, list.total)}
          </>
        }
        captionClassName="sr-only"
        listStart={param}
      >
        <TableHead columns={headings} />
        <tbody>{children}</tbody>
      </DataTable>
      <Pagination page={list.page} pageCount={list.pageCount} param={param} label={`Pages of ${title.toLowerCase()}`} />
    </section>
  );
}

/** A section of the rows the import skipped, each with why, or with `reason` when it is the same for every row. */
function SkippedRows({
  list,
  reasonHeading,
  reason,
  ...section
}: {
  title: string;
  lead: string;
  list: SerializeFrom<typeof loader>["problems"];
  param: string;
  reasonHeading: string;
  reason?: string;
}) {
  return (
    <Section {...section} list={list} headings={["Row", "URN", "Name", reasonHeading]}>
      {list.items.map((skip) => (
        <tr key={skip.row}>
          <td>{skip.row}</td>
          <td>{skip.urn ?? "None"}</td>
          <td>{skip.name ?? "None"}</td>
          <td>{reason ?? skip.reason}</td>
        </tr>
      ))}
    </Section>
  );
}

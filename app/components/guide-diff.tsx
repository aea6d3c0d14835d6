import type { DiffBlock } from "~/models/guide-history.server";
import { DataTable } from "./data-table";
import { FieldProblem } from "./forms";
import { counted } from "~/lib/numbers";

type FieldChange = { label: string; before: string; after: string };

/**
 * What changed between two versions. Added and removed lines are marked with words as well as colour
 * (<ins>/<del> and a visible "Added"/"Removed"), so the change reads the same to everyone.
 */
export function VersionComparison({ fromLabel, toLabel, fields, body }: { fromLabel: string; toLabel: string; fields: FieldChange[]; body: DiffBlock[] }) {
  if (fields.length === 0 && body.length === 0) {
    return <p className="panel max-w-3xl">These two versions are the same.</p>;
  }
  return (
    <div className="guide-diff max-w-4xl">
      {fields.length > 0 ? (
        <DataTable caption={<>Details that changed</>} className="mb-10">
          <thead>
            <tr>
              <th scope="col">Detail</th>
              <th scope="col">{fromLabel}</th>
              <th scope="col">{toLabel}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field.label}>
                <th scope="row">{field.label}</th>
                <td>{field.before}</td>
                <td>{field.after}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
      <h2>The page</h2>
      {body.length === 0 ? (
        <p>The words of the page did not change.</p>
      ) : (
        <div className="border-2 border-line p-2 font-mono text-base" aria-label="Changes to the page, line by line" role="group">
          {body.map((block, index) => {
            if (block.kind === "too-different") {
              return (
                <p key={index} className="my-1 px-2">
                  These two versions differ in too many lines to show line by line ({counted(block.linesBefore, "line")} before,{" "}
                  {counted(block.linesAfter, "line")} after). Open each version to read it whole.
                </p>
              );
            }
            if (block.kind === "skipped") {
              return (
                <p key={index} className="my-1 px-2 text-muted italic">
                  … {counted(block.count, "unchanged line")} …
                </p>
              );
            }
            if (block.kind === "same") {
              return (
                <span key={index} className="guide-diff-same">
                  {block.lines.join("\n")}
                </span>
              );
            }
            const Tag = block.kind === "added" ? "ins" : "del";
            return (
              <Tag key={index}>
                <span className="font-sans font-bold">{block.kind === "added" ? "Added: " : "Removed: "}</span>
                {block.lines.join("\n")}
              </Tag>
            );
          })}
        </div>
      )}
    </div>
  );
}

/** Choose two versions to compare. A GET form, so a comparison has an address and works without JavaScript. */
export function VersionPicker({
  pageId,
  numbers,
  from,
  to,
  errors = {},
}: {
  pageId: string;
  numbers: number[];
  from?: number;
  to?: number;
  errors?: { from?: string; to?: string };
}) {
  const select = (name: "from" | "to", label: string, value?: number) => (
    <div className="mb-4">
      <label htmlFor={`compare-${name}`} className="label">
        {label}
      </label>
      <FieldProblem id={`compare-${name}`} problem={errors[name]} />
      <select
        id={`compare-${name}`}
        name={name}
        defaultValue={value ?? ""}
        className="input max-w-xs"
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `compare-${name}-error` : undefined}
      >
        <option value="">Choose a version</option>
        {numbers.map((number) => (
          <option key={number} value={number}>
            Version {number}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form method="get" action={`/admin/guide/pages/${pageId}/compare`} className="no-print mb-10">
      <div className="flex flex-wrap items-end gap-x-8">
        {select("from", "Compare version", from)}
        {select("to", "with version", to)}
        <div className="mb-4">
          <button type="submit" className="button">
            Show what changed
          </button>
        </div>
      </div>
    </form>
  );
}

/**
 * One column heading. A plain string is a visible heading; `numeric` right-aligns it to sit over its
 * figures; `hidden` keeps the label for screen readers only (a column of actions, say); `show: false`
 * leaves the column out, for a column only some users see.
 */
type Column = string | { label: string; numeric?: boolean; hidden?: boolean; show?: boolean };

/** A table's header row: a `scope="col"` heading for each column shown, in order. */
export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns
          .map((column) => (typeof column === "string" ? { label: column } : column))
          .filter((column) => column.show !== false)
          .map(({ label, numeric, hidden }) => (
            <th key={label} scope="col" className={numeric ? "text-right" : undefined}>
              {hidden ? <span className="sr-only">{label}</span> : label}
            </th>
          ))}
      </tr>
    </thead>
  );
}
